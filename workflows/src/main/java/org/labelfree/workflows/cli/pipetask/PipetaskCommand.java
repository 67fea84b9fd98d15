package org.labelfree.workflows.cli.pipetask;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.util.ReleaseInfo;
import org.labelfree.io.AtomicFiles;
import org.labelfree.pipeline.beam.ExecutionReport;
import org.labelfree.pipeline.beam.Pipetask;
import org.labelfree.pipeline.beam.PipetaskException;
import org.labelfree.pipeline.beam.PipetaskOptions;
import org.labelfree.pipeline.beam.QuantumOutcome;
import org.labelfree.pipeline.graph.ConfigOverride;
import org.labelfree.pipeline.graph.PipelineDefinition;
import org.labelfree.pipeline.graph.PipelineDefinitionException;
import org.labelfree.pipeline.graph.QuantumGraph;
import org.labelfree.pipeline.graph.QuantumGraphException;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.query.QueryException;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.repo.RepositoryException;
import org.labelfree.pipeline.task.TaskDefinitionException;
import org.labelfree.workflows.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree pipetask (qgraph|run) ...}: builds the quantum graph of a pipeline over a repository and runs
 * it on Apache Beam, with Gen3's options. Errors in the pipeline, the query, the collections or the dataset types
 * are reported before any work starts (exit code 2 for usage and a query that does not parse, 3 for a bad pipeline
 * or repository state).
 * A run prints the quanta that did not succeed; if some quantum failed it exits with {@link #EXIT_QUANTA_FAILED}
 * (quanta skipped for unprocessable data alone are not a failure).
 */
@Command(name = "pipetask", mixinStandardHelpOptions = true,
    description = "Build quantum graphs and run pipelines (Gen3 style) on Apache Beam.",
    subcommands = {PipetaskCommand.Qgraph.class, PipetaskCommand.Run.class})
public final class PipetaskCommand {
  /** Exit code of a run in which some quantum failed. */
  public static final int EXIT_QUANTA_FAILED = 5;

  private PipetaskCommand() {}

  /** The options shared by {@code qgraph} and {@code run}. */
  static final class Common {
    @Option(names = {"-b", "--butler-config"}, required = true, paramLabel = "REPO",
        description = "The data repository (a folder with butler.yaml).")
    Path repo;

    @Option(names = {"-i", "--input"}, required = true, split = ",", paramLabel = "COLLECTION",
        description = "Input collections, in search order (comma-separated or repeated).")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "COLLECTION",
        description = "Output CHAINED collection; the run is written to a new RUN <output>/<UTC timestamp>.")
    String output;

    @Option(names = "--output-run", paramLabel = "RUN", description = "Write to this RUN instead of a new one.")
    String outputRun;

    @Option(names = {"-p", "--pipeline"}, required = true, paramLabel = "PIPELINE[#SUBSET]",
        description = "Pipeline YAML file, or the name of a bundled pipeline (e.g. label_free_rb), optionally"
            + " with #SUBSET.")
    String pipeline;

    @Option(names = {"-d", "--data-query"}, paramLabel = "EXPR", defaultValue = "",
        description = "Data-ID expression, e.g. \"band = 'g' AND visit IN (1..8) AND detector != 3\".")
    String where;

    @Option(names = {"-c", "--config"}, paramLabel = "LABEL:KEY=VALUE",
        description = "Config override of one task (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--skip-existing", description = "Leave out quanta whose outputs exist in the output collection.")
    boolean skipExisting;

    @Option(names = "--extend-run", description = "Write into the run heading the output chain (to resume an"
        + " interrupted run, with --skip-existing).")
    boolean extendRun;

    @Option(names = "--runner", defaultValue = "DirectRunner", paramLabel = "RUNNER",
        description = "DirectRunner (embedded, default) or FlinkRunner.")
    String runner;

    @Option(names = "--flink-master", defaultValue = "[local]", paramLabel = "[local]|HOST:PORT",
        description = "Flink master for FlinkRunner: [local] (embedded, default) or a session cluster HOST:PORT.")
    String flinkMaster;

    @Option(names = {"-j", "--processes"}, defaultValue = "2", paramLabel = "N",
        description = "Quanta run at once (default 2).")
    int parallelism;

    PipetaskOptions options() {
      return new PipetaskOptions(inputs, output, outputRun, where, skipExisting, extendRun, runner, flinkMaster,
          parallelism, versions());
    }

    TaskGraph tasks() {
      ClassLoader loader = PipetaskCommand.class.getClassLoader();
      List<ConfigOverride> parsed = new ArrayList<>();
      for (String o : overrides) {
        parsed.add(ConfigOverride.parse(o));
      }
      return TaskGraph.build(PipelineDefinition.load(pipeline, loader, "pipelines/"), parsed, loader);
    }
  }

  /** The software versions recorded with every run: labelfree, Java and Beam. */
  public static Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    versions.put("labelfree", Main.version());
    versions.put("java", System.getProperty("java.version"));
    versions.put("beam", ReleaseInfo.getReleaseInfo().getVersion());
    return versions;
  }

  /** Runs {@code body}, turning the pipeline's typed exceptions into a message and an exit code. */
  static int guarded(CommandSpec spec, Callable<Integer> body) throws Exception {
    return guarded(spec, "labelfree pipetask " + spec.name(), body);
  }

  /**
   * Runs {@code body} as {@code pipetask} does for other commands that plan and run pipelines: a bad option value
   * (an {@link IllegalArgumentException}) or a query that does not parse gives the usage code 2; a bad pipeline,
   * task config, graph or repository state, or a failed runner, 3; an I/O error 4. The message, prefixed with
   * {@code name}, goes to the command's stderr.
   *
   * @param spec the running command (for its stderr)
   * @param name the command's name for messages, e.g. {@code "labelfree injection make-catalog"}
   * @param body the work; its return value is the exit code
   * @return the exit code
   * @throws Exception what {@code body} throws besides the exceptions above
   */
  public static int guarded(CommandSpec spec, String name, Callable<Integer> body) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return body.call();
    } catch (IllegalArgumentException e) {
      err.println(name + ": " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    } catch (QueryException e) {
      err.println(name + ": -d: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    } catch (PipelineDefinitionException | TaskDefinitionException | QuantumGraphException | RepositoryException
        | PipetaskException e) {
      err.println(name + ": " + e.getMessage());
      return Main.EXIT_BAD_DATA;
    } catch (UncheckedIOException e) {
      err.println(name + ": I/O error: " + e.getMessage());
      return Main.EXIT_IO;
    }
  }

  /** Prints quanta per task. */
  static void printCounts(PrintWriter out, Pipetask.Plan plan) {
    QuantumGraph g = plan.graph();
    out.printf("Quantum graph: %d quanta into run %s%n", g.size(), plan.run());
    int width = 4;
    for (String l : g.counts().keySet()) {
      width = Math.max(width, l.length());
    }
    out.printf("  %-" + width + "s  %8s  %8s%n", "task", "quanta", "skipped");
    for (Map.Entry<String, Integer> e : g.counts().entrySet()) {
      out.printf("  %-" + width + "s  %8d  %8d%n", e.getKey(), e.getValue(),
          g.skippedExisting().getOrDefault(e.getKey(), 0));
    }
  }

  static Map<String, Object> planJson(Pipetask.Plan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", plan.run());
    m.put("output", plan.output());
    m.put("chain", plan.chainMembers());
    m.put("quanta", plan.graph().size());
    m.put("counts", plan.graph().counts());
    m.put("skipped_existing", plan.graph().skippedExisting());
    return m;
  }

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** {@code pipetask qgraph}. */
  @Command(name = "qgraph", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Build the quantum graph and print quanta per task; nothing is written to the repository.")
  static final class Qgraph implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common = new Common();

    @Option(names = {"-g", "--save-qgraph"}, paramLabel = "FILE", description = "Save the graph as JSON.")
    Path save;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      return guarded(spec, () -> {
        PipetaskOptions options = common.options();
        TaskGraph tasks = common.tasks();
        try (Repository repo = Repository.open(common.repo)) {
          Pipetask.Plan plan = Pipetask.plan(repo, tasks, options, Clock.systemUTC());
          if (save != null) {
            String text = plan.graph().toJson();
            AtomicFiles.write(save, tmp -> Files.writeString(tmp, text));
          }
          PrintWriter out = spec.commandLine().getOut();
          if (json) {
            out.println(JSON.writeValueAsString(planJson(plan)));
          } else {
            printCounts(out, plan);
            if (save != null) {
              out.println("Saved to " + save);
            }
          }
          return 0;
        }
      });
    }
  }

  /** {@code pipetask run}. */
  @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Build the quantum graph and run it on Apache Beam (DirectRunner or FlinkRunner).")
  static final class Run implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Common common = new Common();

    @Option(names = "--json", description = "Print the run report as JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      return guarded(spec, () -> {
        PipetaskOptions options = common.options();
        TaskGraph tasks = common.tasks();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Repository repo = Repository.open(common.repo)) {
          Pipetask.Plan plan = Pipetask.plan(repo, tasks, options, Clock.systemUTC());
          if (!json) {
            printCounts(out, plan);
            out.flush();
          }
          Progress progress = new Progress(err, System.console() != null);
          Pipetask.Result result = Pipetask.run(repo, plan, options, progress);
          progress.finish();
          ExecutionReport report = result.report();
          if (json) {
            Map<String, Object> m = planJson(plan);
            m.put("report", report.toMap());
            out.println(JSON.writeValueAsString(m));
          } else {
            printReport(out, plan, report);
          }
          return report.ok() ? 0 : EXIT_QUANTA_FAILED;
        }
      });
    }
  }

  /**
   * Prints the quanta that did not succeed (FAILED, SKIPPED, NO WORK, one line each) and the counts line of a run.
   *
   * @param out    where to print
   * @param plan   the plan that ran
   * @param report its report
   */
  public static void printReport(PrintWriter out, Pipetask.Plan plan, ExecutionReport report) {
    for (QuantumOutcome o : report.problems()) {
      if (o.status() == QuantumOutcome.Status.FAILED) {
        out.printf("FAILED   #%d %s %s: %s: %s%n", o.index(), o.task(), o.dataId(), o.exception(), o.message());
      } else if (o.status() == QuantumOutcome.Status.SKIPPED) {
        out.printf("SKIPPED  #%d %s %s: %s%n", o.index(), o.task(), o.dataId(), o.message());
      } else {
        out.printf("NO WORK  #%d %s %s: %s%n", o.index(), o.task(), o.dataId(), o.message());
      }
    }
    out.printf("%d succeeded, %d no work, %d failed, %d skipped (of %d) in run %s%s%n",
        report.count(QuantumOutcome.Status.SUCCEEDED), report.count(QuantumOutcome.Status.NO_WORK),
        report.count(QuantumOutcome.Status.FAILED), report.count(QuantumOutcome.Status.SKIPPED),
        plan.graph().size(), plan.run(), plan.output() == null ? "" : " (chained as " + plan.output() + ")");
    if (!report.problems().isEmpty()) {
      out.println("Problems are recorded in dataset pipetask_report and <label>_failure of run " + plan.run());
    }
  }

  /**
   * Progress on stderr: one updating line on a terminal; otherwise a line when the counts changed, at most every
   * 10 s, and the final counts.
   */
  static final class Progress implements Pipetask.ProgressListener {
    private final org.labelfree.workflows.cli.ProgressLine line;

    Progress(PrintWriter err, boolean terminal) {
      this.line = new org.labelfree.workflows.cli.ProgressLine(err, terminal);
    }

    @Override
    public void progress(int finished, int failed, int total) {
      line.update(String.format("quanta: %d/%d done, %d failed", finished, total, failed));
    }

    void finish() {
      line.finish();
    }
  }

}
