package org.labelfree.diffim;

import java.util.Arrays;

/**
 * Adaptive (Gaussian-weighted, iterated) second moments of a star, giving its Gaussian-equivalent FWHM
 * {@code 2.3548 sqrt((Ixx + Iyy) / 2)}; used when the caller knows no PSF FWHM. The weight's width is updated to
 * {@code 2 x} the weighted moment (the fixed point for a Gaussian star is the star's own sigma), 30 iterations at
 * most.
 */
final class StarMoments {
  private StarMoments() {}

  /**
   * The FWHM of the source peaking at local (x, y), in pixels; NaN if the moments do not converge or the window
   * holds an unusable pixel.
   *
   * @param half window half-width in pixels
   */
  static double fwhm(StampPlanes pl, int x, int y, int half) {
    if (x - half < 0 || y - half < 0 || x + half >= pl.width || y + half >= pl.height) {
      return Double.NaN;
    }
    double bg = pl.borderMedian(x - half, y - half, x + half, y + half);
    if (!Double.isFinite(bg)) {
      return Double.NaN;
    }
    double s2 = 4.0;
    double cx = x;
    double cy = y;
    for (int it = 0; it < 30; it++) {
      double w0 = 0;
      double wx = 0;
      double wy = 0;
      double wxx = 0;
      double wyy = 0;
      for (int yy = y - half; yy <= y + half; yy++) {
        for (int xx = x - half; xx <= x + half; xx++) {
          if (!pl.usable(xx, yy)) {
            return Double.NaN;
          }
          double dx = xx - cx;
          double dy = yy - cy;
          double w = Math.exp(-0.5 * (dx * dx + dy * dy) / s2) * (pl.image[yy * pl.width + xx] - bg);
          w0 += w;
          wx += w * dx;
          wy += w * dy;
          wxx += w * dx * dx;
          wyy += w * dy * dy;
        }
      }
      if (!(w0 > 0)) {
        return Double.NaN;
      }
      double mx = wx / w0;
      double my = wy / w0;
      double m = 0.5 * (wxx / w0 - mx * mx + wyy / w0 - my * my);
      if (!(m > 0.05) || Math.abs(mx) > 2 || Math.abs(my) > 2) {
        return Double.NaN;
      }
      cx += mx;
      cy += my;
      double next = 2 * m;
      boolean done = Math.abs(next - s2) < 1e-4 * s2;
      s2 = Math.min(next, half * half);
      if (done) {
        return KernelBasis.FWHM_PER_SIGMA * Math.sqrt(s2);
      }
    }
    return Double.NaN;
  }

  /**
   * The FWHM of the stellar locus from the sizes of many sources: the median of the sizes at most 1.25 x the
   * 25th percentile (stars are the smallest sources; galaxies and blends only add larger sizes). NaN if none.
   */
  static double locusFwhm(double[] sizes, int n) {
    double[] v = Arrays.stream(sizes, 0, n).filter(d -> d > 0 && Double.isFinite(d)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    double limit = 1.25 * v[(v.length - 1) / 4];
    int m = 0;
    while (m < v.length && v[m] <= limit) {
      m++;
    }
    return m % 2 == 1 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
  }
}
