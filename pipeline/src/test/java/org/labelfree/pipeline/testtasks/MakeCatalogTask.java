package org.labelfree.pipeline.testtasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.List;
import java.util.Set;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;

/** Task A: reads a calexp (a String here), writes a source table (a String). */
public final class MakeCatalogTask implements PipelineTask<MakeCatalogTask.Inputs, MakeCatalogTask.Outputs> {
  /** The calibrated exposure. */
  public static final Connection CALEXP = Connection.input("calexp", "Exposure",
      Set.of(INSTRUMENT, VISIT, DETECTOR), "the calibrated exposure");
  /** The detected sources. */
  public static final Connection SOURCE_TABLE = Connection.output("source_table", "Catalog",
      Set.of(INSTRUMENT, VISIT, DETECTOR), "the detected sources");

  /** Inputs. */
  public record Inputs(String calexp) {}

  /** Outputs. */
  public record Outputs(String sourceTable) {}

  /** How it detects. */
  public enum Mode { FAST, CAREFUL }

  /**
   * Config.
   *
   * @param threshold  detection threshold (sigma, > 0; default 5)
   * @param maxSources most sources kept (>= 1; default 100)
   * @param seed       seed (default 0)
   * @param enabled    run at all (default true)
   * @param mode       mode (default FAST)
   * @param bands      bands (default [g, r])
   * @param weights    weights (default [1.0])
   */
  public record Config(double threshold, int maxSources, long seed, boolean enabled, Mode mode, List<String> bands,
      List<Double> weights) {
    /** Validates. */
    public Config {
      if (!(threshold > 0)) {
        throw new IllegalArgumentException("threshold must be > 0, but was " + threshold);
      }
      if (maxSources < 1) {
        throw new IllegalArgumentException("maxSources must be >= 1, but was " + maxSources);
      }
      bands = List.copyOf(bands);
      weights = List.copyOf(weights);
    }

    /** Defaults. */
    public static Config defaults() {
      return new Config(5.0, 100, 0L, true, Mode.FAST, List.of("g", "r"), List.of(1.0));
    }
  }

  private final Config config;

  /** A task with this config. */
  public MakeCatalogTask(Config config) {
    this.config = config;
  }

  /** Dimensions and connections. */
  public static TaskConnections connections() {
    return TaskConnections.of(Set.of(INSTRUMENT, VISIT, DETECTOR), CALEXP, SOURCE_TABLE);
  }

  @Override
  public Outputs run(Inputs in) {
    return new Outputs("sources(" + in.calexp() + ", " + config.threshold() + ")");
  }
}
