package org.labelfree.detect;

import java.util.Objects;

/**
 * Configuration of {@link DetectAndMeasure#run}.
 *
 * @param thresholdSigma          detection threshold on the matched-filter S/N map, standard deviations (> 0;
 *                                default 5)
 * @param polarity                which signs to detect (not null; default {@link Polarity#POSITIVE})
 * @param subtractBackground      estimate and subtract a {@link Background} first (default true; false for
 *                                difference images)
 * @param background              the background configuration, also used for the rms when the variance plane is
 *                                not usable (not null; default {@link BackgroundConfig#defaults()})
 * @param minPixels               smallest number of above-threshold pixels of a detection (>= 1; default 5)
 * @param growSigmas              footprints are grown by this many PSF sigmas (>= 0; default 2.4)
 * @param kronFactor              Kron aperture in units of the Kron radius (> 0; default 2.5)
 * @param minKronRadius           smallest Kron aperture radius, circularised pixels (>= 0; default 3.5)
 * @param apertureRadius          radius of the circular aperture flux, pixels (> 0; default 5)
 * @param extendednessRatio       a source is extended when psfFlux / kronFlux is below this (> 0; default 0.985)
 * @param useVarianceForThreshold build the S/N map from the variance plane (default true); false, or a variance
 *                                plane that is all zero or NaN, uses the square of {@link Background#rms()}
 */
public record DetectAndMeasureConfig(double thresholdSigma, Polarity polarity, boolean subtractBackground,
                                     BackgroundConfig background, int minPixels, double growSigmas,
                                     double kronFactor, double minKronRadius, double apertureRadius,
                                     double extendednessRatio, boolean useVarianceForThreshold) {
  public DetectAndMeasureConfig {
    Objects.requireNonNull(polarity, "polarity");
    Objects.requireNonNull(background, "background");
    if (!(thresholdSigma > 0 && thresholdSigma < 1e6)) {
      throw new IllegalArgumentException("thresholdSigma must be in (0, 1e6), but was " + thresholdSigma);
    }
    if (minPixels < 1) {
      throw new IllegalArgumentException("minPixels must be >= 1, but was " + minPixels);
    }
    if (!(growSigmas >= 0 && growSigmas <= 50)) {
      throw new IllegalArgumentException("growSigmas must be in [0, 50], but was " + growSigmas);
    }
    if (!(kronFactor > 0 && kronFactor <= 20)) {
      throw new IllegalArgumentException("kronFactor must be in (0, 20], but was " + kronFactor);
    }
    if (!(minKronRadius >= 0 && minKronRadius <= 1000)) {
      throw new IllegalArgumentException("minKronRadius must be in [0, 1000] pixels, but was " + minKronRadius);
    }
    if (!(apertureRadius > 0 && apertureRadius <= 1000)) {
      throw new IllegalArgumentException("apertureRadius must be in (0, 1000] pixels, but was " + apertureRadius);
    }
    if (!(extendednessRatio > 0 && extendednessRatio < 10)) {
      throw new IllegalArgumentException("extendednessRatio must be in (0, 10), but was " + extendednessRatio);
    }
  }

  /** Single-frame defaults: 5 sigma, positive, background subtracted, LSST's other values. */
  public static DetectAndMeasureConfig defaults() {
    return new DetectAndMeasureConfig(5.0, Polarity.POSITIVE, true, BackgroundConfig.defaults(), 5, 2.4, 2.5, 3.5,
        5.0, 0.985, true);
  }

  /** Difference-image defaults: as {@link #defaults()} with both polarities and no background subtraction. */
  public static DetectAndMeasureConfig forDifference() {
    return defaults().withPolarity(Polarity.BOTH).withSubtractBackground(false);
  }

  /** This configuration with another threshold. */
  public DetectAndMeasureConfig withThresholdSigma(double v) {
    return new DetectAndMeasureConfig(v, polarity, subtractBackground, background, minPixels, growSigmas,
        kronFactor, minKronRadius, apertureRadius, extendednessRatio, useVarianceForThreshold);
  }

  /** This configuration with another polarity. */
  public DetectAndMeasureConfig withPolarity(Polarity v) {
    return new DetectAndMeasureConfig(thresholdSigma, v, subtractBackground, background, minPixels, growSigmas,
        kronFactor, minKronRadius, apertureRadius, extendednessRatio, useVarianceForThreshold);
  }

  /** This configuration with background subtraction on or off. */
  public DetectAndMeasureConfig withSubtractBackground(boolean v) {
    return new DetectAndMeasureConfig(thresholdSigma, polarity, v, background, minPixels, growSigmas,
        kronFactor, minKronRadius, apertureRadius, extendednessRatio, useVarianceForThreshold);
  }

  /** This configuration with another background configuration. */
  public DetectAndMeasureConfig withBackground(BackgroundConfig v) {
    return new DetectAndMeasureConfig(thresholdSigma, polarity, subtractBackground, v, minPixels, growSigmas,
        kronFactor, minKronRadius, apertureRadius, extendednessRatio, useVarianceForThreshold);
  }

  /** This configuration with another smallest Kron radius (pixels). */
  public DetectAndMeasureConfig withMinKronRadius(double v) {
    return new DetectAndMeasureConfig(thresholdSigma, polarity, subtractBackground, background, minPixels,
        growSigmas, kronFactor, v, apertureRadius, extendednessRatio, useVarianceForThreshold);
  }
}
