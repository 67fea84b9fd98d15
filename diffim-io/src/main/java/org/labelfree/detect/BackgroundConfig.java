package org.labelfree.detect;

/**
 * Configuration of {@link Background#estimate}.
 *
 * @param binSize        side of one mesh cell, pixels (>= 8; default 128)
 * @param clipSigma      half-width of the clipping interval around the median, in standard deviations (> 0;
 *                       default 3)
 * @param clipIterations number of clipping iterations per cell (1-20; default 3)
 * @param medianFilter   side of the median filter applied to the cell values, cells (odd, >= 1; 1 disables it;
 *                       default 3)
 */
public record BackgroundConfig(int binSize, double clipSigma, int clipIterations, int medianFilter) {
  public BackgroundConfig {
    if (binSize < 8) {
      throw new IllegalArgumentException("binSize must be >= 8 pixels, but was " + binSize);
    }
    if (!(clipSigma > 0 && clipSigma < 100)) {
      throw new IllegalArgumentException("clipSigma must be in (0, 100), but was " + clipSigma);
    }
    if (clipIterations < 1 || clipIterations > 20) {
      throw new IllegalArgumentException("clipIterations must be in [1, 20], but was " + clipIterations);
    }
    if (medianFilter < 1 || medianFilter % 2 == 0) {
      throw new IllegalArgumentException("medianFilter must be odd and >= 1 cells, but was " + medianFilter);
    }
  }

  /** 128-pixel cells, 3-sigma clipping with 3 iterations, a 3x3 median filter. */
  public static BackgroundConfig defaults() {
    return new BackgroundConfig(128, 3.0, 3, 3);
  }
}
