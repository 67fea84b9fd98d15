package org.labelfree.diffim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.labelfree.image.Exposure;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.RowBands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selects the stars on which the Alard-Lupton kernel is fitted, in the manner of HOTPANTS (Becker 2015): the image
 * is cut into {@code stampGrid x stampGrid} cells and each cell keeps its {@code stampsPerCell} brightest stars that
 *
 * <ul>
 *   <li>are a local maximum of the template above 5 sigma and have a local maximum of the science image within
 *       2 pixels;</li>
 *   <li>have a flux S/N of at least {@link #MIN_SNR} in both images (square aperture of half-width ceil(FWHM) above
 *       the median of the fit box's border);</li>
 *   <li>are unsaturated: no SAT bit and no pixel at or above 0.8 x the SATURATE card in the fit box, in either
 *       image;</li>
 *   <li>lie well inside the image with every pixel of the data box (fit box grown by the kernel radius) finite and
 *       free of BAD, SAT, NO_DATA and CR, in both images;</li>
 *   <li>are isolated: no brighter template peak within the fit-box half-width.</li>
 * </ul>
 *
 * The fit box half-width is {@code ceil(3 x max(FWHM))} ({@link #fitHalfWidth}). The science and template must be on
 * one pixel grid (same size and origin). If a FWHM is NaN it is estimated from the template peaks (the stellar locus of
 * the adaptive-moment sizes, see {@code StarMoments}). Stateless and thread-safe.
 */
public final class KernelCandidates {
  private static final Logger LOG = LoggerFactory.getLogger(KernelCandidates.class);
  /** Smallest flux S/N of a kernel star, in each image. */
  public static final double MIN_SNR = 20;
  /** Peak detection threshold in units of the pixel's noise sigma. */
  private static final double PEAK_SIGMAS = 5;
  /** How far (pixels) the science peak may lie from the template peak. */
  private static final int MATCH_RADIUS = 2;

  private KernelCandidates() {}

  /** The half-width in pixels of the box in which a stamp is fitted: {@code ceil(3 x max(fwhm))}. */
  public static int fitHalfWidth(double fwhmScience, double fwhmTemplate) {
    return (int) Math.ceil(3 * Math.max(fwhmScience, fwhmTemplate));
  }

  /**
   * Finds kernel stars over the whole image.
   *
   * @param science      the science exposure (not null)
   * @param template     the template on the science pixel grid (not null; same size and xy0)
   * @param fwhmScience  science PSF FWHM in pixels, or NaN to estimate it
   * @param fwhmTemplate template PSF FWHM in pixels, or NaN to estimate it
   * @param config       the configuration (not null)
   * @return the stamps, by cell (row-major) and within a cell brightest first; possibly empty, never null
   * @throws InvalidDataException if the exposures are not on one grid, or a FWHM cannot be estimated
   */
  public static List<KernelStamp> find(Exposure science, Exposure template, double fwhmScience, double fwhmTemplate,
      AlardLuptonConfig config) {
    return select(science, template, null, null, fwhmScience, fwhmTemplate, config);
  }

  /**
   * Filters externally supplied positions (e.g. a source catalogue) by the same criteria; each position is first
   * moved to the brightest template pixel within 2 pixels. Positions are parent pixels.
   *
   * @param x columns (not null)
   * @param y rows (not null; same length as {@code x})
   * @throws IllegalArgumentException if the arrays differ in length
   * @throws InvalidDataException     as {@link #find(Exposure, Exposure, double, double, AlardLuptonConfig)}
   */
  public static List<KernelStamp> find(Exposure science, Exposure template, double[] x, double[] y,
      double fwhmScience, double fwhmTemplate, AlardLuptonConfig config) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (x.length != y.length) {
      throw new IllegalArgumentException("x has " + x.length + " positions but y has " + y.length);
    }
    return select(science, template, x, y, fwhmScience, fwhmTemplate, config);
  }

  private static List<KernelStamp> select(Exposure science, Exposure template, double[] px, double[] py,
      double fwhmScience, double fwhmTemplate, AlardLuptonConfig config) {
    Objects.requireNonNull(config, "config");
    requireSameGrid(science, template);
    StampPlanes sci = new StampPlanes(science);
    StampPlanes tmp = new StampPlanes(template);

    /* Peaks of the template; FWHMs estimated from them where unknown. */
    int[] peaks = templatePeaks(tmp);
    double fs = Double.isNaN(fwhmScience) ? estimateFwhm(sci, peaks, "science") : fwhmScience;
    double ft = Double.isNaN(fwhmTemplate) ? estimateFwhm(tmp, peaks, "template") : fwhmTemplate;
    boolean convolveScience = config.mode().convolvesScience(fs, ft);
    int r = KernelBasis.kernelSize(fs, ft, convolveScience, config) / 2;
    int hf = fitHalfWidth(fs, ft);
    int hd = hf + r;
    int apS = (int) Math.ceil(fs);
    int apT = (int) Math.ceil(ft);
    int w = tmp.width;

    /* Candidate pixels: the template peaks, or the supplied positions moved to their brightest nearby pixel. */
    int[] cands;
    if (px == null) {
      cands = peaks;
    } else {
      cands = new int[px.length];
      int n = 0;
      for (int i = 0; i < px.length; i++) {
        int cx = (int) Math.round(px[i]) - tmp.x0;
        int cy = (int) Math.round(py[i]) - tmp.y0;
        int best = brightestNear(tmp, cx, cy, MATCH_RADIUS);
        if (best >= 0) {
          cands[n++] = best;
        }
      }
      cands = Arrays.copyOf(cands, n);
    }

    /* Isolation index: template peaks bucketed on a grid of hf-sized cells. */
    PeakGrid grid = new PeakGrid(tmp, peaks, Math.max(hf, 1));

    int cells = config.stampGrid();
    List<List<KernelStamp>> perCell = new ArrayList<>();
    List<List<Float>> perCellFlux = new ArrayList<>();
    for (int c = 0; c < cells * cells; c++) {
      perCell.add(new ArrayList<>());
      perCellFlux.add(new ArrayList<>());
    }
    Integer[] order = new Integer[cands.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    final int[] cc = cands;
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -tmp.image[cc[i]]).thenComparingInt(i -> cc[i]));
    int rejected = 0;
    for (int oi : order) {
      int p = cands[oi];
      int x = p % w;
      int y = p / w;
      int cell = Math.min(y * cells / tmp.height, cells - 1) * cells + Math.min(x * cells / w, cells - 1);
      if (perCell.get(cell).size() >= config.stampsPerCell()) {
        continue;
      }
      if (!tmp.usableBox(x - hd, y - hd, x + hd, y + hd) || !sci.usableBox(x - hd, y - hd, x + hd, y + hd)
          || tmp.saturatedIn(x - hf, y - hf, x + hf, y + hf) || sci.saturatedIn(x - hf, y - hf, x + hf, y + hf)
          || !grid.isolated(x, y, hf)) {
        rejected++;
        continue;
      }
      int sp = brightestNear(sci, x, y, MATCH_RADIUS);
      if (sp < 0 || !isLocalMax(sci, sp % w, sp / w)) {
        rejected++;
        continue;
      }
      double bgT = tmp.borderMedian(x - hf, y - hf, x + hf, y + hf);
      double bgS = sci.borderMedian(x - hf, y - hf, x + hf, y + hf);
      double snr = Math.min(tmp.apertureSnr(x, y, apT, bgT), sci.apertureSnr(sp % w, sp / w, apS, bgS));
      if (!(snr >= MIN_SNR)) {
        rejected++;
        continue;
      }
      perCell.get(cell).add(new KernelStamp(x + tmp.x0, y + tmp.y0, snr));
    }
    List<KernelStamp> out = new ArrayList<>();
    perCell.forEach(out::addAll);
    LOG.debug("kernel candidates: {} stamps from {} candidate peaks ({} rejected); fit half-width {}, kernel radius {}",
        out.size(), cands.length, rejected, hf, r);
    return out;
  }

  static void requireSameGrid(Exposure science, Exposure template) {
    Objects.requireNonNull(science, "science");
    Objects.requireNonNull(template, "template");
    if (science.width() != template.width() || science.height() != template.height()
        || science.image().x0() != template.image().x0() || science.image().y0() != template.image().y0()) {
      throw new InvalidDataException("template (box " + template.image().x0() + "," + template.image().y0() + " "
          + template.width() + "x" + template.height() + ") is not on the science pixel grid (box "
          + science.image().x0() + "," + science.image().y0() + " " + science.width() + "x" + science.height()
          + "); warp it first");
    }
  }

  /**
   * Local maxima of the template above PEAK_SIGMAS x the pixel noise, as local pixel indices in increasing order.
   * Parallel over row bands; the bands' lists are joined in order, so the result is that of a serial scan.
   */
  static int[] templatePeaks(StampPlanes t) {
    int w = t.width;
    int h = t.height;
    float[] image = t.image;
    float[] variance = t.variance;
    double k2 = PEAK_SIGMAS * PEAK_SIGMAS;
    int band = RowBands.DEFAULT_ROWS;
    int[][] perBand = new int[RowBands.count(h, band)][];
    RowBands.forEach(h, band, (from, to) -> {
      int[] out = new int[64];
      int n = 0;
      for (int y = Math.max(from, 1); y < Math.min(to, h - 1); y++) {
        for (int x = 1; x < w - 1; x++) {
          int p = y * w + x;
          float v = image[p];
          float var = variance[p];
          /* v > 5 sqrt(var) without the root: false for NaN and for a negative variance, as the root would give. */
          /* Non-short-circuit: in the sky half the pixels are above 0, a branch the CPU cannot predict. */
          if (!((v > 0) & (var >= 0) & ((double) v * v > k2 * var)) || !isLocalMax(t, x, y)) {
            continue;
          }
          if (n == out.length) {
            out = Arrays.copyOf(out, 2 * n);
          }
          out[n++] = p;
        }
      }
      perBand[from / band] = Arrays.copyOf(out, n);
    });
    int total = 0;
    for (int[] b : perBand) {
      total += b.length;
    }
    int[] all = new int[total];
    int at = 0;
    for (int[] b : perBand) {
      System.arraycopy(b, 0, all, at, b.length);
      at += b.length;
    }
    return all;
  }

  /** True if (x, y) is at least as bright as its 8 neighbours (ties broken towards the lower index) and finite. */
  private static boolean isLocalMax(StampPlanes t, int x, int y) {
    if (x < 1 || y < 1 || x >= t.width - 1 || y >= t.height - 1) {
      return false;
    }
    int w = t.width;
    int p = y * w + x;
    float v = t.image[p];
    if (!Float.isFinite(v)) {
      return false;
    }
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        int q = p + dy * w + dx;
        if (q == p) {
          continue;
        }
        float u = t.image[q];
        if (u > v || (u == v && q < p)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The index of the brightest finite pixel within {@code rad} of local (x, y), or -1 if none. */
  private static int brightestNear(StampPlanes t, int x, int y, int rad) {
    int best = -1;
    float bv = Float.NEGATIVE_INFINITY;
    for (int yy = Math.max(y - rad, 0); yy <= Math.min(y + rad, t.height - 1); yy++) {
      for (int xx = Math.max(x - rad, 0); xx <= Math.min(x + rad, t.width - 1); xx++) {
        float v = t.image[yy * t.width + xx];
        if (v > bv) {
          bv = v;
          best = yy * t.width + xx;
        }
      }
    }
    return best;
  }

  private static double estimateFwhm(StampPlanes pl, int[] peaks, String which) {
    int[] sorted = Arrays.stream(peaks).boxed()
        .sorted(Comparator.comparingDouble((Integer p) -> -pl.image[p]).thenComparingInt(p -> p))
        .mapToInt(Integer::intValue).limit(400).toArray();
    double[] sizes = new double[sorted.length];
    int n = 0;
    for (int p : sorted) {
      int x = p % pl.width;
      int y = p / pl.width;
      if (pl.saturatedIn(x - 2, y - 2, x + 2, y + 2)) {
        continue;
      }
      double f = StarMoments.fwhm(pl, x, y, 12);
      if (Double.isFinite(f)) {
        sizes[n++] = f;
      }
    }
    double fwhm = StarMoments.locusFwhm(sizes, n);
    if (!(fwhm > 0)) {
      throw new InvalidDataException("cannot estimate the " + which + " FWHM: no measurable star among "
          + peaks.length + " template peaks");
    }
    LOG.debug("{} FWHM estimated at {} px from {} peaks", which, fwhm, n);
    return fwhm;
  }

  /** Template peaks bucketed for the isolation test. */
  private static final class PeakGrid {
    private final StampPlanes t;
    private final int cell;
    private final int nx;
    private final int ny;
    private final int[][] buckets;

    PeakGrid(StampPlanes t, int[] peaks, int cell) {
      this.t = t;
      this.cell = cell;
      this.nx = (t.width + cell - 1) / cell;
      this.ny = (t.height + cell - 1) / cell;
      int[] counts = new int[nx * ny];
      for (int p : peaks) {
        counts[bucket(p)]++;
      }
      buckets = new int[nx * ny][];
      for (int b = 0; b < buckets.length; b++) {
        buckets[b] = new int[counts[b]];
        counts[b] = 0;
      }
      for (int p : peaks) {
        int b = bucket(p);
        buckets[b][counts[b]++] = p;
      }
    }

    private int bucket(int p) {
      return (p / t.width / cell) * nx + (p % t.width) / cell;
    }

    /** No peak brighter than local (x, y) within Chebyshev distance {@code rad}, other than (x, y) itself. */
    boolean isolated(int x, int y, int rad) {
      float v = t.image[y * t.width + x];
      for (int by = Math.max((y - rad) / cell, 0); by <= Math.min((y + rad) / cell, ny - 1); by++) {
        for (int bx = Math.max((x - rad) / cell, 0); bx <= Math.min((x + rad) / cell, nx - 1); bx++) {
          for (int p : buckets[by * nx + bx]) {
            int px = p % t.width;
            int py = p / t.width;
            if ((px != x || py != y) && Math.abs(px - x) <= rad && Math.abs(py - y) <= rad && t.image[p] > v) {
              return false;
            }
          }
        }
      }
      return true;
    }
  }

  /**
   * Kernel stamp candidates from a source catalogue with the columns of {@code DetectAndMeasure} ({@code x, y, snr,
   * extendedness, pixelFlags_saturated, pixelFlags_edge, pixelFlags_bad}): the unflagged point sources
   * ({@code extendedness == 0}) with {@code snr} above {@code minSnr}.
   *
   * @param sources the catalogue (not null)
   * @param minSnr  the S/N floor
   * @return {x, y}, parent pixel coordinates, in catalogue order
   * @throws IllegalArgumentException if a column is missing
   */
  public static double[][] fromCatalog(org.labelfree.catalog.Catalog sources, double minSnr) {
    double[] x = sources.doubleColumn("x");
    double[] y = sources.doubleColumn("y");
    double[] snr = sources.doubleColumn("snr");
    double[] ext = sources.doubleColumn("extendedness");
    boolean[] sat = sources.booleanColumn("pixelFlags_saturated");
    boolean[] edge = sources.booleanColumn("pixelFlags_edge");
    boolean[] bad = sources.booleanColumn("pixelFlags_bad");
    int n = 0;
    double[] cx = new double[x.length];
    double[] cy = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (snr[i] > minSnr && ext[i] == 0 && !sat[i] && !edge[i] && !bad[i]) {
        cx[n] = x[i];
        cy[n++] = y[i];
      }
    }
    return new double[][] {java.util.Arrays.copyOf(cx, n), java.util.Arrays.copyOf(cy, n)};
  }
}
