package org.labelfree.image;

/**
 * Draws one pixel-integrated elliptical Moffat profile into a canvas: the constants of one (fwhm, beta, e1, e2), see
 * {@link MoffatPsf#addMoffat}. Arguments are validated by the caller.
 *
 * <p>A pixel's value is the profile's average over the pixel. Where the profile is smooth on the pixel scale the
 * average is the centre value plus {@code laplacian / 24} (the second-order term of the Taylor expansion; the next,
 * fourth-order term is below {@link #WING_TOLERANCE} relative there). Inside the core, where that series converges
 * too slowly, the pixel is integrated by a Gauss-Legendre product rule, on {@code m x m} sub-cells of
 * {@code k x k} nodes each; {@code k} follows from the distance of the profile's complex pole
 * ({@code i alpha sqrt(q)}) to the cell, so that the quadrature error is about {@link #CORE_TOLERANCE}.
 */
final class MoffatRenderer {
  /** Relative error of a wing pixel's second-order value at the edge of the core. */
  static final double WING_TOLERANCE = 1e-3;
  /** Target relative error of the Gauss-Legendre integral of a core pixel. */
  static final double CORE_TOLERANCE = 1e-6;
  private static final int MAX_NODES = 16;
  private static final double[][] GL_NODES = new double[MAX_NODES + 1][];
  private static final double[][] GL_WEIGHTS = new double[MAX_NODES + 1][];

  static {
    for (int k = 1; k <= MAX_NODES; k++) {
      legendre(k);
    }
  }

  private final double beta;
  private final double invAlpha2;
  /* The elliptical radius s = qa dx^2 + qb dx dy + qc dy^2 and x^T M^2 x = ma dx^2 + mb dx dy + mc dy^2. */
  private final double qa;
  private final double qb;
  private final double qc;
  private final double ma;
  private final double mb;
  private final double mc;
  private final double trace;
  private final double coreS;
  /** Sub-cell node offsets from a pixel centre, and their weights (summing to 1). */
  private final double[] offsets;
  private final double[] weights;

  MoffatRenderer(double fwhm, double beta, double e1, double e2) {
    this.beta = beta;
    double alpha = MoffatPsf.alpha(fwhm, beta);
    double alpha2 = alpha * alpha;
    this.invAlpha2 = 1 / alpha2;

    /* The area-preserving elliptical radius as a quadratic form M (det M = 1), and M^2 for the Laplacian. */
    double g = Math.hypot(e1, e2);
    double q = (1 - g) / (1 + g);
    double theta = 0.5 * Math.atan2(e2, e1);
    double c = Math.cos(theta);
    double s = Math.sin(theta);
    double a = q * c * c + s * s / q;
    double cc = q * s * s + c * c / q;
    double h = c * s * (q - 1 / q);
    qa = a;
    qb = 2 * h;
    qc = cc;
    ma = a * a + h * h;
    mb = 2 * h * (a + cc);
    mc = cc * cc + h * h;
    trace = a + cc;

    /* The core: where the fourth-order term of the pixel average, ~p(p+1)(p+2)(p+3)/1920 / (s + alpha^2)^2 with
       p = 2 beta for a power law, exceeds the wing tolerance (scaled by q for the narrow axis). */
    double p = 2 * beta;
    double fourth = p * (p + 1) * (p + 2) * (p + 3) / 1920;
    coreS = Math.sqrt(fourth / WING_TOLERANCE) / q - alpha2;

    /* Gauss-Legendre sub-cells: the pole at distance d = alpha sqrt(q) from the real axis bounds the error by
       ~rho^(-2k) with rho = (d + sqrt(d^2 + h^2)) / h for a cell of half-width h. */
    double d = alpha * Math.sqrt(q);
    int m = Math.max(1, (int) Math.ceil(0.5 / d));
    double half = 0.5 / m;
    double rho = (d + Math.sqrt(d * d + half * half)) / half;
    int k = (int) Math.ceil(Math.log(1 / CORE_TOLERANCE) / (2 * Math.log(rho)));
    k = Math.max(1, Math.min(MAX_NODES, k));
    offsets = new double[m * k];
    weights = new double[m * k];
    for (int cell = 0; cell < m; cell++) {
      double mid = -0.5 + (cell + 0.5) / m;
      for (int n = 0; n < k; n++) {
        offsets[cell * k + n] = mid + half * GL_NODES[k][n];
        weights[cell * k + n] = GL_WEIGHTS[k][n] / (2 * m);
      }
    }
  }

  /** Adds the profile (total flux {@code flux}) to the canvas pixels whose centres are within {@code radius}. */
  void add(float[] canvas, int width, int height, double x, double y, double flux, double radius) {
    double norm = flux * (beta - 1) * invAlpha2 / Math.PI;
    double r2max = radius * radius;
    double jlo = Math.max(0, Math.ceil(y - radius));
    double jhi = Math.min(height - 1, Math.floor(y + radius));
    for (int j = (int) jlo; j <= jhi; j++) {
      double dy = j - y;
      double span = Math.sqrt(r2max - dy * dy);
      double ilo = Math.max(0, Math.ceil(x - span));
      double ihi = Math.min(width - 1, Math.floor(x + span));
      int row = j * width;
      double sy = qc * dy * dy;
      double my = mc * dy * dy;
      for (int i = (int) ilo; i <= ihi; i++) {
        double dx = i - x;
        double s = qa * dx * dx + qb * dx * dy + sy;
        double v;
        if (s < coreS) {
          v = integrate(dx, dy);
        } else {
          double x1 = 1 + s * invAlpha2;
          double w = 1 / x1;
          double value = Math.exp(-beta * Math.log(x1));
          double d1 = -beta * invAlpha2 * value * w;
          double d2 = beta * (beta + 1) * invAlpha2 * invAlpha2 * value * w * w;
          double m2 = ma * dx * dx + mb * dx * dy + my;
          v = value + (4 * d2 * m2 + 2 * d1 * trace) / 24;
        }
        canvas[row + i] += (float) (norm * v);
      }
    }
  }

  /** The unnormalised profile averaged over the pixel centred at offset (dx, dy). */
  private double integrate(double dx, double dy) {
    double sum = 0;
    for (int b = 0; b < offsets.length; b++) {
      double py = dy + offsets[b];
      double sy = qc * py * py;
      double by = qb * py;
      double rowSum = 0;
      for (int a = 0; a < offsets.length; a++) {
        double px = dx + offsets[a];
        double s = (qa * px + by) * px + sy;
        rowSum += weights[a] * Math.exp(-beta * Math.log(1 + s * invAlpha2));
      }
      sum += weights[b] * rowSum;
    }
    return sum;
  }

  /** Nodes and weights of the k-point Gauss-Legendre rule on [-1, 1], by Newton's method on P_k. */
  private static void legendre(int k) {
    double[] x = new double[k];
    double[] w = new double[k];
    for (int i = 0; i < k; i++) {
      double z = Math.cos(Math.PI * (i + 0.75) / (k + 0.5));
      double dp = 1;
      for (int iter = 0; iter < 100; iter++) {
        double p0 = 1;
        double p1 = z;
        for (int n = 2; n <= k; n++) {
          double p2 = ((2 * n - 1) * z * p1 - (n - 1) * p0) / n;
          p0 = p1;
          p1 = p2;
        }
        dp = k * (z * p1 - p0) / (z * z - 1);
        double dz = p1 / dp;
        z -= dz;
        if (Math.abs(dz) < 1e-15) {
          break;
        }
      }
      x[i] = z;
      w[i] = 2 / ((1 - z * z) * dp * dp);
    }
    GL_NODES[k] = x;
    GL_WEIGHTS[k] = w;
  }
}
