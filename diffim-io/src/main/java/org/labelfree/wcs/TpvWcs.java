package org.labelfree.wcs;

import java.util.Arrays;
import java.util.Objects;
import org.labelfree.image.Metadata;

/**
 * A TAN WCS with TPV polynomial distortion of the intermediate world coordinates (the SCAMP convention, as
 * registered at fits.gsfc.nasa.gov/registry/tpvwcs and implemented by wcslib): with {@code (X, Y) = CD * (pixel -
 * CRPIX)} in degrees and {@code r = sqrt(X^2 + Y^2)},
 * {@code xi = P(PV1; X, Y)} and {@code eta = P(PV2; Y, X)} (note the swapped arguments), where {@code P(c; s, t)}
 * is {@code c0 + c1 s + c2 t + c3 r + c4 s^2 + c5 s t + c6 t^2 + c7 s^3 + ... + c11 r^3 + ... + c23 r^5 + ... +
 * c39 r^7}, up to degree 7. Missing coefficients are 0 (as in wcslib, so PVi_1 must be given).
 *
 * <p>Sky to pixel inverts the polynomial by Newton iteration from its linear part until the step is below 1e-10
 * pixel; points that do not converge, or lie 90 degrees or more from {@code CRVAL}, give NaN. Immutable, value
 * equality, thread-safe.
 */
public final class TpvWcs implements Wcs {
  /** Number of TPV coefficients per axis, PVi_0 .. PVi_39. */
  public static final int N_COEFF = 40;
  private static final int MAX_ITER = 30;
  private static final double TOL_PIX = 1e-10;
  /** PV index of x^p y^q for p + q = d starts at DEG_START[d] (with p descending); radial terms r^1,3,5,7. */
  private static final int[] DEG_START = {0, 1, 4, 7, 12, 17, 24, 31};
  private static final int[] RADIAL = {3, 11, 23, 39};

  private final TanWcs tan;
  private final double[] pv1;
  private final double[] pv2;
  private final Poly2 p1;
  private final Poly2 p2;
  private final double r1a;
  private final double r1b;
  private final double r1c;
  private final double r1d;
  private final double r2a;
  private final double r2b;
  private final double r2c;
  private final double r2d;
  private final boolean radial;
  /* Linear part inverse, for the Newton start. */
  private final double l11;
  private final double l12;
  private final double l21;
  private final double l22;

  private TpvWcs(TanWcs tan, double[] pv1, double[] pv2) {
    this.tan = Objects.requireNonNull(tan, "tan");
    this.pv1 = check("PV1", pv1);
    this.pv2 = check("PV2", pv2);
    this.p1 = new Poly2(dense(this.pv1));
    this.p2 = new Poly2(dense(this.pv2));
    r1a = this.pv1[3];
    r1b = this.pv1[11];
    r1c = this.pv1[23];
    r1d = this.pv1[39];
    r2a = this.pv2[3];
    r2b = this.pv2[11];
    r2c = this.pv2[23];
    r2d = this.pv2[39];
    radial = r1a != 0 || r1b != 0 || r1c != 0 || r1d != 0 || r2a != 0 || r2b != 0 || r2c != 0 || r2d != 0;
    /* xi ~ pv1[1] X + pv1[2] Y; eta ~ pv2[2] X + pv2[1] Y. */
    double m11 = this.pv1[1];
    double m12 = this.pv1[2];
    double m21 = this.pv2[2];
    double m22 = this.pv2[1];
    double det = m11 * m22 - m12 * m21;
    if (det == 0.0 || !Double.isFinite(det)) {
      throw new IllegalArgumentException("TPV linear terms are singular: PV1_1=" + m11 + ", PV1_2=" + m12
          + ", PV2_1=" + m22 + ", PV2_2=" + m21);
    }
    l11 = m22 / det;
    l12 = -m12 / det;
    l21 = -m21 / det;
    l22 = m11 / det;
  }

  /**
   * Creates a TPV WCS.
   *
   * @param tan the linear and projection part
   * @param pv1 {@code PV1_0..PV1_k} (k &lt; 40); missing trailing coefficients are 0
   * @param pv2 {@code PV2_0..PV2_k} (k &lt; 40)
   * @return the WCS (arrays copied)
   * @throws IllegalArgumentException if an array is longer than 40, holds a non-finite value, or the linear terms
   *                                  (PV1_1, PV1_2, PV2_1, PV2_2) are singular
   */
  public static TpvWcs of(TanWcs tan, double[] pv1, double[] pv2) {
    return new TpvWcs(tan, pv1, pv2);
  }

  private static double[] check(String name, double[] pv) {
    Objects.requireNonNull(pv, name);
    if (pv.length > N_COEFF) {
      throw new IllegalArgumentException(name + " must have at most " + N_COEFF + " coefficients, but has "
          + pv.length);
    }
    double[] out = Arrays.copyOf(pv, N_COEFF);
    for (int k = 0; k < N_COEFF; k++) {
      if (!Double.isFinite(out[k])) {
        throw new IllegalArgumentException(name + "_" + k + " must be finite, but was " + out[k]);
      }
    }
    return out;
  }

  /** The polynomial part of a PV vector as dense c[p][q] for s^p t^q (radial terms excluded). */
  private static double[][] dense(double[] pv) {
    double[][] c = new double[8][8];
    for (int d = 0; d <= 7; d++) {
      for (int q = 0; q <= d; q++) {
        c[d - q][q] = pv[DEG_START[d] + q];
      }
    }
    return c;
  }

  /** The TAN part (CRVAL, CRPIX, CD, LONPOLE) without distortion. */
  public TanWcs tan() {
    return tan;
  }

  /** A copy of {@code PV1_0..PV1_39}. */
  public double[] pv1() {
    return pv1.clone();
  }

  /** A copy of {@code PV2_0..PV2_39}. */
  public double[] pv2() {
    return pv2.clone();
  }

  /** Returns {@code "TPV"}. */
  @Override
  public String type() {
    return "TPV";
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

  /** {@inheritDoc} Returns {NaN, NaN} where the inversion does not converge or the point is 90+ degrees away. */
  @Override
  public double[] skyToPixel(double ra, double dec) {
    double[] x = new double[1];
    double[] y = new double[1];
    s2p(ra, dec, x, y, 0, new double[8]);
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

  /** {@inheritDoc} NaN for points that do not converge; large arrays are split across cores. */
  @Override
  public void skyToPixel(double[] ra, double[] dec, double[] xOut, double[] yOut) {
    Bulk.checkLengths(ra, dec, xOut, yOut);
    Bulk.run(ra.length, (from, to) -> {
      double[] scratch = new double[8];
      for (int i = from; i < to; i++) {
        s2p(ra[i], dec[i], xOut, yOut, i, scratch);
      }
    });
  }

  @Override
  public Jacobian jacobian(double x, double y) {
    double u = x - tan.crpixX();
    double v = y - tan.crpixY();
    double bx = tan.linX(u, v);
    double by = tan.linY(u, v);
    double[] g = new double[8];
    distortGrad(bx, by, g);
    CdMatrix cd = tan.cd();
    /* d(xi, eta)/d(X, Y) = [g2 g3; g5 g6], times CD. */
    return tan.sphericalJacobian(g[0], g[1],
        g[2] * cd.cd11() + g[3] * cd.cd21(), g[2] * cd.cd12() + g[3] * cd.cd22(),
        g[5] * cd.cd11() + g[6] * cd.cd21(), g[5] * cd.cd12() + g[6] * cd.cd22());
  }

  @Override
  public double pixelScaleArcsec(double x, double y) {
    return jacobian(x, y).pixelScaleArcsec();
  }

  @Override
  public Metadata toHeaderCards() {
    Metadata.Builder m = tan.linearCards("TPV");
    for (int k = 0; k < N_COEFF; k++) {
      if (pv1[k] != 0.0 || k == 1) {
        m.set("PV1_" + k, pv1[k], "TPV distortion coefficient");
      }
    }
    for (int k = 0; k < N_COEFF; k++) {
      if (pv2[k] != 0.0 || k == 1) {
        m.set("PV2_" + k, pv2[k], "TPV distortion coefficient");
      }
    }
    return m.build();
  }

  private void p2s(double x, double y, double[] ra, double[] dec, int i) {
    double u = x - tan.crpixX();
    double v = y - tan.crpixY();
    double bx = tan.linX(u, v);
    double by = tan.linY(u, v);
    double xi = p1.eval(bx, by);
    double eta = p2.eval(by, bx);
    if (radial) {
      double r = Math.sqrt(bx * bx + by * by);
      double r2 = r * r;
      xi += r * (r1a + r2 * (r1b + r2 * (r1c + r2 * r1d)));
      eta += r * (r2a + r2 * (r2b + r2 * (r2c + r2 * r2d)));
    }
    tan.deproject(xi, eta, ra, dec, i);
  }

  /** xi, eta at (X, Y) in g[0], g[1]; d xi/dX, d xi/dY in g[2], g[3]; d eta/dX, d eta/dY in g[5], g[6]. */
  private void distortGrad(double bx, double by, double[] g) {
    p1.evalGrad(bx, by, g, 2);
    double xi = g[2];
    double xiX = g[3];
    double xiY = g[4];
    p2.evalGrad(by, bx, g, 5);
    double eta = g[5];
    double etaY = g[6];
    double etaX = g[7];
    if (radial) {
      double r = Math.sqrt(bx * bx + by * by);
      double r2 = r * r;
      xi += r * (r1a + r2 * (r1b + r2 * (r1c + r2 * r1d)));
      eta += r * (r2a + r2 * (r2b + r2 * (r2c + r2 * r2d)));
      /* dR/dX = X * (c1 / r + 3 c3 r + 5 c5 r^3 + 7 c7 r^5); the c1 / r term is taken as 0 at r = 0. */
      double inv = r > 0.0 ? 1.0 / r : 0.0;
      double q1 = r1a * inv + r * (3 * r1b + r2 * (5 * r1c + r2 * 7 * r1d));
      double q2 = r2a * inv + r * (3 * r2b + r2 * (5 * r2c + r2 * 7 * r2d));
      xiX += bx * q1;
      xiY += by * q1;
      etaX += bx * q2;
      etaY += by * q2;
    }
    g[0] = xi;
    g[1] = eta;
    g[2] = xiX;
    g[3] = xiY;
    g[5] = etaX;
    g[6] = etaY;
  }

  private void s2p(double ra, double dec, double[] xOut, double[] yOut, int i, double[] s) {
    if (!tan.project(ra, dec, s)) {
      xOut[i] = Double.NaN;
      yOut[i] = Double.NaN;
      return;
    }
    double xi = s[0];
    double eta = s[1];
    double t1 = xi - pv1[0];
    double t2 = eta - pv2[0];
    double bx = l11 * t1 + l12 * t2;
    double by = l21 * t1 + l22 * t2;
    boolean converged = false;
    for (int it = 0; it < MAX_ITER; it++) {
      distortGrad(bx, by, s);
      double f1 = s[0] - xi;
      double f2 = s[1] - eta;
      double det = s[2] * s[6] - s[3] * s[5];
      double dx = (s[6] * f1 - s[3] * f2) / det;
      double dy = (s[2] * f2 - s[5] * f1) / det;
      bx -= dx;
      by -= dy;
      double du = tan.invU(dx, dy);
      double dv = tan.invV(dx, dy);
      if (Math.abs(du) < TOL_PIX && Math.abs(dv) < TOL_PIX) {
        converged = true;
        break;
      }
      if (!(Math.abs(du) < 1e12 && Math.abs(dv) < 1e12)) {
        break;
      }
    }
    if (converged && Double.isFinite(bx) && Double.isFinite(by)) {
      xOut[i] = tan.invU(bx, by) + tan.crpixX();
      yOut[i] = tan.invV(bx, by) + tan.crpixY();
    } else {
      xOut[i] = Double.NaN;
      yOut[i] = Double.NaN;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TpvWcs t && tan.equals(t.tan) && Arrays.equals(pv1, t.pv1) && Arrays.equals(pv2, t.pv2);
  }

  @Override
  public int hashCode() {
    return 31 * tan.hashCode() + 7 * Arrays.hashCode(pv1) + Arrays.hashCode(pv2);
  }

  @Override
  public String toString() {
    return "TpvWcs[" + tan + ", PV1=" + Arrays.toString(pv1) + ", PV2=" + Arrays.toString(pv2) + "]";
  }
}
