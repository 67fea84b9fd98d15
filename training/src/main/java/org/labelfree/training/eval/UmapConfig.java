package org.labelfree.training.eval;

/**
 * Configuration of {@link Umap}.
 *
 * @param nNeighbors size of the local neighbourhood, the point itself included as in umap-learn ({@code >= 2};
 *                   default 15); fewer points than this use all of them
 * @param minDist    the smallest distance between embedded points, which sets the curve parameters a and b
 *                   ({@code [0, 3)}; default 0.1; spread is fixed at 1)
 * @param epochs     SGD epochs ({@code >= 1}; default 200)
 * @param seed       seed of the negative sampling, the random fall-backs and the subset (default 1)
 * @param maxPoints  above this many points a seeded random subset of this size is embedded ({@code >= 2}; default
 *                   5000; brute-force neighbours cost {@code O(n^2 dim)})
 */
public record UmapConfig(int nNeighbors, double minDist, int epochs, long seed, int maxPoints) {

  /** Validates the fields; throws {@link IllegalArgumentException} naming the parameter and its range. */
  public UmapConfig {
    if (nNeighbors < 2) {
      throw new IllegalArgumentException("nNeighbors must be >= 2, but was " + nNeighbors);
    }
    if (!(minDist >= 0 && minDist < 3)) {
      throw new IllegalArgumentException("minDist must be in [0, 3), but was " + minDist);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, but was " + epochs);
    }
    if (maxPoints < 2) {
      throw new IllegalArgumentException("maxPoints must be >= 2, but was " + maxPoints);
    }
  }

  /** The defaults: 15 neighbours, minDist 0.1, 200 epochs, seed 1, at most 5000 points. */
  public static UmapConfig defaults() {
    return new UmapConfig(15, 0.1, 200, 1L, 5000);
  }
}
