package org.labelfree.sim;

/**
 * A calexp-style background estimate: a plane fitted by iteratively sigma-clipped least squares to a regular
 * subsample of the unmasked pixels. Sources bias it slightly upwards, as they bias real background estimators.
 */
final class BackgroundFit {
  private BackgroundFit() {
  }

  /**
   * Fits {@code b(x, y) = c0 + c1 (x - xc) / w + c2 (y - yc) / h} to the pixels without any of {@code excludeBits}.
   *
   * @return {c0, c1, c2}, with xc = (w - 1) / 2 and yc = (h - 1) / 2; {NaN, 0, 0} if no pixel is usable
   */
  static double[] plane(float[] image, int[] mask, int w, int h, int excludeBits) {
    int step = Math.max(2, Math.min(w, h) / 128);
    int nx = (w + step - 1) / step;
    int ny = (h + step - 1) / step;
    double[] z = new double[nx * ny];
    double[] u = new double[z.length];
    double[] v = new double[z.length];
    int n = 0;
    for (int y = step / 2; y < h; y += step) {
      for (int x = step / 2; x < w; x += step) {
        int i = y * w + x;
        if ((mask[i] & excludeBits) == 0 && Float.isFinite(image[i])) {
          z[n] = image[i];
          u[n] = (x - 0.5 * (w - 1)) / w;
          v[n] = (y - 0.5 * (h - 1)) / h;
          n++;
        }
      }
    }
    if (n < 3) {
      return new double[] {Double.NaN, 0, 0};
    }
    boolean[] use = new boolean[n];
    java.util.Arrays.fill(use, true);
    double[] c = {0, 0, 0};
    double[] res = new double[n];
    for (int iter = 0; iter < 5; iter++) {
      c = solve(z, u, v, use, n);
      int m = 0;
      for (int i = 0; i < n; i++) {
        res[m++] = Math.abs(z[i] - c[0] - c[1] * u[i] - c[2] * v[i]);
      }
      double[] sorted = java.util.Arrays.copyOf(res, m);
      java.util.Arrays.sort(sorted);
      double sigma = 1.4826 * sorted[m / 2];
      for (int i = 0; i < n; i++) {
        use[i] = res[i] <= 3.0 * sigma;
      }
    }
    return c;
  }

  private static double[] solve(double[] z, double[] u, double[] v, boolean[] use, int n) {
    double s = 0, su = 0, sv = 0, suu = 0, suv = 0, svv = 0, sz = 0, suz = 0, svz = 0;
    for (int i = 0; i < n; i++) {
      if (!use[i]) {
        continue;
      }
      s += 1;
      su += u[i];
      sv += v[i];
      suu += u[i] * u[i];
      suv += u[i] * v[i];
      svv += v[i] * v[i];
      sz += z[i];
      suz += u[i] * z[i];
      svz += v[i] * z[i];
    }
    double[][] a = {{s, su, sv}, {su, suu, suv}, {sv, suv, svv}};
    double[] b = {sz, suz, svz};
    /* Gaussian elimination with partial pivoting on the 3 x 3 normal equations. */
    for (int col = 0; col < 3; col++) {
      int p = col;
      for (int r = col + 1; r < 3; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[p][col])) {
          p = r;
        }
      }
      double[] t = a[col];
      a[col] = a[p];
      a[p] = t;
      double tb = b[col];
      b[col] = b[p];
      b[p] = tb;
      if (a[col][col] == 0) {
        return new double[] {s > 0 ? sz / s : Double.NaN, 0, 0};
      }
      for (int r = col + 1; r < 3; r++) {
        double f = a[r][col] / a[col][col];
        for (int k = col; k < 3; k++) {
          a[r][k] -= f * a[col][k];
        }
        b[r] -= f * b[col];
      }
    }
    double[] x = new double[3];
    for (int r = 2; r >= 0; r--) {
      double acc = b[r];
      for (int k = r + 1; k < 3; k++) {
        acc -= a[r][k] * x[k];
      }
      x[r] = acc / a[r][r];
    }
    return x;
  }
}
