package org.labelfree.sim;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of a {@link SyntheticSurvey}: the survey's layout, observing conditions, detector and templates. The
 * defaults mirror the paper's HSC subset (6 detectors, 8 visits per band in g and r) at LSST's 0.2 arcsec pixels
 * and an LSST-like 30 s visit (5 sigma point-source depth about 24.4 in r at 0.9 arcsec seeing).
 *
 * @param visitsPerBand        visits per band (>= 1; default 8); visits alternate bands night by night
 * @param detectors            detectors of the camera (1-64; default 6), laid out in a grid with 3% gaps
 * @param bands                bands (each one of u g r i z y, no repeats; default g, r)
 * @param size                 detector width and height, pixels (64-8192; default 1024; 4096 = an LSST detector)
 * @param seed                 base seed of every random draw (default 1)
 * @param pixelScale           pixel scale, arcsec per pixel (default 0.2)
 * @param raCentre             field centre right ascension, degrees (default 150.1, the COSMOS field)
 * @param decCentre            field centre declination, degrees (default 2.2)
 * @param mjdStart             MJD (TAI) of the first night (default 60400.0)
 * @param nightSpacing         days between nights (default 4.0)
 * @param exposureTime         exposure time, seconds (default 30)
 * @param seeingMin            best seeing FWHM, arcsec (default 0.5)
 * @param seeingMax            worst seeing FWHM, arcsec (default 1.3)
 * @param betaMin              smallest Moffat beta (default 3.0)
 * @param betaMax              largest Moffat beta (default 4.0)
 * @param psfVariation         largest fractional FWHM change from the detector centre to its edge (default 0.03)
 * @param maxDither            largest pointing offset, as a fraction of a detector side (default 0.1)
 * @param maxRotationDeg       largest rotation of a visit about the boresight, degrees (default 1.0)
 * @param distortion           radial distortion: displacement at the field corner as a fraction of its radius
 *                             (default 0.001: mild, TAN-SIP of order 3)
 * @param maxExtinction        largest loss of transparency, magnitudes (default 0.3; drawn uniform per visit)
 * @param skyGradient          largest fractional change of the sky level across a detector (default 0.05)
 * @param gain                 mean detector gain, electrons per ADU (default 1.2; detectors within +/-8%)
 * @param readNoise            read noise, electrons (default 6)
 * @param adcMax               ADC ceiling, ADU (default 65535)
 * @param templateSeeing       FWHM of the template coadds, arcsec (default 0.6)
 * @param templateBeta         Moffat beta of the template coadds (default 3.5)
 * @param templateNoiseFactor  template noise lower than a median visit's by this factor (> 1; default 3, a
 *                             nine-visit coadd)
 * @param patchSize            inner patch size, pixels (default: twice the detector size, between 1000 and 4000)
 * @param patchOverlap         patch overlap beyond the inner region, pixels (default 100, as LSST)
 * @param depthMargin          galaxies and stars are drawn to this many magnitudes below the 5-sigma depth of a
 *                             median visit (default 1.5)
 * @param renderFloorSigma     sources are drawn out to where they add less than this fraction of the sky noise per
 *                             pixel (default 0.01)
 * @param sky                  the static sky (counts, shapes, colours); its faint limits are reset from the depth
 * @param transients           the true transients
 * @param artefacts            the detector artefacts
 */
public record SurveyConfig(int visitsPerBand, int detectors, List<String> bands, int size, long seed,
    double pixelScale, double raCentre, double decCentre, double mjdStart, double nightSpacing, double exposureTime,
    double seeingMin, double seeingMax, double betaMin, double betaMax, double psfVariation, double maxDither,
    double maxRotationDeg, double distortion, double maxExtinction, double skyGradient, double gain, double readNoise,
    double adcMax, double templateSeeing, double templateBeta, double templateNoiseFactor, int patchSize,
    int patchOverlap, double depthMargin, double renderFloorSigma, SkyConfig sky, TransientConfig transients,
    ArtefactConfig artefacts) {

  /** The bands this survey knows: zero point and sky brightness per band. */
  static final List<String> KNOWN_BANDS = List.of("u", "g", "r", "i", "z", "y");

  /** Validates every field; messages name the parameter, its value and the valid range. */
  public SurveyConfig {
    bands = List.copyOf(Objects.requireNonNull(bands, "bands"));
    if (bands.isEmpty() || Set.copyOf(bands).size() != bands.size()) {
      throw new IllegalArgumentException("bands must be non-empty and distinct, but were " + bands);
    }
    for (String b : bands) {
      if (!KNOWN_BANDS.contains(b)) {
        throw new IllegalArgumentException("band must be one of " + KNOWN_BANDS + ", but was '" + b + "'");
      }
    }
    range("visitsPerBand", visitsPerBand, 1, 1000);
    range("detectors", detectors, 1, 64);
    range("size", size, 64, 8192);
    range("pixelScale", pixelScale, 0.01, 5.0);
    range("raCentre", raCentre, 0.0, 360.0);
    range("decCentre", decCentre, -80.0, 80.0);
    range("mjdStart", mjdStart, 0.0, 1.0e6);
    range("nightSpacing", nightSpacing, 0.0, 365.0);
    range("exposureTime", exposureTime, 0.1, 3600.0);
    range("seeingMin", seeingMin, 0.2, 5.0);
    range("seeingMax", seeingMax, seeingMin, 5.0);
    range("betaMin", betaMin, 1.5, 10.0);
    range("betaMax", betaMax, betaMin, 10.0);
    range("psfVariation", psfVariation, 0.0, 0.2);
    range("maxDither", maxDither, 0.0, 1.0);
    range("maxRotationDeg", maxRotationDeg, 0.0, 180.0);
    range("distortion", distortion, 0.0, 0.01);
    range("maxExtinction", maxExtinction, 0.0, 3.0);
    range("skyGradient", skyGradient, 0.0, 0.5);
    range("gain", gain, 0.1, 20.0);
    range("readNoise", readNoise, 0.0, 100.0);
    range("adcMax", adcMax, 1000.0, 1.0e9);
    range("templateSeeing", templateSeeing, 0.2, 5.0);
    range("templateBeta", templateBeta, 1.5, 10.0);
    range("templateNoiseFactor", templateNoiseFactor, 1.0, 100.0);
    range("patchSize", patchSize, 100, 20000);
    range("patchOverlap", patchOverlap, 0, patchSize / 2);
    range("depthMargin", depthMargin, 0.0, 5.0);
    range("renderFloorSigma", renderFloorSigma, 1.0e-6, 1.0);
    Objects.requireNonNull(sky, "sky");
    Objects.requireNonNull(transients, "transients");
    Objects.requireNonNull(artefacts, "artefacts");
  }

  /** The defaults with the given layout: visits per band, detectors, bands, detector size and seed. */
  public static SurveyConfig of(int visitsPerBand, int detectors, List<String> bands, int size, long seed) {
    return new SurveyConfig(visitsPerBand, detectors, bands, size, seed, 0.2, 150.1, 2.2, 60400.0, 4.0, 30.0,
        0.5, 1.3, 3.0, 4.0, 0.03, 0.1, 1.0, 0.001, 0.3, 0.05, 1.2, 6.0, 65535.0, 0.6, 3.5, 3.0,
        Math.max(1000, Math.min(4000, 2 * size)), 100, 1.5, 0.01, SkyConfig.defaults(), TransientConfig.defaults(),
        ArtefactConfig.defaults());
  }

  /** The defaults: 8 visits per band, 6 detectors, g and r, 1024 x 1024 pixels, seed 1. */
  public static SurveyConfig defaults() {
    return of(8, 6, List.of("g", "r"), 1024, 1);
  }

  /** A copy with another template noise factor. */
  public SurveyConfig withTemplateNoiseFactor(double factor) {
    return new SurveyConfig(visitsPerBand, detectors, bands, size, seed, pixelScale, raCentre, decCentre, mjdStart,
        nightSpacing, exposureTime, seeingMin, seeingMax, betaMin, betaMax, psfVariation, maxDither, maxRotationDeg,
        distortion, maxExtinction, skyGradient, gain, readNoise, adcMax, templateSeeing, templateBeta, factor,
        patchSize, patchOverlap, depthMargin, renderFloorSigma, sky, transients, artefacts);
  }

  /** A copy with other transient rates. */
  public SurveyConfig withTransients(TransientConfig newTransients) {
    return new SurveyConfig(visitsPerBand, detectors, bands, size, seed, pixelScale, raCentre, decCentre, mjdStart,
        nightSpacing, exposureTime, seeingMin, seeingMax, betaMin, betaMax, psfVariation, maxDither, maxRotationDeg,
        distortion, maxExtinction, skyGradient, gain, readNoise, adcMax, templateSeeing, templateBeta,
        templateNoiseFactor, patchSize, patchOverlap, depthMargin, renderFloorSigma, sky, newTransients, artefacts);
  }

  /** A copy with other artefact rates. */
  public SurveyConfig withArtefacts(ArtefactConfig newArtefacts) {
    return new SurveyConfig(visitsPerBand, detectors, bands, size, seed, pixelScale, raCentre, decCentre, mjdStart,
        nightSpacing, exposureTime, seeingMin, seeingMax, betaMin, betaMax, psfVariation, maxDither, maxRotationDeg,
        distortion, maxExtinction, skyGradient, gain, readNoise, adcMax, templateSeeing, templateBeta,
        templateNoiseFactor, patchSize, patchOverlap, depthMargin, renderFloorSigma, sky, transients, newArtefacts);
  }

  /** Zero point of the band for one electron in one second at the top of the atmosphere (AB; LSST-like). */
  static double zeroPointElectronsPerSecond(String band) {
    switch (band.toLowerCase(Locale.ROOT)) {
      case "u": return 26.5;
      case "g": return 28.3;
      case "r": return 28.1;
      case "i": return 27.8;
      case "z": return 27.4;
      case "y": return 26.6;
      default: throw new IllegalArgumentException("unknown band '" + band + "'");
    }
  }

  /** Dark-sky surface brightness of the band, AB mag per square arcsec (LSST-like). */
  static double skyBrightness(String band) {
    switch (band.toLowerCase(Locale.ROOT)) {
      case "u": return 22.9;
      case "g": return 22.3;
      case "r": return 21.2;
      case "i": return 20.5;
      case "z": return 19.6;
      case "y": return 18.6;
      default: throw new IllegalArgumentException("unknown band '" + band + "'");
    }
  }

  private static void range(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], but was " + value);
    }
  }
}
