package org.labelfree.sim;

/**
 * Non-negative least squares, min ||A x - b|| subject to x >= 0, by the active-set method of Lawson and Hanson
 * (1974, "Solving Least Squares Problems", chapter 23); the unconstrained sub-problems are solved by Householder QR.
 * Meant for small dense problems (tens of columns). Stateless and thread-safe.
 */
final class Nnls {
  private Nnls() {
  }

  /**
   * Solves the problem for the row-major m x n matrix {@code a} and the m-vector {@code b} (both left unchanged).
   *
   * @return the solution, length n, every element >= 0
   */
  static double[] solve(double[][] a, double[] b) {
    int n = a[0].length;
    double[] x = new double[n];
    boolean[] passive = new boolean[n];
    double[] w = new double[n];
    double[] z = new double[n];
    double tol = 1e-12 * norm(a) * norm(b);
    for (int outer = 0; outer < 3 * n + 10; outer++) {
      /* Gradient of the residual; stop when no inactive variable would reduce it. */
      gradient(a, b, x, w);
      int best = -1;
      for (int j = 0; j < n; j++) {
        if (!passive[j] && w[j] > tol && (best < 0 || w[j] > w[best])) {
          best = j;
        }
      }
      if (best < 0) {
        break;
      }
      passive[best] = true;
      for (int inner = 0; inner < 3 * n + 10; inner++) {
        /* Unconstrained solution on the passive set; accept it if feasible, else step back to the boundary. */
        leastSquaresOn(a, b, passive, z);
        double alpha = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          if (passive[j] && z[j] <= 0.0) {
            alpha = Math.min(alpha, x[j] / (x[j] - z[j]));
          }
        }
        if (alpha == Double.POSITIVE_INFINITY) {
          System.arraycopy(z, 0, x, 0, n);
          break;
        }
        for (int j = 0; j < n; j++) {
          x[j] += alpha * (z[j] - x[j]);
          if (passive[j] && x[j] <= 1e-15) {
            passive[j] = false;
            x[j] = 0.0;
          }
        }
      }
    }
    return x;
  }

  private static void gradient(double[][] a, double[] b, double[] x, double[] w) {
    int n = x.length;
    java.util.Arrays.fill(w, 0.0);
    for (int i = 0; i < a.length; i++) {
      double r = b[i];
      for (int j = 0; j < n; j++) {
        r -= a[i][j] * x[j];
      }
      for (int j = 0; j < n; j++) {
        w[j] += a[i][j] * r;
      }
    }
  }

  /** Least squares over the passive columns by Householder QR; z gets 0 on the other columns. */
  private static void leastSquaresOn(double[][] a, double[] b, boolean[] passive, double[] z) {
    int m = a.length;
    int n = passive.length;
    int[] cols = new int[n];
    int p = 0;
    for (int j = 0; j < n; j++) {
      if (passive[j]) {
        cols[p++] = j;
      }
    }
    double[][] q = new double[m][p];
    double[] rhs = b.clone();
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < p; k++) {
        q[i][k] = a[i][cols[k]];
      }
    }
    double[] diag = new double[p];
    for (int k = 0; k < p; k++) {
      double s = 0.0;
      for (int i = k; i < m; i++) {
        s += q[i][k] * q[i][k];
      }
      double alpha = q[k][k] > 0 ? -Math.sqrt(s) : Math.sqrt(s);
      diag[k] = alpha;
      q[k][k] -= alpha;
      double vnorm2 = s - 2.0 * alpha * (q[k][k] + alpha) + alpha * alpha;
      if (vnorm2 <= 0.0) {
        continue;
      }
      for (int c = k + 1; c < p; c++) {
        double dot = 0.0;
        for (int i = k; i < m; i++) {
          dot += q[i][k] * q[i][c];
        }
        double f = 2.0 * dot / vnorm2;
        for (int i = k; i < m; i++) {
          q[i][c] -= f * q[i][k];
        }
      }
      double dot = 0.0;
      for (int i = k; i < m; i++) {
        dot += q[i][k] * rhs[i];
      }
      double f = 2.0 * dot / vnorm2;
      for (int i = k; i < m; i++) {
        rhs[i] -= f * q[i][k];
      }
    }
    java.util.Arrays.fill(z, 0.0);
    double[] sol = new double[p];
    for (int k = p - 1; k >= 0; k--) {
      double s = rhs[k];
      for (int c = k + 1; c < p; c++) {
        s -= q[k][c] * sol[c];
      }
      sol[k] = diag[k] == 0.0 ? 0.0 : s / diag[k];
    }
    for (int k = 0; k < p; k++) {
      z[cols[k]] = sol[k];
    }
  }

  private static double norm(double[][] a) {
    double s = 0.0;
    for (double[] row : a) {
      for (double v : row) {
        s += v * v;
      }
    }
    return Math.sqrt(s);
  }

  private static double norm(double[] b) {
    double s = 0.0;
    for (double v : b) {
      s += v * v;
    }
    return Math.sqrt(s);
  }
}
