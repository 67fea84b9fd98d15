package org.labelfree.wcs;

/**
 * A position on the sky, ICRS, in degrees.
 *
 * @param ra  right ascension, degrees in [0, 360)
 * @param dec declination, degrees in [-90, 90]
 */
public record SkyCoord(double ra, double dec) {
  public SkyCoord {
    if (!Double.isFinite(ra) || !Double.isFinite(dec) || dec < -90 || dec > 90) {
      throw new IllegalArgumentException("sky position must have finite ra and dec in [-90, 90], but was ra=" + ra
          + " dec=" + dec);
    }
    ra = ra % 360.0;
    if (ra < 0) {
      ra += 360.0;
    }
    if (ra == 360.0) {
      ra = 0.0;
    }
  }

  /** Angular separation to {@code other} in degrees (Vincenty's formula, accurate at all separations). */
  public double separationDeg(SkyCoord other) {
    double l1 = Math.toRadians(ra);
    double l2 = Math.toRadians(other.ra);
    double p1 = Math.toRadians(dec);
    double p2 = Math.toRadians(other.dec);
    double dl = l2 - l1;
    double sdl = Math.sin(dl);
    double cdl = Math.cos(dl);
    double sp1 = Math.sin(p1);
    double cp1 = Math.cos(p1);
    double sp2 = Math.sin(p2);
    double cp2 = Math.cos(p2);
    double num1 = cp2 * sdl;
    double num2 = cp1 * sp2 - sp1 * cp2 * cdl;
    double den = sp1 * sp2 + cp1 * cp2 * cdl;
    return Math.toDegrees(Math.atan2(Math.hypot(num1, num2), den));
  }
}
