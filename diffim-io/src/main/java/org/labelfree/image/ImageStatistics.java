package org.labelfree.image;

import java.util.Objects;

/**
 * Robust summary statistics of the finite pixels of an image: count, min, max, mean, median and robust sigma
 * (1.4826 x the median absolute deviation from the median, which equals the standard deviation for Gaussian noise).
 *
 * @param finiteCount number of finite pixels
 * @param totalCount  number of pixels
 * @param min         smallest finite value (NaN when none)
 * @param max         largest finite value (NaN when none)
 * @param mean        mean of the finite values (NaN when none)
 * @param median      median of the finite values; for an even count, the mean of the two middle values
 * @param robustSigma 1.4826 x MAD (NaN when none)
 */
public record ImageStatistics(long finiteCount, long totalCount, double min, double max, double mean, double median,
    double robustSigma) {

  /** The scale factor from the median absolute deviation to a Gaussian sigma: 1 / Phi^-1(3/4). */
  public static final double MAD_TO_SIGMA = 1.482602218505602;

  /** Statistics of every finite pixel of {@code image}. */
  public static ImageStatistics of(ImageF image) {
    return of(Objects.requireNonNull(image, "image").array());
  }

  /** Statistics of the finite values of {@code values} (which is not modified). */
  public static ImageStatistics of(float[] values) {
    float[] finite = new float[values.length];
    int n = 0;
    double sum = 0;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      if (Float.isFinite(v)) {
        finite[n++] = v;
        sum += v;
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
      }
    }
    if (n == 0) {
      return new ImageStatistics(0, values.length, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double median = median(finite, n);
    for (int i = 0; i < n; i++) {
      finite[i] = (float) Math.abs(finite[i] - median);
    }
    double mad = median(finite, n);
    return new ImageStatistics(n, values.length, min, max, sum / n, median, MAD_TO_SIGMA * mad);
  }

  /**
   * Median of the first {@code n} values of {@code a} (for even n the mean of the middle two), reordering them
   * (quickselect, expected O(n)); the values must not be NaN.
   *
   * @param a the values (reordered in place)
   * @param n how many of them (1 <= n <= a.length)
   * @return the median
   */
  public static double median(float[] a, int n) {
    if (n % 2 == 1) {
      return select(a, 0, n - 1, n / 2);
    }
    double lo = select(a, 0, n - 1, n / 2 - 1);
    /* After selecting k, the elements above k are >= a[k]: the next order statistic is their minimum. */
    float hi = Float.POSITIVE_INFINITY;
    for (int i = n / 2; i < n; i++) {
      if (a[i] < hi) {
        hi = a[i];
      }
    }
    return (lo + hi) / 2;
  }

  private static float select(float[] a, int left, int right, int k) {
    while (right > left) {
      /* Median-of-three pivot; deterministic. */
      int mid = (left + right) >>> 1;
      float pivot = median3(a[left], a[mid], a[right]);
      int i = left;
      int j = right;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }

  private static float median3(float a, float b, float c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
