package org.labelfree.labeling;

/**
 * A forced PSF flux measurement at a fixed position.
 *
 * @param flux    PSF flux, image units (counts); NaN when not measurable
 * @param fluxErr its 1-sigma error from the variance plane, image units; NaN when not measurable
 * @param snr     signed signal to noise {@code flux / fluxErr}; NaN when not measurable
 */
public record ForcedFlux(double flux, double fluxErr, double snr) {
  /** The value of a position that cannot be measured. */
  public static final ForcedFlux NOT_MEASURED = new ForcedFlux(Double.NaN, Double.NaN, Double.NaN);

  /** True when the flux was measured. */
  public boolean isMeasured() {
    return !Double.isNaN(flux);
  }
}
