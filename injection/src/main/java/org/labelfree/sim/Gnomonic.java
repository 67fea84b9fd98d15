package org.labelfree.sim;

/**
 * The gnomonic (TAN) projection about an arbitrary tangent point, in degrees; shared by the simulation and the
 * injection catalogues. Stateless.
 */
public final class Gnomonic {
  private Gnomonic() {
  }

  /** Writes {ra, dec} (deg, ra in [0, 360)) of the tangent-plane point (xi, eta) (deg) about (ra0, dec0) to out. */
  public static void toSky(double ra0Deg, double dec0Deg, double xiDeg, double etaDeg, double[] out) {
    double x = Math.toRadians(xiDeg);
    double y = Math.toRadians(etaDeg);
    double dec0 = Math.toRadians(dec0Deg);
    double sinD0 = StrictMath.sin(dec0);
    double cosD0 = StrictMath.cos(dec0);
    double denom = cosD0 - y * sinD0;
    double ra = ra0Deg + Math.toDegrees(StrictMath.atan2(x, denom));
    double dec = Math.toDegrees(StrictMath.atan2(sinD0 + y * cosD0, Math.sqrt(x * x + denom * denom)));
    ra %= 360.0;
    if (ra < 0.0) {
      ra += 360.0;
    }
    if (ra >= 360.0) {
      ra = 0.0;
    }
    out[0] = ra;
    out[1] = dec;
  }

  /**
   * Writes {xi, eta} (tangent-plane deg) of (ra, dec) about (ra0, dec0) to out.
   *
   * @throws IllegalArgumentException if the point is on or beyond the horizon of the tangent point
   */
  static void toTangent(double ra0Deg, double dec0Deg, double raDeg, double decDeg, double[] out) {
    double dec0 = Math.toRadians(dec0Deg);
    double dec = Math.toRadians(decDeg);
    double dra = Math.toRadians(raDeg - ra0Deg);
    double cosC = StrictMath.sin(dec0) * StrictMath.sin(dec) + StrictMath.cos(dec0) * StrictMath.cos(dec) * StrictMath.cos(dra);
    if (!(cosC > 0.0)) {
      throw new IllegalArgumentException("position (ra " + raDeg + ", dec " + decDeg
          + ") is 90 deg or more from the tangent point (" + ra0Deg + ", " + dec0Deg + ")");
    }
    out[0] = Math.toDegrees(StrictMath.cos(dec) * StrictMath.sin(dra) / cosC);
    out[1] = Math.toDegrees((StrictMath.cos(dec0) * StrictMath.sin(dec) - StrictMath.sin(dec0) * StrictMath.cos(dec) * StrictMath.cos(dra)) / cosC);
  }
}
