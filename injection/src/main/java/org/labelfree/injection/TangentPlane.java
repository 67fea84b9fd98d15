package org.labelfree.injection;

import org.labelfree.sim.Gnomonic;

/**
 * Exact gnomonic offsets about a point on the sky: tangent-plane (east, north) offsets in arcseconds to (ra, dec),
 * valid at any declination including the poles (no flat-sky approximation), through {@link Gnomonic}. Stateless.
 */
final class TangentPlane {
  private TangentPlane() {
  }

  /**
   * Writes {ra, dec} (degrees, ra in [0, 360)) of the point at tangent-plane offsets (east, north), arcseconds, from
   * (ra0, dec0) into {@code out}.
   */
  static void offsetToSky(double ra0, double dec0, double eastArcsec, double northArcsec, double[] out) {
    Gnomonic.toSky(ra0, dec0, eastArcsec / 3600.0, northArcsec / 3600.0, out);
  }

  /** The angular distance, arcseconds, of the point at tangent-plane distance {@code rArcsec} from the centre. */
  static double separationArcsec(double rArcsec) {
    return Math.toDegrees(Math.atan(Math.toRadians(rArcsec / 3600.0))) * 3600.0;
  }
}
