package org.labelfree.workflows.cli.injection;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.labelfree.catalog.Catalog;
import org.labelfree.injection.InjectionCatalogs;
import org.labelfree.pipeline.beam.ExecutionReport;
import org.labelfree.pipeline.beam.Pipetask;
import org.labelfree.pipeline.beam.PipetaskOptions;
import org.labelfree.pipeline.graph.ConfigOverride;
import org.labelfree.pipeline.graph.PipelineDefinition;
import org.labelfree.pipeline.graph.Quantum;
import org.labelfree.pipeline.graph.TaskEntry;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.workflows.cli.ProgressLine;
import org.labelfree.workflows.cli.pipetask.PipetaskCommand;
import org.labelfree.workflows.tasks.MakeInjectionCatalogTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree injection make-catalog -b REPO -i COLLECTIONS -o RUN [-d WHERE] [-c KEY=VALUE]... [--mode
 * independent|lightcurve] [--seed N] [-j N]}: runs the {@code make_injection_catalog} task of the bundled pipeline
 * {@code label_free_rb} alone, through the same planning and Beam execution as {@code pipetask run}, over the
 * visits that the inputs (their {@code src} and {@code calexp}) and the query give; the {@code injection_catalog}
 * datasets go into the RUN collection {@code RUN}.
 *
 * <p>{@code -c key=value} sets a config key of the task ({@link org.labelfree.workflows.tasks.MakeInjectionCatalogConfig}
 * in snake_case, e.g. {@code host_fraction=0.1}, {@code survey_start_mjd=60400}); {@code --mode} and {@code --seed}
 * are shorthands for {@code -c mode=...} and {@code -c seed=...} and win over them. Prints one line per visit
 * (hosts used, fakes, host-less fakes, and faint ones in light-curve mode) and the run's counts; exits with
 * {@link PipetaskCommand#EXIT_QUANTA_FAILED} (5) if some quantum failed, 2 for a bad option or query, 3 for a bad
 * config or repository state (see {@link PipetaskCommand#guarded(CommandSpec, String, Callable)}).
 */
@Command(name = "make-catalog", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Make the injection catalogues of visits: runs the make_injection_catalog task of label_free_rb"
        + " alone (hosts from the visits' src, fakes by the paper's recipe or as light curves).",
        "The inputs must hold the visits' src and calexp (run characterize first)."})
final class MakeCatalogCommand implements Callable<Integer> {
  /** The task's label in the bundled pipeline. */
  static final String LABEL = "make_injection_catalog";
  /** The bundled pipeline that defines the task and its config. */
  static final String PIPELINE = "label_free_rb";

  @Spec
  CommandSpec spec;

  @Option(names = {"-b", "--butler-config"}, required = true, paramLabel = "REPO",
      description = "The data repository (a folder with butler.yaml).")
  Path repo;

  @Option(names = {"-i", "--input"}, required = true, split = ",", paramLabel = "COLLECTION",
      description = "Input collections with the visits' src and calexp, in search order (comma-separated or"
          + " repeated).")
  List<String> inputs;

  @Option(names = {"-o", "--output-run"}, required = true, paramLabel = "RUN",
      description = "The RUN collection the injection_catalog datasets are written to (created if new).")
  String run;

  @Option(names = {"-d", "--data-query"}, paramLabel = "EXPR", defaultValue = "",
      description = "Data-ID expression selecting visits, e.g. \"band = 'r' AND visit IN (1..4)\".")
  String where;

  @Option(names = {"-c", "--config"}, paramLabel = "KEY=VALUE",
      description = "Config of make_injection_catalog, e.g. host_fraction=0.1 (repeatable).")
  List<String> config = new ArrayList<>();

  @Option(names = "--mode", paramLabel = "MODE",
      description = "independent (the paper: a new catalogue per visit) or lightcurve (fakes that persist across"
          + " visits with Bazin light curves); default: the config's (independent).")
  String mode;

  @Option(names = "--seed", paramLabel = "N", description = "Base seed (default: the config's, 1).")
  Long seed;

  @Option(names = {"-j", "--processes"}, defaultValue = "2", paramLabel = "N",
      description = "Quanta run at once (default 2).")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    return PipetaskCommand.guarded(spec, "labelfree injection make-catalog", () -> {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      TaskGraph tasks = tasks(overrides());
      PipetaskOptions options = new PipetaskOptions(inputs, null, run, where, false, false, "DirectRunner",
          "[local]", parallelism, PipetaskCommand.versions());
      try (Repository r = Repository.open(repo)) {
        Pipetask.Plan plan = Pipetask.plan(r, tasks, options, Clock.systemUTC());
        out.printf("make_injection_catalog: %d visits into run %s%n", plan.graph().size(), plan.run());
        out.flush();
        ProgressLine line = ProgressLine.on(err);
        Pipetask.Result result = Pipetask.run(r, plan, options, (finished, failed, total) ->
            line.update(String.format("quanta: %d/%d done, %d failed", finished, total, failed)));
        line.finish();
        printVisits(out, r, plan);
        ExecutionReport report = result.report();
        PipetaskCommand.printReport(out, plan, report);
        return report.ok() ? 0 : PipetaskCommand.EXIT_QUANTA_FAILED;
      }
    });
  }

  /** The {@code -c} overrides, then {@code --mode} and {@code --seed}, all for the one task. */
  private List<ConfigOverride> overrides() {
    List<ConfigOverride> out = new ArrayList<>();
    for (String kv : config) {
      int eq = kv.indexOf('=');
      if (eq <= 0 || kv.substring(0, eq).isBlank()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "-c: '" + kv + "' is malformed; expected key=value, e.g. host_fraction=0.1");
      }
      out.add(new ConfigOverride(LABEL, kv.substring(0, eq).strip(), kv.substring(eq + 1)));
    }
    if (mode != null) {
      String m = mode.strip().toLowerCase(Locale.ROOT);
      if (!m.equals("independent") && !m.equals("lightcurve")) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--mode: '" + mode + "' is not one of independent, lightcurve");
      }
      out.add(new ConfigOverride(LABEL, "mode", m));
    }
    if (seed != null) {
      out.add(new ConfigOverride(LABEL, "seed", Long.toString(seed)));
    }
    return out;
  }

  /** The bundled pipeline restricted to the one task, with the overrides applied. */
  static TaskGraph tasks(List<ConfigOverride> overrides) {
    ClassLoader loader = MakeCatalogCommand.class.getClassLoader();
    PipelineDefinition full = PipelineDefinition.load(PIPELINE, loader, "pipelines/");
    TaskEntry entry = full.tasks().get(LABEL);
    PipelineDefinition alone = new PipelineDefinition(full.source() + "[" + LABEL + "]", full.description(),
        List.of(entry), List.of(), full.parameters());
    return TaskGraph.build(alone, overrides, loader);
  }

  /** One line per visit of the graph: its catalogue's counts, or that it has none (its quantum did not succeed). */
  private static void printVisits(PrintWriter out, Repository r, Pipetask.Plan plan) {
    String type = MakeInjectionCatalogTask.INJECTION_CATALOG.name();
    for (Quantum q : plan.graph().quanta()) {
      long visit = q.dataId().getLong(Dimension.VISIT);
      Optional<DatasetRef> ref = r.butler().find(type, q.dataId(), List.of(plan.run()));
      if (ref.isEmpty()) {
        out.printf("visit %d: no injection catalogue%n", visit);
        continue;
      }
      Catalog c = r.butler().get(ref.get(), Catalog.class);
      int hostless = 0;
      for (long h : c.longColumn(InjectionCatalogs.HOST_ID)) {
        hostless += h < 0 ? 1 : 0;
      }
      int faint = 0;
      if (c.hasColumn(InjectionCatalogs.FAINT)) {
        for (boolean f : c.booleanColumn(InjectionCatalogs.FAINT)) {
          faint += f ? 1 : 0;
        }
      }
      String band = r.registry().expandDataId(q.dataId()).getString(Dimension.BAND);
      out.printf("visit %d (band %s): %d hosts, %d fakes, %d host-less%s%n", visit, band, c.rowCount() - hostless,
          c.rowCount(), hostless, c.hasColumn(InjectionCatalogs.FAINT) ? ", " + faint + " faint" : "");
    }
  }
}
