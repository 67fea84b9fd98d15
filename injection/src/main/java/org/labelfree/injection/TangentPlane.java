package org.labelfree.injection;

/**
 * Exact gnomonic offsets about a point on the sky: tangent-plane (east, north) offsets to (ra, dec) and back, valid
 * at any declination including the poles (no flat-sky approximation). Stateless.
 */
final class TangentPlane {
  private TangentPlane() {
  }

  /**
   * Writes {ra, dec} (degrees, ra in [0, 360)) of the point at tangent-plane offsets (east, north), arcseconds, from
   * (ra0, dec0) into {@code out}.
   */
  static void offsetToSky(double ra0, double dec0, double eastArcsec, double northArcsec, double[] out) {
    double xi = Math.toRadians(eastArcsec / 3600.0);
    double eta = Math.toRadians(northArcsec / 3600.0);
    double d0 = Math.toRadians(dec0);
    double sin0 = Math.sin(d0);
    double cos0 = Math.cos(d0);
    double denom = cos0 - eta * sin0;
    double ra = ra0 + Math.toDegrees(Math.atan2(xi, denom));
    double dec = Math.toDegrees(Math.atan2(sin0 + eta * cos0, Math.hypot(xi, denom)));
    ra %= 360.0;
    if (ra < 0) {
      ra += 360.0;
    }
    if (ra >= 360.0) {
      ra = 0.0;
    }
    out[0] = ra;
    out[1] = dec;
  }

  /**
   * Writes the tangent-plane offsets {east, north} (arcseconds) of (ra, dec) about (ra0, dec0) into {@code out};
   * NaN when the point is 90 degrees or more away.
   */
  static void skyToOffset(double ra0, double dec0, double ra, double dec, double[] out) {
    double d0 = Math.toRadians(dec0);
    double d = Math.toRadians(dec);
    double dra = Math.toRadians(ra - ra0);
    double cosC = Math.sin(d0) * Math.sin(d) + Math.cos(d0) * Math.cos(d) * Math.cos(dra);
    if (!(cosC > 0)) {
      out[0] = Double.NaN;
      out[1] = Double.NaN;
      return;
    }
    out[0] = Math.toDegrees(Math.cos(d) * Math.sin(dra) / cosC) * 3600.0;
    out[1] = Math.toDegrees((Math.cos(d0) * Math.sin(d) - Math.sin(d0) * Math.cos(d) * Math.cos(dra)) / cosC) * 3600.0;
  }

  /** The angular distance, arcseconds, of the point at tangent-plane distance {@code rArcsec} from the centre. */
  static double separationArcsec(double rArcsec) {
    return Math.toDegrees(Math.atan(Math.toRadians(rArcsec / 3600.0))) * 3600.0;
  }
}
