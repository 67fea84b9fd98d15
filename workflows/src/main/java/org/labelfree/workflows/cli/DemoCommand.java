package org.labelfree.workflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.injection.FakeMatcher;
import org.labelfree.io.AtomicFiles;
import org.labelfree.pipeline.beam.ExecutionReport;
import org.labelfree.pipeline.beam.Pipetask;
import org.labelfree.pipeline.beam.PipetaskOptions;
import org.labelfree.pipeline.beam.QuantumOutcome;
import org.labelfree.pipeline.graph.PipelineDefinition;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SurveyGeometry;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.sim.VisitConditions;
import org.labelfree.labeling.dataset.DatasetOptions;
import org.labelfree.pipeline.graph.ConfigOverride;
import org.labelfree.training.ModelArchive;
import org.labelfree.training.ModelInfo;
import org.labelfree.training.TrainConfig;
import org.labelfree.training.TrainingMethod;
import org.labelfree.training.eval.EvaluationOptions;
import org.labelfree.training.eval.EvaluationResult;
import org.labelfree.training.run.RealBogusRuns;
import org.labelfree.workflows.report.ClassifierComparison;
import org.labelfree.workflows.cli.stamps.CollectCommand;
import org.labelfree.workflows.report.InjectionCompleteness;
import org.labelfree.workflows.report.LabelSummary;
import org.labelfree.workflows.report.PreviewOptions;
import org.labelfree.workflows.report.Previews;
import org.labelfree.workflows.sim.SurveyWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code labelfree demo}: the whole method on a fresh machine with one command. Creates a repository in
 * {@code DIR/repo}, simulates the survey into {@code sim/raw}, runs the bundled {@code label_free_rb} pipeline
 * (every task that exists so far) into {@code demo/label_free_rb}, writes PNG previews of one calexp and its template
 * patch to {@code DIR/previews/}, and prints a short summary, also written as {@code DIR/summary.json}: the
 * difference-imaging quality per visit-detector and, under {@code injection}, the detection completeness of the
 * injected fakes versus magnitude with its 50% magnitude next to the 5-sigma depth of the difference images
 * ({@link InjectionCompleteness}); under {@code labels}, the DIA sources by label, the label noise (label-0 sources
 * that are true transients) and the label / INJECTED_CORE agreement ({@link LabelSummary}); under {@code dataset}, the
 * stamp shards collected into {@code DIR/dataset.h5} with the default visit split ({@link CollectCommand#collect});
 * under {@code classifier}, the real/bogus CNN of each of {@link #METHODS} (models in {@code DIR/models/<method>/},
 * report files in {@code DIR/report/}) and their test-split evaluations side by side ({@link ClassifierComparison}):
 * the asymmetric model is the one the pipeline's {@code train_real_bogus} task trained on the same stamps (checked by
 * its training data digest, which must be that of {@code DIR/dataset.h5}; otherwise the demo trains it itself), the
 * others are trained by the demo on {@code DIR/dataset.h5}; and under {@code classifier.scores}, the candidates the
 * pipeline's {@code score} task found among all label-0 DIA sources. The demo injects into {@link #HOST_FRACTION} of the hosts (see there).
 * Exits 5 if some quantum failed, as {@code pipetask run} does.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Simulate a small survey with known truth and run the label-free real/bogus pipeline on it.",
        "Writes DIR/repo, DIR/previews/*.png, DIR/dataset.h5, DIR/models/*, DIR/report/* and DIR/summary.json."})
public final class DemoCommand implements Callable<Integer> {
  /** The input run the simulation writes. */
  static final String SIM_RUN = "sim/raw";
  /** The output collection of the pipeline. */
  static final String OUTPUT = "demo/label_free_rb";
  /**
   * The share of the selected host galaxies that get a fake in the demo (the pipeline's default is the paper's 3%):
   * the simulated 1024-pixel detectors hold few galaxies, and this makes injections about a fifth of the stamps, as
   * in the paper's HSC dataset (22.8%), instead of 3%.
   */
  static final double HOST_FRACTION = 0.25;
  /** The methods the demo trains and compares, in this order. */
  static final List<TrainingMethod> METHODS = List.of(TrainingMethod.STANDARD, TrainingMethod.COTEACHING,
      TrainingMethod.ASYMMETRIC);

  @Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin
  SurveyOptions survey = new SurveyOptions();

  @Option(names = "--out", defaultValue = "demo-run", paramLabel = "DIR",
      description = "Output folder (default ./demo-run).")
  Path dir;

  @Option(names = "--runner", defaultValue = "DirectRunner", paramLabel = "RUNNER",
      description = "DirectRunner (embedded, default) or FlinkRunner (embedded Flink unless --flink-master).")
  String runner;

  @Option(names = "--flink-master", defaultValue = "[local]", paramLabel = "[local]|HOST:PORT",
      description = "Flink master for FlinkRunner (default [local]).")
  String flinkMaster;

  @Option(names = {"-j", "--processes"}, defaultValue = "2", paramLabel = "N",
      description = "Quanta run at once (default 2).")
  int parallelism;

  @Option(names = "--overwrite",
      description = "Delete an existing DIR/repo, DIR/previews, DIR/dataset.h5 and DIR/summary.json first.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SurveyConfig config;
    try {
      config = SurveyConfig.of(survey.visits, survey.detectors, List.of("g", "r"), survey.size, survey.seed);
    } catch (IllegalArgumentException e) {
      err.println("labelfree demo: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    Path repoDir = dir.resolve("repo");
    Path previews = dir.resolve("previews");
    Path summaryFile = dir.resolve("summary.json");
    Path datasetFile = dir.resolve("dataset.h5");
    if (Files.exists(repoDir)) {
      if (!overwrite) {
        err.println("labelfree demo: " + repoDir + " exists; use --overwrite to replace it, or --out another folder");
        return CommandLine.ExitCode.USAGE;
      }
      deleteTree(repoDir);
      deleteTree(previews);
      deleteTree(dir.resolve("models"));
      deleteTree(dir.resolve("report"));
      Files.deleteIfExists(summaryFile);
      Files.deleteIfExists(datasetFile);
    }
    Files.createDirectories(dir);
    long t0 = System.nanoTime();

    /* 1. The survey. */
    err.println("labelfree demo: simulating " + config.visitsPerBand() * config.bands().size() + " visits x "
        + config.detectors() + " detectors of " + survey.size + "x" + survey.size + " pixels and their templates into " + repoDir);
    Map<String, Object> sim = SimulateCommand.simulate(repoDir, config, SIM_RUN, err);

    /* 2. The pipeline, with every task that exists so far. */
    long t1 = System.nanoTime();
    ClassLoader loader = DemoCommand.class.getClassLoader();
    TaskGraph tasks = TaskGraph.build(PipelineDefinition.load("label_free_rb", loader, "pipelines/"),
        List.of(new ConfigOverride("make_injection_catalog", "host_fraction", Double.toString(HOST_FRACTION))),
        loader);
    PipetaskOptions options = new PipetaskOptions(List.of(SIM_RUN), OUTPUT, null, "", false, false, runner,
        flinkMaster, parallelism, org.labelfree.workflows.cli.pipetask.PipetaskCommand.versions());
    Map<String, Object> pipeline = new LinkedHashMap<>();
    Map<String, Object> previewPaths = new LinkedHashMap<>();
    Map<String, Object> injection = new LinkedHashMap<>();
    Map<String, Object> labels = new LinkedHashMap<>();
    Map<String, Object> dataset = new LinkedHashMap<>();
    InjectionCompleteness.Report completeness = null;
    LabelSummary.Report labelReport = null;
    CollectCommand.Collected collected = null;
    Map<String, Object> classifier = new LinkedHashMap<>();
    List<String> methodNames = new ArrayList<>();
    List<EvaluationResult> evaluations = new ArrayList<>();
    boolean ok;
    try (Repository repo = Repository.open(repoDir)) {
      Pipetask.Plan plan = Pipetask.plan(repo, tasks, options, Clock.systemUTC());
      err.println("labelfree demo: running pipeline label_free_rb (" + plan.graph().size() + " quanta, " + runner
          + ") into " + plan.run());
      ProgressLine line = ProgressLine.on(err);
      Pipetask.Result result = Pipetask.run(repo, plan, options,
          (done, failed, total) -> line.update(String.format("quanta: %d/%d done, %d failed", done, total, failed)));
      line.finish();
      ExecutionReport report = result.report();
      ok = report.ok();
      pipeline.put("pipeline", "label_free_rb");
      pipeline.put("run", plan.run());
      pipeline.put("output", OUTPUT);
      pipeline.put("runner", runner);
      pipeline.put("quanta", plan.graph().size());
      pipeline.put("quanta_per_task", plan.graph().counts());
      Map<String, Integer> status = new LinkedHashMap<>();
      for (QuantumOutcome.Status s : QuantumOutcome.Status.values()) {
        status.put(s.name().toLowerCase(java.util.Locale.ROOT), report.count(s));
      }
      pipeline.put("status", status);
      List<String> problems = new ArrayList<>();
      for (QuantumOutcome o : report.problems()) {
        problems.add(o.status() + " " + o.task() + " " + o.dataId() + ": " + o.message());
      }
      pipeline.put("problems", problems);
      pipeline.put("seconds", (System.nanoTime() - t1) / 1e9);

      /* 3. Difference-imaging quality per visit-detector. */
      Map<DataId, Catalog> diaSources = new java.util.HashMap<>();
      List<Map<String, Object>> perDetector = diffimSummary(repo, plan.run(), diaSources);
      pipeline.put("difference_imaging", perDetector);

      /* 4. Detection completeness of the fakes next to the 5-sigma depth of the differences. */
      long t2 = System.nanoTime();
      try {
        completeness = InjectionCompleteness.fromRepository(repo, plan.run(), FakeMatcher.DEFAULT_RADIUS_PX,
            InjectionCompleteness.DEFAULT_BIN_WIDTH, diaSources);
        injection.putAll(completeness.toMap());
      } catch (IllegalArgumentException e) {
        injection.put("error", e.getMessage());
      }
      injection.put("seconds", (System.nanoTime() - t2) / 1e9);

      /* 5. Labels: DIA sources by label, the label noise (label-0 true transients) and the mask agreement; then the
         stamp shards collected into DIR/dataset.h5 with the default visit split. */
      try {
        labelReport = LabelSummary.fromRepository(repo, plan.run());
        labels.putAll(labelReport.toMap());
      } catch (RuntimeException e) {
        labels.put("error", e.getMessage());
      }
      try {
        collected = CollectCommand.collect(repo, List.of(plan.run()), SqlPredicate.all(), DatasetOptions.defaults(),
            datasetFile, err);
        if (collected != null) {
          dataset.put("file", datasetFile.toString());
          dataset.put("dia_objects_from", collected.objectsFrom());
          dataset.putAll(collected.dataset().report().toMap());
        } else {
          dataset.put("error", "no stamp_shard in " + plan.run());
        }
      } catch (RuntimeException | IOException e) {
        dataset.put("error", e.getMessage());
      }

      /* 6. The classifier: the pipeline's train_real_bogus model (asymmetric co-teaching on the same dataset) and
         the other methods trained here on DIR/dataset.h5, each evaluated on its test split, side by side; then what
         the pipeline's score task found on every stamp. */
      if (collected != null) {
        long t3 = System.nanoTime();
        PipelineModel fromPipeline = pipelineModel(repo, plan.run(), datasetFile);
        for (TrainingMethod m : METHODS) {
          String name = m.cliName();
          Path modelDir = dir.resolve("models").resolve(name);
          ProgressLine tl = ProgressLine.on(err);
          try {
            Map<String, Object> mm;
            EvaluationResult evaluation;
            if (fromPipeline != null && fromPipeline.archive().info().method() == m) {
              err.println("labelfree demo: the real/bogus CNN, " + name + ": the pipeline's rb_model"
                  + " (train_real_bogus), evaluated with ONNX Runtime");
              fromPipeline.archive().extractTo(modelDir);
              evaluation = RealBogusRuns.evaluate(modelDir, collected.dataset(), EvaluationOptions.defaults());
              evaluation.writeReport(dir.resolve("report"), name);
              mm = new LinkedHashMap<>(fromPipeline.training());
              mm.put("trained_by", "pipeline task train_real_bogus (" + plan.run() + ")");
            } else {
              err.println("labelfree demo: training the real/bogus CNN, " + name);
              RealBogusRuns.Outcome o = RealBogusRuns.trainAndEvaluate(datasetFile, collected.dataset(),
                  TrainConfig.defaults(m), EvaluationOptions.defaults(), modelDir, dir.resolve("report"), name,
                  e -> tl.update(String.format(java.util.Locale.ROOT,
                      "%s epoch %d: train loss %.4f, validation loss %.4f", name, e.epoch(), e.trainLoss(),
                      e.validationLoss())));
              evaluation = o.evaluation();
              mm = new LinkedHashMap<>(o.trainingSummary());
              mm.put("trained_by", "labelfree demo on " + datasetFile.getFileName());
            }
            tl.finish();
            methodNames.add(name);
            evaluations.add(evaluation);
            mm.put("model", modelDir.toString());
            mm.put("evaluation", evaluation.toMap());
            classifier.put(name, mm);
          } catch (RuntimeException | IOException e) {
            tl.finish();
            classifier.put(name, Map.of("error", String.valueOf(e.getMessage())));
          }
        }
        classifier.put("report", dir.resolve("report").toString());
        classifier.put("scores", scoreSummary(repo, plan.run()));
        classifier.put("seconds", (System.nanoTime() - t3) / 1e9);
      }

      /* 7. Previews of the first visit's middle detector and the template patch under its centre. */
      previewPaths = writePreviews(repo, new SyntheticSurvey(config).geometry(), previews, plan.run());
    }

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("command", "labelfree demo --out " + dir + " --size " + survey.size + " --seed " + survey.seed + " --runner "
        + runner);
    summary.put("version", Main.version());
    summary.put("repository", repoDir.toString());
    summary.put("simulation", sim);
    summary.put("pipeline", pipeline);
    summary.put("injection", injection);
    summary.put("labels", labels);
    summary.put("dataset", dataset);
    summary.put("classifier", classifier);
    summary.put("previews", previewPaths);
    summary.put("seconds_total", (System.nanoTime() - t0) / 1e9);
    String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary);
    AtomicFiles.write(summaryFile, tmp -> Files.writeString(tmp, text + "\n"));
    printSummary(out, sim, pipeline, completeness, injection, previewPaths, summaryFile,
        (Double) summary.get("seconds_total"));
    printLabels(out, labelReport, labels, collected, dataset);
    printClassifier(out, classifier, methodNames, evaluations);
    return ok ? 0 : org.labelfree.workflows.cli.pipetask.PipetaskCommand.EXIT_QUANTA_FAILED;
  }

  /**
   * One entry per visit-detector that has a subtraction summary: PSF FWHM (psf_model at the detector centre), kernel
   * sum, stamps, normalised residual sigma, and the DIA source counts (positive, negative, dipoles). The
   * {@code dia_source} catalogues read are put into {@code diaSources} by data ID (for the injection summary).
   */
  static List<Map<String, Object>> diffimSummary(Repository repo, String run, Map<DataId, Catalog> diaSources) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DatasetRef ref : repo.registry().queryDatasets(List.of("subtraction_summary"), List.of(run),
        SqlPredicate.all())) {
      Catalog s = repo.butler().get(ref, Catalog.class);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("visit", ref.dataId().getLong(Dimension.VISIT));
      row.put("detector", ref.dataId().getLong(Dimension.DETECTOR));
      row.put("psf_fwhm_px", s.doubleColumn("psf_fwhm_science")[0]);
      row.put("template_fwhm_px", s.doubleColumn("psf_fwhm_template")[0]);
      row.put("mode", s.stringColumn("mode")[0]);
      row.put("kernel_sum", s.doubleColumn("kernel_sum")[0]);
      row.put("stamps_used", s.intColumn("stamps_used")[0]);
      row.put("stamps_rejected", s.intColumn("stamps_rejected")[0]);
      row.put("chi2_per_dof", s.doubleColumn("chi2_per_dof")[0]);
      row.put("residual_sigma", s.doubleColumn("residual_sigma")[0]);
      repo.butler().find("dia_source", ref.dataId(), List.of(run)).ifPresent(dref -> {
        Catalog dia = repo.butler().get(dref, Catalog.class);
        diaSources.put(ref.dataId(), dia);
        boolean[] neg = dia.booleanColumn("isNegative");
        boolean[] dip = dia.booleanColumn("isDipole");
        int nNeg = 0;
        int nDip = 0;
        for (int i = 0; i < neg.length; i++) {
          nNeg += neg[i] ? 1 : 0;
          nDip += dip[i] ? 1 : 0;
        }
        row.put("dia_sources", dia.rowCount());
        row.put("dia_positive", dia.rowCount() - nNeg);
        row.put("dia_negative", nNeg);
        row.put("dia_dipoles", nDip);
      });
      rows.add(row);
    }
    rows.sort(java.util.Comparator.<Map<String, Object>, Long>comparing(m -> (Long) m.get("visit"))
        .thenComparing(m -> (Long) m.get("detector")));
    return rows;
  }

  private static Map<String, Object> writePreviews(Repository repo, SurveyGeometry g, Path previews, String run)
      throws IOException {
    Files.createDirectories(previews);
    VisitConditions v = g.visits().get(0);
    int detector = g.config().detectors() / 2;
    DataId calexpId = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit", v.visit(), "detector",
        (long) detector));
    DatasetRef ref = repo.butler().find("calexp", calexpId, List.of(SIM_RUN)).orElseThrow();
    Exposure calexp = repo.butler().get(ref, Exposure.class);
    Path calexpPng = previews.resolve("calexp_visit" + v.visit() + "_det" + detector + ".png");
    Previews.writeAsinhPng(calexp.image(), calexp.mask(), calexpPng, PreviewOptions.defaults());
    var centre = calexp.wcs().orElseThrow().pixelToSky(0.5 * (calexp.width() - 1), 0.5 * (calexp.height() - 1));
    int patch = g.patchAt(centre.ra(), centre.dec());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("calexp", calexpPng.toString());
    if (patch >= 0) {
      DataId tid = DataId.of(Map.of("skymap", SyntheticSurvey.SKYMAP, "tract", SyntheticSurvey.TRACT, "patch",
          (long) patch, "band", v.band()));
      DatasetRef tref = repo.butler().find("template_coadd", tid, List.of(SIM_RUN)).orElseThrow();
      Exposure template = repo.butler().get(tref, Exposure.class);
      Path templatePng = previews.resolve("template_" + v.band() + "_patch" + patch + ".png");
      Previews.writeAsinhPng(template.image(), template.mask(), templatePng, PreviewOptions.defaults());
      m.put("template", templatePng.toString());
    }
    Optional<DatasetRef> dref = repo.butler().find("difference_image", calexpId, List.of(run));
    if (dref.isPresent()) {
      Exposure diff = repo.butler().get(dref.get(), Exposure.class);
      Path diffPng = previews.resolve("difference_visit" + v.visit() + "_det" + detector + ".png");
      Previews.writeAsinhPng(diff.image(), diff.mask(), diffPng, PreviewOptions.defaults());
      m.put("difference", diffPng.toString());
    }
    return m;
  }

  private static void printSummary(PrintWriter out, Map<String, Object> sim, Map<String, Object> pipeline,
      InjectionCompleteness.Report completeness, Map<String, Object> injection, Map<String, Object> previews,
      Path summaryFile, double seconds) {
    out.println();
    out.println("labelfree demo: done in " + String.format("%.1f s", seconds));
    out.printf("  survey     %s visits x %s detectors (%s px), bands %s, 5-sigma depth %.2f mag: %s calexps, %s "
        + "template patches in %.1f s%n", sim.get("visits"), sim.get("detectors"), sim.get("size"), sim.get("bands"),
        (Double) sim.get("depth_5sigma"), sim.get("calexps"), sim.get("templates"), (Double) sim.get("seconds"));
    out.printf("  truth      %s sources, %s transients (%s appearances on detectors), %s artefacts%n",
        sim.get("sources"), sim.get("transients"), sim.get("transient_appearances"), sim.get("artefacts"));
    out.printf("  pipeline   label_free_rb: %s quanta %s in %.1f s -> %s%n", pipeline.get("quanta"),
        pipeline.get("status"), (Double) pipeline.get("seconds"), pipeline.get("run"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> diffim = (List<Map<String, Object>>) pipeline.getOrDefault("difference_imaging",
        List.of());
    if (!diffim.isEmpty()) {
      out.println("  difference imaging, per visit-detector:");
      out.println("    visit det  PSF FWHM  kernel sum  stamps  resid sigma   DIA (+ / - / dipoles)");
      for (Map<String, Object> r : diffim) {
        out.printf("    %5s %3s  %6.2f px  %10.4f  %3s/%-3s  %10.3f   %s (%s / %s / %s)%n", r.get("visit"),
            r.get("detector"), (Double) r.get("psf_fwhm_px"), (Double) r.get("kernel_sum"), r.get("stamps_used"),
            r.get("stamps_rejected"), (Double) r.get("residual_sigma"), r.getOrDefault("dia_sources", "-"),
            r.getOrDefault("dia_positive", "-"), r.getOrDefault("dia_negative", "-"),
            r.getOrDefault("dia_dipoles", "-"));
      }
    }
    if (completeness != null) {
      completeness.print(out);
    } else if (injection.containsKey("error")) {
      out.println("  injection  not measured: " + injection.get("error"));
    }
    for (Map.Entry<String, Object> e : previews.entrySet()) {
      out.printf("  preview    %-9s %s%n", e.getKey(), e.getValue());
    }
    out.println("  summary    " + summaryFile);
    out.flush();
  }

  private static void printLabels(PrintWriter out, LabelSummary.Report r, Map<String, Object> labels,
      CollectCommand.Collected collected, Map<String, Object> dataset) {
    if (r != null) {
      out.printf("  labels     %d DIA sources on %d visit-detectors: %d label 1 (matched to a fake), %d label 0; %d"
          + " match-flagged (left out of training)%n", r.sources(), r.catalogues(), r.injected(), r.real(),
          r.flagged());
      out.printf("    label noise: %d of %d label-0 sources are true transients (%s)%n", r.realTrueTransient(),
          r.realWithTruth(), Double.isNaN(r.labelNoise()) ? "no truth"
              : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * r.labelNoise()));
      out.printf("    label vs INJECTED_CORE: %s%n", r.agreement().summary());
    } else if (labels.containsKey("error")) {
      out.println("  labels     not summarised: " + labels.get("error"));
    }
    if (collected != null) {
      out.printf("  dataset    %s: %d stamps from %d shards (DIA objects from %s)%n", dataset.get("file"),
          collected.dataset().size(), collected.shards(), collected.objectsFrom());
      for (String line : collected.dataset().report().table().split("\n")) {
        out.println("    " + line);
      }
    } else if (dataset.containsKey("error")) {
      out.println("  dataset    not written: " + dataset.get("error"));
    }
    out.flush();
  }

  /** The pipeline's model and its training summary (the {@code training} block of {@code rb_evaluation}). */
  record PipelineModel(ModelArchive archive, Map<String, Object> training) {}

  /**
   * The run's {@code rb_model} if it was trained on exactly {@code datasetFile} (same training data digest), else
   * null (no model, or other data: the demo then trains that method itself).
   */
  static PipelineModel pipelineModel(Repository repo, String run, Path datasetFile) throws IOException {
    DataId id = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT));
    Optional<DatasetRef> model = repo.butler().find("rb_model", id, List.of(run));
    Optional<DatasetRef> evaluation = repo.butler().find("rb_evaluation", id, List.of(run));
    if (model.isEmpty() || evaluation.isEmpty()) {
      return null;
    }
    ModelArchive archive = repo.butler().get(model.get(), ModelArchive.class);
    if (!ModelInfo.sha256(datasetFile).equals(archive.info().trainingDataDigest())) {
      return null;
    }
    com.fasterxml.jackson.databind.JsonNode e = repo.butler().get(evaluation.get(),
        com.fasterxml.jackson.databind.JsonNode.class);
    Map<String, Object> training = new ObjectMapper().convertValue(e.get("training"),
        new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
    return new PipelineModel(archive, training);
  }

  /**
   * What the {@code score} task wrote: DIA sources scored, and per threshold (0.5, 0.8) the label-0 sources at or
   * above it (the candidates for follow-up) and how many of them are true transients. All splits: the training
   * stamps are among them, so these counts are kinder than the test-split ones.
   */
  static Map<String, Object> scoreSummary(Repository repo, String run) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<DatasetRef> refs = repo.registry().queryDatasets(List.of("rb_score"), List.of(run), SqlPredicate.all());
    int n = 0;
    int label0 = 0;
    int truth0 = 0;
    double[] thresholds = {0.5, 0.8};
    int[] candidates = new int[thresholds.length];
    int[] found = new int[thresholds.length];
    for (DatasetRef ref : refs) {
      Catalog c = repo.butler().get(ref, Catalog.class);
      int[] label = c.intColumn("label");
      int[] truth = c.intColumn("is_true_transient");
      float[] score = c.floatColumn("rb_score");
      n += score.length;
      for (int i = 0; i < score.length; i++) {
        if (label[i] != 0) {
          continue;
        }
        label0++;
        truth0 += truth[i] == 1 ? 1 : 0;
        for (int t = 0; t < thresholds.length; t++) {
          if (score[i] >= thresholds[t]) {
            candidates[t]++;
            found[t] += truth[i] == 1 ? 1 : 0;
          }
        }
      }
    }
    m.put("datasets", refs.size());
    m.put("dia_sources", n);
    m.put("label0", label0);
    m.put("true_transients_label0", truth0);
    List<Map<String, Object>> per = new ArrayList<>();
    for (int t = 0; t < thresholds.length; t++) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("threshold", thresholds[t]);
      x.put("candidates", candidates[t]);
      x.put("true_transients_found", found[t]);
      per.add(x);
    }
    m.put("thresholds", per);
    return m;
  }

  private static void printClassifier(PrintWriter out, Map<String, Object> classifier, List<String> names,
      List<EvaluationResult> results) {
    if (classifier.isEmpty()) {
      return;
    }
    if (!results.isEmpty()) {
      EvaluationResult r = results.get(0);
      out.printf("  classifier %d test stamps (%d injected); models in %s, plots and CSVs in %s%n", r.test().size(),
          (Long) r.toMap().get("n_test_injected"), "models/{" + String.join(",", names) + "}", classifier.get("report"));
      out.print(ClassifierComparison.table(names, results, "    "));
    }
    if (classifier.get("scores") instanceof Map<?, ?> sc && sc.get("thresholds") instanceof List<?> per) {
      out.printf("  score      the pipeline's score task: %s DIA sources on %s visit-detectors, %s label 0 of which %s"
          + " true transients (all splits, training stamps included)%n", sc.get("dia_sources"), sc.get("datasets"),
          sc.get("label0"), sc.get("true_transients_label0"));
      for (Object o : per) {
        Map<?, ?> x = (Map<?, ?>) o;
        out.printf("    rb_score >= %s: %s candidates, %s true transients%n", x.get("threshold"), x.get("candidates"),
            x.get("true_transients_found"));
      }
    }
    for (Map.Entry<String, Object> e : classifier.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m && m.containsKey("error")) {
        out.println("  classifier " + e.getKey() + " failed: " + m.get("error"));
      }
    }
    out.flush();
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
