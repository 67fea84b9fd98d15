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

  /**
   * The half-width of the smallest square around the kernel's centre pixel that holds all but {@code eps} (a fraction)
   * of the kernel's sum of squares: the pixels that carry weight in a PSF fit. At most the largest square the kernel
   * holds.
   */
  public static int cropHalfWidth(ImageF kernel, double eps) {
    int kw = kernel.width();
    int kh = kernel.height();
    int cx = kw / 2;
    int cy = kh / 2;
    int maxHalf = Math.min(Math.min(cx, cy), Math.min(kw - 1 - cx, kh - 1 - cy));
    float[] k = kernel.array();
    /* ring[d]: sum of squares at Chebyshev distance d from the centre (beyond maxHalf: the last slot). */
    double[] ring = new double[maxHalf + 2];
    double total = 0;
    for (int j = 0; j < kh; j++) {
      for (int i = 0; i < kw; i++) {
        double v = k[j * kw + i];
        int d = Math.min(maxHalf + 1, Math.max(Math.abs(i - cx), Math.abs(j - cy)));
        ring[d] += v * v;
        total += v * v;
      }
    }
    double outside = total;
    for (int d = 0; d <= maxHalf; d++) {
      outside -= ring[d];
      if (outside <= eps * total) {
        return d;
      }
    }
    return maxHalf;
  }

  /** The sum of a kernel's pixels, in double, in row-major order (for {@link #shiftCropped}). */
  public static double sum(ImageF kernel) {
    double sum = 0;
    for (float v : kernel.array()) {
      sum += v;
    }
    return sum;
  }

  /**
   * The part of {@link #shift(ImageF, double, double)} within {@code half} pixels of the kernel's centre pixel: the
   * kernel shifted by {@code (fx, fy)} with the normalised Lanczos-3 interpolant, divided by the kernel's sum (a
   * shift moves no weight, so this is the unit-sum normalisation of the whole shifted kernel up to what it moves off
   * the kernel's edge). Row-major, side {@code 2 half + 1}. {@code sum} is the kernel's {@link #sum}, taken once for
   * a kernel shifted to many positions.
   */
  public static float[] shiftCropped(ImageF kernel, double sum, int half, double fx, double fy) {
    int kw = kernel.width();
    int kh = kernel.height();
    int cx = kw / 2;
    int cy = kh / 2;
    float[] src = kernel.array();
    double[] lx = lanczos3(fx);
    double[] ly = lanczos3(fy);
    int n = 2 * half + 1;
    int m = n + 6;
    /* tmp(j, i) = sum_t lx(t) src(j, i - t) for rows j within half + 3 of the centre, columns within half. */
    double[] tmp = new double[m * n];
    for (int jj = 0; jj < m; jj++) {
      int j = cy - half - 3 + jj;
      if (j < 0 || j >= kh) {
        continue;
      }
      for (int ii = 0; ii < n; ii++) {
        int i = cx - half + ii;
        double acc = 0;
        for (int t = -3; t <= 3; t++) {
          int si = i - t;
          if (si >= 0 && si < kw) {
            acc += lx[t + 3] * src[j * kw + si];
          }
        }
        tmp[jj * n + ii] = acc;
      }
    }
    /* out(j, i) = sum_t ly(t) tmp(j - t, i), over the crop's rows. */
    float[] out = new float[n * n];
    double inv = 1 / sum;
    for (int jj = 0; jj < n; jj++) {
      for (int ii = 0; ii < n; ii++) {
        double acc = 0;
        for (int t = -3; t <= 3; t++) {
          acc += ly[t + 3] * tmp[(jj + 3 - t) * n + ii];
        }
        out[jj * n + ii] = (float) (acc * inv);
      }
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
