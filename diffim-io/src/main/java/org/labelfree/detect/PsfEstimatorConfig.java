package org.labelfree.detect;

/**
 * Configuration of {@link PsfEstimator}.
 *
 * @param minSnr        candidates need a signal-to-noise ratio above this (> 0; default 50)
 * @param isolationFwhm a star is isolated when no other candidate lies within this many FWHM of it (>= 0;
 *                      default 3)
 * @param spatialOrder  total degree of the polynomial spatial variation over the image (0 to 6; default 2)
 * @param kernelSize    side of the PSF model in pixels: odd, 3 to 255, or 0 for automatic, {@code 2 ceil(3 FWHM) + 1}
 *                      clipped to [15, 51] with the FWHM from the stellar locus (default 0)
 * @param maxStars      at most this many stars are fitted, spread over the image, brightest first in each cell
 *                      (>= 1; default 300)
 * @param clipSigma     stars whose chi^2 per pixel exceeds the median by more than this many robust sigma are
 *                      rejected; also the half-width of the stellar locus in robust sigma (> 0; default 3)
 * @param minStars      stars needed per spatial term: the fit needs {@code minStars * termCount} stars, e.g. 18 for
 *                      order 2 (>= 1; default 3)
 */
public record PsfEstimatorConfig(double minSnr, double isolationFwhm, int spatialOrder, int kernelSize, int maxStars,
                                 double clipSigma, int minStars) {
  public PsfEstimatorConfig {
    if (!(minSnr > 0 && minSnr < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("minSnr must be finite and > 0, but was " + minSnr);
    }
    if (!(isolationFwhm >= 0 && isolationFwhm <= 100)) {
      throw new IllegalArgumentException("isolationFwhm must be in [0, 100], but was " + isolationFwhm);
    }
    if (spatialOrder < 0 || spatialOrder > 6) {
      throw new IllegalArgumentException("spatialOrder must be in [0, 6], but was " + spatialOrder);
    }
    if (kernelSize != 0 && (kernelSize < 3 || kernelSize > 255 || kernelSize % 2 == 0)) {
      throw new IllegalArgumentException("kernelSize must be 0 (automatic) or odd in [3, 255], but was " + kernelSize);
    }
    if (maxStars < 1) {
      throw new IllegalArgumentException("maxStars must be >= 1, but was " + maxStars);
    }
    if (!(clipSigma > 0 && clipSigma < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("clipSigma must be finite and > 0, but was " + clipSigma);
    }
    if (minStars < 1) {
      throw new IllegalArgumentException("minStars must be >= 1, but was " + minStars);
    }
  }

  /** S/N > 50, isolation 3 FWHM, spatial order 2, automatic kernel size, 300 stars, 3-sigma clip, 3 stars per term. */
  public static PsfEstimatorConfig defaults() {
    return new PsfEstimatorConfig(50, 3, 2, 0, 300, 3, 3);
  }

  /** This configuration with another spatial order. */
  public PsfEstimatorConfig withSpatialOrder(int order) {
    return new PsfEstimatorConfig(minSnr, isolationFwhm, order, kernelSize, maxStars, clipSigma, minStars);
  }

  /** The number of stars the fit needs: {@code minStars} times the number of spatial terms. */
  public int starsNeeded() {
    return minStars * (spatialOrder + 1) * (spatialOrder + 2) / 2;
  }
}
