package org.labelfree.wcs;

import java.util.Arrays;

/**
 * A dense bivariate polynomial {@code sum c[p][q] * x^p * y^q} over {@code p + q <= degree}, evaluated by nested
 * Horner's rule with optional gradient. Immutable; thread-safe. Evaluation trims trailing all-zero degrees, which
 * does not change any result.
 */
final class Poly2 {
  /** Coefficients by (p, q), square (degree+1)^2, zero where p + q > degree. */
  private final double[][] coef;
  /** Row p holds c[p][0..n-p]: flattened, offsets {@link #row}. */
  private final double[] flat;
  private final int[] row;
  private final int n;

  Poly2(double[][] c) {
    this.coef = new double[c.length][];
    for (int p = 0; p < c.length; p++) {
      this.coef[p] = c[p].clone();
    }
    int effective = 0;
    for (int p = 0; p < c.length; p++) {
      for (int q = 0; q < c[p].length; q++) {
        if (c[p][q] != 0.0) {
          effective = Math.max(effective, p + q);
        }
      }
    }
    this.n = effective;
    this.row = new int[n + 2];
    this.flat = new double[(n + 1) * (n + 2) / 2];
    int k = 0;
    for (int p = 0; p <= n; p++) {
      row[p] = k;
      for (int q = 0; q <= n - p; q++) {
        flat[k++] = p < c.length && q < c[p].length ? c[p][q] : 0.0;
      }
    }
    row[n + 1] = k;
  }

  /** A copy of the coefficient matrix. */
  double[][] coefficients() {
    double[][] out = new double[coef.length][];
    for (int p = 0; p < coef.length; p++) {
      out[p] = coef[p].clone();
    }
    return out;
  }

  /** The coefficient of x^p y^q (0 outside the matrix). */
  double get(int p, int q) {
    return p < coef.length && q < coef[p].length ? coef[p][q] : 0.0;
  }

  /** Value at (x, y). */
  double eval(double x, double y) {
    final double[] f = flat;
    double result = 0.0;
    for (int p = n; p >= 0; p--) {
      int start = row[p];
      int end = row[p + 1] - 1;
      double q = f[end];
      for (int k = end - 1; k >= start; k--) {
        q = q * y + f[k];
      }
      result = result * x + q;
    }
    return result;
  }

  /** Value, d/dx and d/dy at (x, y), written to {@code out[off..off+2]}. */
  void evalGrad(double x, double y, double[] out, int off) {
    final double[] f = flat;
    double v = 0.0;
    double vx = 0.0;
    double vy = 0.0;
    for (int p = n; p >= 0; p--) {
      int start = row[p];
      int end = row[p + 1] - 1;
      double q = f[end];
      double qy = 0.0;
      for (int k = end - 1; k >= start; k--) {
        qy = qy * y + q;
        q = q * y + f[k];
      }
      vx = vx * x + v;
      v = v * x + q;
      vy = vy * x + qy;
    }
    out[off] = v;
    out[off + 1] = vx;
    out[off + 2] = vy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Poly2 other && Arrays.deepEquals(coef, other.coef);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(coef);
  }
}
