package org.labelfree.workflows.cli.injection;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.labelfree.image.Exposure;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.sim.TransientConfig;
import org.labelfree.sim.VisitConditions;
import org.labelfree.workflows.cli.Main;
import org.labelfree.workflows.sim.SurveyWriter;
import org.labelfree.workflows.tasks.CharacterizeConfig;
import org.labelfree.workflows.tasks.CharacterizeTask;

/**
 * A tiny simulated repository for the injection commands' tests: one detector, a few visits, with calexp in run
 * {@code sim/raw} and characterize's src and psf_model in run {@code char}; and an in-process command runner.
 */
final class SmallRepo {
  /** The simulated run. */
  static final String RAW = "sim/raw";
  /** The run with characterize's outputs. */
  static final String CHAR = "char";

  /**
   * The survey seed: at 512 x 512 pixels it gives every visit of g and r at least 3 PSF stars for characterize
   * (seeds 2, 4, 5 and 6 do not).
   */
  static final long SEED = 3;

  private SmallRepo() {}

  /** Exit code and the two streams of one command. */
  record Result(int exitCode, String out, String err) {}

  /** Runs {@code labelfree ARGS...} in-process. */
  static Result run(Object... args) {
    List<String> a = new ArrayList<>();
    for (Object o : args) {
      a.add(String.valueOf(o));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(a.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** A pipeline file in {@code dir} with one task of the bundled pipeline. */
  static Path onePipeline(Path dir, String label, String className) throws Exception {
    Path p = dir.resolve(label + ".yaml");
    Files.writeString(p, "description: " + label + " alone\ntasks:\n  " + label + ":\n    class: " + className + "\n");
    return p;
  }

  /**
   * Simulates {@code visitsPerBand} visits per band of one {@code size} x {@code size} detector (seed 3, no true
   * transients) into {@link #RAW} (calexps and dimension records; no templates) and puts characterize's src and
   * psf_model of each into {@link #CHAR}, running the task in-process as {@code pipetask run} would.
   */
  static Path create(Path dir, List<String> bands, int visitsPerBand, int size) {
    Path repo = dir.resolve("repo");
    SyntheticSurvey survey = new SyntheticSurvey(SurveyConfig.of(visitsPerBand, 1, bands, size, SEED)
        .withTransients(new TransientConfig(0, 0, 0, 0, 21.5, 25.0)));
    try (Repository r = Repository.create(repo)) {
      new SurveyWriter(r, survey, RAW).register();
      r.registry().registerDatasetType(CharacterizeTask.SRC.datasetType());
      r.registry().registerDatasetType(CharacterizeTask.PSF_MODEL.datasetType());
      r.registry().registerCollection(CHAR, CollectionType.RUN, "characterize");
      CharacterizeTask characterize = new CharacterizeTask(CharacterizeConfig.defaults());
      for (VisitConditions v : survey.geometry().visits()) {
        Exposure calexp = survey.renderCalexp(v.visit(), 0).calexp();
        DataId id = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit", v.visit(), "detector", 0L));
        r.butler().put(calexp, SurveyWriter.CALEXP, id, RAW);
        CharacterizeTask.Outputs ch = characterize.run(new CharacterizeTask.Inputs(calexp, id));
        r.butler().put(ch.src(), CharacterizeTask.SRC.datasetType(), id, CHAR);
        r.butler().put(ch.psfModel(), CharacterizeTask.PSF_MODEL.datasetType(), id, CHAR);
      }
    }
    return repo;
  }
}
