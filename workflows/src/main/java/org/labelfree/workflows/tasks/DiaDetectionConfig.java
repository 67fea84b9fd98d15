package org.labelfree.workflows.tasks;

import org.labelfree.detect.DetectAndMeasureConfig;
import org.labelfree.detect.Polarity;

/**
 * Configuration of {@link DetectAndMeasureTask} (DIA detection on difference images).
 *
 * @param thresholdSigma detection threshold in units of the noise of the PSF-smoothed difference, from its variance
 *                       plane (default 5)
 * @param polarity       which signs to detect: {@code both} (default), {@code positive} or {@code negative}
 * @param minPixels      smallest footprint above threshold, pixels (default as DetectAndMeasureConfig)
 */
public record DiaDetectionConfig(double thresholdSigma, Polarity polarity, int minPixels) {
  /** Validates. */
  public DiaDetectionConfig {
    if (!(thresholdSigma > 0 && thresholdSigma < 1000)) {
      throw new IllegalArgumentException("threshold_sigma is " + thresholdSigma + "; expected (0, 1000)");
    }
    if (polarity == null) {
      throw new IllegalArgumentException("polarity must be both, positive or negative, but was null");
    }
    if (minPixels < 1) {
      throw new IllegalArgumentException("min_pixels is " + minPixels + "; expected >= 1");
    }
  }

  /** The defaults listed above. */
  public static DiaDetectionConfig defaults() {
    DetectAndMeasureConfig d = DetectAndMeasureConfig.forDifference();
    return new DiaDetectionConfig(d.thresholdSigma(), d.polarity(), d.minPixels());
  }

  /** The detection settings these values give (no background subtraction; S/N from the variance plane). */
  DetectAndMeasureConfig detection() {
    DetectAndMeasureConfig d = DetectAndMeasureConfig.forDifference();
    return new DetectAndMeasureConfig(thresholdSigma, polarity, d.subtractBackground(), d.background(), minPixels,
        d.growSigmas(), d.kronFactor(), d.minKronRadius(), d.apertureRadius(), d.extendednessRatio(),
        d.useVarianceForThreshold());
  }
}
