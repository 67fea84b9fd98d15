package org.labelfree.pipeline.beam;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The options of {@code pipetask qgraph|run}, as Gen3 names them.
 *
 * @param inputs       {@code -i}: input collections (search path), not empty
 * @param output       {@code -o}: the output CHAINED collection, or null for none (then {@code outputRun} is
 *                     required)
 * @param outputRun    {@code --output-run}: the RUN to write to, or null for {@code <output>/<UTC timestamp>}
 * @param where        {@code -d}: data-ID expression, empty for all
 * @param skipExisting {@code --skip-existing}: leave out quanta whose outputs and metadata exist in the output
 *                     collection (or run)
 * @param extendRun    {@code --extend-run}: write into the RUN that heads the existing output chain instead of a
 *                     new one (to resume an interrupted run; use with {@code skipExisting})
 * @param runner       {@code --runner}: {@code DirectRunner} or {@code FlinkRunner}
 * @param flinkMaster  {@code --flink-master}: {@code [local]} (embedded Flink) or {@code HOST:PORT}
 * @param parallelism  {@code -j}: number of quanta run at once (at least 1)
 * @param versions     software versions recorded in every quantum's metadata
 */
public record PipetaskOptions(List<String> inputs, String output, String outputRun, String where,
    boolean skipExisting, boolean extendRun, String runner, String flinkMaster, int parallelism,
    Map<String, String> versions) {

  /** The runner names accepted. */
  public static final List<String> RUNNERS = List.of("DirectRunner", "FlinkRunner");

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException naming the option for missing inputs, neither {@code -o} nor {@code
   *                                  --output-run}, {@code --extend-run} without {@code -o} or with {@code
   *                                  --output-run}, an unknown runner, or {@code -j} below 1
   */
  public PipetaskOptions {
    inputs = List.copyOf(inputs);
    where = where == null ? "" : where;
    versions = Map.copyOf(versions);
    Objects.requireNonNull(runner, "runner");
    flinkMaster = flinkMaster == null ? "[local]" : flinkMaster;
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("-i/--input: at least one input collection is needed");
    }
    if (output == null && outputRun == null) {
      throw new IllegalArgumentException("-o/--output or --output-run is needed");
    }
    if (extendRun && (output == null || outputRun != null)) {
      throw new IllegalArgumentException("--extend-run needs -o/--output and no --output-run: it writes into the"
          + " run that heads the output chain");
    }
    if (!RUNNERS.contains(runner)) {
      throw new IllegalArgumentException("--runner: '" + org.labelfree.pipeline.Messages.sanitize(runner)
          + "' is not one of " + RUNNERS);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("-j: parallelism must be at least 1, got " + parallelism);
    }
  }

  /** Defaults for tests and programs: DirectRunner, embedded Flink master, parallelism 1, nothing skipped. */
  public static PipetaskOptions of(List<String> inputs, String output, String outputRun) {
    return new PipetaskOptions(inputs, output, outputRun, "", false, false, "DirectRunner", "[local]", 1, Map.of());
  }

  /** A copy with another runner. */
  public PipetaskOptions withRunner(String newRunner) {
    return new PipetaskOptions(inputs, output, outputRun, where, skipExisting, extendRun, newRunner, flinkMaster,
        parallelism, versions);
  }

  /** A copy with another {@code where}. */
  public PipetaskOptions withWhere(String newWhere) {
    return new PipetaskOptions(inputs, output, outputRun, newWhere, skipExisting, extendRun, runner, flinkMaster,
        parallelism, versions);
  }

  /** A copy with {@code --skip-existing} and {@code --extend-run} set as given. */
  public PipetaskOptions withResume(boolean skip, boolean extend) {
    return new PipetaskOptions(inputs, output, outputRun, where, skip, extend, runner, flinkMaster, parallelism,
        versions);
  }

  /** A copy with another parallelism. */
  public PipetaskOptions withParallelism(int n) {
    return new PipetaskOptions(inputs, output, outputRun, where, skipExisting, extendRun, runner, flinkMaster, n,
        versions);
  }
}
