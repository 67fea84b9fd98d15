package org.labelfree.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.labelfree.diffim.SpatialPolynomial;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.PixelPsf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Estimates a spatially varying pixelised PSF ({@link PixelPsf}) from the stars of an exposure, in the manner of
 * PSFEx (Bertin 2011): select isolated, unsaturated, point-like bright stars, resample each onto the model grid,
 * and fit per model pixel a polynomial in position.
 *
 * <h2>Star selection</h2>
 * A candidate is used when it is not flagged, its S/N exceeds {@code minSnr}, its moment size
 * {@code sqrt(ixx + iyy)} lies on the stellar locus (within {@code clipSigma} robust sigma, at least 3%, of the locus'
 * half-sample mode: galaxies are larger, cosmic rays smaller), no other candidate lies within
 * {@code isolationFwhm} FWHM, and its box (kernel plus Lanczos margin) lies inside the image and has no NaN pixel
 * and no NO_DATA, BAD, SAT, CR, INTRP, EDGE or SENSOR_EDGE mask bit. At most {@code maxStars} are kept, spread over
 * an 8 x 8 grid of cells, the highest S/N first in each cell.
 *
 * <h2>Fit</h2>
 * Each star is re-centred (iterated Gaussian-weighted centroid), its local background (median of an annulus at
 * twice the kernel half-size) is subtracted, so a sky near zero or negative works, and it is resampled onto the
 * model nodes with a Lanczos-3 kernel. For each model pixel the weighted least-squares polynomial coefficients
 * are solved (weights {@code flux^2 / variance}, variances from the variance plane, or the annulus' sky variance
 * where the plane is unknown). The first fit normalises each star by its stamp sum; then each star's flux is its
 * PSF-fit amplitude, stars whose chi^2 per pixel is more than {@code clipSigma} robust sigma above the median are
 * rejected, and the model is refitted (twice). Finally the model is shifted (Lanczos-3) so that its centroid is the
 * kernel's middle pixel.
 *
 * <p>The model is not oversampled: the stars are resampled onto native pixel centres, which adds no information
 * beyond oversampling 1, and on the survey's FWHM range (2.5 px and up) the Lanczos-3 resampling of the
 * pixel-integrated profile is accurate to better than 1% of the peak (see {@code PsfEstimatorTest}).
 *
 * <p>Stateless and thread-safe; deterministic (no randomness, fixed summation order).
 */
public final class PsfEstimator {
  private static final Logger LOG = LoggerFactory.getLogger(PsfEstimator.class);
  private static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));
  private static final int GRID_CELLS = 8;
  private static final int CLIP_ITERATIONS = 2;
  /**
   * Relative accuracy expected of a model pixel (as PSFEx's PSF_ACCURACY): {@code (0.01 flux model)^2} is added to
   * each pixel's variance once a model exists, so that the chi^2 of bright stars measures real misfits rather than
   * the model's own percent-level error, and bright stars do not dominate the fit alone.
   */
  static final double MODEL_ACCURACY = 0.02;

  private PsfEstimator() {}

  /** The stars chosen by the selection, with the locus FWHM and the kernel size; package-private for tests. */
  record Selection(List<PsfCandidate> stars, double fwhm, int kernelSize) {}

  /**
   * As {@link #estimate}, but when there are too few stars for {@link PsfEstimatorConfig#spatialOrder()} (a small
   * detector, a sparse field) the order is lowered step by step down to a constant PSF, with one warning naming
   * {@code where}. Other failures, and too few stars even for order 0, propagate.
   *
   * @param where what the image is, for the warning
   * @throws AlgorithmFailureException if even a constant PSF cannot be fitted
   */
  public static PsfEstimate estimateLoweringOrder(Exposure exposure, List<PsfCandidate> candidates,
      PsfEstimatorConfig config, String where) {
    for (int order = config.spatialOrder(); ; order--) {
      try {
        PsfEstimate e = estimate(exposure, candidates, config.withSpatialOrder(order));
        if (order < config.spatialOrder()) {
          LOG.warn("{}: too few PSF stars for spatial order {}; fitted order {} ({} stars)", where,
              config.spatialOrder(), order, e.starsUsed());
        }
        return e;
      } catch (AlgorithmFailureException e) {
        if (order == 0 || !e.metadata().containsKey("starsNeeded")) {
          throw e;
        }
      }
    }
  }

  /**
   * Estimates the PSF of {@code exposure} from {@code candidates}.
   *
   * @param exposure   the exposure (pixels, mask and variance; any background level)
   * @param candidates detected sources in parent pixel coordinates (all of them: also used for isolation)
   * @param config     the configuration
   * @return the model with the star counts and FWHM statistics
   * @throws AlgorithmFailureException if fewer than {@link PsfEstimatorConfig#starsNeeded()} stars survive the
   *                                   selection or the clipping (metadata {@code starsFound}, {@code starsNeeded})
   * @throws InvalidDataException      if the image is smaller than the kernel
   */
  public static PsfEstimate estimate(Exposure exposure, List<PsfCandidate> candidates, PsfEstimatorConfig config) {
    Objects.requireNonNull(exposure, "exposure");
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(config, "config");
    ImageF image = exposure.image();
    int w = image.width();
    int h = image.height();
    int x0 = image.x0();
    int y0 = image.y0();
    SpatialPolynomial spatial = new SpatialPolynomial(config.spatialOrder(), x0, y0, w, h);
    int terms = spatial.termCount();
    int needed = config.starsNeeded();

    /* Select the stars and cut their stamps. */
    Selection sel = select(exposure, candidates, config);
    int k = sel.kernelSize();
    if (k + 2 * (PsfStamp.LANCZOS + 2) > Math.min(w, h)) {
      throw new InvalidDataException("image " + w + "x" + h + " at (" + x0 + ", " + y0 + ") is smaller than the PSF"
          + " kernel " + k + "x" + k + " plus its resampling margin");
    }
    double sigma = sel.fwhm() / FWHM_PER_SIGMA;
    int badBits = badBits(exposure.mask().planes());
    List<PsfStamp> stamps = new ArrayList<>();
    for (PsfCandidate c : sel.stars()) {
      PsfStamp s = PsfStamp.extract(c, image.array(), exposure.variance().array(), exposure.mask().array(), w, h, x0,
          y0, badBits, sigma, k, 1);
      if (s != null) {
        stamps.add(s);
      }
      if (stamps.size() == config.maxStars()) {
        break;
      }
    }
    requireStars(stamps.size(), needed, "usable stamps");

    /* Fit, then clip by chi^2 and refit with PSF-fit fluxes. */
    for (PsfStamp s : stamps) {
      double sum = 0;
      for (float v : s.data) {
        sum += v;
      }
      s.flux = sum;
    }
    stamps.removeIf(s -> !(s.flux > 0));
    requireStars(stamps.size(), needed, "stars with a positive flux");
    float[][] basis = fit(stamps, spatial, k);
    int rejected = 0;
    for (int it = 0; it < CLIP_ITERATIONS; it++) {
      rejected += clip(stamps, spatial, basis, k, config.clipSigma());
      int alive = (int) stamps.stream().filter(s -> !s.rejected).count();
      requireStars(alive, needed, "stars after the chi^2 clip");
      basis = fit(stamps, spatial, k);
    }
    basis = recentre(basis, spatial, k, sigma);
    PixelPsf psf = new PixelPsf(spatial, 1, k, basis);

    /* FWHM at the centre and over a 5 x 5 grid (independent fits, in parallel). */
    double fwhm = psf.fwhmAt(x0 + (w - 1) / 2.0, y0 + (h - 1) / 2.0);
    double[] grid = IntStream.range(0, 25).parallel()
        .mapToDouble(g -> psf.fwhmAt(x0 + (w - 1) * (g % 5) / 4.0, y0 + (h - 1) * (g / 5) / 4.0)).toArray();
    double min = Arrays.stream(grid).min().orElseThrow();
    double max = Arrays.stream(grid).max().orElseThrow();
    int used = stamps.size() - rejected;
    LOG.info("PSF from {} stars ({} rejected by chi^2, {} candidates): FWHM {} px at the centre, {} to {} px",
        used, rejected, candidates.size(), String.format("%.3f", fwhm), String.format("%.3f", min),
        String.format("%.3f", max));
    return new PsfEstimate(psf, used, rejected, fwhm, min, max);
  }

  /**
   * The selection step alone: the stars that pass S/N, flags, the stellar locus and isolation, spread over the
   * image (at most {@code 4 maxStars}, in fitting order; stamps that leave the image are dropped later).
   */
  static Selection select(Exposure exposure, List<PsfCandidate> candidates, PsfEstimatorConfig config) {
    /* Bright, unflagged, measured candidates. */
    List<PsfCandidate> bright = new ArrayList<>();
    for (PsfCandidate c : candidates) {
      if (!c.flagged() && c.snr() > config.minSnr() && c.flux() > 0 && c.size() > 0 && Double.isFinite(c.ixy())) {
        bright.add(c);
      }
    }
    int needed = config.starsNeeded();
    requireStars(bright.size(), needed, "candidates with S/N > " + config.minSnr());

    /* The stellar locus: the half-sample mode of the moment sizes and a robust width around it. */
    double[] sizes = bright.stream().mapToDouble(PsfCandidate::size).sorted().toArray();
    double mode = halfSampleMode(sizes);
    double[] dev = Arrays.stream(sizes).filter(s -> Math.abs(s - mode) < 0.3 * mode).map(s -> Math.abs(s - mode))
        .sorted().toArray();
    double robust = dev.length > 0 ? 1.4826 * dev[dev.length / 2] : 0;
    double halfWidth = Math.max(config.clipSigma() * robust, 0.03 * mode);
    double fwhm = FWHM_PER_SIGMA * mode / Math.sqrt(2);
    int kernelSize = config.kernelSize() != 0 ? config.kernelSize()
        : Math.max(15, Math.min(51, 2 * (int) Math.ceil(3 * fwhm) + 1));

    /* Isolation against every candidate, on a grid of cells one isolation radius wide. */
    double radius = config.isolationFwhm() * fwhm;
    double cell = Math.max(radius, 1);
    Map<Long, List<PsfCandidate>> grid = new HashMap<>();
    for (PsfCandidate c : candidates) {
      grid.computeIfAbsent(cellKey(Math.floor(c.x() / cell), Math.floor(c.y() / cell)), key -> new ArrayList<>())
          .add(c);
    }
    List<PsfCandidate> stars = new ArrayList<>();
    for (PsfCandidate c : bright) {
      if (Math.abs(c.size() - mode) > halfWidth) {
        continue;
      }
      if (radius > 0 && !isolated(c, grid, cell, radius)) {
        continue;
      }
      stars.add(c);
    }

    /* Spread over the image: round-robin over grid cells, highest S/N first in each. */
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    ImageF im = exposure.image();
    minX = im.x0();
    maxX = im.x0() + im.width();
    minY = im.y0();
    maxY = im.y0() + im.height();
    Map<Integer, List<PsfCandidate>> cells = new LinkedHashMap<>();
    for (PsfCandidate c : stars) {
      int gx = Math.max(0, Math.min(GRID_CELLS - 1, (int) ((c.x() - minX) / (maxX - minX) * GRID_CELLS)));
      int gy = Math.max(0, Math.min(GRID_CELLS - 1, (int) ((c.y() - minY) / (maxY - minY) * GRID_CELLS)));
      cells.computeIfAbsent(gy * GRID_CELLS + gx, key -> new ArrayList<>()).add(c);
    }
    Comparator<PsfCandidate> bySnr = Comparator.comparingDouble(PsfCandidate::snr).reversed()
        .thenComparingDouble(PsfCandidate::y).thenComparingDouble(PsfCandidate::x);
    List<List<PsfCandidate>> lists = new ArrayList<>();
    for (int key = 0; key < GRID_CELLS * GRID_CELLS; key++) {
      List<PsfCandidate> l = cells.get(key);
      if (l != null) {
        l.sort(bySnr);
        lists.add(l);
      }
    }
    List<PsfCandidate> spread = new ArrayList<>();
    int limit = 4 * config.maxStars();
    for (int round = 0; spread.size() < Math.min(limit, stars.size()); round++) {
      for (List<PsfCandidate> l : lists) {
        if (round < l.size() && spread.size() < limit) {
          spread.add(l.get(round));
        }
      }
    }
    return new Selection(spread, fwhm, kernelSize);
  }

  private static long cellKey(double gx, double gy) {
    return ((long) gx << 32) ^ ((long) gy & 0xffffffffL);
  }

  private static boolean isolated(PsfCandidate c, Map<Long, List<PsfCandidate>> grid, double cell, double radius) {
    double gx = Math.floor(c.x() / cell);
    double gy = Math.floor(c.y() / cell);
    double r2 = radius * radius;
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        List<PsfCandidate> l = grid.get(cellKey(gx + dx, gy + dy));
        if (l == null) {
          continue;
        }
        for (PsfCandidate o : l) {
          if (o == c) {
            continue;
          }
          double ex = o.x() - c.x();
          double ey = o.y() - c.y();
          if (ex * ex + ey * ey < r2) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** The half-sample mode (Bickel and Fruehwirth 2006) of sorted values. */
  static double halfSampleMode(double[] sorted) {
    int lo = 0;
    int n = sorted.length;
    while (n > 3) {
      int half = (n + 1) / 2;
      int best = lo;
      double width = Double.POSITIVE_INFINITY;
      for (int i = lo; i + half - 1 < lo + n; i++) {
        double wd = sorted[i + half - 1] - sorted[i];
        if (wd < width) {
          width = wd;
          best = i;
        }
      }
      lo = best;
      n = half;
    }
    if (n == 3) {
      double a = sorted[lo + 1] - sorted[lo];
      double b = sorted[lo + 2] - sorted[lo + 1];
      return a < b ? 0.5 * (sorted[lo] + sorted[lo + 1]) : a > b ? 0.5 * (sorted[lo + 1] + sorted[lo + 2])
          : sorted[lo + 1];
    }
    return n == 2 ? 0.5 * (sorted[lo] + sorted[lo + 1]) : sorted[lo];
  }

  private static int badBits(MaskPlanes planes) {
    int bits = 0;
    for (String p : new String[] {"NO_DATA", "BAD", "SAT", "CR", "INTRP", "EDGE", "SENSOR_EDGE"}) {
      bits |= planes.bit(p).isPresent() ? 1 << planes.bit(p).getAsInt() : 0;
    }
    return bits;
  }

  private static void requireStars(int found, int needed, String what) {
    if (found < needed) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("starsFound", found);
      meta.put("starsNeeded", needed);
      throw new AlgorithmFailureException("too few PSF stars: " + found + " " + what + ", need " + needed, meta);
    }
  }

  /**
   * Solves, per model pixel, the weighted least squares for the polynomial coefficients of the flux-normalised
   * stamps of the stars not rejected.
   */
  static float[][] fit(List<PsfStamp> stamps, SpatialPolynomial spatial, int k) {
    int terms = spatial.termCount();
    int np = k * k;
    List<PsfStamp> live = new ArrayList<>();
    for (PsfStamp s : stamps) {
      if (!s.rejected) {
        live.add(s);
      }
    }
    int ns = live.size();
    double[][] t = new double[ns][terms];
    for (int s = 0; s < ns; s++) {
      spatial.terms(live.get(s).cx, live.get(s).cy, t[s]);
    }
    float[][] basis = new float[terms][np];
    /* Each model pixel is an independent solve (parallel over pixels; each one sums its stars in order). */
    IntStream.range(0, np).parallel().forEach(p -> {
      double[] a = new double[terms * terms];
      double[] b = new double[terms];
      for (int s = 0; s < ns; s++) {
        PsfStamp st = live.get(s);
        double f = st.flux;
        double wgt = f * f / st.weightVariance[p];
        double v = st.data[p] / f;
        double[] ts = t[s];
        for (int i = 0; i < terms; i++) {
          double wi = wgt * ts[i];
          b[i] += wi * v;
          for (int j = 0; j <= i; j++) {
            a[i * terms + j] += wi * ts[j];
          }
        }
      }
      double[] c = solve(a, b, terms);
      if (c == null) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("stars", ns);
        meta.put("terms", terms);
        meta.put("pixel", p);
        throw new AlgorithmFailureException("PSF fit: singular normal matrix at model pixel " + p + " with " + ns
            + " stars and " + terms + " spatial terms (stars too clustered for the spatial order?)", meta);
      }
      for (int i = 0; i < terms; i++) {
        basis[i][p] = (float) c[i];
      }
    });
    return basis;
  }

  /** Cholesky solve of the lower triangle of {@code a} (n x n); null if not positive definite. */
  private static double[] solve(double[] a, double[] b, int n) {
    double[] l = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * n + j];
        for (int q = 0; q < j; q++) {
          s -= l[i * n + q] * l[j * n + q];
        }
        if (i == j) {
          if (!(s > 1e-12 * Math.abs(a[i * n + i])) || !(s > 0)) {
            return null;
          }
          l[i * n + i] = Math.sqrt(s);
        } else {
          l[i * n + j] = s / l[j * n + j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int q = 0; q < i; q++) {
        s -= l[i * n + q] * y[q];
      }
      y[i] = s / l[i * n + i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int q = i + 1; q < n; q++) {
        s -= l[q * n + i] * x[q];
      }
      x[i] = s / l[i * n + i];
    }
    return x;
  }

  /**
   * Updates each live star's flux to its PSF-fit amplitude under the current model and rejects the stars whose
   * chi^2 per pixel exceeds the median by more than {@code clipSigma} robust sigma; returns how many it rejected.
   */
  static int clip(List<PsfStamp> stamps, SpatialPolynomial spatial, float[][] basis, int k, double clipSigma) {
    int terms = spatial.termCount();
    int np = k * k;
    double[] t = new double[terms];
    double[] model = new double[np];
    List<PsfStamp> live = new ArrayList<>();
    List<Double> chi = new ArrayList<>();
    int rejected = 0;
    for (PsfStamp s : stamps) {
      if (s.rejected) {
        continue;
      }
      spatial.terms(s.cx, s.cy, t);
      Arrays.fill(model, 0);
      for (int i = 0; i < terms; i++) {
        float[] bi = basis[i];
        for (int p = 0; p < np; p++) {
          model[p] += t[i] * bi[p];
        }
      }
      double mm = 0;
      double md = 0;
      for (int p = 0; p < np; p++) {
        mm += model[p] * model[p] / s.weightVariance[p];
        md += model[p] * s.data[p] / s.weightVariance[p];
      }
      double amp = mm > 0 ? md / mm : 0;
      double c2 = 0;
      for (int p = 0; p < np; p++) {
        double e = MODEL_ACCURACY * amp * model[p];
        double v = s.variance[p] + e * e;
        s.weightVariance[p] = (float) v;
        double r = s.data[p] - amp * model[p];
        c2 += r * r / v;
      }
      if (amp > 0) {
        s.flux = amp;
        live.add(s);
        chi.add(c2 / np);
      } else {
        s.rejected = true;
        rejected++;
      }
    }
    if (live.isEmpty()) {
      return rejected;
    }
    double[] sorted = chi.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double med = sorted[sorted.length / 2];
    double[] dev = Arrays.stream(sorted).map(v -> Math.abs(v - med)).sorted().toArray();
    double sig = 1.4826 * dev[dev.length / 2];
    double cut = med + clipSigma * Math.max(sig, 1e-6 * med);
    for (int i = 0; i < live.size(); i++) {
      if (chi.get(i) > cut) {
        live.get(i).rejected = true;
        rejected++;
      }
    }
    return rejected;
  }

  /** Shifts every basis image so that the model's Gaussian-weighted centroid at the box centre is the middle pixel. */
  static float[][] recentre(float[][] basis, SpatialPolynomial spatial, int k, double sigma) {
    PixelPsf psf = new PixelPsf(spatial, 1, k, basis);
    double xc = spatial.x0() + (spatial.width() - 1) / 2.0;
    double yc = spatial.y0() + (spatial.height() - 1) / 2.0;
    float[] img = psf.kernelImage(xc, yc).array();
    int c = k / 2;
    double ox = 0;
    double oy = 0;
    double inv = 1 / (2 * sigma * sigma);
    for (int it = 0; it < 10; it++) {
      double sw = 0;
      double sx = 0;
      double sy = 0;
      for (int j = 0; j < k; j++) {
        double dy = j - c - oy;
        for (int i = 0; i < k; i++) {
          double dx = i - c - ox;
          double wv = Math.exp(-(dx * dx + dy * dy) * inv) * img[j * k + i];
          sw += wv;
          sx += wv * dx;
          sy += wv * dy;
        }
      }
      if (!(sw > 0)) {
        return basis;
      }
      ox += 2 * sx / sw;
      oy += 2 * sy / sw;
    }
    if (Math.hypot(ox, oy) < 1e-3 || Math.hypot(ox, oy) > 1) {
      return basis;
    }
    /* Resample each basis image at (i + ox, j + oy) with Lanczos-3 (zero outside). */
    double[] wx = new double[2 * PsfStamp.LANCZOS];
    double[] wy = new double[2 * PsfStamp.LANCZOS];
    int fx = weights(ox, wx);
    int fy = weights(oy, wy);
    float[][] out = new float[basis.length][k * k];
    for (int s = 0; s < basis.length; s++) {
      float[] b = basis[s];
      for (int j = 0; j < k; j++) {
        for (int i = 0; i < k; i++) {
          double v = 0;
          for (int q = 0; q < wy.length; q++) {
            int jj = j + fy + q;
            if (jj < 0 || jj >= k) {
              continue;
            }
            for (int r = 0; r < wx.length; r++) {
              int ii = i + fx + r;
              if (ii >= 0 && ii < k) {
                v += wy[q] * wx[r] * b[jj * k + ii];
              }
            }
          }
          out[s][j * k + i] = (float) v;
        }
      }
    }
    return out;
  }

  /** Normalised Lanczos-3 weights for a shift {@code d}; returns the offset of the first tap. */
  private static int weights(double d, double[] w) {
    int f = (int) Math.floor(d);
    int first = f - PsfStamp.LANCZOS + 1;
    double sum = 0;
    for (int q = 0; q < w.length; q++) {
      w[q] = PsfStamp.lanczos(d - (first + q));
      sum += w[q];
    }
    for (int q = 0; q < w.length; q++) {
      w[q] /= sum;
    }
    return first;
  }
}
