package org.labelfree.workflows.tasks;

import org.labelfree.detect.BackgroundConfig;
import org.labelfree.detect.DetectAndMeasureConfig;
import org.labelfree.detect.Polarity;
import org.labelfree.detect.PsfEstimatorConfig;

/**
 * Configuration of {@link CharacterizeTask}.
 *
 * @param thresholdSigma     detection threshold in units of the noise of the PSF-smoothed image (default 5)
 * @param initialFwhmArcsec  FWHM of the Gaussian PSF used for the first detection pass when the calexp carries no
 *                           PSF, arcsec (default 1.0; converted with the WCS pixel scale, 0.2"/px without a WCS)
 * @param backgroundBinSize  background mesh cell size in pixels (default 128)
 * @param psfMinSnr          PSF stars need psfFlux / psfFluxErr above this (default 50)
 * @param psfSpatialOrder    order of the PSF model's spatial polynomial across the detector (default 2)
 * @param psfMaxStars        at most this many PSF stars, spread over the detector (default 300)
 * @param psfIsolationFwhm   a PSF star has no other detection within this many FWHM (default 3)
 */
public record CharacterizeConfig(double thresholdSigma, double initialFwhmArcsec, int backgroundBinSize,
    double psfMinSnr, int psfSpatialOrder, int psfMaxStars, double psfIsolationFwhm) {

  /** Validates. */
  public CharacterizeConfig {
    if (!(thresholdSigma > 0 && thresholdSigma < 1000)) {
      throw new IllegalArgumentException("threshold_sigma is " + thresholdSigma + "; expected (0, 1000)");
    }
    if (!(initialFwhmArcsec > 0 && initialFwhmArcsec < 30)) {
      throw new IllegalArgumentException("initial_fwhm_arcsec is " + initialFwhmArcsec + "; expected (0, 30)");
    }
    if (backgroundBinSize < 8) {
      throw new IllegalArgumentException("background_bin_size is " + backgroundBinSize + "; expected >= 8");
    }
    if (!(psfMinSnr > 0)) {
      throw new IllegalArgumentException("psf_min_snr is " + psfMinSnr + "; expected > 0");
    }
    if (psfSpatialOrder < 0 || psfSpatialOrder > 4) {
      throw new IllegalArgumentException("psf_spatial_order is " + psfSpatialOrder + "; expected 0 to 4");
    }
    if (psfMaxStars < 1) {
      throw new IllegalArgumentException("psf_max_stars is " + psfMaxStars + "; expected >= 1");
    }
    if (!(psfIsolationFwhm >= 0)) {
      throw new IllegalArgumentException("psf_isolation_fwhm is " + psfIsolationFwhm + "; expected >= 0");
    }
  }

  /** The defaults listed above. */
  public static CharacterizeConfig defaults() {
    PsfEstimatorConfig p = PsfEstimatorConfig.defaults();
    return new CharacterizeConfig(5.0, 1.0, 128, p.minSnr(), p.spatialOrder(), p.maxStars(), p.isolationFwhm());
  }

  /** The detection and measurement settings these values give (positive sources, background subtracted). */
  DetectAndMeasureConfig detection() {
    DetectAndMeasureConfig d = DetectAndMeasureConfig.defaults();
    BackgroundConfig b = d.background();
    return new DetectAndMeasureConfig(thresholdSigma, Polarity.POSITIVE, true,
        new BackgroundConfig(backgroundBinSize, b.clipSigma(), b.clipIterations(), b.medianFilter()), d.minPixels(),
        d.growSigmas(), d.kronFactor(), d.minKronRadius(), d.apertureRadius(), d.extendednessRatio(),
        d.useVarianceForThreshold());
  }

  /** The PSF estimator settings these values give. */
  PsfEstimatorConfig psf() {
    PsfEstimatorConfig p = PsfEstimatorConfig.defaults();
    return new PsfEstimatorConfig(psfMinSnr, psfIsolationFwhm, psfSpatialOrder, p.kernelSize(), psfMaxStars,
        p.clipSigma(), p.minStars());
  }
}
