package org.labelfree.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.labelfree.image.Parallel;

/**
 * Matched-filter detection as LSST's SourceDetectionTask does it: Gaussian smoothing, an S/N threshold, connected
 * footprints grown and merged, peaks, dipoles and a nearest-peak deblend. Package-private; used by
 * {@link DetectAndMeasure}. Stateless; deterministic for any thread count.
 *
 * <p>The smoothing streams each band of rows through a ring of horizontally filtered rows and thresholds every
 * output row as soon as it is complete, so the above-threshold pixels exist only as runs; regions are labelled by
 * union-find over those runs. The one full-size mask holds the kept threshold pixels (bit 1 positive, bit 2
 * negative) and the grown footprints (bit 4).
 */
final class Detection {
  /** Rows per parallel band of the smoothing and thresholding pass. */
  private static final int BAND = 256;
  /** Columns per block of the horizontal smoothing pass. */
  private static final int CHUNK = 1024;
  private static final byte POS = 1;
  private static final byte NEG = 2;
  private static final byte GROWN = 4;
  /** The grown bit in each byte of a long. */
  private static final long GROWN_8 = 0x0404040404040404L;
  /** Eight mask bytes read as one long, to skip empty stretches of a row quickly. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** Smallest separation of two peaks of one sign kept in one footprint, pixels. */
  private static final double MIN_PEAK_SEPARATION = 2.0;
  /** Depth of the dip between two peaks, in noise sigmas of the smoothed image, for both to be kept. */
  private static final double MIN_DIP_SIGMAS = 2.0;
  /** The most peaks of one sign examined per footprint. */
  private static final int MAX_PEAKS = 500;

  private Detection() {}

  /** One detected source before measurement. */
  record Candidate(int peakX, int peakY, boolean negative, boolean dipole, int group, int groupSize, int[] pixels,
                   double peakSnr) {}

  /** Supplies row {@code y} of the image to detect on (e.g. background-subtracted) into {@code out[0..w)}. */
  @FunctionalInterface
  interface Rows {
    void read(int y, float[] out);
  }

  /**
   * The measurement's clean copy and usability map ({@link Measurement#cleanRow}), filled while detection reads
   * each row: {@code var} is the measurement's variance and {@code exclude} its excluded mask bits.
   */
  record CleanCopy(float[] clean, boolean[] usable, float[] var, int exclude) {}

  /**
   * A Gaussian of {@code sigma} normalised to unit sum, of LSST's SourceDetectionTask width: the odd size
   * {@code 2 floor(floor(7 sigma + 0.5) / 2) + 1} ({@code nSigmaForKernel = 7}), at least 3.
   */
  static float[] gaussian(double sigma) {
    int r = Math.max(1, (int) Math.floor(7 * sigma + 0.5) / 2);
    float[] g = new float[2 * r + 1];
    double s = 0;
    double[] d = new double[g.length];
    for (int k = -r; k <= r; k++) {
      d[k + r] = Math.exp(-0.5 * k * k / (sigma * sigma));
      s += d[k + r];
    }
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) (d[i] / s);
    }
    return g;
  }

  /** Horizontal runs (y, x0..x1 inclusive), in row-major order. */
  private static final class Runs {
    int[] y = new int[256];
    int[] x0 = new int[256];
    int[] x1 = new int[256];
    int n;

    void add(int yy, int a, int b) {
      if (n == y.length) {
        y = Arrays.copyOf(y, 2 * n);
        x0 = Arrays.copyOf(x0, 2 * n);
        x1 = Arrays.copyOf(x1, 2 * n);
      }
      y[n] = yy;
      x0[n] = a;
      x1[n] = b;
      n++;
    }

    void addAll(Runs o) {
      for (int i = 0; i < o.n; i++) {
        add(o.y[i], o.x0[i], o.x1[i]);
      }
    }

    /** Index of the first run of every row, {@code h + 1} entries. */
    int[] rowStart(int h) {
      int[] rs = new int[h + 1];
      int i = 0;
      for (int yy = 0; yy <= h; yy++) {
        while (i < n && y[i] < yy) {
          i++;
        }
        rs[yy] = i;
      }
      return rs;
    }
  }

  /** The threshold runs of one band, per sign. */
  private record BandRuns(Runs pos, Runs neg) {}

  /** The smoothed image and variance and the above-threshold runs of each sign. */
  private record Smoothed(float[] image, float[] variance, Runs pos, Runs neg) {}

  /**
   * Convolves the image with a separable Gaussian of {@code sigma} and the variance with its square (zero outside
   * the image and at invalid pixels: NaN, infinite, NO_DATA, or a variance that is NaN or negative), and collects
   * the runs of valid pixels whose S/N {@code smoothed / sqrt(smoothedVariance)} reaches the threshold. Parallel
   * over fixed row bands; each output pixel is summed in one fixed order.
   */
  private static Smoothed smoothAndThreshold(Rows img, float[] var, int[] bits, int noData, int w, int h,
                                             double sigma, double threshold, boolean pos, boolean neg,
                                             CleanCopy cleanCopy) {
    float[] g = gaussian(sigma);
    int r = g.length / 2;
    /* The variance's kernel g^2 is a Gaussian of sigma / sqrt(2): truncated, like g, at 3.5 of its own sigmas and
       scaled to the whole of g^2's sum, so a uniform variance is smoothed exactly. */
    int r2 = Math.min(r, Math.max(1, (int) Math.round(3.5 * sigma / Math.sqrt(2))));
    double all = 0;
    for (float gk : g) {
      all += (double) gk * gk;
    }
    double kept = 0;
    for (int k = -r2; k <= r2; k++) {
      kept += (double) g[k + r] * g[k + r];
    }
    float[] g2 = new float[2 * r2 + 1];
    for (int k = -r2; k <= r2; k++) {
      g2[k + r2] = (float) ((double) g[k + r] * g[k + r] * (all / kept));
    }
    float t2 = (float) (threshold * threshold);
    /* Every row of both is written below. */
    float[] s = ImageBuffers.floats(w * h);
    float[] v = ImageBuffers.floats(w * h);
    int bands = (h + BAND - 1) / BAND;
    BandRuns[] found = new BandRuns[bands];
    Parallel.forEach(bands, b -> {
      int y0 = b * BAND;
      int y1 = Math.min(h, y0 + BAND);
      found[b] = smoothBand(img, var, bits, noData, w, h, y0, y1, g, g2, s, v, t2, pos, neg, cleanCopy);
    });
    Runs allPos = new Runs();
    Runs allNeg = new Runs();
    for (BandRuns br : found) {
      allPos.addAll(br.pos());
      allNeg.addAll(br.neg());
    }
    return new Smoothed(s, v, allPos, allNeg);
  }

  private static BandRuns smoothBand(Rows img, float[] var, int[] bits, int noData, int w, int h, int y0, int y1,
                                     float[] g, float[] g2, float[] s, float[] v, float t2, boolean pos,
                                     boolean neg, CleanCopy cleanCopy) {
    int r = g.length / 2;
    int r2 = g2.length / 2;
    int ring = 2 * r + 1;
    /* Separate row arrays (not offsets into one array) let the JIT vectorise the inner loops. */
    float[][] hi = new float[ring][w];
    float[][] hv = new float[ring][w];
    /* Whether each pixel of the rows in the ring is detectable (finite, no NO_DATA). */
    boolean[][] detectable = new boolean[ring][w];
    Scratch sc = new Scratch(w, r, r2);
    float[] accS = new float[w];
    float[] accV = new float[w];
    Runs rp = new Runs();
    Runs rn = new Runs();
    /* Horizontally filtered rows y0 - r .. y1 + r - 1 (within the image) live in a ring of 2r + 1 rows; the band's
       own rows also fill the measurement's clean copy. */
    int next = Math.max(0, y0 - r);
    for (int y = y0; y < y1; y++) {
      int need = Math.min(h - 1, y + r);
      for (; next <= need; next++) {
        CleanCopy cc = next >= y0 && next < y1 ? cleanCopy : null;
        filterRow(img, var, bits, noData, w, next, g, g2, sc, hi[next % ring], hv[next % ring],
            detectable[next % ring], cc);
      }
      /* Vertical pass (rows outside the image contribute zero): the centre tap, then symmetric pairs of taps. */
      verticalPass(accS, hi, g, y, h, ring, w);
      verticalPass(accV, hv, g2, y, h, ring, w);
      System.arraycopy(accS, 0, s, y * w, w);
      System.arraycopy(accV, 0, v, y * w, w);
      thresholdRow(accS, accV, detectable[y % ring], w, y, t2, pos, neg, rp, rn);
    }
    return new BandRuns(rp, rn);
  }

  /**
   * {@code acc = g0 row(y) + sum_k gk (row(y - k) + row(y + k))} over the filtered rows held in the ring, two pairs
   * of taps per sweep; rows outside the image are left out.
   */
  private static void verticalPass(float[] acc, float[][] rows, float[] g, int y, int h, int ring, int w) {
    int r = g.length / 2;
    float g0 = g[r];
    float[] c = rows[y % ring];
    for (int x = 0; x < w; x++) {
      acc[x] = g0 * c[x];
    }
    int k = 1;
    for (; k + 1 <= r && y - k - 1 >= 0 && y + k + 1 < h; k += 2) {
      float ga = g[r + k];
      float gb = g[r + k + 1];
      float[] a1 = rows[(y - k) % ring];
      float[] a2 = rows[(y + k) % ring];
      float[] b1 = rows[(y - k - 1) % ring];
      float[] b2 = rows[(y + k + 1) % ring];
      for (int x = 0; x < w; x++) {
        acc[x] += ga * (a1[x] + a2[x]) + gb * (b1[x] + b2[x]);
      }
    }
    for (; k <= r; k++) {
      float gk = g[r + k];
      boolean up = y - k >= 0;
      boolean down = y + k < h;
      if (up && down) {
        float[] a1 = rows[(y - k) % ring];
        float[] a2 = rows[(y + k) % ring];
        for (int x = 0; x < w; x++) {
          acc[x] += gk * (a1[x] + a2[x]);
        }
      } else if (up || down) {
        float[] a1 = rows[(up ? y - k : y + k) % ring];
        for (int x = 0; x < w; x++) {
          acc[x] += gk * a1[x];
        }
      }
    }
  }

  /** Per-band scratch rows. */
  private static final class Scratch {
    final float[] rowI;
    final float[] rowV;
    final int[] rowM;
    final float[] padI;
    final float[] padV;
    final float[] a;
    final float[] b;
    final float[] c;
    final float[] d;
    final float[] o;

    Scratch(int w, int r, int r2) {
      rowI = new float[w];
      rowV = new float[w];
      rowM = new int[w];
      padI = new float[w + 2 * r];
      padV = new float[w + 2 * r2];
      int n = Math.min(w, CHUNK);
      a = new float[n];
      b = new float[n];
      c = new float[n];
      d = new float[n];
      o = new float[n];
    }
  }

  /**
   * Horizontal pass of one row of image and variance, invalid pixels as zero, into {@code outI}, {@code outV}.
   * Every loop indexes its arrays from 0 (shifted copies come from {@code System.arraycopy}): the JIT vectorises
   * such loops but not loops that read one array at two variable offsets.
   */
  private static void filterRow(Rows img, float[] var, int[] bits, int noData, int w, int y, float[] g,
                                float[] g2, Scratch sc, float[] outI, float[] outV, boolean[] detectable,
                                CleanCopy cleanCopy) {
    int r = g.length / 2;
    int r2 = g2.length / 2;
    float[] ri = sc.rowI;
    float[] rv = sc.rowV;
    int[] rm = sc.rowM;
    img.read(y, ri);
    if (cleanCopy != null) {
      Measurement.cleanRow(ri, 0, y * w, w, cleanCopy.var(), bits, cleanCopy.exclude(), cleanCopy.clean(),
          cleanCopy.usable());
    }
    System.arraycopy(var, y * w, rv, 0, w);
    System.arraycopy(bits, y * w, rm, 0, w);
    for (int x = 0; x < w; x++) {
      float a = ri[x];
      float vv = rv[x];
      /* NaN fails every comparison here. */
      boolean d = Math.abs(a) < Float.POSITIVE_INFINITY && (rm[x] & noData) == 0;
      boolean ok = d && vv >= 0 && vv < Float.POSITIVE_INFINITY;
      detectable[x] = d;
      ri[x] = ok ? a : 0f;
      rv[x] = ok ? vv : 0f;
    }
    System.arraycopy(ri, 0, sc.padI, r, w);
    System.arraycopy(rv, 0, sc.padV, r2, w);
    convolveRow(sc.padI, outI, sc, w, g);
    convolveRow(sc.padV, outV, sc, w, g2);
  }

  /**
   * {@code out[x] = g0 pad[x + r] + sum_k gk (pad[x + r - k] + pad[x + r + k])}, two pairs of taps per sweep over
   * shifted copies of the row, {@link #CHUNK} columns at a time so that the copies and the sums stay in the L1
   * cache (twice as fast as whole 4096-pixel rows; each pixel is summed in the same order either way).
   */
  private static void convolveRow(float[] pad, float[] out, Scratch sc, int w, float[] g) {
    int r = g.length / 2;
    float[] a = sc.a;
    float[] b = sc.b;
    float[] c = sc.c;
    float[] d = sc.d;
    float[] o = sc.o;
    float g0 = g[r];
    for (int x0 = 0; x0 < w; x0 += CHUNK) {
      int n = Math.min(CHUNK, w - x0);
      System.arraycopy(pad, x0 + r, a, 0, n);
      for (int x = 0; x < n; x++) {
        o[x] = g0 * a[x];
      }
      int k = 1;
      for (; k + 1 <= r; k += 2) {
        float gk = g[r + k];
        float gl = g[r + k + 1];
        System.arraycopy(pad, x0 + r - k, a, 0, n);
        System.arraycopy(pad, x0 + r + k, b, 0, n);
        System.arraycopy(pad, x0 + r - k - 1, c, 0, n);
        System.arraycopy(pad, x0 + r + k + 1, d, 0, n);
        for (int x = 0; x < n; x++) {
          o[x] += gk * (a[x] + b[x]) + gl * (c[x] + d[x]);
        }
      }
      for (; k <= r; k++) {
        float gk = g[r + k];
        System.arraycopy(pad, x0 + r - k, a, 0, n);
        System.arraycopy(pad, x0 + r + k, b, 0, n);
        for (int x = 0; x < n; x++) {
          o[x] += gk * (a[x] + b[x]);
        }
      }
      System.arraycopy(o, 0, out, x0, n);
    }
  }

  /** Appends the runs of row {@code y} whose S/N reaches the threshold, by sign. */
  private static void thresholdRow(float[] sRow, float[] vRow, boolean[] detectable, int w, int y, float t2,
                                   boolean pos, boolean neg, Runs rp, Runs rn) {
    int start = -1;
    int sign = 0;
    for (int x = 0; x <= w; x++) {
      if (sign == 0) {
        /* Fast skip over pixels below the threshold. */
        while (x < w && !(sRow[x] * sRow[x] >= t2 * vRow[x])) {
          x++;
        }
      }
      int c = 0;
      if (x < w) {
        float sv = sRow[x];
        float vv = vRow[x];
        if (vv > 0 && sv * sv >= t2 * vv && detectable[x]) {
          c = sv > 0 && pos ? 1 : sv < 0 && neg ? 2 : 0;
        }
      }
      if (c != sign) {
        if (sign == 1) {
          rp.add(y, start, x - 1);
        } else if (sign == 2) {
          rn.add(y, start, x - 1);
        }
        sign = c;
        start = x;
      }
    }
  }

  /**
   * 8-connected components of runs (row-major order): the region of every run, regions numbered in the order of
   * their first run. Returns the number of regions in {@code regionOf}'s last slot.
   */
  private static int[] labelRuns(Runs runs, int h) {
    int n = runs.n;
    int[] rowStart = runs.rowStart(h);
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    /* Union runs that touch (8-connectivity) runs of the previous row. */
    for (int y = 1; y < h; y++) {
      int p = rowStart[y - 1];
      int pe = rowStart[y];
      for (int i = rowStart[y]; i < rowStart[y + 1]; i++) {
        while (p < pe && runs.x1[p] < runs.x0[i] - 1) {
          p++;
        }
        for (int q = p; q < pe && runs.x0[q] <= runs.x1[i] + 1; q++) {
          union(parent, i, q);
        }
      }
    }
    int[] regionOf = new int[n + 1];
    int[] rootRegion = new int[n];
    Arrays.fill(rootRegion, -1);
    int regions = 0;
    for (int i = 0; i < n; i++) {
      int root = find(parent, i);
      if (rootRegion[root] < 0) {
        rootRegion[root] = regions++;
      }
      regionOf[i] = rootRegion[root];
    }
    regionOf[n] = regions;
    return regionOf;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      if (ra < rb) {
        parent[rb] = ra;
      } else {
        parent[ra] = rb;
      }
    }
  }

  /**
   * Smooths, thresholds the S/N map, keeps regions of at least {@code minPixels}, grows them by
   * {@code growRadius} pixels, merges those that touch, finds the significant peaks and splits each merged
   * footprint into candidates.
   *
   * @param img    the (background-subtracted) image
   * @param var    the variance used for the S/N map
   * @param bits   the mask; pixels with {@code noData} bits, NaN or infinite are never detected
   * @param sigma  the Gaussian smoothing sigma, pixels
   */
  static List<Candidate> detect(float[] img, float[] var, int[] bits, int noData, int w, int h, double sigma,
                                double threshold, Polarity polarity, int minPixels, double growRadius) {
    return detect((y, out) -> System.arraycopy(img, y * w, out, 0, w), var, bits, noData, w, h, sigma, threshold,
        polarity, minPixels, growRadius, null);
  }

  /**
   * As {@link #detect(float[], float[], int[], int, int, int, double, double, Polarity, int, double)}, reading the
   * image row by row from {@code img} (each row once, except the rows a parallel band reads ahead) and, when
   * {@code cleanCopy} is not null, filling the measurement's clean copy from the rows as they are read.
   */
  static List<Candidate> detect(Rows img, float[] var, int[] bits, int noData, int w, int h, double sigma,
                                double threshold, Polarity polarity, int minPixels, double growRadius,
                                CleanCopy cleanCopy) {
    boolean pos = polarity != Polarity.NEGATIVE;
    boolean neg = polarity != Polarity.POSITIVE;
    Smoothed sm = smoothAndThreshold(img, var, bits, noData, w, h, sigma, threshold, pos, neg, cleanCopy);
    float[] s = sm.image();
    float[] v = sm.variance();

    /* Connected regions of each sign; paint the big enough ones grown (bit 4), then their own pixels (bits 1, 2).
       The mask is a reused array (a fresh 16 MB one is a humongous allocation, which here started a concurrent
       collection cycle in every run): each band below clears its own rows first. */
    byte[] mask = ImageBuffers.bytes(w * h);
    int[] rowMin = new int[h];
    int[] rowMax = new int[h];
    Arrays.fill(rowMin, w);
    Arrays.fill(rowMax, -1);
    int rg = (int) Math.floor(growRadius);
    int[] half = new int[2 * rg + 1];
    for (int dy = -rg; dy <= rg; dy++) {
      half[dy + rg] = (int) Math.floor(Math.sqrt(Math.max(0, growRadius * growRadius - dy * dy)));
    }
    Runs[] bySign = {sm.pos(), sm.neg()};
    boolean[][] keep = new boolean[2][];
    int[][] rowStart = new int[2][];
    for (int k = 0; k < 2; k++) {
      Runs runs = bySign[k];
      int[] regionOf = labelRuns(runs, h);
      int regions = regionOf[runs.n];
      int[] size = new int[regions];
      for (int i = 0; i < runs.n; i++) {
        size[regionOf[i]] += runs.x1[i] - runs.x0[i] + 1;
      }
      keep[k] = new boolean[runs.n];
      for (int i = 0; i < runs.n; i++) {
        keep[k][i] = size[regionOf[i]] >= minPixels;
      }
      rowStart[k] = runs.rowStart(h);
    }
    /* Paint in parallel bands of rows, each band only its own rows (and their extents): first every kept run grown
       (the fill overwrites), then the kept runs' own pixels. */
    int bands = (h + BAND - 1) / BAND;
    Parallel.forEach(bands, b -> {
      int y0 = b * BAND;
      int y1 = Math.min(h, y0 + BAND);
      Arrays.fill(mask, y0 * w, y1 * w, (byte) 0);
      for (int k = 0; k < 2; k++) {
        Runs runs = bySign[k];
        for (int i = rowStart[k][Math.max(0, y0 - rg)], ie = rowStart[k][Math.min(h, y1 + rg)]; i < ie; i++) {
          if (keep[k][i]) {
            paintGrown(runs.y[i], runs.x0[i], runs.x1[i], mask, rowMin, rowMax, w, y0, y1, rg, half);
          }
        }
      }
      for (int k = 0; k < 2; k++) {
        Runs runs = bySign[k];
        byte bit = k == 0 ? POS : NEG;
        for (int i = rowStart[k][y0], ie = rowStart[k][y1]; i < ie; i++) {
          if (keep[k][i]) {
            int base = runs.y[i] * w;
            for (int p = base + runs.x0[i]; p <= base + runs.x1[i]; p++) {
              mask[p] |= bit;
            }
          }
        }
      }
    });

    /* Merged footprints; peaks of each sign; dipoles or a nearest-peak deblend (parallel over footprints, the
       candidates of footprint f stored at index f, so the order does not depend on scheduling). */
    List<int[]> fps = footprints(mask, rowMin, rowMax, w, h);
    @SuppressWarnings("unchecked")
    List<Candidate>[] per = new List[fps.size()];
    Parallel.forEach(fps.size(), f -> per[f] = split(fps.get(f), f + 1, s, v, mask, w, h,
        pos, neg));
    List<Candidate> out = new ArrayList<>();
    for (List<Candidate> l : per) {
      out.addAll(l);
    }
    ImageBuffers.recycle(s, v);
    ImageBuffers.recycle(mask);
    return out;
  }

  /** The candidates of one footprint (group number {@code group}): none, one, a dipole, or a deblended family. */
  private static List<Candidate> split(int[] fp, int group, float[] s, float[] v, byte[] mask, int w, int h,
                                       boolean pos, boolean neg) {
    List<int[]> posPeaks = pos ? peaks(fp, s, v, mask, w, h, POS) : List.of();
    List<int[]> negPeaks = neg ? peaks(fp, s, v, mask, w, h, NEG) : List.of();
    if (posPeaks.isEmpty() && negPeaks.isEmpty()) {
      return List.of();
    }
    if (!posPeaks.isEmpty() && !negPeaks.isEmpty()) {
      int[] pp = posPeaks.get(0);
      int[] np = negPeaks.get(0);
      boolean negStronger = snr(np[0], s, v) < -snr(pp[0], s, v);
      int[] best = negStronger ? np : pp;
      return List.of(new Candidate(best[0] % w, best[0] / w, negStronger, true, group, 1, fp, snr(best[0], s, v)));
    }
    List<int[]> peaks = posPeaks.isEmpty() ? negPeaks : posPeaks;
    boolean isNeg = posPeaks.isEmpty();
    if (peaks.size() == 1) {
      int p = peaks.get(0)[0];
      return List.of(new Candidate(p % w, p / w, isNeg, false, group, 1, fp, snr(p, s, v)));
    }
    int[][] children = assignNearest(fp, peaks, w);
    List<Candidate> out = new ArrayList<>(peaks.size());
    for (int k = 0; k < peaks.size(); k++) {
      int p = peaks.get(k)[0];
      out.add(new Candidate(p % w, p / w, isNeg, false, group, peaks.size(), children[k], snr(p, s, v)));
    }
    return out;
  }

  /**
   * The connected regions of the grown bit as pixel-index lists in scan order, ordered by their first pixel. Rows
   * are scanned in parallel bands, each only between the painted extents {@code rowMin..rowMax}.
   */
  private static List<int[]> footprints(byte[] mask, int[] rowMin, int[] rowMax, int w, int h) {
    int bands = (h + BAND - 1) / BAND;
    Runs[] found = new Runs[bands];
    Parallel.forEach(bands, b -> {
      Runs rb = new Runs();
      for (int y = b * BAND; y < Math.min(h, (b + 1) * BAND); y++) {
        int base = y * w;
        int x = rowMin[y];
        int end = rowMax[y] + 1;
        while (x < end) {
          if ((mask[base + x] & GROWN) == 0) {
            x++;
            while (x + 8 <= end && ((long) LONGS.get(mask, base + x) & GROWN_8) == 0) {
              x += 8;
            }
            continue;
          }
          int a = x;
          while (x < end && (mask[base + x] & GROWN) != 0) {
            x++;
          }
          rb.add(y, a, x - 1);
        }
      }
      found[b] = rb;
    });
    Runs runs = new Runs();
    for (Runs rb : found) {
      runs.addAll(rb);
    }
    int[] regionOf = labelRuns(runs, h);
    int regions = regionOf[runs.n];
    int[] size = new int[regions];
    for (int i = 0; i < runs.n; i++) {
      size[regionOf[i]] += runs.x1[i] - runs.x0[i] + 1;
    }
    /* The runs of each region in scan order (a stable counting sort by region), then each region's pixels, in
       parallel over regions. */
    int[] first = new int[regions + 1];
    for (int i = 0; i < runs.n; i++) {
      first[regionOf[i] + 1]++;
    }
    for (int r = 0; r < regions; r++) {
      first[r + 1] += first[r];
    }
    int[] order = new int[runs.n];
    int[] next = Arrays.copyOf(first, regions);
    for (int i = 0; i < runs.n; i++) {
      order[next[regionOf[i]]++] = i;
    }
    int[][] pix = new int[regions][];
    Parallel.forEach(regions, r -> {
      int[] out = new int[size[r]];
      int k = 0;
      for (int j = first[r]; j < first[r + 1]; j++) {
        int i = order[j];
        int base = runs.y[i] * w;
        for (int x = runs.x0[i]; x <= runs.x1[i]; x++) {
          out[k++] = base + x;
        }
      }
      pix[r] = out;
    });
    return Arrays.asList(pix);
  }

  private static double snr(int p, float[] s, float[] v) {
    return v[p] > 0 ? s[p] / Math.sqrt(v[p]) : 0;
  }

  /**
   * Paints the run (y, xa..xb) dilated by the disk of half-widths {@code half} with the grown bit, on the rows
   * {@code y0..y1-1} only.
   */
  private static void paintGrown(int y, int xa, int xb, byte[] mask, int[] rowMin, int[] rowMax, int w, int y0,
                                 int y1, int rg, int[] half) {
    for (int yy = Math.max(y0, y - rg), ye = Math.min(y1 - 1, y + rg); yy <= ye; yy++) {
      int dy = yy - y;
      int a = Math.max(0, xa - half[dy + rg]);
      int b = Math.min(w - 1, xb + half[dy + rg]);
      Arrays.fill(mask, yy * w + a, yy * w + b + 1, GROWN);
      rowMin[yy] = Math.min(rowMin[yy], a);
      rowMax[yy] = Math.max(rowMax[yy], b);
    }
  }

  /**
   * Significant local extrema of one sign in a footprint, strongest first, each as {pixel index}: a local
   * maximum of sign * smoothed image over its 8 neighbours, inside the threshold mask of that sign, at least
   * {@link #MIN_PEAK_SEPARATION} from a stronger kept peak and separated from each stronger kept peak by a dip of
   * at least {@link #MIN_DIP_SIGMAS} noise sigmas.
   */
  private static List<int[]> peaks(int[] fp, float[] s, float[] v, byte[] mask, int w, int h, byte sign) {
    float sg = sign == POS ? 1f : -1f;
    List<int[]> cand = new ArrayList<>();
    for (int p : fp) {
      if ((mask[p] & sign) == 0) {
        continue;
      }
      float c = sg * s[p];
      int x = p % w;
      int y = p / w;
      boolean peak = true;
      for (int dy = -1; dy <= 1 && peak; dy++) {
        int yy = y + dy;
        if (yy < 0 || yy >= h) {
          continue;
        }
        for (int dx = -1; dx <= 1; dx++) {
          int xx = x + dx;
          if ((dx == 0 && dy == 0) || xx < 0 || xx >= w) {
            continue;
          }
          float o = sg * s[yy * w + xx];
          boolean earlier = dy < 0 || (dy == 0 && dx < 0);
          if (earlier ? o >= c : o > c) {
            peak = false;
            break;
          }
        }
      }
      if (peak) {
        cand.add(new int[] {p});
      }
    }
    cand.sort((a, b) -> {
      int cmp = Float.compare(sg * s[b[0]], sg * s[a[0]]);
      return cmp != 0 ? cmp : Integer.compare(a[0], b[0]);
    });
    if (cand.size() > MAX_PEAKS) {
      cand = new ArrayList<>(cand.subList(0, MAX_PEAKS));
    }
    List<int[]> kept = new ArrayList<>();
    for (int[] c : cand) {
      int p = c[0];
      int x = p % w;
      int y = p / w;
      double sc = sg * s[p];
      double noise = Math.sqrt(Math.max(v[p], 0));
      boolean keep = true;
      for (int[] k : kept) {
        int kx = k[0] % w;
        int ky = k[0] / w;
        double d = Math.hypot(kx - x, ky - y);
        if (d < MIN_PEAK_SEPARATION) {
          keep = false;
          break;
        }
        int steps = (int) Math.ceil(d);
        double min = sc;
        for (int t = 1; t < steps; t++) {
          int xx = (int) Math.round(x + (kx - x) * (double) t / steps);
          int yy = (int) Math.round(y + (ky - y) * (double) t / steps);
          min = Math.min(min, sg * s[yy * w + xx]);
        }
        if (sc - min < MIN_DIP_SIGMAS * noise) {
          keep = false;
          break;
        }
      }
      if (keep) {
        kept.add(c);
      }
    }
    return kept;
  }

  /** Splits a footprint's pixels among peaks, each pixel to the nearest peak (ties to the stronger one). */
  private static int[][] assignNearest(int[] fp, List<int[]> peaks, int w) {
    int n = peaks.size();
    int[] px = new int[n];
    int[] py = new int[n];
    for (int k = 0; k < n; k++) {
      px[k] = peaks.get(k)[0] % w;
      py[k] = peaks.get(k)[0] / w;
    }
    int[] owner = new int[fp.length];
    int[] count = new int[n];
    for (int i = 0; i < fp.length; i++) {
      int x = fp[i] % w;
      int y = fp[i] / w;
      int best = 0;
      long bd = Long.MAX_VALUE;
      for (int k = 0; k < n; k++) {
        long d = (long) (x - px[k]) * (x - px[k]) + (long) (y - py[k]) * (y - py[k]);
        if (d < bd) {
          bd = d;
          best = k;
        }
      }
      owner[i] = best;
      count[best]++;
    }
    int[][] out = new int[n][];
    for (int k = 0; k < n; k++) {
      out[k] = new int[count[k]];
    }
    int[] fill = new int[n];
    for (int i = 0; i < fp.length; i++) {
      out[owner[i]][fill[owner[i]]++] = fp[i];
    }
    return out;
  }
}
