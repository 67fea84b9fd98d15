package org.labelfree.wcs;

import java.util.Objects;
import org.labelfree.image.Metadata;

/**
 * A TAN WCS with SIP distortion in pixel space (Shupe et al. 2005, ASP Conf. Ser. 347, 491): with
 * {@code (u, v) = pixel - CRPIX}, the undistorted offsets are {@code (u + A(u, v), v + B(u, v))}, then CD and the
 * gnomonic projection of {@link TanWcs}.
 *
 * <p>Sky to pixel starts from the inverse polynomials {@code AP/BP} when present (else from the linear inverse) and
 * refines by Newton iteration on the forward model until the step is below 1e-10 pixel; a point that does not
 * converge in {@value #MAX_ITER} iterations, or that lies 90 degrees or more from {@code CRVAL}, gives NaN.
 * Immutable, value equality, thread-safe.
 */
public final class TanSipWcs implements Wcs {
  static final int MAX_ITER = 50;
  static final double TOL_PIX = 1e-10;

  private final TanWcs tan;
  private final Poly2 a;
  private final Poly2 b;
  private final Poly2 ap;
  private final Poly2 bp;
  private final int aOrder;
  private final int bOrder;
  private final int apOrder;
  private final int bpOrder;

  private TanSipWcs(TanWcs tan, double[][] a, double[][] b, double[][] ap, double[][] bp) {
    this.tan = Objects.requireNonNull(tan, "tan");
    if ((ap == null) != (bp == null)) {
      throw new IllegalArgumentException("AP and BP must both be given or both be null");
    }
    this.aOrder = checkOrder("A", a);
    this.bOrder = checkOrder("B", b);
    this.apOrder = ap == null ? -1 : checkOrder("AP", ap);
    this.bpOrder = bp == null ? -1 : checkOrder("BP", bp);
    /* Pad each pair to a common evaluation degree so that it is evaluated in one interleaved pass. */
    int d = Math.max(new Poly2(a).degree(), new Poly2(b).degree());
    this.a = new Poly2(a, d);
    this.b = new Poly2(b, d);
    if (ap == null) {
      this.ap = null;
      this.bp = null;
    } else {
      int dp = Math.max(new Poly2(ap).degree(), new Poly2(bp).degree());
      this.ap = new Poly2(ap, dp);
      this.bp = new Poly2(bp, dp);
    }
  }

  /**
   * Creates a TAN-SIP WCS.
   *
   * @param tan the linear and projection part
   * @param a   forward coefficients {@code a[p][q]} of {@code u^p v^q}, a square (order+1)^2 matrix with zeros where
   *            p + q &gt; order; order 0..9
   * @param b   forward coefficients for v, same shape rules
   * @param ap  inverse coefficients for u, or {@code null} (then {@code bp} must be {@code null})
   * @param bp  inverse coefficients for v, or {@code null}
   * @return the WCS (the arrays are copied)
   * @throws IllegalArgumentException if a matrix is not square, has an order above 9, a non-finite value or a
   *                                  non-zero coefficient above its order
   */
  public static TanSipWcs of(TanWcs tan, double[][] a, double[][] b, double[][] ap, double[][] bp) {
    return new TanSipWcs(tan, a, b, ap, bp);
  }

  private static int checkOrder(String name, double[][] c) {
    Objects.requireNonNull(c, name);
    int order = c.length - 1;
    if (order < 0 || order > 9) {
      throw new IllegalArgumentException(name + " order must be in 0..9, but was " + order);
    }
    for (int p = 0; p <= order; p++) {
      if (c[p].length != order + 1) {
        throw new IllegalArgumentException(name + " must be a square " + (order + 1) + "x" + (order + 1)
            + " matrix, but row " + p + " has " + c[p].length + " entries");
      }
      for (int q = 0; q <= order; q++) {
        if (!Double.isFinite(c[p][q]) || (p + q > order && c[p][q] != 0.0)) {
          throw new IllegalArgumentException(name + "_" + p + "_" + q + " must be finite and zero above order "
              + order + ", but was " + c[p][q]);
        }
      }
    }
    return order;
  }

  /** The TAN part (CRVAL, CRPIX, CD, LONPOLE) without distortion. */
  public TanWcs tan() {
    return tan;
  }

  /** Order of the forward polynomial A (FITS {@code A_ORDER}). */
  public int aOrder() {
    return aOrder;
  }

  /** Order of the forward polynomial B (FITS {@code B_ORDER}). */
  public int bOrder() {
    return bOrder;
  }

  /** True if the inverse polynomials AP/BP are present. */
  public boolean hasInverse() {
    return ap != null;
  }

  /** A copy of the A coefficients, {@code [p][q]} for {@code u^p v^q}. */
  public double[][] a() {
    return a.coefficients();
  }

  /** A copy of the B coefficients, {@code [p][q]} for {@code u^p v^q}. */
  public double[][] b() {
    return b.coefficients();
  }

  /** A copy of the AP coefficients, or {@code null} if absent. */
  public double[][] ap() {
    return ap == null ? null : ap.coefficients();
  }

  /** A copy of the BP coefficients, or {@code null} if absent. */
  public double[][] bp() {
    return bp == null ? null : bp.coefficients();
  }

  /** Returns {@code "TAN-SIP"}. */
  @Override
  public String type() {
    return "TAN-SIP";
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
    p2s(x, y, ra, dec, 0, new double[2]);
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
      double[] scratch = new double[2];
      for (int i = from; i < to; i++) {
        p2s(x[i], y[i], raOut, decOut, i, scratch);
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
    double[] g = new double[6];
    Poly2.evalGradPair(a, b, u, v, g, 0);
    double uu = u + g[0];
    double vv = v + g[3];
    /* d(U, V)/d(u, v), then CD on the left. */
    double j11 = 1.0 + g[1];
    double j12 = g[2];
    double j21 = g[4];
    double j22 = 1.0 + g[5];
    CdMatrix cd = tan.cd();
    return tan.sphericalJacobian(tan.linX(uu, vv), tan.linY(uu, vv),
        cd.cd11() * j11 + cd.cd12() * j21, cd.cd11() * j12 + cd.cd12() * j22,
        cd.cd21() * j11 + cd.cd22() * j21, cd.cd21() * j12 + cd.cd22() * j22);
  }

  @Override
  public double pixelScaleArcsec(double x, double y) {
    return jacobian(x, y).pixelScaleArcsec();
  }

  @Override
  public Metadata toHeaderCards() {
    Metadata.Builder m = tan.linearCards("TAN-SIP");
    writePoly(m, "A", aOrder, a);
    writePoly(m, "B", bOrder, b);
    if (ap != null) {
      writePoly(m, "AP", apOrder, ap);
      writePoly(m, "BP", bpOrder, bp);
    }
    return m.build();
  }

  private static void writePoly(Metadata.Builder m, String name, int order, Poly2 poly) {
    m.set(name + "_ORDER", (long) order, "SIP polynomial order, " + name);
    for (int p = 0; p <= order; p++) {
      for (int q = 0; q <= order - p; q++) {
        double c = poly.get(p, q);
        if (c != 0.0) {
          m.set(name + "_" + p + "_" + q, c, "SIP distortion coefficient");
        }
      }
    }
  }

  private void p2s(double x, double y, double[] ra, double[] dec, int i, double[] s) {
    double u = x - tan.crpixX();
    double v = y - tan.crpixY();
    Poly2.evalPair(a, b, u, v, s, 0);
    double uu = u + s[0];
    double vv = v + s[1];
    tan.deproject(tan.linX(uu, vv), tan.linY(uu, vv), ra, dec, i);
  }

  /**
   * Sky to pixel: project, undo CD, start from AP/BP (or the undistorted offsets), then solve
   * {@code (u + A(u, v), v + B(u, v)) = (uu, vv)}. The Jacobian is evaluated at the start and re-evaluated only
   * when a step fails to shrink at least tenfold (a Newton-chord iteration); it stops when the step is below
   * {@value #TOL_PIX} pixel.
   */
  private void s2p(double ra, double dec, double[] xOut, double[] yOut, int i, double[] s) {
    if (!tan.project(ra, dec, s)) {
      xOut[i] = Double.NaN;
      yOut[i] = Double.NaN;
      return;
    }
    double uu = tan.invU(s[0], s[1]);
    double vv = tan.invV(s[0], s[1]);
    double u = uu;
    double v = vv;
    if (ap != null) {
      Poly2.evalPair(ap, bp, uu, vv, s, 0);
      u = uu + s[0];
      v = vv + s[1];
    }
    boolean converged = false;
    boolean refresh = true;
    double k11 = 0;
    double k12 = 0;
    double k21 = 0;
    double k22 = 0;
    double lastStep = Double.POSITIVE_INFINITY;
    for (int it = 0; it < MAX_ITER; it++) {
      double fa;
      double fb;
      if (refresh) {
        Poly2.evalGradPair(a, b, u, v, s, 2);
        fa = s[2];
        fb = s[5];
        double j11 = 1.0 + s[3];
        double j12 = s[4];
        double j21 = s[6];
        double j22 = 1.0 + s[7];
        double det = j11 * j22 - j12 * j21;
        k11 = j22 / det;
        k12 = -j12 / det;
        k21 = -j21 / det;
        k22 = j11 / det;
      } else {
        Poly2.evalPair(a, b, u, v, s, 2);
        fa = s[2];
        fb = s[3];
      }
      double r1 = u + fa - uu;
      double r2 = v + fb - vv;
      double du = k11 * r1 + k12 * r2;
      double dv = k21 * r1 + k22 * r2;
      u -= du;
      v -= dv;
      double step = Math.max(Math.abs(du), Math.abs(dv));
      /* Stop when the step, or the error still left after it, is below the tolerance. With the steps shrinking by
         a ratio q < 1/2, the error left is at most step * q / (1 - q) (a-posteriori bound of a contracting
         iteration); this spares the one evaluation that would only confirm convergence. */
      double q = step / lastStep;
      if (step < TOL_PIX || (it > 0 && q < 0.5 && step * q / (1 - q) < TOL_PIX)) {
        converged = true;
        break;
      }
      if (!(step < 1e12)) {
        break;
      }
      refresh = step > 0.1 * lastStep;
      lastStep = step;
    }
    if (converged && Double.isFinite(u) && Double.isFinite(v)) {
      xOut[i] = u + tan.crpixX();
      yOut[i] = v + tan.crpixY();
    } else {
      xOut[i] = Double.NaN;
      yOut[i] = Double.NaN;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TanSipWcs t && tan.equals(t.tan) && aOrder == t.aOrder && bOrder == t.bOrder
        && apOrder == t.apOrder && bpOrder == t.bpOrder && a.equals(t.a) && b.equals(t.b) && Objects.equals(ap, t.ap)
        && Objects.equals(bp, t.bp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tan, a, b, ap, bp);
  }

  @Override
  public String toString() {
    return "TanSipWcs[" + tan + ", A_ORDER=" + aOrder + ", B_ORDER=" + bOrder
        + (ap == null ? ", no AP/BP" : ", AP_ORDER=" + apOrder + ", BP_ORDER=" + bpOrder) + "]";
  }
}
