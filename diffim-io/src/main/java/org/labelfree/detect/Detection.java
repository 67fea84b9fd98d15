package org.labelfree.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Matched-filter detection as LSST's SourceDetectionTask does it: Gaussian smoothing, an S/N threshold, connected
 * footprints grown and merged, peaks, dipoles and a nearest-peak deblend. Package-private; used by
 * {@link DetectAndMeasure}. Stateless; deterministic for any thread count.
 */
final class Detection {
  private static final int BAND = 64;
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

  /** The smoothed image and the variance of the smoothed image. */
  record Smoothed(float[] image, float[] variance) {}

  /** A Gaussian of {@code sigma} normalised to unit sum, half-width ceil(4 sigma) (at least 1). */
  static float[] gaussian(double sigma) {
    int r = Math.max(1, (int) Math.ceil(4 * sigma));
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

  /**
   * Convolves the image with a separable Gaussian of {@code sigma} and the variance with its square, zero outside
   * the image (pixels must already be zeroed where invalid). Parallel over fixed row bands.
   */
  static Smoothed smooth(float[] img, float[] var, int w, int h, double sigma) {
    float[] g = gaussian(sigma);
    int r = g.length / 2;
    int r2 = Math.min(r, Math.max(1, (int) Math.ceil(3 * sigma)));
    float[] g2 = new float[2 * r2 + 1];
    for (int k = -r2; k <= r2; k++) {
      g2[k + r2] = g[k + r] * g[k + r];
    }
    float[] s = new float[w * h];
    float[] v = new float[w * h];
    int bands = (h + BAND - 1) / BAND;
    IntStream.range(0, bands).parallel().forEach(b -> {
      int y0 = b * BAND;
      int y1 = Math.min(h, y0 + BAND);
      convolveBand(img, s, w, h, y0, y1, g);
      convolveBand(var, v, w, h, y0, y1, g2);
    });
    return new Smoothed(s, v);
  }

  private static void convolveBand(float[] in, float[] out, int w, int h, int y0, int y1, float[] g) {
    int r = g.length / 2;
    int ya = Math.max(0, y0 - r);
    int yb = Math.min(h, y1 + r);
    float[] tmp = new float[(yb - ya) * w];
    float[] pad = new float[w + 2 * r];
    /* Horizontal pass over the band plus its margins. */
    for (int y = ya; y < yb; y++) {
      System.arraycopy(in, y * w, pad, r, w);
      int base = (y - ya) * w;
      float g0 = g[r];
      for (int x = 0; x < w; x++) {
        tmp[base + x] = g0 * pad[x + r];
      }
      for (int k = 1; k <= r; k++) {
        float gk = g[r + k];
        int lo = r - k;
        int hi = r + k;
        for (int x = 0; x < w; x++) {
          tmp[base + x] += gk * (pad[x + lo] + pad[x + hi]);
        }
      }
    }
    /* Vertical pass; rows outside the image contribute zero. */
    for (int y = y0; y < y1; y++) {
      int ob = y * w;
      Arrays.fill(out, ob, ob + w, 0f);
      for (int k = -r; k <= r; k++) {
        int yy = y + k;
        if (yy < ya || yy >= yb) {
          continue;
        }
        float gk = g[r + k];
        int tb = (yy - ya) * w;
        for (int x = 0; x < w; x++) {
          out[ob + x] += gk * tmp[tb + x];
        }
      }
    }
  }

  /** Runs of one row: (x0, x1) inclusive pairs. */
  private static final class Runs {
    int[] y = new int[1024];
    int[] x0 = new int[1024];
    int[] x1 = new int[1024];
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
  }

  /** Connected 8-neighbour regions of the pixels where {@code mask[p] == value}, as pixel-index lists in scan order. */
  static List<int[]> label(byte[] mask, int w, int h, byte value) {
    Runs runs = new Runs();
    int[] rowStart = new int[h + 1];
    for (int y = 0; y < h; y++) {
      rowStart[y] = runs.n;
      int base = y * w;
      int x = 0;
      while (x < w) {
        if (mask[base + x] != value) {
          x++;
          continue;
        }
        int a = x;
        while (x < w && mask[base + x] == value) {
          x++;
        }
        runs.add(y, a, x - 1);
      }
    }
    rowStart[h] = runs.n;
    int[] parent = new int[runs.n];
    for (int i = 0; i < runs.n; i++) {
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
    /* Group runs by root; regions ordered by their first run (scan order). */
    int[] regionOf = new int[runs.n];
    Arrays.fill(regionOf, -1);
    int[] size = new int[runs.n];
    int regions = 0;
    int[] rootRegion = new int[runs.n];
    Arrays.fill(rootRegion, -1);
    for (int i = 0; i < runs.n; i++) {
      int root = find(parent, i);
      if (rootRegion[root] < 0) {
        rootRegion[root] = regions++;
      }
      regionOf[i] = rootRegion[root];
      size[regionOf[i]] += runs.x1[i] - runs.x0[i] + 1;
    }
    int[][] pix = new int[regions][];
    int[] fill = new int[regions];
    for (int r = 0; r < regions; r++) {
      pix[r] = new int[size[r]];
    }
    for (int i = 0; i < runs.n; i++) {
      int r = regionOf[i];
      int base = runs.y[i] * w;
      for (int x = runs.x0[i]; x <= runs.x1[i]; x++) {
        pix[r][fill[r]++] = base + x;
      }
    }
    return new ArrayList<>(Arrays.asList(pix));
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
   * Thresholds the S/N map, keeps regions of at least {@code minPixels}, grows them by {@code growRadius} pixels,
   * merges those that touch, finds the significant peaks and splits each merged footprint into candidates.
   *
   * @param valid pixels that may be detected (false for NaN / NO_DATA)
   */
  static List<Candidate> detect(Smoothed sm, boolean[] valid, int w, int h, double threshold, Polarity polarity,
                                int minPixels, double growRadius) {
    float[] s = sm.image();
    float[] v = sm.variance();
    boolean pos = polarity != Polarity.NEGATIVE;
    boolean neg = polarity != Polarity.POSITIVE;
    float t2 = (float) (threshold * threshold);

    /* Threshold the S/N map: 1 above +threshold, 2 below -threshold. */
    byte[] thr = new byte[w * h];
    IntStream.range(0, (h + BAND - 1) / BAND).parallel().forEach(b -> {
      int end = Math.min(h, (b + 1) * BAND) * w;
      for (int p = b * BAND * w; p < end; p++) {
        float sv = s[p];
        float vv = v[p];
        if (vv > 0 && sv * sv >= t2 * vv && valid[p]) {
          if (sv > 0 && pos) {
            thr[p] = 1;
          } else if (sv < 0 && neg) {
            thr[p] = 2;
          }
        }
      }
    });

    /* Connected regions of each sign; drop the small ones; grow the rest into one mask. */
    byte[] grown = new byte[w * h];
    int rg = (int) Math.floor(growRadius);
    int[] half = new int[2 * rg + 1];
    for (int dy = -rg; dy <= rg; dy++) {
      half[dy + rg] = (int) Math.floor(Math.sqrt(Math.max(0, growRadius * growRadius - dy * dy)));
    }
    for (byte sign = 1; sign <= 2; sign++) {
      if ((sign == 1 && !pos) || (sign == 2 && !neg)) {
        continue;
      }
      for (int[] region : label(thr, w, h, sign)) {
        if (region.length < minPixels) {
          for (int p : region) {
            thr[p] = 0;
          }
          continue;
        }
        paintGrown(region, grown, w, h, rg, half);
      }
    }

    /* Merged footprints; peaks of each sign; dipoles or a nearest-peak deblend. */
    List<Candidate> out = new ArrayList<>();
    int group = 0;
    for (int[] fp : label(grown, w, h, (byte) 1)) {
      group++;
      List<int[]> posPeaks = pos ? peaks(fp, s, v, thr, w, h, (byte) 1) : List.of();
      List<int[]> negPeaks = neg ? peaks(fp, s, v, thr, w, h, (byte) 2) : List.of();
      if (posPeaks.isEmpty() && negPeaks.isEmpty()) {
        continue;
      }
      if (!posPeaks.isEmpty() && !negPeaks.isEmpty()) {
        int[] pp = posPeaks.get(0);
        int[] np = negPeaks.get(0);
        boolean negStronger = snr(np[0], s, v) < -snr(pp[0], s, v);
        int[] best = negStronger ? np : pp;
        out.add(new Candidate(best[0] % w, best[0] / w, negStronger, true, group, 1, fp, snr(best[0], s, v)));
        continue;
      }
      List<int[]> peaks = posPeaks.isEmpty() ? negPeaks : posPeaks;
      boolean isNeg = posPeaks.isEmpty();
      if (peaks.size() == 1) {
        int p = peaks.get(0)[0];
        out.add(new Candidate(p % w, p / w, isNeg, false, group, 1, fp, snr(p, s, v)));
        continue;
      }
      int[][] children = assignNearest(fp, peaks, w);
      for (int k = 0; k < peaks.size(); k++) {
        int p = peaks.get(k)[0];
        out.add(new Candidate(p % w, p / w, isNeg, false, group, peaks.size(), children[k], snr(p, s, v)));
      }
    }
    return out;
  }

  private static double snr(int p, float[] s, float[] v) {
    return v[p] > 0 ? s[p] / Math.sqrt(v[p]) : 0;
  }

  private static void paintGrown(int[] region, byte[] grown, int w, int h, int rg, int[] half) {
    /* Walk the region's runs (pixels are in scan order) and paint each run dilated by the disk. */
    int i = 0;
    while (i < region.length) {
      int start = region[i];
      int j = i;
      while (j + 1 < region.length && region[j + 1] == region[j] + 1 && region[j + 1] / w == start / w) {
        j++;
      }
      int y = start / w;
      int xa = start % w;
      int xb = region[j] % w;
      for (int dy = -rg; dy <= rg; dy++) {
        int yy = y + dy;
        if (yy < 0 || yy >= h) {
          continue;
        }
        int a = Math.max(0, xa - half[dy + rg]);
        int b = Math.min(w - 1, xb + half[dy + rg]);
        Arrays.fill(grown, yy * w + a, yy * w + b + 1, (byte) 1);
      }
      i = j + 1;
    }
  }

  /**
   * Significant local extrema of one sign in a footprint, strongest first, each as {pixel index}: a local
   * maximum of sign * smoothed image over its 8 neighbours, inside the threshold mask of that sign, at least
   * {@link #MIN_PEAK_SEPARATION} from a stronger kept peak and separated from each stronger kept peak by a dip of
   * at least {@link #MIN_DIP_SIGMAS} noise sigmas.
   */
  private static List<int[]> peaks(int[] fp, float[] s, float[] v, byte[] thr, int w, int h, byte sign) {
    float sg = sign == 1 ? 1f : -1f;
    List<int[]> cand = new ArrayList<>();
    for (int p : fp) {
      if (thr[p] != sign) {
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
