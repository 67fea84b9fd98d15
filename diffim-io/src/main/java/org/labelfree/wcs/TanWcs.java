package org.labelfree.wcs;

import java.util.Objects;
import org.labelfree.image.Metadata;

/**
 * A gnomonic (TAN) WCS with no distortion: {@code (X, Y) = CD * (pixel - CRPIX)} in degrees, then the zenithal
 * gnomonic projection about {@code CRVAL} with native pole longitude {@code LONPOLE} (Calabretta &amp; Greisen 2002,
 * A&amp;A 395, 1077, eqs. 2, 54 and 5).
 *
 * <p>Also the linear and spherical core of {@link TanSipWcs} and {@link TpvWcs}. The reference pixel is stored as
 * written in FITS (1-based) so that header round trips are exact; the API is 0-based. Immutable, value equality,
 * thread-safe.
 */
public final class TanWcs implements Wcs {
  private final double crval1;
  private final double crval2;
  private final double crpix1;
  private final double crpix2;
  private final CdMatrix cd;
  private final double lonpole;

  /* Derived. */
  private final double crpixX;
  private final double crpixY;
  private final double i11;
  private final double i12;
  private final double i21;
  private final double i22;
  private final double sinD0;
  private final double cosD0;
  private final double cosRot;
  private final double sinRot;
  private final boolean rotated;

  /**
   * Creates a TAN WCS from FITS values (package-private: the parser and the factories use it).
   *
   * @param crval1  reference RA, degrees (normalised to [0, 360))
   * @param crval2  reference Dec, degrees in [-90, 90]
   * @param crpix1  reference pixel x, FITS 1-based
   * @param crpix2  reference pixel y, FITS 1-based
   * @param cd      the CD matrix
   * @param lonpole native longitude of the celestial pole, degrees
   */
  TanWcs(double crval1, double crval2, double crpix1, double crpix2, CdMatrix cd, double lonpole) {
    if (!Double.isFinite(crval1) || !Double.isFinite(crval2) || crval2 < -90 || crval2 > 90) {
      throw new IllegalArgumentException("CRVAL must be finite with Dec in [-90, 90], but was " + crval1 + ", "
          + crval2);
    }
    if (!Double.isFinite(crpix1) || !Double.isFinite(crpix2) || !Double.isFinite(lonpole)) {
      throw new IllegalArgumentException("CRPIX and LONPOLE must be finite, but were " + crpix1 + ", " + crpix2
          + ", " + lonpole);
    }
    this.crval1 = new SkyCoord(crval1, crval2).ra();
    this.crval2 = crval2;
    this.crpix1 = crpix1;
    this.crpix2 = crpix2;
    this.cd = Objects.requireNonNull(cd, "cd");
    this.lonpole = lonpole;
    this.crpixX = crpix1 - 1.0;
    this.crpixY = crpix2 - 1.0;
    double det = cd.determinant();
    this.i11 = cd.cd22() / det;
    this.i12 = -cd.cd12() / det;
    this.i21 = -cd.cd21() / det;
    this.i22 = cd.cd11() / det;
    double d0 = Math.toRadians(crval2);
    this.sinD0 = Math.sin(d0);
    this.cosD0 = Math.cos(d0);
    this.rotated = lonpole != 180.0;
    double rot = Math.toRadians(lonpole - 180.0);
    this.cosRot = rotated ? Math.cos(rot) : 1.0;
    this.sinRot = rotated ? Math.sin(rot) : 0.0;
  }

  /**
   * Creates a TAN WCS with the default {@code LONPOLE} (180, or 0 when the reference point is the north pole).
   *
   * @param crval  sky position of the reference pixel
   * @param crpixX reference pixel x, 0-based
   * @param crpixY reference pixel y, 0-based
   * @param cd     CD matrix, degrees per pixel
   * @return the WCS; never {@code null}
   * @throws IllegalArgumentException if a value is not finite
   */
  public static TanWcs of(SkyCoord crval, double crpixX, double crpixY, CdMatrix cd) {
    return new TanWcs(crval.ra(), crval.dec(), crpixX + 1.0, crpixY + 1.0, cd, defaultLonpole(crval.dec()));
  }

  /** The FITS default LONPOLE of a zenithal projection: 180 unless the reference point is at Dec +90 (then 0). */
  static double defaultLonpole(double crval2) {
    return crval2 >= 90.0 ? 0.0 : 180.0;
  }

  /** Sky position of the reference pixel. */
  public SkyCoord crval() {
    return new SkyCoord(crval1, crval2);
  }

  /** Reference pixel x, 0-based. */
  public double crpixX() {
    return crpixX;
  }

  /** Reference pixel y, 0-based. */
  public double crpixY() {
    return crpixY;
  }

  /** The CD matrix, degrees per pixel. */
  public CdMatrix cd() {
    return cd;
  }

  /** Native longitude of the celestial pole, degrees (FITS {@code LONPOLE}). */
  public double lonpole() {
    return lonpole;
  }

  double crpix1Fits() {
    return crpix1;
  }

  double crpix2Fits() {
    return crpix2;
  }

  /** Returns {@code "TAN"}. */
  @Override
  public String type() {
    return "TAN";
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code x} or {@code y} is not finite
   */
  @Override
  public SkyCoord pixelToSky(double x, double y) {
    double[] ra = new double[1];
    double[] dec = new double[1];
    p2s(x, y, ra, dec, 0);
    return new SkyCoord(ra[0], dec[0]);
  }

  /** {@inheritDoc} Returns {NaN, NaN} for a position 90 degrees or more from {@code CRVAL}. */
  @Override
  public double[] skyToPixel(double ra, double dec) {
    double[] x = new double[1];
    double[] y = new double[1];
    double[] scratch = new double[2];
    s2p(ra, dec, x, y, 0, scratch);
    return new double[] {x[0], y[0]};
  }

  /** {@inheritDoc} Large arrays are split across cores; results are identical to the single-point method. */
  @Override
  public void pixelToSky(double[] x, double[] y, double[] raOut, double[] decOut) {
    Bulk.checkLengths(x, y, raOut, decOut);
    Bulk.run(x.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        p2s(x[i], y[i], raOut, decOut, i);
      }
    });
  }

  /** {@inheritDoc} NaN for points 90 degrees or more from {@code CRVAL}; large arrays are split across cores. */
  @Override
  public void skyToPixel(double[] ra, double[] dec, double[] xOut, double[] yOut) {
    Bulk.checkLengths(ra, dec, xOut, yOut);
    Bulk.run(ra.length, (from, to) -> {
      double[] scratch = new double[2];
      for (int i = from; i < to; i++) {
        s2p(ra[i], dec[i], xOut, yOut, i, scratch);
      }
    });
  }

  @Override
  public Jacobian jacobian(double x, double y) {
    double u = x - crpixX;
    double v = y - crpixY;
    return sphericalJacobian(cd.cd11() * u + cd.cd12() * v, cd.cd21() * u + cd.cd22() * v,
        cd.cd11(), cd.cd12(), cd.cd21(), cd.cd22());
  }

  @Override
  public double pixelScaleArcsec(double x, double y) {
    return jacobian(x, y).pixelScaleArcsec();
  }

  @Override
  public Metadata toHeaderCards() {
    return linearCards("TAN").build();
  }

  private void p2s(double x, double y, double[] ra, double[] dec, int i) {
    double u = x - crpixX;
    double v = y - crpixY;
    deproject(cd.cd11() * u + cd.cd12() * v, cd.cd21() * u + cd.cd22() * v, ra, dec, i);
  }

  private void s2p(double ra, double dec, double[] x, double[] y, int i, double[] scratch) {
    if (!project(ra, dec, scratch)) {
      x[i] = Double.NaN;
      y[i] = Double.NaN;
      return;
    }
    x[i] = i11 * scratch[0] + i12 * scratch[1] + crpixX;
    y[i] = i21 * scratch[0] + i22 * scratch[1] + crpixY;
  }

  /* ---- Core shared with the distorted types. ---- */

  /** Pixel offset from CRPIX (u, v) to intermediate X (degrees). */
  double linX(double u, double v) {
    return cd.cd11() * u + cd.cd12() * v;
  }

  /** Pixel offset from CRPIX (u, v) to intermediate Y (degrees). */
  double linY(double u, double v) {
    return cd.cd21() * u + cd.cd22() * v;
  }

  /** Intermediate (X, Y) degrees to pixel offset u from CRPIX. */
  double invU(double xDeg, double yDeg) {
    return i11 * xDeg + i12 * yDeg;
  }

  /** Intermediate (X, Y) degrees to pixel offset v from CRPIX. */
  double invV(double xDeg, double yDeg) {
    return i21 * xDeg + i22 * yDeg;
  }

  /** Intermediate world coordinates (degrees) to sky (degrees, RA in [0, 360)), written at index i. */
  void deproject(double xDeg, double yDeg, double[] raOut, double[] decOut, int i) {
    double xr = Math.toRadians(xDeg);
    double yr = Math.toRadians(yDeg);
    if (rotated) {
      double t = xr * cosRot + yr * sinRot;
      yr = yr * cosRot - xr * sinRot;
      xr = t;
    }
    double den = cosD0 - yr * sinD0;
    /* atan is cheaper than atan2 and equal to it for a positive denominator; Atan.atan is StrictMath.atan without JNI. */
    double dra = den > 0.0 ? Atan.atan(xr / den) : Math.atan2(xr, den);
    double rho = Math.sqrt(xr * xr + den * den);
    double num = sinD0 + yr * cosD0;
    double dec = rho > 0.0 ? Atan.atan(num / rho) : Math.atan2(num, rho);
    double ra = crval1 + Math.toDegrees(dra);
    if (ra < 0.0) {
      ra += 360.0;
    } else if (ra >= 360.0) {
      ra -= 360.0;
    }
    if (ra >= 360.0) {
      ra = 0.0;
    }
    raOut[i] = ra;
    decOut[i] = Math.toDegrees(dec);
  }

  /**
   * Sky (degrees) to intermediate world coordinates (degrees) in {@code out[0..1]}; false (and NaN) when the
   * position is 90 degrees or more from CRVAL, where the gnomonic projection is undefined.
   */
  boolean project(double raDeg, double decDeg, double[] out) {
    double dra = Math.toRadians(raDeg - crval1);
    double dec = Math.toRadians(decDeg);
    double cdec = Math.cos(dec);
    double sdec = Math.sin(dec);
    double wx = cdec * Math.cos(dra);
    double wy = cdec * Math.sin(dra);
    double den = wx * cosD0 + sdec * sinD0;
    if (!(den > 0.0)) {
      out[0] = Double.NaN;
      out[1] = Double.NaN;
      return false;
    }
    double xr = wy / den;
    double yr = (sdec * cosD0 - wx * sinD0) / den;
    if (rotated) {
      double t = xr * cosRot - yr * sinRot;
      yr = xr * sinRot + yr * cosRot;
      xr = t;
    }
    out[0] = Math.toDegrees(xr);
    out[1] = Math.toDegrees(yr);
    return true;
  }

  /**
   * The local Jacobian at intermediate (X, Y) degrees, given d(X, Y)/d(x, y) as {@code [a11 a12; a21 a22]}:
   * the gnomonic derivative projected onto local east/north, times the planar part.
   */
  Jacobian sphericalJacobian(double xDeg, double yDeg, double a11, double a12, double a21, double a22) {
    double xr = Math.toRadians(xDeg);
    double yr = Math.toRadians(yDeg);
    /* Tangent-plane basis in a frame with RA0 = 0: centre c, east e, north n; rotated by LONPOLE - 180. */
    double[] e = {0.0, 1.0, 0.0};
    double[] nn = {-sinD0, 0.0, cosD0};
    double[] ex = new double[3];
    double[] ey = new double[3];
    for (int k = 0; k < 3; k++) {
      ex[k] = cosRot * e[k] - sinRot * nn[k];
      ey[k] = sinRot * e[k] + cosRot * nn[k];
    }
    double[] c = {cosD0, 0.0, sinD0};
    double[] w = new double[3];
    for (int k = 0; k < 3; k++) {
      w[k] = xr * ex[k] + yr * ey[k] + c[k];
    }
    double norm = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
    double ra = Math.atan2(w[1], w[0]);
    double dec = Math.atan2(w[2], Math.sqrt(w[0] * w[0] + w[1] * w[1]));
    double[] east = {-Math.sin(ra), Math.cos(ra), 0.0};
    double[] north = {-Math.sin(dec) * Math.cos(ra), -Math.sin(dec) * Math.sin(ra), Math.cos(dec)};
    double m11 = dot(east, ex) / norm;
    double m12 = dot(east, ey) / norm;
    double m21 = dot(north, ex) / norm;
    double m22 = dot(north, ey) / norm;
    return new Jacobian(m11 * a11 + m12 * a21, m11 * a12 + m12 * a22, m21 * a11 + m22 * a21, m21 * a12 + m22 * a22);
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  /** The cards shared by all types: CTYPE with this projection code, CRPIX (1-based), CRVAL, CD, units, frame. */
  Metadata.Builder linearCards(String code) {
    Metadata.Builder b = Metadata.builder();
    b.set("CTYPE1", padCtype("RA---", code), "Right ascension, " + code + " projection");
    b.set("CTYPE2", padCtype("DEC--", code), "Declination, " + code + " projection");
    b.set("CRPIX1", crpix1, "Reference pixel x (FITS 1-based)");
    b.set("CRPIX2", crpix2, "Reference pixel y (FITS 1-based)");
    b.set("CRVAL1", crval1, "[deg] RA at reference pixel");
    b.set("CRVAL2", crval2, "[deg] Dec at reference pixel");
    b.set("CUNIT1", "deg", "Units of CRVAL1 and CD1_j");
    b.set("CUNIT2", "deg", "Units of CRVAL2 and CD2_j");
    b.set("CD1_1", cd.cd11(), "[deg/pix] Linear transformation matrix");
    b.set("CD1_2", cd.cd12(), "[deg/pix] Linear transformation matrix");
    b.set("CD2_1", cd.cd21(), "[deg/pix] Linear transformation matrix");
    b.set("CD2_2", cd.cd22(), "[deg/pix] Linear transformation matrix");
    b.set("LONPOLE", lonpole, "[deg] Native longitude of celestial pole");
    b.set("RADESYS", "ICRS", "Celestial reference frame");
    return b;
  }

  private static String padCtype(String prefix, String code) {
    return prefix + code;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TanWcs t && Double.compare(crval1, t.crval1) == 0 && Double.compare(crval2, t.crval2) == 0
        && Double.compare(crpix1, t.crpix1) == 0 && Double.compare(crpix2, t.crpix2) == 0 && cd.equals(t.cd)
        && Double.compare(lonpole, t.lonpole) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(crval1, crval2, crpix1, crpix2, cd, lonpole);
  }

  @Override
  public String toString() {
    return "TanWcs[crval=(" + crval1 + ", " + crval2 + "), crpix0=(" + crpixX + ", " + crpixY + "), " + cd
        + ", lonpole=" + lonpole + "]";
  }
}
