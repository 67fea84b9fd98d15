package org.labelfree.labeling.stamps;

import java.util.Arrays;

/**
 * IRAF's zscale display limits, as astropy's {@code ZScaleInterval} computes them (contrast 0.25, at most 1000
 * samples taken at a regular stride, 2.5-sigma rejection about a line fitted to the sorted samples, rejected points
 * grown by 1% of the samples, at most 5 iterations, stop when fewer than max(5, half the samples) remain). Tody
 * (1986), "The IRAF Data Reduction and Analysis System", Proc. SPIE 627; the algorithm of IRAF's {@code display}.
 *
 * <p>Not thread-safe: one instance holds scratch arrays; use one per thread.
 */
final class ZScale {
  static final double CONTRAST = 0.25;
  static final int MAX_SAMPLES = 1000;
  static final double MAX_REJECT = 0.5;
  static final int MIN_PIXELS = 5;
  static final double KREJ = 2.5;
  static final int MAX_ITERATIONS = 5;

  private float[] samples = new float[0];
  private boolean[] bad = new boolean[0];
  private boolean[] grown = new boolean[0];

  /**
   * The limits {@code {z1, z2}} of the first {@code n} values of {@code values} (finite; not modified).
   *
   * @param values the values
   * @param n      how many (>= 1)
   * @return {@code {z1, z2}}, {@code z1 <= z2}
   */
  double[] limits(float[] values, int n) {
    /* Sample at a regular stride, at most MAX_SAMPLES, and sort. */
    int stride = Math.max(1, (int) ((double) n / MAX_SAMPLES));
    int npix = Math.min(MAX_SAMPLES, (n + stride - 1) / stride);
    if (samples.length < npix) {
      samples = new float[npix];
      bad = new boolean[npix];
      grown = new boolean[npix];
    }
    for (int i = 0; i < npix; i++) {
      samples[i] = values[i * stride];
    }
    Arrays.sort(samples, 0, npix);
    double zmin = samples[0];
    double zmax = samples[npix - 1];
    int center = (npix - 1) / 2;
    double median = npix % 2 == 1 ? samples[center] : 0.5 * ((double) samples[center] + samples[center + 1]);

    /* Fit a line to the sorted samples with iterative k-sigma rejection, growing rejected points. */
    int minpix = Math.max(MIN_PIXELS, (int) (npix * MAX_REJECT));
    int ngrow = Math.max(1, (int) (npix * 0.01));
    Arrays.fill(bad, 0, npix, false);
    int ngood = npix;
    int lastNgood = npix + 1;
    double slope = 0;
    boolean fitted = false;
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      if (ngood >= lastNgood || ngood < minpix) {
        break;
      }
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      int m = 0;
      for (int i = 0; i < npix; i++) {
        if (!bad[i]) {
          sx += i;
          sy += samples[i];
          sxx += (double) i * i;
          sxy += i * (double) samples[i];
          m++;
        }
      }
      double det = m * sxx - sx * sx;
      slope = det == 0 ? 0 : (m * sxy - sx * sy) / det;
      double intercept = (sy - slope * sx) / m;
      fitted = true;
      /* Population standard deviation of the residuals of the good points. */
      double mean = 0;
      for (int i = 0; i < npix; i++) {
        if (!bad[i]) {
          mean += samples[i] - (slope * i + intercept);
        }
      }
      mean /= m;
      double var = 0;
      for (int i = 0; i < npix; i++) {
        if (!bad[i]) {
          double d = samples[i] - (slope * i + intercept) - mean;
          var += d * d;
        }
      }
      double threshold = KREJ * Math.sqrt(var / m);
      for (int i = 0; i < npix; i++) {
        double flat = samples[i] - (slope * i + intercept);
        if (flat < -threshold || flat > threshold) {
          bad[i] = true;
        }
      }
      /* Grow: a point is bad when any point in [i - ngrow/2, i + (ngrow-1)/2] is (numpy convolve, mode 'same'). */
      int lo = ngrow / 2;
      int hi = (ngrow - 1) / 2;
      for (int i = 0; i < npix; i++) {
        boolean b = false;
        for (int j = Math.max(0, i - lo); j <= Math.min(npix - 1, i + hi) && !b; j++) {
          b = bad[j];
        }
        grown[i] = b;
      }
      System.arraycopy(grown, 0, bad, 0, npix);
      lastNgood = ngood;
      ngood = 0;
      for (int i = 0; i < npix; i++) {
        if (!bad[i]) {
          ngood++;
        }
      }
    }

    /* The limits: the line through the median with the slope reduced by the contrast, inside the data range. */
    if (fitted && ngood >= minpix) {
      double s = slope / CONTRAST;
      zmin = Math.max(zmin, median - (center - 1) * s);
      zmax = Math.min(zmax, median + (npix - center) * s);
    }
    return new double[] {zmin, zmax};
  }
}
