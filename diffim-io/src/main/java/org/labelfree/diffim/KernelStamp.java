package org.labelfree.diffim;

/**
 * A star on which the Alard-Lupton kernel is fitted.
 *
 * @param x   centre column, parent pixels (finite; the fit uses the nearest pixel)
 * @param y   centre row, parent pixels (finite)
 * @param snr flux signal-to-noise of the star, the smaller of the two images' (finite, >= 0; informational)
 */
public record KernelStamp(double x, double y, double snr) {
  public KernelStamp {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("stamp centre must be finite, but was (" + x + ", " + y + ")");
    }
    if (!(snr >= 0) || !Double.isFinite(snr)) {
      throw new IllegalArgumentException("snr must be finite and >= 0, but was " + snr);
    }
  }
}
