package org.labelfree.image;

/**
 * Photometric calibration of an exposure: the AB zero point of one instrumental count, so that
 * {@code m_AB = zeroPoint - 2.5 log10(counts)}. Calibrated fluxes are in nanojansky as LSST calibrates them; since
 * 1 nJy is AB magnitude 31.4, one count is {@code 10^((31.4 - zeroPoint) / 2.5)} nJy.
 *
 * @param zeroPoint AB magnitude of a source of 1 count (finite)
 */
public record PhotoCalib(double zeroPoint) {
  /** AB magnitude of a 1 nJy source. */
  public static final double NJY_ZERO_POINT = 31.4;

  public PhotoCalib {
    if (!Double.isFinite(zeroPoint)) {
      throw new IllegalArgumentException("zeroPoint must be finite, but was " + zeroPoint);
    }
  }

  /** Nanojansky per instrumental count. */
  public double nanojanskyPerCount() {
    return Math.pow(10.0, (NJY_ZERO_POINT - zeroPoint) / 2.5);
  }

  /** Converts an instrumental flux (counts) to nanojansky. */
  public double instFluxToNanojansky(double counts) {
    return counts * nanojanskyPerCount();
  }

  /** Converts an AB magnitude to an instrumental flux (counts). */
  public double magnitudeToInstFlux(double magAb) {
    return Math.pow(10.0, (zeroPoint - magAb) / 2.5);
  }

  /** Converts an instrumental flux (counts, > 0) to an AB magnitude; NaN for flux <= 0. */
  public double instFluxToMagnitude(double counts) {
    return counts > 0 ? zeroPoint - 2.5 * Math.log10(counts) : Double.NaN;
  }
}
