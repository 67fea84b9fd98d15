package org.labelfree.labeling.dataset;

import java.util.Objects;

/**
 * How {@link TrainingDatasets#collect} splits and filters.
 *
 * @param split      the split (default {@code visit:0.7,0.15,0.15})
 * @param seed       the shuffle seed (default 1)
 * @param excludeSnr stamps with an S/N in this range are left out; null (the default) for none
 */
public record DatasetOptions(SplitSpec split, long seed, SnrRange excludeSnr) {
  /** Checks the split is given. */
  public DatasetOptions {
    Objects.requireNonNull(split, "split");
  }

  /** {@code visit:0.7,0.15,0.15}, seed 1, nothing excluded. */
  public static DatasetOptions defaults() {
    return new DatasetOptions(SplitSpec.defaults(), 1L, null);
  }
}
