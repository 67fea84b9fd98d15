package org.labelfree.detect;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.labelfree.image.ImageF;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Mask;

/**
 * A smooth sky background and its noise, estimated SExtractor-style (Bertin & Arnouts 1996): sigma-clipped
 * statistics on a mesh of cells, a median filter over the cells, and a bicubic (natural-spline) interpolation
 * between cell centres.
 *
 * <p>Per cell the valid pixels (finite, none of BAD, SAT, NO_DATA, DETECTED set) are clipped iteratively at
 * {@code clipSigma} around their median. When clipping changed the standard deviation by less than 20% the field
 * is not crowded and the level is the clipped mean; otherwise it is the mode estimate {@code 2.5 median - 1.5 mean}
 * (or the median where the distribution is too skewed, {@code (mean - median) / sigma >= 0.3}). The rms is the
 * clipped standard deviation. Cells with fewer than max(16, 10%) valid pixels are filled from their neighbours.
 * Works for any sky level, including zero or negative. Immutable and thread-safe.
 */
public final class Background {
  private static final int COARSE_BINS = 1024;
  private static final int FINE_BINS = 1024;

  private final Surface levelSurface;
  private final Surface rmsSurface;
  private final int x0;
  private final int y0;
  private final double medianRms;
  private ImageF level;
  private ImageF rms;

  private Background(Surface levelSurface, Surface rmsSurface, int x0, int y0, double medianRms) {
    this.levelSurface = levelSurface;
    this.rmsSurface = rmsSurface;
    this.x0 = x0;
    this.y0 = y0;
    this.medianRms = medianRms;
  }

  /**
   * Estimates the background of an image.
   *
   * @param image  the pixels (not null); NaN pixels are ignored
   * @param mask   the mask (nullable; same size as the image); pixels with BAD, SAT, NO_DATA or DETECTED are
   *               ignored where those planes exist
   * @param config the configuration (not null)
   * @return the background; its full-size level and rms images (with the image's origin) are interpolated on
   *         first use
   * @throws InvalidDataException if no cell has enough valid pixels (e.g. an all-NaN image)
   */
  public static Background estimate(ImageF image, Mask mask, BackgroundConfig config) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(config, "config");
    int w = image.width();
    int h = image.height();
    if (mask != null && (mask.width() != w || mask.height() != h)) {
      throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + " but the image is "
          + w + "x" + h);
    }
    int bad = mask == null ? 0 : Masks.bits(mask.planes(), "BAD", "SAT", "NO_DATA", "DETECTED");
    int nx = Math.max(1, (w + config.binSize() / 2) / config.binSize());
    int ny = Math.max(1, (h + config.binSize() / 2) / config.binSize());
    int[] xb = bounds(w, nx);
    int[] yb = bounds(h, ny);

    /* Clipped statistics per cell, in parallel over cells (each cell is computed by one thread). */
    double[] lev = new double[nx * ny];
    double[] sig = new double[nx * ny];
    float[] pix = image.array();
    int[] bits = mask == null ? null : mask.array();
    IntStream.range(0, nx * ny).parallel().forEach(c -> {
      int cx = c % nx;
      int cy = c / nx;
      int area = (xb[cx + 1] - xb[cx]) * (yb[cy + 1] - yb[cy]);
      float[] vals = new float[area];
      int n = 0;
      /* Valid pixels packed without a branch (a rejected value is overwritten by the next one), with sums of the
         offsets from the cell's first valid pixel for the starting mean and sd (even and odd columns in separate
         partial sums, which shortens the chains of dependent adds). */
      float ref = firstValid(pix, bits, bad, w, xb[cx], xb[cx + 1], yb[cy], yb[cy + 1]);
      double s1 = 0;
      double s2 = 0;
      double t1 = 0;
      double t2 = 0;
      for (int y = yb[cy]; y < yb[cy + 1]; y++) {
        int row = y * w;
        int x = xb[cx];
        for (int xe = xb[cx + 1] - 1; x < xe; x += 2) {
          float v = pix[row + x];
          float u = pix[row + x + 1];
          boolean okV = v == v && Math.abs(v) < Float.POSITIVE_INFINITY
              && (bits == null || (bits[row + x] & bad) == 0);
          boolean okU = u == u && Math.abs(u) < Float.POSITIVE_INFINITY
              && (bits == null || (bits[row + x + 1] & bad) == 0);
          vals[n] = v;
          n += okV ? 1 : 0;
          vals[n] = u;
          n += okU ? 1 : 0;
          double d = okV ? v - ref : 0;
          double e = okU ? u - ref : 0;
          s1 += d;
          s2 += d * d;
          t1 += e;
          t2 += e * e;
        }
        if (x < xb[cx + 1]) {
          float v = pix[row + x];
          boolean okV = v == v && Math.abs(v) < Float.POSITIVE_INFINITY
              && (bits == null || (bits[row + x] & bad) == 0);
          vals[n] = v;
          n += okV ? 1 : 0;
          double d = okV ? v - ref : 0;
          s1 += d;
          s2 += d * d;
        }
      }
      s1 += t1;
      s2 += t2;
      double[] s = n >= Math.max(16, area / 10) ? clippedStats(vals, n, ref + s1 / n,
          Math.sqrt(Math.max(s2 / n - (s1 / n) * (s1 / n), 0)), config) : new double[] {Double.NaN, Double.NaN};
      lev[c] = s[0];
      sig[c] = s[1];
    });
    if (!fillUndefined(lev, sig, nx, ny)) {
      throw new InvalidDataException("image " + w + "x" + h + " at (" + image.x0() + "," + image.y0()
          + ") has no valid pixels for a background (every " + config.binSize() + "-pixel cell is NaN or masked)");
    }

    /* Median filter over the cells; the interpolation between cell centres is set up, not yet evaluated. */
    double[] levF = medianFilter(lev, nx, ny, config.medianFilter());
    double[] sigF = medianFilter(sig, nx, ny, config.medianFilter());
    double[] xc = centres(xb);
    double[] yc = centres(yb);
    double[] sorted = sigF.clone();
    Arrays.sort(sorted);
    double med = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
    return new Background(new Surface(levF, nx, ny, xc, yc, w, h), new Surface(sigF, nx, ny, xc, yc, w, h),
        image.x0(), image.y0(), med);
  }

  /**
   * Writes {@code image - level} into {@code out} without materialising the level image (the same float values
   * as {@code image[p] - level().array()[p]}). Package-private; parallel over rows.
   */
  void subtract(float[] image, float[] out) {
    levelSurface.evaluate(image, out, null);
  }

  /**
   * As {@link #subtract(float[], float[])}, calling {@code afterRow} with each row index once that row of
   * {@code out} is written (from the thread that wrote it), so a per-row pass can follow while the row is in cache.
   */
  void subtract(float[] image, float[] out, IntConsumer afterRow) {
    levelSurface.evaluate(image, out, afterRow);
  }

  /** The background level, full size, image units; same origin as the image. Interpolated on first call. */
  public synchronized ImageF level() {
    if (level == null) {
      float[] out = new float[levelSurface.w * levelSurface.h];
      levelSurface.evaluate(null, out, null);
      level = ImageF.wrap(levelSurface.w, levelSurface.h, out).withXy0(x0, y0);
    }
    return level;
  }

  /**
   * The background noise (standard deviation per pixel), full size, image units; same origin as the image.
   * Interpolated on first call.
   */
  public synchronized ImageF rms() {
    if (rms == null) {
      float[] out = new float[rmsSurface.w * rmsSurface.h];
      rmsSurface.evaluate(null, out, null);
      rms = ImageF.wrap(rmsSurface.w, rmsSurface.h, out).withXy0(x0, y0);
    }
    return rms;
  }

  /** The median over the mesh cells of the (filtered) clipped standard deviation, image units. */
  public double medianRms() {
    return medianRms;
  }

  /** The first valid pixel of a cell in scan order (finite, no {@code bad} bit), or 0 when there is none. */
  private static float firstValid(float[] pix, int[] bits, int bad, int w, int x0, int x1, int y0, int y1) {
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        float v = pix[y * w + x];
        if (v == v && Math.abs(v) < Float.POSITIVE_INFINITY && (bits == null || (bits[y * w + x] & bad) == 0)) {
          return v;
        }
      }
    }
    return 0f;
  }

  private static int[] bounds(int size, int n) {
    int[] b = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      b[i] = (int) ((long) i * size / n);
    }
    return b;
  }

  private static double[] centres(int[] b) {
    double[] c = new double[b.length - 1];
    for (int i = 0; i < c.length; i++) {
      c[i] = 0.5 * (b[i] + b[i + 1] - 1);
    }
    return c;
  }

  /**
   * Clipped level and sigma of {@code vals[0..n)}, given their mean {@code mean0} and standard deviation
   * {@code sd0}: a coarse histogram over mean +- 5 sd carries the clipping iterations, then one exact pass over the
   * final interval gives mean, sd and (from a fine histogram) the median.
   */
  static double[] clippedStats(float[] vals, int n, double mean0, double sd0, BackgroundConfig config) {
    if (!(sd0 > 0)) {
      return new double[] {mean0, 0};
    }
    double lo = mean0 - 5 * sd0;
    double hi = mean0 + 5 * sd0;
    long[] hist = histogram(vals, n, lo, hi, COARSE_BINS);
    double binW = (hi - lo) / COARSE_BINS;
    /* Prefix sums of count, count u and count u^2 (u: bin centre in bin units) make each clipping iteration's
       statistics O(1) and its median a binary search. */
    long[] c0 = new long[COARSE_BINS + 1];
    double[] c1 = new double[COARSE_BINS + 1];
    double[] c2 = new double[COARSE_BINS + 1];
    for (int b = 0; b < COARSE_BINS; b++) {
      double u = b + 0.5;
      c0[b + 1] = c0[b] + hist[b];
      c1[b + 1] = c1[b] + hist[b] * u;
      c2[b + 1] = c2[b] + hist[b] * u * u;
    }
    int blo = 0;
    int bhi = COARSE_BINS - 1;
    double sdFirst = Double.NaN;
    double med = mean0;
    double sd = sd0;
    for (int it = 0; it < config.clipIterations(); it++) {
      long cnt = c0[bhi + 1] - c0[blo];
      if (cnt < 3) {
        break;
      }
      double m = (c1[bhi + 1] - c1[blo]) / cnt;
      sd = binW * Math.sqrt(Math.max((c2[bhi + 1] - c2[blo]) / cnt - m * m, 0));
      if (it == 0) {
        sdFirst = sd;
      }
      med = prefixMedian(c0, blo, bhi, lo, binW);
      blo = Math.max(0, (int) Math.floor((med - config.clipSigma() * sd - lo) / binW));
      bhi = Math.min(COARSE_BINS - 1, (int) Math.floor((med + config.clipSigma() * sd - lo) / binW));
      if (bhi < blo) {
        break;
      }
    }
    /* One exact pass over the final interval: count, sums shifted by the median, and the fine histogram. */
    double clo = med - config.clipSigma() * sd;
    double chi = med + config.clipSigma() * sd;
    if (!(chi > clo)) {
      return new double[] {med, sd};
    }
    /* Four interleaved sub-histograms (pixel i counts in copy i mod 4) so that runs of equal bins do not
       serialise on one counter; even and odd pixels keep separate partial sums. */
    long cnt = 0;
    double s1 = 0;
    double s2 = 0;
    double u1 = 0;
    double u2 = 0;
    int[] fine4 = new int[4 * FINE_BINS];
    double scale = FINE_BINS / (chi - clo);
    for (int i = 0; i < n; i++) {
      float v = vals[i];
      if (v >= clo && v <= chi) {
        cnt++;
        double d = v - med;
        if ((i & 1) == 0) {
          s1 += d;
          s2 += d * d;
        } else {
          u1 += d;
          u2 += d * d;
        }
        double t = (v - clo) * scale;
        if (t < FINE_BINS) {
          fine4[4 * (int) t + (i & 3)]++;
        }
      }
    }
    s1 += u1;
    s2 += u2;
    long[] fine = new long[FINE_BINS];
    for (int k = 0; k < FINE_BINS; k++) {
      fine[k] = fine4[4 * k] + fine4[4 * k + 1] + fine4[4 * k + 2] + fine4[4 * k + 3];
    }
    if (cnt < 3) {
      return new double[] {med, sd};
    }
    double dm = s1 / cnt;
    double mean = med + dm;
    double sdf = Math.sqrt(Math.max(s2 / cnt - dm * dm, 0));
    long fcnt = 0;
    for (long c : fine) {
      fcnt += c;
    }
    double median = histMedian(fine, 0, FINE_BINS - 1, fcnt, clo, (chi - clo) / FINE_BINS);
    double level;
    if (Math.abs(sdf - sdFirst) < 0.2 * sdFirst) {
      level = mean;
    } else if ((mean - median) / sdf < 0.3) {
      level = 2.5 * median - 1.5 * mean;
    } else {
      level = median;
    }
    return new double[] {level, sdf};
  }

  /** Counts of {@code vals[0..n)} in {@code bins} equal bins over [lo, hi), through four interleaved copies. */
  private static long[] histogram(float[] vals, int n, double lo, double hi, int bins) {
    int[] h4 = new int[4 * bins];
    double scale = bins / (hi - lo);
    for (int i = 0; i < n; i++) {
      double t = (vals[i] - lo) * scale;
      if (t >= 0 && t < bins) {
        h4[4 * (int) t + (i & 3)]++;
      }
    }
    long[] hist = new long[bins];
    for (int k = 0; k < bins; k++) {
      hist[k] = h4[4 * k] + h4[4 * k + 1] + h4[4 * k + 2] + h4[4 * k + 3];
    }
    return hist;
  }

  /**
   * The median of bins {@code blo..bhi} from prefix counts {@code c0} (c0[b] = count of bins below b), linearly
   * interpolated within its bin, as {@link #histMedian}.
   */
  private static double prefixMedian(long[] c0, int blo, int bhi, double lo, double binW) {
    double half = 0.5 * (c0[bhi + 1] - c0[blo]);
    /* First bin b with c0[b + 1] - c0[blo] >= half. */
    int a = blo;
    int z = bhi;
    while (a < z) {
      int mid = (a + z) >>> 1;
      if (c0[mid + 1] - c0[blo] >= half) {
        z = mid;
      } else {
        a = mid + 1;
      }
    }
    long inBin = c0[a + 1] - c0[a];
    double acc = c0[a] - c0[blo];
    if (acc + inBin < half) {
      return lo + (bhi + 1) * binW;
    }
    double frac = inBin == 0 ? 0.5 : (half - acc) / inBin;
    return lo + (a + frac) * binW;
  }

  private static double histMedian(long[] hist, int blo, int bhi, long cnt, double lo, double binW) {
    double half = 0.5 * cnt;
    long acc = 0;
    for (int b = blo; b <= bhi; b++) {
      if (acc + hist[b] >= half) {
        double frac = hist[b] == 0 ? 0.5 : (half - acc) / hist[b];
        return lo + (b + frac) * binW;
      }
      acc += hist[b];
    }
    return lo + (bhi + 1) * binW;
  }

  /** Replaces NaN cells by the mean of their defined 8-neighbours, repeatedly; false if no cell is defined. */
  private static boolean fillUndefined(double[] lev, double[] sig, int nx, int ny) {
    boolean any = false;
    for (double v : lev) {
      any |= !Double.isNaN(v);
    }
    if (!any) {
      return false;
    }
    boolean missing = true;
    while (missing) {
      missing = false;
      double[] l2 = lev.clone();
      double[] s2 = sig.clone();
      for (int cy = 0; cy < ny; cy++) {
        for (int cx = 0; cx < nx; cx++) {
          int c = cy * nx + cx;
          if (!Double.isNaN(lev[c])) {
            continue;
          }
          double sl = 0;
          double ssg = 0;
          int k = 0;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int x = cx + dx;
              int y = cy + dy;
              if (x >= 0 && y >= 0 && x < nx && y < ny && !Double.isNaN(lev[y * nx + x])) {
                sl += lev[y * nx + x];
                ssg += sig[y * nx + x];
                k++;
              }
            }
          }
          if (k > 0) {
            l2[c] = sl / k;
            s2[c] = ssg / k;
          } else {
            missing = true;
          }
        }
      }
      System.arraycopy(l2, 0, lev, 0, lev.length);
      System.arraycopy(s2, 0, sig, 0, sig.length);
    }
    return true;
  }

  private static double[] medianFilter(double[] v, int nx, int ny, int size) {
    if (size <= 1 || nx * ny == 1) {
      return v.clone();
    }
    int r = size / 2;
    double[] out = new double[v.length];
    double[] buf = new double[size * size];
    for (int cy = 0; cy < ny; cy++) {
      for (int cx = 0; cx < nx; cx++) {
        int k = 0;
        for (int y = Math.max(0, cy - r); y <= Math.min(ny - 1, cy + r); y++) {
          for (int x = Math.max(0, cx - r); x <= Math.min(nx - 1, cx + r); x++) {
            buf[k++] = v[y * nx + x];
          }
        }
        Arrays.sort(buf, 0, k);
        out[cy * nx + cx] = k % 2 == 1 ? buf[k / 2] : 0.5 * (buf[k / 2 - 1] + buf[k / 2]);
      }
    }
    return out;
  }

  /** Natural cubic spline second derivatives of values {@code v} at nodes {@code xs}. */
  static double[] splineY2(double[] xs, double[] v) {
    int n = xs.length;
    double[] y2 = new double[n];
    if (n < 3) {
      return y2;
    }
    double[] u = new double[n];
    for (int i = 1; i < n - 1; i++) {
      double sigm = (xs[i] - xs[i - 1]) / (xs[i + 1] - xs[i - 1]);
      double p = sigm * y2[i - 1] + 2;
      y2[i] = (sigm - 1) / p;
      double d = (v[i + 1] - v[i]) / (xs[i + 1] - xs[i]) - (v[i] - v[i - 1]) / (xs[i] - xs[i - 1]);
      u[i] = (6 * d / (xs[i + 1] - xs[i - 1]) - sigm * u[i - 1]) / p;
    }
    y2[n - 1] = 0;
    for (int i = n - 2; i >= 0; i--) {
      y2[i] = y2[i] * y2[i + 1] + u[i];
    }
    return y2;
  }

  /** Spline weights at position {@code x}: segment index k and coefficients of v[k], v[k+1], y2[k], y2[k+1]. */
  private static void splineCoefficients(double[] xs, double x, int[] kOut, double[] cOut, int at) {
    int n = xs.length;
    if (n == 1) {
      kOut[at] = 0;
      cOut[4 * at] = 1;
      return;
    }
    int k = 0;
    while (k < n - 2 && x > xs[k + 1]) {
      k++;
    }
    double hseg = xs[k + 1] - xs[k];
    double a = (xs[k + 1] - x) / hseg;
    double b = (x - xs[k]) / hseg;
    if (x < xs[0] || x > xs[n - 1]) {
      /* Outside the outer cell centres: linear continuation of the end segment (natural spline: y2 = 0 there). */
      kOut[at] = k;
      cOut[4 * at] = a;
      cOut[4 * at + 1] = b;
      cOut[4 * at + 2] = x < xs[0] ? 0 : -a * hseg * hseg / 6;
      cOut[4 * at + 3] = x < xs[0] ? -b * hseg * hseg / 6 : 0;
      return;
    }
    kOut[at] = k;
    cOut[4 * at] = a;
    cOut[4 * at + 1] = b;
    cOut[4 * at + 2] = (a * a * a - a) * hseg * hseg / 6;
    cOut[4 * at + 3] = (b * b * b - b) * hseg * hseg / 6;
  }

  /** Bicubic natural-spline interpolation of cell values between the cell centres. Immutable. */
  private static final class Surface {
    final int nx;
    final int ny;
    final double[] xc;
    final double[] yc;
    final int w;
    final int h;
    final double[][] colV;
    final double[][] colY2;

    Surface(double[] cells, int nx, int ny, double[] xc, double[] yc, int w, int h) {
      this.nx = nx;
      this.ny = ny;
      this.xc = xc;
      this.yc = yc;
      this.w = w;
      this.h = h;
      /* Second derivatives along y for every cell column. */
      colY2 = new double[nx][];
      colV = new double[nx][];
      for (int cx = 0; cx < nx; cx++) {
        double[] v = new double[ny];
        for (int cy = 0; cy < ny; cy++) {
          v[cy] = cells[cy * nx + cx];
        }
        colV[cx] = v;
        colY2[cx] = splineY2(yc, v);
      }
    }

    /**
     * Writes the surface into {@code out}, or {@code minuend - surface} when {@code minuend} is not null. Per row,
     * the pixels of one spline segment share their four node values, so the inner loops run over plain
     * coefficient arrays (which the JIT vectorises).
     */
    void evaluate(float[] minuend, float[] out, IntConsumer afterRow) {
      int[] kx = new int[w];
      double[] cxs = new double[4 * w];
      for (int x = 0; x < w; x++) {
        splineCoefficients(xc, x, kx, cxs, x);
      }
      double[] ca = new double[w];
      double[] cb = new double[w];
      double[] cc = new double[w];
      double[] cd = new double[w];
      for (int x = 0; x < w; x++) {
        ca[x] = cxs[4 * x];
        cb[x] = cxs[4 * x + 1];
        cc[x] = cxs[4 * x + 2];
        cd[x] = cxs[4 * x + 3];
      }
      IntStream.range(0, h).parallel().forEach(y -> {
        int[] ky = new int[1];
        double[] cy = new double[4];
        splineCoefficients(yc, y, ky, cy, 0);
        int k = ky[0];
        double[] row = new double[nx];
        for (int cx = 0; cx < nx; cx++) {
          double[] v = colV[cx];
          double[] y2 = colY2[cx];
          row[cx] = ny == 1 ? v[0] : cy[0] * v[k] + cy[1] * v[k + 1] + cy[2] * y2[k] + cy[3] * y2[k + 1];
        }
        double[] y2x = splineY2(xc, row);
        float[] f = new float[w];
        if (nx == 1) {
          Arrays.fill(f, (float) row[0]);
        } else {
          int xs = 0;
          while (xs < w) {
            int j = kx[xs];
            int xe = xs;
            while (xe < w && kx[xe] == j) {
              xe++;
            }
            double r0 = row[j];
            double r1 = row[j + 1];
            double q0 = y2x[j];
            double q1 = y2x[j + 1];
            for (int x = xs; x < xe; x++) {
              f[x] = (float) (ca[x] * r0 + cb[x] * r1 + cc[x] * q0 + cd[x] * q1);
            }
            xs = xe;
          }
        }
        if (minuend != null) {
          float[] m = new float[w];
          System.arraycopy(minuend, y * w, m, 0, w);
          for (int x = 0; x < w; x++) {
            f[x] = m[x] - f[x];
          }
        }
        System.arraycopy(f, 0, out, y * w, w);
        if (afterRow != null) {
          afterRow.accept(y);
        }
      });
    }
  }
}
