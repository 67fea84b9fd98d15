package org.labelfree.image;

/**
 * Shape measurements of a centred PSF kernel image: the FWHM of the best-fitting pixel-integrated circular Moffat
 * profile, and the Gaussian-equivalent width from adaptive second moments. Stateless and thread-safe.
 */
final class KernelShape {
  /** FWHM / sigma of a Gaussian: {@code 2 sqrt(2 ln 2)}. */
  static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));
  private static final int MAX_ITERATIONS = 40;
  private static final double STEP = 1e-4;

  private KernelShape() {}

  /**
   * The FWHM in pixels of the circular Moffat profile whose pixel integral (rendered with
   * {@link MoffatPsf#addMoffat}, centred on the middle pixel), times a free amplitude, fits {@code kernel} best in
   * least squares. Levenberg-Marquardt over (ln FWHM, ln(beta - 1)) with the amplitude solved linearly at each step;
   * derivatives by forward differences.
   *
   * @param kernel    odd-sized kernel, centred on its middle pixel
   * @param fwhmGuess starting FWHM in pixels (> 0)
   * @throws AlgorithmFailureException if the fit does not give a finite positive FWHM
   */
  static double moffatFwhm(ImageF kernel, double fwhmGuess) {
    int w = kernel.width();
    int h = kernel.height();
    float[] data = kernel.array();
    double[] p = {Math.log(Math.max(fwhmGuess, 0.5)), Math.log(2.0)};
    float[] scratch = new float[w * h];
    double[] r0 = new double[w * h];
    double[] r1 = new double[w * h];
    double[] r2 = new double[w * h];
    double cost = residual(data, w, h, p[0], p[1], scratch, r0);
    double lambda = 1e-3;
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      /* Jacobian of the residual by forward differences. */
      residual(data, w, h, p[0] + STEP, p[1], scratch, r1);
      residual(data, w, h, p[0], p[1] + STEP, scratch, r2);
      double a11 = 0;
      double a12 = 0;
      double a22 = 0;
      double g1 = 0;
      double g2 = 0;
      for (int i = 0; i < r0.length; i++) {
        double j1 = (r1[i] - r0[i]) / STEP;
        double j2 = (r2[i] - r0[i]) / STEP;
        a11 += j1 * j1;
        a12 += j1 * j2;
        a22 += j2 * j2;
        g1 += j1 * r0[i];
        g2 += j2 * r0[i];
      }
      /* Damped Gauss-Newton steps until one lowers the cost. */
      boolean improved = false;
      for (int tries = 0; tries < 12 && !improved; tries++) {
        double b11 = a11 * (1 + lambda);
        double b22 = a22 * (1 + lambda);
        double det = b11 * b22 - a12 * a12;
        if (!(det > 0)) {
          lambda *= 10;
          continue;
        }
        double d1 = -(b22 * g1 - a12 * g2) / det;
        double d2 = -(b11 * g2 - a12 * g1) / det;
        d1 = Math.max(-0.5, Math.min(0.5, d1));
        d2 = Math.max(-1, Math.min(1, d2));
        double q0 = p[0] + d1;
        double q1 = Math.max(Math.log(0.05), Math.min(Math.log(50), p[1] + d2));
        double c = residual(data, w, h, q0, q1, scratch, r1);
        if (c < cost) {
          boolean converged = Math.abs(q0 - p[0]) < 1e-6 && Math.abs(q1 - p[1]) < 1e-5;
          p[0] = q0;
          p[1] = q1;
          cost = c;
          System.arraycopy(r1, 0, r0, 0, r0.length);
          lambda = Math.max(lambda / 10, 1e-9);
          improved = true;
          if (converged) {
            it = MAX_ITERATIONS;
          }
        } else {
          lambda *= 10;
        }
      }
      if (!improved) {
        break;
      }
    }
    double fwhm = Math.exp(p[0]);
    if (!(fwhm > 0 && Double.isFinite(fwhm))) {
      throw new AlgorithmFailureException("Moffat fit to the PSF kernel gave FWHM " + fwhm,
          java.util.Map.of("fwhm", fwhm, "guess", fwhmGuess));
    }
    return fwhm;
  }

  /** Residual data - A M(fwhm, beta) with the best amplitude A; returns the sum of squares. */
  private static double residual(float[] data, int w, int h, double lnFwhm, double lnBetaMinus1, float[] scratch,
                                 double[] out) {
    java.util.Arrays.fill(scratch, 0f);
    double fwhm = Math.min(Math.max(Math.exp(lnFwhm), 0.05), 1e3);
    double beta = 1 + Math.exp(lnBetaMinus1);
    MoffatPsf.addMoffat(scratch, w, h, w / 2, h / 2, 1, fwhm, beta, 0, 0, Double.POSITIVE_INFINITY);
    double mm = 0;
    double md = 0;
    for (int i = 0; i < scratch.length; i++) {
      mm += (double) scratch[i] * scratch[i];
      md += (double) scratch[i] * data[i];
    }
    double a = mm > 0 ? md / mm : 0;
    double ss = 0;
    for (int i = 0; i < scratch.length; i++) {
      double r = data[i] - a * scratch[i];
      out[i] = r;
      ss += r * r;
    }
    return ss;
  }

  /**
   * The Gaussian-equivalent sigma in pixels of a centred kernel from adaptive (Gaussian-weighted, iterated) second
   * moments, with the pixel's own variance (1/12 per axis) removed, so that a pixel-integrated Gaussian of width
   * sigma gives about sigma.
   */
  static double adaptiveSigma(ImageF kernel) {
    int w = kernel.width();
    int h = kernel.height();
    float[] k = kernel.array();
    double cx = (w - 1) / 2.0;
    double cy = (h - 1) / 2.0;
    double s2 = 2.0;
    /* The circular Gaussian weight is separable: one exp per column and per row, not per pixel. */
    double[] gx = new double[w];
    double[] gy = new double[h];
    for (int it = 0; it < 50; it++) {
      double inv = 1 / (2 * s2);
      for (int i = 0; i < w; i++) {
        gx[i] = Math.exp(-(i - cx) * (i - cx) * inv);
      }
      for (int j = 0; j < h; j++) {
        gy[j] = Math.exp(-(j - cy) * (j - cy) * inv);
      }
      double sw = 0;
      double sr2 = 0;
      for (int j = 0; j < h; j++) {
        double dy = j - cy;
        for (int i = 0; i < w; i++) {
          double dx = i - cx;
          double r2 = dx * dx + dy * dy;
          double v = k[j * w + i] * gx[i] * gy[j];
          sw += v;
          sr2 += v * r2;
        }
      }
      if (!(sw > 0)) {
        break;
      }
      /* Weighted per-axis variance m = sr2 / (2 sw); for a Gaussian of variance S and weight s2: m = S s2/(S+s2). */
      double m = sr2 / (2 * sw);
      double next = m < s2 ? m * s2 / (s2 - m) : 4 * s2;
      next = Math.min(Math.max(next, 0.01), 1e6);
      boolean done = Math.abs(next - s2) < 1e-9 * s2;
      s2 = next;
      if (done) {
        break;
      }
    }
    return Math.sqrt(Math.max(s2 - 1.0 / 12, 1e-4));
  }
}
