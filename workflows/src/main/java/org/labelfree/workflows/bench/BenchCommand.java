package org.labelfree.workflows.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.labelfree.pipeline.beam.Pipetask;
import org.labelfree.pipeline.beam.PipetaskOptions;
import org.labelfree.pipeline.graph.PipelineDefinition;
import org.labelfree.pipeline.graph.TaskEntry;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code labelfree bench STAGE}: benchmarks that need the whole system (the I/O ones are JMH: scripts/bench-io). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks of whole stages (see BENCHMARKS.md).",
    subcommands = {BenchCommand.Framework.class, SimulateBench.class, DiffimBench.class, TrainBench.class})
public final class BenchCommand {
  private BenchCommand() {}

  /**
   * {@code bench framework}: the overhead per quantum of registry + datastore + Beam, on many quanta of {@link
   * TrivialTask}. Each runner runs a small warm-up graph first (JIT, Beam and Flink start-up), then the measured
   * one; the overhead per quantum is reported both as the whole run's wall time divided by the quanta and as the
   * marginal cost (difference to the small run, divided by the difference in quanta).
   */
  @Command(name = "framework", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Per-quantum overhead of the framework on N trivial quanta, per runner.")
  static final class Framework implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quanta", defaultValue = "1000", description = "Quanta in the measured run (default 1000).")
    int quanta;

    @Option(names = "--small", defaultValue = "50", description = "Quanta in the warm-up run (default 50).")
    int small;

    @Option(names = "--runners", split = ",", defaultValue = "DirectRunner,FlinkRunner",
        description = "Runners to measure (default DirectRunner,FlinkRunner).")
    List<String> runners;

    @Option(names = {"-j", "--processes"}, defaultValue = "2", description = "Parallelism (default 2).")
    int parallelism;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (quanta <= small || small < 1) {
        throw new IllegalArgumentException("--quanta must exceed --small, and --small must be at least 1");
      }
      PrintWriter out = spec.commandLine().getOut();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String runner : runners) {
        Map<String, Object> smallRun = measure(runner, small);
        Map<String, Object> bigRun = measure(runner, quanta);
        double perQuantum = (double) bigRun.get("run_s") / quanta * 1e3;
        double marginal = ((double) bigRun.get("run_s") - (double) smallRun.get("run_s")) / (quanta - small) * 1e3;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("runner", runner);
        row.put("quanta", quanta);
        row.put("parallelism", parallelism);
        row.put("graph_build_s", bigRun.get("plan_s"));
        row.put("run_s", bigRun.get("run_s"));
        row.put("ms_per_quantum", perQuantum);
        row.put("marginal_ms_per_quantum", marginal);
        row.put("small_run_s", smallRun.get("run_s"));
        rows.add(row);
        if (!json) {
          out.printf("%-12s %5d quanta, -j %d: graph %.2f s, run %.2f s = %.1f ms/quantum (marginal %.1f ms/quantum;"
              + " %d quanta took %.2f s)%n", runner, quanta, parallelism, (double) bigRun.get("plan_s"),
              (double) bigRun.get("run_s"), perQuantum, marginal, small, (double) smallRun.get("run_s"));
          out.flush();
        }
      }
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
      }
      return 0;
    }

    private Map<String, Object> measure(String runner, int n) throws IOException {
      Path dir = Files.createTempDirectory("labelfree-bench-");
      try (Repository repo = Repository.create(dir.resolve("repo"))) {
        DatasetType input = TrivialTask.INPUT.datasetType();
        repo.registry().registerDatasetType(input);
        int detectors = 100;
        for (int i = 0; i < n; i++) {
          DataId id = DataId.of(Map.of("instrument", "Bench", "visit", i / detectors, "detector", i % detectors));
          repo.butler().put(Map.of("value", (long) i), input, id, "bench/input");
        }
        ClassLoader loader = BenchCommand.class.getClassLoader();
        TaskGraph tasks = TaskGraph.build(new PipelineDefinition("bench", "trivial quanta",
            List.of(new TaskEntry("trivial", TrivialTask.class.getName(), Map.of(), Map.of())), List.of(), Map.of()),
            List.of(), loader);
        PipetaskOptions options = new PipetaskOptions(List.of("bench/input"), "bench/out", null, "", false, false,
            runner, "[local]", parallelism, Map.of());
        long t0 = System.nanoTime();
        Pipetask.Plan plan = Pipetask.plan(repo, tasks, options,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        long t1 = System.nanoTime();
        Pipetask.Result result = Pipetask.run(repo, plan, options, null);
        long t2 = System.nanoTime();
        if (!result.report().ok() || result.report().total() != n) {
          throw new IllegalStateException("benchmark run did not succeed: " + result.report());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan_s", (t1 - t0) * 1e-9);
        m.put("run_s", (t2 - t1) * 1e-9);
        return m;
      } finally {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
