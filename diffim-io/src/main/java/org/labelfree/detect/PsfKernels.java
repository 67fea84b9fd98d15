package org.labelfree.detect;

import org.labelfree.image.ImageF;

/** PSF kernel images for PSF-weighted photometry: sub-pixel shifts. Stateless and thread-safe. */
public final class PsfKernels {
  private PsfKernels() {}

  /**
   * The kernel image shifted by a sub-pixel {@code (fx, fy)} (pixels, normally {@code |f| <= 0.5}) with a separable,
   * normalised Lanczos-3 interpolant, zero outside the kernel, then normalised to unit sum: the PSF of a point source
   * at {@code (cx + fx, cy + fy)} sampled on the pixels around {@code (cx, cy)}, for PSF-weighted (forced) fluxes.
   * Row-major, the kernel's width and height. Thread-safe.
   */
  public static float[] shift(ImageF kernel, double fx, double fy) {
    int kw = kernel.width();
    int kh = kernel.height();
    float[] src = kernel.array();
    double[] lx = lanczos3(fx);
    double[] ly = lanczos3(fy);
    /* Horizontal pass into rows padded by 3 zero rows above and below: tmp(j, i) = sum_t lx(t) src(j, i - t), each
       tap a loop over the row (one array read at one offset, which the JIT vectorises). */
    float[] pad = new float[kw + 6];
    float[] tmp = new float[(kh + 6) * kw];
    for (int j = 0; j < kh; j++) {
      System.arraycopy(src, j * kw, pad, 3, kw);
      int o = (j + 3) * kw;
      for (int t = -3; t <= 3; t++) {
        float c = (float) lx[t + 3];
        int s0 = 3 - t;
        for (int i = 0; i < kw; i++) {
          tmp[o + i] += c * pad[s0 + i];
        }
      }
    }
    /* Vertical pass: out(j, i) = sum_t ly(t) tmp(j - t, i); then normalised to unit sum. */
    float[] out = new float[kw * kh];
    for (int j = 0; j < kh; j++) {
      int o = j * kw;
      for (int t = -3; t <= 3; t++) {
        float c = (float) ly[t + 3];
        int s0 = (j + 3 - t) * kw;
        for (int i = 0; i < kw; i++) {
          out[o + i] += c * tmp[s0 + i];
        }
      }
    }
    double sum = 0;
    for (float v : out) {
      sum += v;
    }
    float inv = (float) (1 / sum);
    for (int i = 0; i < out.length; i++) {
      out[i] *= inv;
    }
    return out;
  }

  /** Weights L3(t - f) for t = -3..3, normalised to unit sum. */
  private static double[] lanczos3(double f) {
    double[] l = new double[7];
    double s = 0;
    for (int t = -3; t <= 3; t++) {
      double u = t - f;
      double v;
      if (Math.abs(u) < 1e-12) {
        v = 1;
      } else if (Math.abs(u) >= 3) {
        v = 0;
      } else {
        double pu = Math.PI * u;
        v = 3 * Math.sin(pu) * Math.sin(pu / 3) / (pu * pu);
      }
      l[t + 3] = v;
      s += v;
    }
    for (int i = 0; i < 7; i++) {
      l[i] /= s;
    }
    return l;
  }
}
