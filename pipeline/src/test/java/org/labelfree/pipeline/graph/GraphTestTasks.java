package org.labelfree.pipeline.graph;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.Set;
import org.labelfree.pipeline.beam.ToyTasks;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;

/** Extra test tasks for the quantum graph builder's tests (the toy pipeline's tasks are in {@link ToyTasks}). */
public final class GraphTestTasks {
  private GraphTestTasks() {}

  /**
   * A task of dimensions (instrument, visit, detector) whose only input is visit-level: nothing says which
   * detectors it runs on, so the graph builder must refuse it.
   */
  public static final class SpreadVisitTask implements PipelineTask<SpreadVisitTask.Inputs, SpreadVisitTask.Outputs> {
    static final Connection VISIT_TEXT = Connection.input("visit_text", ToyTasks.TEXT, Set.of(INSTRUMENT, VISIT),
        "a visit's text");
    static final Connection SPREAD = Connection.output("spread_text", ToyTasks.TEXT,
        Set.of(INSTRUMENT, VISIT, DETECTOR), "the visit's text per detector");

    /** Inputs. */
    public record Inputs(String visitText) {}

    /** Outputs. */
    public record Outputs(String spreadText) {}

    /** Config (nothing to configure). */
    public record Config() {
      /** Defaults. */
      public static Config defaults() {
        return new Config();
      }
    }

    /** With a config. */
    public SpreadVisitTask(Config config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT, DETECTOR), VISIT_TEXT, SPREAD);
    }

    @Override
    public Outputs run(Inputs in) {
      return new Outputs(in.visitText());
    }
  }
}
