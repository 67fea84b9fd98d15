package org.labelfree.workflows.tasks;

import org.labelfree.diffim.WarpConfig;

/**
 * Configuration of {@link GetTemplateTask}.
 *
 * @param lanczosOrder          order of the Lanczos warping kernel (default 3)
 * @param interpolationLength   the exact WCS mapping is computed every this many pixels and interpolated in between
 *                              (default 32)
 * @param maxPixelScaleRatio    templates whose pixel scale differs from the visit's by more than this factor are
 *                              refused as bad data (default 2)
 * @param minCoveredFraction    the quantum fails as unprocessable when the stitched template covers less than this
 *                              fraction of the detector (default 0.2); uncovered pixels are NO_DATA
 */
public record GetTemplateConfig(int lanczosOrder, int interpolationLength, double maxPixelScaleRatio,
    double minCoveredFraction) {

  /** Validates. */
  public GetTemplateConfig {
    if (lanczosOrder < 1 || lanczosOrder > 5) {
      throw new IllegalArgumentException("lanczos_order is " + lanczosOrder + "; expected 1 to 5");
    }
    if (interpolationLength < 1) {
      throw new IllegalArgumentException("interpolation_length is " + interpolationLength + "; expected >= 1");
    }
    if (!(maxPixelScaleRatio >= 1)) {
      throw new IllegalArgumentException("max_pixel_scale_ratio is " + maxPixelScaleRatio + "; expected >= 1");
    }
    if (!(minCoveredFraction >= 0 && minCoveredFraction <= 1)) {
      throw new IllegalArgumentException("min_covered_fraction is " + minCoveredFraction + "; expected [0, 1]");
    }
  }

  /** The defaults listed above. */
  public static GetTemplateConfig defaults() {
    WarpConfig w = WarpConfig.defaults();
    return new GetTemplateConfig(w.lanczosOrder(), w.interpolationLength(), w.maxPixelScaleRatio(), 0.2);
  }

  /** The warping settings these values give. */
  WarpConfig warp() {
    return new WarpConfig(lanczosOrder, interpolationLength, maxPixelScaleRatio, WarpConfig.defaults().growMaskPlanes());
  }
}
