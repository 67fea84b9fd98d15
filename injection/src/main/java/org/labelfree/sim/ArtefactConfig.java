package org.labelfree.sim;

/**
 * Rates and strengths of the artefacts rendered by {@link Artefacts}. Immutable value.
 *
 * @param cosmicRaysPerMegapixel mean number of cosmic-ray tracks per 10^6 pixels per visit (Poisson; >= 0; default 60)
 * @param crMaskCompleteness     fraction of the findable cosmic rays that the finder masks CR (0-1; default 0.9)
 * @param crFindableSigma        a cosmic ray is findable only if its brightest pixel exceeds this many sky sigmas
 *                               (>= 0; default 6)
 * @param hotPixelsPerMegapixel  mean number of hot pixels per 10^6 pixels of a detector (Poisson; >= 0; default 20)
 * @param knownHotPixelFraction  fraction of hot pixels in the defect list, hence masked BAD (0-1; default 0.8)
 * @param badColumnsPerDetector  mean number of bad columns per detector (Poisson; >= 0; default 1.0); bad columns are
 *                               always in the defect list
 * @param satelliteTrailRate     mean number of satellite trails per visit-detector (Poisson; >= 0; default 0.08)
 * @param fullWellElectrons      full-well capacity of a pixel (electrons, > 0; default 100000)
 * @param spikeFluxFraction      fraction of a saturated star's flux in each of its four diffraction spikes
 *                               (0-0.25; default 0.002)
 */
public record ArtefactConfig(
    double cosmicRaysPerMegapixel,
    double crMaskCompleteness,
    double crFindableSigma,
    double hotPixelsPerMegapixel,
    double knownHotPixelFraction,
    double badColumnsPerDetector,
    double satelliteTrailRate,
    double fullWellElectrons,
    double spikeFluxFraction) {

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field, its value and the valid range
   */
  public ArtefactConfig {
    nonNegative("cosmicRaysPerMegapixel", cosmicRaysPerMegapixel);
    fraction("crMaskCompleteness", crMaskCompleteness, 1);
    nonNegative("crFindableSigma", crFindableSigma);
    nonNegative("hotPixelsPerMegapixel", hotPixelsPerMegapixel);
    fraction("knownHotPixelFraction", knownHotPixelFraction, 1);
    nonNegative("badColumnsPerDetector", badColumnsPerDetector);
    nonNegative("satelliteTrailRate", satelliteTrailRate);
    if (!(fullWellElectrons > 0) || Double.isInfinite(fullWellElectrons)) {
      throw new IllegalArgumentException("fullWellElectrons must be finite and > 0, but was " + fullWellElectrons);
    }
    fraction("spikeFluxFraction", spikeFluxFraction, 0.25);
  }

  /** The defaults: rates typical of a CCD survey (LSST/HSC) at 30 s exposures. */
  public static ArtefactConfig defaults() {
    return new ArtefactConfig(60, 0.9, 6, 20, 0.8, 1.0, 0.08, 100_000, 0.002);
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, but was " + v);
    }
  }

  private static void fraction(String name, double v, double max) {
    if (!(v >= 0 && v <= max)) {
      throw new IllegalArgumentException(name + " must be in [0, " + max + "], but was " + v);
    }
  }
}
