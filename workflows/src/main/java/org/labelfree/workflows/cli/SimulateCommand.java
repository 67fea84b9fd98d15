package org.labelfree.workflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.workflows.sim.SurveyWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree simulate REPO ...}: writes a synthetic survey with known truth into a data repository (created
 * if REPO does not exist or is an empty folder). The defaults mirror the paper's HSC subset (6 detectors, 8 visits
 * per band in g and r) at LSST's 0.2 arcsec pixels; {@code --size 4096} gives full LSST detectors.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write a synthetic survey with known truth into a data repository: calexp (visit, detector),",
        "template_coadd (tract, patch, band), truth_sources, truth_transient_parameters, truth_transients and",
        "truth_artefacts, with the dimension records. The same seed gives byte-identical files."})
public final class SimulateCommand implements Callable<Integer> {
  @Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  SurveyOptions survey = new SurveyOptions();

  @Parameters(index = "0", paramLabel = "REPO", description = "The data repository (created if it does not exist).")
  Path repo;

  @Option(names = "--bands", defaultValue = "g,r", split = ",", paramLabel = "BAND",
      description = "Bands, comma-separated, of u g r i z y (default g,r).")
  List<String> bands;

  @Option(names = "--run", defaultValue = "sim/raw", paramLabel = "RUN",
      description = "The RUN collection written (default sim/raw).")
  String run;

  @Option(names = "--template-noise-factor", defaultValue = "3", paramLabel = "F",
      description = "Template noise lower than a median visit's by this factor (default 3, a nine-visit coadd).")
  double templateNoiseFactor;

  @Option(names = "--supernova-fraction", defaultValue = "0.02", paramLabel = "F",
      description = "Fraction of galaxies hosting a supernova during the survey (default 0.02).")
  double supernovaFraction;

  @Option(names = "--cosmic-rays", defaultValue = "60", paramLabel = "N",
      description = "Mean cosmic rays per megapixel per visit (default 60).")
  double cosmicRays;

  @Option(names = "--json", description = "Print what was written as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SurveyConfig config;
    try {
      config = SurveyConfig.of(survey.visits, survey.detectors, bands, survey.size, survey.seed);
      var t = config.transients();
      var a = config.artefacts();
      config = config.withTemplateNoiseFactor(templateNoiseFactor)
          .withTransients(new org.labelfree.sim.TransientConfig(supernovaFraction, t.agnFraction(),
              t.variableStarFraction(), t.asteroidsPerDeg2PerVisit(), t.snPeakMagBright(), t.snPeakMagFaint()))
          .withArtefacts(new org.labelfree.sim.ArtefactConfig(cosmicRays, a.crMaskCompleteness(), a.crFindableSigma(),
              a.hotPixelsPerMegapixel(), a.knownHotPixelFraction(), a.badColumnsPerDetector(), a.satelliteTrailRate(),
              a.fullWellElectrons(), a.spikeFluxFraction()));
    } catch (IllegalArgumentException e) {
      err.println("labelfree simulate: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    Map<String, Object> result = simulate(repo, config, run, err);
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    } else {
      out.printf("Simulated %s calexps and %s template patches (%s sources, %s transients, %s artefacts) into run %s"
          + " of %s in %.1f s%n", result.get("calexps"), result.get("templates"), result.get("sources"),
          result.get("transients"), result.get("artefacts"), run, repo, (Double) result.get("seconds"));
    }
    return 0;
  }

  /**
   * Creates (if needed) or opens the repository and writes the survey; returns what was written, with the
   * wall-clock seconds (for reports only; nothing written depends on the clock).
   */
  static Map<String, Object> simulate(Path repo, SurveyConfig config, String run, PrintWriter err) {
    long t0 = System.nanoTime();
    boolean create = !Files.exists(repo) || isEmptyFolder(repo);
    try (Repository r = create ? Repository.create(repo) : Repository.open(repo)) {
      SyntheticSurvey survey = new SyntheticSurvey(config);
      SurveyWriter writer = new SurveyWriter(r, survey, run);
      ProgressLine line = ProgressLine.on(err);
      SurveyWriter.Summary s = writer.write((done, total) ->
          line.update(String.format("simulate: %d/%d images written", done, total)));
      line.finish();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("repository", repo.toString());
      m.put("run", run);
      m.put("seed", config.seed());
      m.put("visits", survey.geometry().visits().size());
      m.put("detectors", config.detectors());
      m.put("bands", config.bands());
      m.put("size", config.size());
      m.put("depth_5sigma", Math.round(survey.depth() * 100) / 100.0);
      m.put("calexps", s.calexps());
      m.put("templates", s.templates());
      m.put("sources", s.sources());
      m.put("transients", s.transients());
      m.put("transient_appearances", s.transientRows());
      m.put("artefacts", s.artefacts());
      m.put("artefacts_by_kind", s.counts());
      m.put("seconds", (System.nanoTime() - t0) / 1e9);
      return m;
    }
  }

  private static boolean isEmptyFolder(Path p) {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (var s = Files.list(p)) {
      return s.findAny().isEmpty();
    } catch (java.io.IOException e) {
      return false;
    }
  }

}
