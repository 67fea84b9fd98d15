package org.labelfree.sim;

/**
 * A box on the sky around a tangent point: the sources of a simulated sky are uniform in the gnomonic (TAN)
 * projection plane of ({@code raCentre}, {@code decCentre}) within {@code |xi| <= halfWidthDeg} and
 * {@code |eta| <= halfHeightDeg}.
 *
 * <p>Standard coordinates: {@code xi} points East (increasing RA) and {@code eta} North at the tangent point; both are
 * in degrees of the tangent plane (the tangent of the angular distance from the centre, times 180/pi). Immutable
 * and thread-safe.
 *
 * @param raCentre      right ascension of the tangent point (deg, [0, 360))
 * @param decCentre     declination of the tangent point (deg, [-90, 90])
 * @param halfWidthDeg  half extent along xi (tangent-plane deg, (0, 10])
 * @param halfHeightDeg half extent along eta (tangent-plane deg, (0, 10])
 */
public record SkyRegion(double raCentre, double decCentre, double halfWidthDeg, double halfHeightDeg) {
  private static final double MAX_HALF_SIZE_DEG = 10.0;

  /** Validates the components; throws {@link IllegalArgumentException} naming the bad one. */
  public SkyRegion {
    if (!(raCentre >= 0.0 && raCentre < 360.0)) {
      throw new IllegalArgumentException("raCentre must be in [0, 360) deg, but was " + raCentre);
    }
    if (!(decCentre >= -90.0 && decCentre <= 90.0)) {
      throw new IllegalArgumentException("decCentre must be in [-90, 90] deg, but was " + decCentre);
    }
    if (!(halfWidthDeg > 0.0 && halfWidthDeg <= MAX_HALF_SIZE_DEG)) {
      throw new IllegalArgumentException("halfWidthDeg must be in (0, 10] deg, but was " + halfWidthDeg);
    }
    if (!(halfHeightDeg > 0.0 && halfHeightDeg <= MAX_HALF_SIZE_DEG)) {
      throw new IllegalArgumentException("halfHeightDeg must be in (0, 10] deg, but was " + halfHeightDeg);
    }
  }

  /**
   * The area of the box in the tangent plane, {@code 4 * halfWidthDeg * halfHeightDeg} (deg^2). This is the
   * small-field approximation of its solid angle: the true solid angle is smaller by a relative amount of about
   * {@code (halfWidth^2 + halfHeight^2) / 2} in radians squared (1.5e-4 for a 1 x 1 deg half size). Source counts
   * use this area, consistently with sources being uniform in the tangent plane.
   */
  public double areaDeg2() {
    return 4.0 * halfWidthDeg * halfHeightDeg;
  }

  /** True when the tangent-plane point lies in the box (edges included). */
  public boolean contains(double xiDeg, double etaDeg) {
    return Math.abs(xiDeg) <= halfWidthDeg && Math.abs(etaDeg) <= halfHeightDeg;
  }

  /**
   * The sky position of a tangent-plane point (inverse gnomonic projection about the centre).
   *
   * @param xiDeg  East standard coordinate (tangent-plane deg; any finite value, not limited to the box)
   * @param etaDeg North standard coordinate (tangent-plane deg)
   * @return {@code {ra, dec}} in degrees, ra in [0, 360)
   */
  public double[] toSky(double xiDeg, double etaDeg) {
    double[] out = new double[2];
    Gnomonic.toSky(raCentre, decCentre, xiDeg, etaDeg, out);
    return out;
  }

  /**
   * The tangent-plane point of a sky position (gnomonic projection about the centre).
   *
   * @param raDeg  right ascension (deg)
   * @param decDeg declination (deg)
   * @return {@code {xi, eta}} in tangent-plane degrees
   * @throws IllegalArgumentException if the position is 90 deg or more from the centre (not projectable)
   */
  public double[] toTangent(double raDeg, double decDeg) {
    double[] out = new double[2];
    Gnomonic.toTangent(raCentre, decCentre, raDeg, decDeg, out);
    return out;
  }
}
