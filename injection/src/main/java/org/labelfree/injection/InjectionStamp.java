package org.labelfree.injection;

/**
 * Renders a PSF kernel at a sub-pixel offset: the kernel shifted by ({@code fx}, {@code fy}) with a separable,
 * normalised Lanczos-3 interpolant onto a stamp 3 pixels larger than the kernel on each side (so no flux is cut),
 * then normalised to unit sum. Stateless; thread-safe.
 */
final class InjectionStamp {
  /** Lanczos order, and the margin of the stamp around the kernel. */
  static final int ORDER = 3;
  private static final int TAPS = 2 * ORDER + 1;

  private InjectionStamp() {}

  /**
   * The shifted, unit-sum stamp of {@code (kw + 6) x (kh + 6)} values, row-major: stamp pixel (a, b) lies at
   * offset {@code (a - kw / 2 - 3, b - kh / 2 - 3)} from the kernel's centre pixel, and the source centre lies at
   * offset ({@code fx}, {@code fy}) from that pixel.
   *
   * @param k  the kernel values, row-major
   * @param kw kernel width (odd)
   * @param kh kernel height (odd)
   * @param fx sub-pixel shift along x, in [-0.5, 0.5]
   * @param fy sub-pixel shift along y, in [-0.5, 0.5]
   * @return the stamp, or null when its sum is not positive and finite
   */
  static double[] render(float[] k, int kw, int kh, double fx, double fy) {
    double[] lx = weights(fx);
    double[] ly = weights(fy);
    int sw = kw + 2 * ORDER;
    int sh = kh + 2 * ORDER;

    /* Along x, on the kernel's rows: tmp(a, j) = sum_t lx[t] K(a - 3 - (t - 3), j), a over the stamp's columns. */
    double[] tmp = new double[sw * kh];
    for (int j = 0; j < kh; j++) {
      int krow = j * kw;
      int trow = j * sw;
      for (int i = 0; i < kw; i++) {
        double v = k[krow + i];
        if (v == 0) {
          continue;
        }
        /* Kernel pixel i spreads to stamp columns i + t (t = 0..6): the weight of lag (t - 3) is lx[t]. */
        int base = trow + i;
        for (int t = 0; t < TAPS; t++) {
          tmp[base + t] += lx[t] * v;
        }
      }
    }

    /* Along y, spreading each row of tmp to the stamp's rows. */
    double[] out = new double[sw * sh];
    for (int j = 0; j < kh; j++) {
      int trow = j * sw;
      for (int t = 0; t < TAPS; t++) {
        double wy = ly[t];
        int orow = (j + t) * sw;
        for (int a = 0; a < sw; a++) {
          out[orow + a] += wy * tmp[trow + a];
        }
      }
    }
    double sum = 0;
    for (double v : out) {
      sum += v;
    }
    if (!(sum > 0 && Double.isFinite(sum))) {
      return null;
    }
    double inv = 1 / sum;
    for (int p = 0; p < out.length; p++) {
      out[p] *= inv;
    }
    return out;
  }

  /**
   * The 7 weights {@code L3(t - 3 - f)}, t = 0..6, normalised to unit sum: output offset {@code d} receives
   * {@code w[t] K(d - (t - 3))}, which samples the kernel shifted by {@code +f}.
   */
  static double[] weights(double f) {
    double[] w = new double[TAPS];
    double s = 0;
    for (int t = 0; t < TAPS; t++) {
      double v = lanczos(t - ORDER - f);
      w[t] = v;
      s += v;
    }
    for (int t = 0; t < TAPS; t++) {
      w[t] /= s;
    }
    return w;
  }

  /** The Lanczos-3 kernel {@code sinc(x) sinc(x / 3)}, zero for |x| >= 3. */
  static double lanczos(double x) {
    double ax = Math.abs(x);
    if (ax < 1e-12) {
      return 1;
    }
    if (ax >= ORDER) {
      return 0;
    }
    double px = Math.PI * x;
    return ORDER * Math.sin(px) * Math.sin(px / ORDER) / (px * px);
  }
}
