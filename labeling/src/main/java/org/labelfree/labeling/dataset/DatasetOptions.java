package org.labelfree.labeling.dataset;

import java.util.Objects;

/**
 * How {@link TrainingDatasets#collect} splits and filters.
 *
 * @param split         the split (default {@code visit:0.7,0.15,0.15})
 * @param seed          the shuffle seed (default 1)
 * @param excludeSnr    stamps with an S/N in this range are left out; null (the default) for none
 * @param keepAmbiguous keep the stamps of ambiguous matches ({@code StampFlags.AMBIGUOUS_MASK} or
 *                      {@code MULTIPLE_FAKES}); false (the default) leaves them out of the training set
 */
public record DatasetOptions(SplitSpec split, long seed, SnrRange excludeSnr, boolean keepAmbiguous) {
  /** Checks the split is given. */
  public DatasetOptions {
    Objects.requireNonNull(split, "split");
  }

  /** As the canonical constructor, leaving ambiguous matches out. */
  public DatasetOptions(SplitSpec split, long seed, SnrRange excludeSnr) {
    this(split, seed, excludeSnr, false);
  }

  /** {@code visit:0.7,0.15,0.15}, seed 1, no S/N range excluded, ambiguous matches left out. */
  public static DatasetOptions defaults() {
    return new DatasetOptions(SplitSpec.defaults(), 1L, null, false);
  }
}
