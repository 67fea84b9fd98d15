package org.labelfree.detect;

import java.util.Arrays;

/**
 * One PSF star resampled onto the model grid: background-subtracted values and their variances at the model nodes,
 * centred on the star's refined centroid. Built by {@link #extract}; package-private working state of
 * {@link PsfEstimator}.
 *
 * <p>The local background is the median of an annulus from {@code 2 half} to {@code 2 half + 4} pixels around the
 * star ({@code half} = kernel half-size), where the wings of a Moffat profile are negligible; when fewer than 10
 * usable pixels lie in it the image is taken as background-subtracted. Pixel variances come from the variance
 * plane; where that is not finite and positive (an image read without one), the annulus' robust sky variance is used
 * for every pixel of the stamp.
 */
final class PsfStamp {
  /** Lanczos order. */
  static final int LANCZOS = 3;

  final PsfCandidate star;
  /** Refined centroid, parent pixels. */
  final double cx;
  final double cy;
  /** Background-subtracted values at the model nodes, image units. */
  final float[] data;
  /** Variances at the model nodes, image units squared. */
  final float[] variance;
  /** Variances used as weights: {@link #variance} plus the model-accuracy term (updated by the fit). */
  final float[] weightVariance;
  /** Flux scale of the star (updated by the fit). */
  double flux;
  boolean rejected;

  private PsfStamp(PsfCandidate star, double cx, double cy, float[] data, float[] variance) {
    this.star = star;
    this.cx = cx;
    this.cy = cy;
    this.data = data;
    this.variance = variance;
    this.weightVariance = variance.clone();
  }

  /**
   * Cuts, re-centres and resamples one star, or returns null when the star's box (kernel plus the Lanczos margin)
   * leaves the image or touches a NaN pixel or a pixel whose mask has a bit of {@code badBits}.
   *
   * @param img        image pixels (row-major, {@code w x h}, local coordinates)
   * @param var        variance pixels
   * @param mask       mask bits
   * @param x0         image origin column (parent)
   * @param sigma      Gaussian-equivalent PSF sigma for the centroid weight, pixels
   * @param kernelSize native kernel side (odd)
   * @param os         oversampling (model nodes per pixel)
   */
  static PsfStamp extract(PsfCandidate star, float[] img, float[] var, int[] mask, int w, int h, int x0, int y0,
                          int badBits, double sigma, int kernelSize, int os) {
    int half = kernelSize / 2;
    int margin = half + LANCZOS + 2;
    int ix = (int) Math.round(star.x() - x0);
    int iy = (int) Math.round(star.y() - y0);
    if (ix - margin < 0 || iy - margin < 0 || ix + margin >= w || iy + margin >= h) {
      return null;
    }
    for (int j = iy - margin; j <= iy + margin; j++) {
      int row = j * w;
      for (int i = ix - margin; i <= ix + margin; i++) {
        if ((mask[row + i] & badBits) != 0 || Float.isNaN(img[row + i])) {
          return null;
        }
      }
    }

    /* Local background and sky variance from the annulus. */
    double rIn = 2.0 * half;
    double rOut = rIn + 4;
    int ro = (int) Math.ceil(rOut);
    float[] ann = new float[(2 * ro + 1) * (2 * ro + 1)];
    int na = 0;
    for (int j = Math.max(0, iy - ro); j <= Math.min(h - 1, iy + ro); j++) {
      int dy = j - iy;
      int row = j * w;
      for (int i = Math.max(0, ix - ro); i <= Math.min(w - 1, ix + ro); i++) {
        int dx = i - ix;
        int r2 = dx * dx + dy * dy;
        float v = img[row + i];
        if (r2 >= rIn * rIn && r2 < rOut * rOut && (mask[row + i] & badBits) == 0 && !Float.isNaN(v)) {
          ann[na++] = v;
        }
      }
    }
    double bkg = 0;
    double skyVar = Double.NaN;
    if (na >= 10) {
      Arrays.sort(ann, 0, na);
      bkg = median(ann, na);
      for (int k = 0; k < na; k++) {
        ann[k] = (float) Math.abs(ann[k] - bkg);
      }
      Arrays.sort(ann, 0, na);
      double mad = 1.4826 * median(ann, na);
      skyVar = mad * mad;
    }

    /* Refine the centroid: Gaussian-weighted first moments, iterated. */
    double cx = star.x() - x0;
    double cy = star.y() - y0;
    double inv = 1 / (2 * sigma * sigma);
    int rc = Math.min(half, (int) Math.ceil(4 * sigma));
    for (int it = 0; it < 8; it++) {
      double sw = 0;
      double sx = 0;
      double sy = 0;
      int jx = (int) Math.round(cx);
      int jy = (int) Math.round(cy);
      if (Math.abs(jx - ix) > 2 || Math.abs(jy - iy) > 2) {
        return null;
      }
      for (int j = jy - rc; j <= jy + rc; j++) {
        double dy = j - cy;
        int row = j * w;
        for (int i = jx - rc; i <= jx + rc; i++) {
          double dx = i - cx;
          double wv = Math.exp(-(dx * dx + dy * dy) * inv) * (img[row + i] - bkg);
          sw += wv;
          sx += wv * dx;
          sy += wv * dy;
        }
      }
      if (!(sw > 0)) {
        return null;
      }
      double ddx = sx / sw;
      double ddy = sy / sw;
      /* The weighted mean of a profile under a Gaussian weight centred off by d is shifted by about d/2. */
      cx += Math.max(-1, Math.min(1, 2 * ddx));
      cy += Math.max(-1, Math.min(1, 2 * ddy));
      if (Math.abs(ddx) < 1e-5 && Math.abs(ddy) < 1e-5) {
        break;
      }
    }
    if (Math.abs(cx - ix) > 1.5 || Math.abs(cy - iy) > 1.5) {
      return null;
    }

    /* Resample onto the model nodes with a separable Lanczos-3 kernel. */
    int m = os * (kernelSize - 1) + 1;
    int cm = m / 2;
    int[] tx = new int[m];
    int[] ty = new int[m];
    double[] wx = new double[m * 2 * LANCZOS];
    double[] wy = new double[m * 2 * LANCZOS];
    for (int a = 0; a < m; a++) {
      tx[a] = taps(cx + (double) (a - cm) / os, wx, a);
      ty[a] = taps(cy + (double) (a - cm) / os, wy, a);
    }
    int rowLo = ty[0];
    int rowHi = ty[m - 1] + 2 * LANCZOS - 1;
    int nRows = rowHi - rowLo + 1;
    double[] tmp = new double[nRows * m];
    for (int r = 0; r < nRows; r++) {
      int row = (rowLo + r) * w;
      for (int a = 0; a < m; a++) {
        double s = 0;
        int base = row + tx[a];
        int wb = a * 2 * LANCZOS;
        for (int k = 0; k < 2 * LANCZOS; k++) {
          s += wx[wb + k] * img[base + k];
        }
        tmp[r * m + a] = s - bkg;
      }
    }
    float[] data = new float[m * m];
    float[] vars = new float[m * m];
    boolean useSky = false;
    for (int b = 0; b < m; b++) {
      int r0 = ty[b] - rowLo;
      int wb = b * 2 * LANCZOS;
      for (int a = 0; a < m; a++) {
        double s = 0;
        for (int k = 0; k < 2 * LANCZOS; k++) {
          s += wy[wb + k] * tmp[(r0 + k) * m + a];
        }
        data[b * m + a] = (float) s;
        int px = (int) Math.round(cx + (double) (a - cm) / os);
        int py = (int) Math.round(cy + (double) (b - cm) / os);
        float v = var[py * w + px];
        if (v > 0 && Float.isFinite(v)) {
          vars[b * m + a] = v;
        } else {
          useSky = true;
        }
      }
    }
    if (useSky) {
      if (!(skyVar > 0)) {
        return null;
      }
      Arrays.fill(vars, (float) skyVar);
    }
    return new PsfStamp(star, cx + x0, cy + y0, data, vars);
  }

  /** Fills the 6 normalised Lanczos-3 weights of position {@code p} at {@code w[slot * 6 ..]}; returns the first tap. */
  private static int taps(double p, double[] w, int slot) {
    int f = (int) Math.floor(p);
    int first = f - LANCZOS + 1;
    double sum = 0;
    int base = slot * 2 * LANCZOS;
    for (int k = 0; k < 2 * LANCZOS; k++) {
      double v = lanczos(p - (first + k));
      w[base + k] = v;
      sum += v;
    }
    for (int k = 0; k < 2 * LANCZOS; k++) {
      w[base + k] /= sum;
    }
    return first;
  }

  /** The Lanczos-3 kernel {@code sinc(x) sinc(x / 3)}. */
  static double lanczos(double x) {
    double ax = Math.abs(x);
    if (ax < 1e-12) {
      return 1;
    }
    if (ax >= LANCZOS) {
      return 0;
    }
    double px = Math.PI * x;
    return LANCZOS * Math.sin(px) * Math.sin(px / LANCZOS) / (px * px);
  }

  private static double median(float[] sorted, int n) {
    return (n & 1) == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
