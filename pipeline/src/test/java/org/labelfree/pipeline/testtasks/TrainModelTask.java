package org.labelfree.pipeline.testtasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.List;
import java.util.Set;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;

/** Task C: a gather of all scores of an instrument into one model. */
public final class TrainModelTask implements PipelineTask<TrainModelTask.Inputs, TrainModelTask.Outputs> {
  /** All scores. */
  public static final Connection SCORES = Connection.input("scores", "Catalog",
      Set.of(INSTRUMENT, VISIT, DETECTOR), "the source scores of every visit and detector").asMultiple();
  /** The model. */
  public static final Connection MODEL = Connection.output("model", "Json", Set.of(INSTRUMENT), "the trained model");

  /** Inputs. */
  public record Inputs(List<String> scores) {}

  /** Outputs. */
  public record Outputs(String model) {}

  /**
   * Config.
   *
   * @param epochs training epochs (>= 1; default 3)
   */
  public record Config(int epochs) {
    /** Validates. */
    public Config {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be >= 1, but was " + epochs);
      }
    }

    /** Defaults. */
    public static Config defaults() {
      return new Config(3);
    }
  }

  private final Config config;

  /** A task with this config. */
  public TrainModelTask(Config config) {
    this.config = config;
  }

  /** Dimensions and connections. */
  public static TaskConnections connections() {
    return TaskConnections.of(Set.of(INSTRUMENT), SCORES, MODEL);
  }

  @Override
  public Outputs run(Inputs in) {
    return new Outputs("model(" + in.scores().size() + " shards, " + config.epochs() + " epochs)");
  }
}
