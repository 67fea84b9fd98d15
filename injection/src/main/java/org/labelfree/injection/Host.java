package org.labelfree.injection;

/**
 * One host galaxy selected from a detector's source catalogue by {@link HostSelector}: where it is, how bright it is
 * and its shape on the sky. Immutable value; thread-safe.
 *
 * @param id       the source's {@code id} in the src catalogue of its detector
 * @param detector the detector number (>= 0)
 * @param x        centroid column, parent pixel coordinates (0-based, finite)
 * @param y        centroid row, parent pixel coordinates (0-based, finite)
 * @param ra       right ascension of the centroid, degrees in [0, 360)
 * @param dec      declination of the centroid, degrees in [-90, 90]
 * @param mag      calibrated AB magnitude (finite)
 * @param aArcsec  semi-major axis on the sky: square root of the larger eigenvalue of the sky second moments,
 *                 arcseconds (finite, > 0, >= bArcsec)
 * @param bArcsec  semi-minor axis on the sky, arcseconds (finite, > 0)
 * @param thetaDeg position angle of the major axis on the sky, degrees east of north, in [0, 180)
 */
public record Host(long id, int detector, double x, double y, double ra, double dec, double mag,
    double aArcsec, double bArcsec, double thetaDeg) {

  /** Validates every component; throws {@link IllegalArgumentException} naming the bad one, its value and range. */
  public Host {
    if (detector < 0) {
      throw new IllegalArgumentException("detector must be >= 0, but was " + detector + " (host " + id + ")");
    }
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("x and y must be finite, but were " + x + ", " + y + " (host " + id + ")");
    }
    if (!(ra >= 0 && ra < 360)) {
      throw new IllegalArgumentException("ra must be in [0, 360) deg, but was " + ra + " (host " + id + ")");
    }
    if (!(dec >= -90 && dec <= 90)) {
      throw new IllegalArgumentException("dec must be in [-90, 90] deg, but was " + dec + " (host " + id + ")");
    }
    if (!Double.isFinite(mag)) {
      throw new IllegalArgumentException("mag must be finite, but was " + mag + " (host " + id + ")");
    }
    if (!(bArcsec > 0 && aArcsec >= bArcsec && Double.isFinite(aArcsec))) {
      throw new IllegalArgumentException("axes must be finite with aArcsec >= bArcsec > 0, but were aArcsec "
          + aArcsec + ", bArcsec " + bArcsec + " (host " + id + ")");
    }
    if (!(thetaDeg >= 0 && thetaDeg < 180)) {
      throw new IllegalArgumentException("thetaDeg must be in [0, 180), but was " + thetaDeg + " (host " + id + ")");
    }
  }
}
