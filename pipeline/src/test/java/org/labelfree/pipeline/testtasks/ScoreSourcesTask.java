package org.labelfree.pipeline.testtasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.Set;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;

/** Task B: scores the source table of A with a prerequisite model; an optional mask input. */
public final class ScoreSourcesTask implements PipelineTask<ScoreSourcesTask.Inputs, ScoreSourcesTask.Outputs> {
  /** Input from A. */
  public static final Connection SOURCE_TABLE = Connection.input("source_table", "Catalog",
      Set.of(INSTRUMENT, VISIT, DETECTOR), "the detected sources");
  /** Prerequisite. */
  public static final Connection MODEL_WEIGHTS = Connection.prerequisite("model_weights", "Json",
      Set.of(INSTRUMENT), "the scoring weights");
  /** Optional. */
  public static final Connection BAD_PIXELS = Connection.input("bad_pixels", "Catalog",
      Set.of(INSTRUMENT, DETECTOR), "known bad pixels").asOptional();
  /** Output. */
  public static final Connection SCORES = Connection.output("scores", "Catalog",
      Set.of(INSTRUMENT, VISIT, DETECTOR), "the source scores");

  /** Inputs. */
  public record Inputs(String sourceTable, Integer modelWeights, String badPixels) {}

  /** Outputs. */
  public record Outputs(String scores) {}

  /**
   * Config.
   *
   * @param minScore lowest score (default 0)
   * @param maxScore highest score (> minScore; default 1)
   */
  public record Config(double minScore, double maxScore) {
    /** Validates. */
    public Config {
      if (!(minScore < maxScore)) {
        throw new IllegalArgumentException("minScore must be < maxScore, but was " + minScore + " >= " + maxScore);
      }
    }

    /** Defaults. */
    public static Config defaults() {
      return new Config(0.0, 1.0);
    }
  }

  private final Config config;

  /** A task with this config. */
  public ScoreSourcesTask(Config config) {
    this.config = config;
  }

  /** Dimensions and connections. */
  public static TaskConnections connections() {
    return TaskConnections.of(Set.of(INSTRUMENT, VISIT, DETECTOR), SOURCE_TABLE, MODEL_WEIGHTS, BAD_PIXELS, SCORES);
  }

  @Override
  public Outputs run(Inputs in) {
    return new Outputs("scores(" + in.sourceTable() + ", w=" + in.modelWeights() + ", bad=" + in.badPixels() + ", "
        + config.maxScore() + ")");
  }
}
