package org.labelfree.workflows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;

/**
 * A task that does nearly nothing (adds one to a number), so that a run of many of its quanta measures the
 * framework's overhead per quantum: registry lookups, datastore reads and writes, metadata, Beam scheduling.
 */
public final class TrivialTask implements PipelineTask<TrivialTask.Inputs, TrivialTask.Outputs> {
  static final Set<Dimension> DIMENSIONS = Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR);
  /** A tiny JSON input. */
  public static final Connection INPUT = Connection.input("bench_input", "Json", DIMENSIONS, "a number");
  /** A tiny JSON output. */
  public static final Connection OUTPUT = Connection.output("bench_output", "Json", DIMENSIONS, "the number + 1");

  /** Inputs. */
  public record Inputs(JsonNode benchInput) {}

  /** Outputs. */
  public record Outputs(Map<String, Long> benchOutput) {}

  /** Config: nothing to configure. */
  public record Config() {
    /** The defaults. */
    public static Config defaults() {
      return new Config();
    }
  }

  /** A task (the config has nothing in it). */
  public TrivialTask(Config config) {}

  /** Dimensions and connections. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, INPUT, OUTPUT);
  }

  @Override
  public Outputs run(Inputs in) {
    return new Outputs(Map.of("value", in.benchInput().path("value").asLong() + 1));
  }
}
