package org.labelfree.injection;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.image.MaskPlanes;

/**
 * Estimates the gain (electrons per count) of an exposure from its own planes: where the variance follows
 * {@code variance = v0 + image / gain} (photon noise plus a constant), the slope of variance against image value
 * is {@code 1 / gain}.
 *
 * <p>Method: the usable pixels (finite image, finite positive variance, none of BAD, SAT, NO_DATA, CR, EDGE,
 * SUSPECT, INTRP; a fixed stride keeps at most 2^20 of them) above the median image value (the sky and fainter
 * pixels carry no leverage and, where the variance comes from a model, regression dilution) are split by image value
 * into quantile bins of halving size (the upper 1/2, 1/4, ... of the image values, down to 32 pixels per bin), so
 * the bins span the stars' dynamic range; each bin gives its median image value and median variance, and a
 * Theil-Sen line (median of the pairwise slopes) through those points gives the slope. Stateless; thread-safe;
 * deterministic.
 */
public final class GainEstimate {
  /** At most this many pixels are used (a fixed stride over the image beyond it). */
  static final int MAX_PIXELS = 1 << 20;
  /** The smallest bin, pixels. */
  static final int MIN_BIN = 32;
  /** Fewest bins for a fit. */
  static final int MIN_BINS = 4;
  /** The bins must span at least this many times the sky noise {@code sqrt(v0)} in image value. */
  static final double MIN_SPAN_SIGMA = 20;

  private static final String[] EXCLUDED = {"BAD", "SAT", "NO_DATA", "CR", "EDGE", "SUSPECT", "INTRP"};

  private GainEstimate() {}

  /**
   * The gain of {@code exposure} in e-/count.
   *
   * @param exposure the exposure (not null); its variance plane must be known (not all NaN)
   * @return the gain, finite and > 0
   * @throws AlgorithmFailureException when there are too few usable pixels, too little dynamic range above the sky
   *                                   (bins spanning less than 20 sky sigma), or the slope is not positive; the
   *                                   metadata holds the numbers ({@code pixels, bins, span, slope})
   */
  public static double estimate(Exposure exposure) {
    Objects.requireNonNull(exposure, "exposure");
    float[] img = exposure.image().array();
    float[] var = exposure.variance().array();
    int[] mask = exposure.mask().array();
    MaskPlanes planes = exposure.mask().planes();
    int excluded = 0;
    for (String p : EXCLUDED) {
      if (planes.bit(p).isPresent()) {
        excluded |= planes.bitmask(p);
      }
    }

    /* Usable pixels, packed as (sortable image bits << 32 | index into the sample). */
    int stride = Math.max(1, (int) Math.ceil((double) img.length / MAX_PIXELS));
    float[] sv = new float[img.length / stride + 1];
    float[] sw = new float[sv.length];
    int n = 0;
    for (int p = 0; p < img.length; p += stride) {
      float v = img[p];
      float w = var[p];
      if (Float.isFinite(v) && w > 0 && Float.isFinite(w) && (mask[p] & excluded) == 0) {
        sv[n] = v;
        sw[n] = w;
        n++;
      }
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("pixels", n);
    if (n < 4 * MIN_BIN) {
      throw new AlgorithmFailureException("gain estimate: only " + n + " usable pixels (finite image and variance,"
          + " unmasked); need " + 4 * MIN_BIN, meta);
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = ((long) sortable(sv[i]) << 32) | i;
    }
    Arrays.sort(keys);

    /* Quantile bins of halving size above the median: medians of image and variance per bin. */
    double[] bx = new double[64];
    double[] by = new double[64];
    int bins = 0;
    int lo = n / 2;
    while (n - lo >= 2 * MIN_BIN && bins < 64) {
      int hi = lo + (n - lo) / 2;
      addBin(keys, sv, sw, lo, hi, bx, by, bins++);
      lo = hi;
    }
    if (n - lo >= MIN_BIN && bins < 64) {
      addBin(keys, sv, sw, lo, n, bx, by, bins++);
    }
    meta.put("bins", bins);

    /* Theil-Sen slope through the bin medians. */
    double[] slopes = new double[bins * (bins - 1) / 2];
    int k = 0;
    for (int a = 0; a < bins; a++) {
      for (int b = a + 1; b < bins; b++) {
        double dx = bx[b] - bx[a];
        if (dx > 0) {
          slopes[k++] = (by[b] - by[a]) / dx;
        }
      }
    }
    double slope = k == 0 ? Double.NaN : median(Arrays.copyOf(slopes, k));
    double[] resid = new double[bins];
    for (int b = 0; b < bins; b++) {
      resid[b] = by[b] - slope * bx[b];
    }
    double v0 = bins == 0 ? Double.NaN : median(resid);
    double span = bins == 0 ? 0 : bx[bins - 1] - bx[0];
    double skySigma = Math.sqrt(Math.max(by.length > 0 ? by[0] : 0, 0));
    meta.put("span", span);
    meta.put("skySigma", skySigma);
    meta.put("slope", slope);
    meta.put("v0", v0);
    if (bins < MIN_BINS || !(span >= MIN_SPAN_SIGMA * skySigma)) {
      throw new AlgorithmFailureException("gain estimate: too little dynamic range: " + bins + " bins spanning "
          + String.format(java.util.Locale.ROOT, "%.4g", span) + " counts above the median, sky sigma "
          + String.format(java.util.Locale.ROOT, "%.4g", skySigma) + "; need " + MIN_BINS + " bins over "
          + MIN_SPAN_SIGMA + " sky sigma", meta);
    }
    if (!(slope > 0 && Double.isFinite(slope))) {
      throw new AlgorithmFailureException("gain estimate: the slope of variance against image value is " + slope
          + "; expected > 0", meta);
    }
    return 1 / slope;
  }

  private static void addBin(long[] keys, float[] sv, float[] sw, int lo, int hi, double[] bx, double[] by,
      int bin) {
    int m = hi - lo;
    double[] w = new double[m];
    for (int i = 0; i < m; i++) {
      w[i] = sw[(int) keys[lo + i]];
    }
    int mid = lo + m / 2;
    bx[bin] = m % 2 == 1 ? sv[(int) keys[mid]] : 0.5 * (sv[(int) keys[mid - 1]] + sv[(int) keys[mid]]);
    by[bin] = median(w);
  }

  /** The float's bits mapped to an int whose signed order is the float's numeric order. */
  private static int sortable(float v) {
    int b = Float.floatToRawIntBits(v);
    return b >= 0 ? b : b ^ 0x7FFFFFFF;
  }

  private static double median(double[] a) {
    Arrays.sort(a);
    int m = a.length;
    return m % 2 == 1 ? a[m / 2] : 0.5 * (a[m / 2 - 1] + a[m / 2]);
  }
}
