package org.labelfree.wcs;

/**
 * Arc tangent in pure Java, bit-identical to {@link StrictMath#atan(double)}: the fdlibm algorithm (Sun
 * Microsystems, 1993, {@code s_atan.c}) that {@code StrictMath} specifies, evaluated without the JNI call that makes
 * {@code Math.atan} the most expensive step of a WCS on JDK 17. Argument reduction to |x| < 7/16 around the
 * breakpoints atan(1/2), atan(1), atan(3/2) and atan(inf), then an odd polynomial of degree 23 in two interleaved
 * Horner chains. Error below 1 ulp. Thread-safe (stateless).
 */
final class Atan {
  private static final double[] ATAN_HI = {
    4.63647609000806093515e-01, 7.85398163397448278999e-01, 9.82793723247329054082e-01, 1.57079632679489655800e+00,
  };
  private static final double[] ATAN_LO = {
    2.26987774529616870924e-17, 3.06161699786838301793e-17, 1.39033110312309984516e-17, 6.12323399573676603587e-17,
  };
  private static final double AT0 = 3.33333333333329318027e-01;
  private static final double AT1 = -1.99999999998764832476e-01;
  private static final double AT2 = 1.42857142725034663711e-01;
  private static final double AT3 = -1.11111104054623557880e-01;
  private static final double AT4 = 9.09088713343650656196e-02;
  private static final double AT5 = -7.69187620504482999495e-02;
  private static final double AT6 = 6.66107313738753120669e-02;
  private static final double AT7 = -5.83357013379057348645e-02;
  private static final double AT8 = 4.97687799461593236017e-02;
  private static final double AT9 = -3.65315727442169155270e-02;
  private static final double AT10 = 1.62858201153657823623e-02;

  private Atan() {}

  /** The arc tangent of {@code x} in radians, in [-pi/2, pi/2]; equal bit for bit to {@code StrictMath.atan(x)}. */
  static double atan(double x) {
    double ax = Math.abs(x);
    if (!(ax < 0x1p66)) {
      /* |x| >= 2^66, infinite or NaN. */
      if (Double.isNaN(x)) {
        return x;
      }
      return x > 0 ? ATAN_HI[3] + ATAN_LO[3] : -ATAN_HI[3] - ATAN_LO[3];
    }
    int id;
    if (ax < 0.4375) {
      if (ax < 0x1p-29) {
        return x;
      }
      id = -1;
    } else if (ax < 1.1875) {
      if (ax < 0.6875) {
        id = 0;
        ax = (2.0 * ax - 1.0) / (2.0 + ax);
      } else {
        id = 1;
        ax = (ax - 1.0) / (ax + 1.0);
      }
    } else if (ax < 2.4375) {
      id = 2;
      ax = (ax - 1.5) / (1.0 + 1.5 * ax);
    } else {
      id = 3;
      ax = -1.0 / ax;
    }
    double t = id < 0 ? x : ax;
    double z = t * t;
    double w = z * z;
    double s1 = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))));
    double s2 = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))));
    if (id < 0) {
      return t - t * (s1 + s2);
    }
    double r = ATAN_HI[id] - ((t * (s1 + s2) - ATAN_LO[id]) - t);
    return x < 0 ? -r : r;
  }
}
