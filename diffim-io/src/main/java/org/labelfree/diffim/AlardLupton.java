package org.labelfree.diffim;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImagePsf;
import org.labelfree.image.ImageStatistics;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.Psf;
import org.labelfree.image.RowBands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alard-Lupton image subtraction (Alard &amp; Lupton 1998; Alard 2000 for the spatial variation), as LSST's
 * AlardLuptonSubtractTask and HOTPANTS. Start here.
 *
 * <p>{@link #subtract} takes a science image and a template already on its pixel grid (see {@link TemplateStitcher})
 * and: finds kernel stamps ({@link KernelCandidates}); fits the spatially varying kernel and the differential
 * background ({@link KernelFitter}); convolves the image with the smaller PSF ({@link Convolution}); subtracts; and
 * decorrelates the difference (Reiss &amp; Lupton 2016, {@link Decorrelation}). With decorrelation (the default) the
 * last three are one FFT pass ({@code Convolution.decorrelatedDifference}); the decorrelation kernel is cropped to
 * the box that holds all but {@value #PHI_TAIL} of its absolute sum ({@link Decorrelation#supportWidth}), which keeps
 * the tiles' overlap small. The difference is always science
 * minus template in the science image's units: in convolve-science mode it is {@code (K (x) S + B - T) / kappa},
 * kappa being the local kernel sum.
 *
 * <p>Variance: science variance + {@code K^2 (x)} template variance (convolve-template), then the decorrelated
 * variance of {@link Decorrelation#applyToVariance}. An image whose variance plane is unknown (all NaN, as for a
 * plain FITS image) gets one first: the square of its robust background noise plus, where GAIN (e-/ADU) is in its
 * metadata, its positive signal / GAIN. Masks: the unconvolved image's planes, OR the convolved image's planes grown
 * over the kernel footprint; a border of the kernel's half width is EDGE and NO_DATA; NaN pixels stay NaN with
 * NO_DATA.
 *
 * <p>Quality: {@link Subtraction#residualSigma()} is the robust sigma of difference / sqrt(variance) over
 * source-free pixels: pixels with none of BAD, SAT, CR, INTRP, SUSPECT, EDGE, NO_DATA, DETECTED, DETECTED_NEGATIVE
 * and farther than about two FWHM from any 2 x 2 bin of the image the kernel convolves that is more than 3 sigma
 * above its median. The same numbers go into the difference's metadata: {@code DIFFMODE,
 * KSUM, NSTAMPS, NSTAMPRJ, KCHI2, RESIDSIG, RESIDMED, DECORR} and, when decorrelated, {@code DECORRW}.
 *
 * <p>Small images: when too few stamps are usable for the configured spatial orders (a 256^2 cut-out holds a
 * handful of stars), the orders are lowered step by step, background first, down to a constant kernel and
 * background, with one warning each; too few stamps even then is an {@link AlgorithmFailureException}.
 *
 * <p>Stateless; thread-safe. Deterministic for equal inputs.
 */
public final class AlardLupton {
  private static final String[] NOT_SOURCE_FREE = {"BAD", "SAT", "CR", "INTRP", "SUSPECT", "EDGE", "NO_DATA",
      "DETECTED", "DETECTED_NEGATIVE"};
  /**
   * The fraction of {@code sum |phi|} the decorrelation kernel may lose when it is cropped to its support
   * ({@link Decorrelation#supportWidth}): the whitened noise spectrum stays within about 0.2% of flat.
   */
  static final double PHI_TAIL = 1e-3;
  /** At most this many pixels enter the residual statistics (an even stride over the image beyond it). */
  private static final int MAX_STAT_PIXELS = 1 << 19;

  private static final Logger LOG = LoggerFactory.getLogger(AlardLupton.class);

  private AlardLupton() {}

  /**
   * Subtracts the template from the science image.
   *
   * @param science    the science exposure (not null); its PSF, when present, gives its FWHM
   * @param template   the template on the science pixel grid (same size and xy0; not null); its PSF likewise
   * @param candidateX kernel stamp candidates (parent columns), e.g. bright stars from a source catalogue; null or
   *                   empty to search the images (HOTPANTS style); the search is also used when too few candidates
   *                   survive the stamp criteria
   * @param candidateY their rows (same length)
   * @param config     the configuration (not null)
   * @return the difference and its quality numbers
   * @throws InvalidDataException       if the images are not on one grid, have no valid pixel, or the template
   *                                    covers none of the science image
   * @throws AlgorithmFailureException  if too few stamps are usable or the kernel fit is singular
   */
  public static Subtraction subtract(Exposure science, Exposure template, double[] candidateX, double[] candidateY,
      AlardLuptonConfig config) {
    Objects.requireNonNull(science, "science");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(config, "config");
    int w = science.width();
    int h = science.height();
    if (template.width() != w || template.height() != h || template.image().x0() != science.image().x0()
        || template.image().y0() != science.image().y0()) {
      throw new InvalidDataException("template is " + box(template) + " but the science image is " + box(science)
          + "; expected the template warped onto the science image's grid");
    }

    /* Usable inputs: valid pixels, a coverage, known variances. */
    double scienceValid = validFraction(science.image());
    double coverage = validFraction(template.image());
    if (scienceValid == 0) {
      throw new InvalidDataException("science image " + box(science) + " has no finite pixel");
    }
    if (coverage == 0) {
      throw new InvalidDataException("template covers 0% of the science image " + box(science));
    }
    Exposure sci = withKnownVariance(science);
    Exposure tmp = withKnownVariance(template);
    double cx = sci.image().x0() + 0.5 * (w - 1);
    double cy = sci.image().y0() + 0.5 * (h - 1);
    double fwhmS = sci.psf().map(p -> p.fwhmAt(cx, cy)).orElse(Double.NaN);
    double fwhmT = tmp.psf().map(p -> p.fwhmAt(cx, cy)).orElse(Double.NaN);

    /* Kernel stamps, then the fit. */
    List<KernelStamp> stamps = List.of();
    if (candidateX != null && candidateX.length > 0) {
      stamps = KernelCandidates.find(sci, tmp, candidateX, candidateY, fwhmS, fwhmT, config);
    }
    if (stamps.size() < config.effectiveMinStamps()) {
      List<KernelStamp> found = KernelCandidates.find(sci, tmp, fwhmS, fwhmT, config);
      stamps = found.size() > stamps.size() ? found : stamps;
    }
    AlardLuptonConfig used = lowerOrdersIfNeeded(config, stamps.size(), box(science));
    KernelFit fit = null;
    while (fit == null) {
      try {
        fit = KernelFitter.fit(sci, tmp, stamps, fwhmS, fwhmT, used);
      } catch (AlgorithmFailureException e) {
        boolean tooFew = e.metadata().containsKey("stampsNeeded");
        if (!tooFew || config.minStamps() > 0 || (used.spatialKernelOrder() == 0 && used.backgroundOrder() == 0)) {
          throw e;
        }
        AlardLuptonConfig lower = lowerOnce(used);
        LOG.warn("{}: {}; retrying with spatial orders {} (kernel) and {} (background)", box(science),
            e.getMessage(), lower.spatialKernelOrder(), lower.backgroundOrder());
        used = lower;
      }
    }
    boolean convolveScience = fit.convolveScience();
    Exposure conv = convolveScience ? sci : tmp;
    Exposure ref = convolveScience ? tmp : sci;
    SpatialKernel kernel = fit.kernel();
    int r = kernel.radius();

    /*
     * Convolve and subtract. G = R - K (x) C; with decorrelation G = phi (x) (R - K (x) C), one FFT pass
     * (Convolution#decorrelatedDifference) with phi from the kernel at the centre. Then D = G - B, or (B - G) / kappa
     * when the science image was convolved.
     */
    boolean decorrelate = config.decorrelate();
    float[] kCentre = kernel.kernelAt(cx, cy);
    float[] phi = null;
    int phiSize = 0;
    float[] g;
    float[] mv = null;
    if (decorrelate) {
      double varR = medianFinite(ref.variance().array());
      double varC = medianFinite(conv.variance().array());
      float[] full = Decorrelation.kernel(kCentre, kernel.size(), varR, varC, kernel.size());
      phiSize = Decorrelation.supportWidth(full, kernel.size(), PHI_TAIL);
      phi = Decorrelation.crop(full, kernel.size(), phiSize);
      g = Convolution.decorrelatedDifference(ref.image(), conv.image(), kernel, phi, phiSize).array();
    } else {
      g = Convolution.convolve(conv.image(), kernel).array();
      mv = Convolution.convolveVariance(conv.variance(), kernel).array();
    }
    float[] ri = ref.image().array();
    float[] rv = ref.variance().array();
    float[] ci = conv.image().array();
    float[] d = new float[w * h];
    float[] v = decorrelate ? null : new float[w * h];
    int x0 = sci.image().x0();
    int y0 = sci.image().y0();

    /* Masks: R's planes, C's planes grown over the kernel, NO_DATA at NaN, EDGE + NO_DATA on the border. */
    MaskPlanes planes = sci.mask().planes();
    int[] mask = Convolution.convolveMask(conv.mask(), r, growPlanes(conv.mask().planes())).array();
    int[] rm = ref.mask().array();
    int noData = planes.bitmask("NO_DATA");
    int edge = planes.bitmask("EDGE");

    /* One pass, parallel over rows: the background and the local kernel sum are separable polynomials. */
    SpatialPolynomial kPoly = kernel.spatial();
    double[] compSums = new double[kernel.componentCount()];
    for (int s = 0; s < compSums.length; s++) {
      for (float f : kernel.component(s)) {
        compSums[s] += f;
      }
    }
    double[] bgCoeffs = fit.backgroundCoefficients();
    SpatialPolynomial bgPoly = fit.background();
    double[][] bgPow = bgPoly.columnPowers(x0, w);
    double[][] kPow = kPoly.columnPowers(x0, w);
    float[] gFinal = g;
    float[] mvFinal = mv;
    RowBands.forEach(h, RowBands.DEFAULT_ROWS, (from, to) -> {
      double[] bc = new double[bgPoly.order() + 1];
      double[] kc = new double[kPoly.order() + 1];
      double[] bgRow = new double[w];
      double[] kRow = convolveScience ? new double[w] : null;
      for (int y = from; y < to; y++) {
        int o = y * w;
        bgPoly.rowCoefficients(bgCoeffs, y + y0, bc);
        rowValues(bc, bgPow, bgRow);
        if (convolveScience) {
          kPoly.rowCoefficients(compSums, y + y0, kc);
          rowValues(kc, kPow, kRow);
        }
        /* The difference, then the masks; each loop simple enough for the JIT to vectorise. */
        if (decorrelate && !convolveScience) {
          for (int x = 0; x < w; x++) {
            d[o + x] = (float) (gFinal[o + x] - bgRow[x]);
          }
        } else {
          for (int x = 0; x < w; x++) {
            int i = o + x;
            double gi = decorrelate ? gFinal[i] : (double) ri[i] - gFinal[i];
            if (convolveScience) {
              double kappa = kRow[x];
              d[i] = (float) ((bgRow[x] - gi) / kappa);
              if (mvFinal != null) {
                v[i] = (float) ((mvFinal[i] + rv[i]) / (kappa * kappa));
              }
            } else {
              d[i] = (float) (gi - bgRow[x]);
              if (mvFinal != null) {
                v[i] = rv[i] + mvFinal[i];
              }
            }
          }
        }
        for (int x = 0; x < w; x++) {
          mask[o + x] |= rm[o + x];
        }
        /* NaN and EDGE + NO_DATA on the border, NaN and NO_DATA where an input or the result is not finite. */
        boolean borderRow = y < r || y >= h - r;
        for (int x = 0; x < w; x++) {
          int i = o + x;
          if (borderRow || x < r || x >= w - r) {
            d[i] = Float.NaN;
            mask[i] |= edge | noData;
          } else if (!(Math.abs(ci[i]) < Float.POSITIVE_INFINITY) | !(Math.abs(ri[i]) < Float.POSITIVE_INFINITY)
              | d[i] != d[i]) {
            d[i] = Float.NaN;
            mask[i] |= noData;
          }
        }
      }
    });
    /* The variance of the decorrelated difference, and its PSF. */
    Psf refPsf = ref.psf().orElse(null);
    ImageF diff = ImageF.wrap(w, h, d).withXy0(x0, y0);
    ImageF var;
    Psf diffPsf = refPsf;
    if (decorrelate) {
      double kappa = convolveScience ? kernel.sumAt(cx, cy) : 1;
      var = Decorrelation.applyToVariance(ref.variance(), conv.variance(), kCentre, kernel.size(), phi, phiSize,
          1 / (kappa * kappa));
      if (refPsf != null) {
        diffPsf = new ImagePsf(Decorrelation.correctPsf(refPsf.kernelImage(cx, cy), phi, phiSize));
      }
    } else {
      var = ImageF.wrap(w, h, v).withXy0(x0, y0);
    }

    /* Quality in source-free pixels. */
    double fwhm = Double.isFinite(fit.fwhmScience()) ? Math.max(fit.fwhmScience(), fit.fwhmTemplate()) : 3.0;
    double[] stats = normalisedResidual(conv.image(), mask, planes, (int) Math.ceil(2 * fwhm), r, diff.array(),
        var.array());
    Metadata.Builder meta = sci.metadata().toBuilder()
        .set("DIFFMODE", convolveScience ? "CONVOLVE_SCIENCE" : "CONVOLVE_TEMPLATE", "image convolved by the kernel")
        .set("KSUM", fit.kernelSum(), "kernel sum at the image centre")
        .set("KSIZE", (long) kernel.size(), "kernel side, pixels")
        .set("NSTAMPS", (long) fit.stampsUsed(), "kernel stamps used")
        .set("NSTAMPRJ", (long) fit.stampsRejected(), "kernel stamps rejected")
        .set("KCHI2", fit.chi2PerDof(), "chi2 per dof in the used stamps")
        .set("RESIDSIG", stats[0], "robust sigma of diff/sqrt(var), source-free")
        .set("RESIDMED", stats[1], "median of diff/sqrt(var), source-free")
        .set("DECORR", decorrelate, "decorrelated (Reiss & Lupton 2016)");
    if (decorrelate) {
      meta.set("DECORRW", (long) phiSize, "decorrelation kernel width, pixels");
    }
    Exposure difference = new Exposure(diff, Mask.wrap(w, h, mask, planes).withXy0(x0, y0), var,
        sci.wcs().orElse(null), diffPsf, sci.photoCalib().orElse(null), sci.visitInfo(), meta.build());
    return new Subtraction(difference, fit, decorrelate, stats[0], stats[1], (long) stats[2], coverage);
  }

  /**
   * The config itself when there are enough stamps for its spatial orders; else the highest lower orders the stamps
   * support (background order first, then the kernel's, down to 0 and 0), with one warning. A small image (a 256^2
   * cutout holds a handful of stars) cannot constrain a spatially varying kernel.
   */
  static AlardLuptonConfig lowerOrdersIfNeeded(AlardLuptonConfig config, int stamps, String where) {
    if (stamps >= config.effectiveMinStamps() || config.minStamps() > 0) {
      return config;
    }
    AlardLuptonConfig c = config;
    while (stamps < c.effectiveMinStamps() && (c.spatialKernelOrder() > 0 || c.backgroundOrder() > 0)) {
      c = lowerOnce(c);
    }
    LOG.warn("{}: {} kernel stamps cannot constrain spatial orders {} (kernel) and {} (background); using {} and {}",
        where, stamps, config.spatialKernelOrder(), config.backgroundOrder(), c.spatialKernelOrder(),
        c.backgroundOrder());
    return c;
  }

  /** One step down: the background order when it is the higher one, else the kernel's. */
  private static AlardLuptonConfig lowerOnce(AlardLuptonConfig c) {
    return c.backgroundOrder() > c.spatialKernelOrder() ? c.withOrders(c.spatialKernelOrder(), c.backgroundOrder() - 1)
        : c.withOrders(c.spatialKernelOrder() - 1, c.backgroundOrder());
  }

  /** The exposure with a variance plane: its own when any value is finite, else an estimate (class comment). */
  static Exposure withKnownVariance(Exposure e) {
    float[] var = e.variance().array();
    for (float f : var) {
      if (Float.isFinite(f) && f > 0) {
        return e;
      }
    }
    float[] img = e.image().array();
    double median = medianFinite(img);
    double sigma = robustSigmaFinite(img);
    if (!(sigma > 0)) {
      throw new InvalidDataException("image " + box(e) + " has no variance plane and no measurable noise"
          + " (robust sigma " + sigma + "); expected a variance plane or a noisy background");
    }
    double gain = e.metadata().optDouble("GAIN").orElse(Double.NaN);
    float[] out = new float[img.length];
    for (int i = 0; i < img.length; i++) {
      double signal = img[i] - median;
      double v = sigma * sigma + (gain > 0 && signal > 0 ? signal / gain : 0);
      out[i] = Float.isFinite(img[i]) ? (float) v : Float.NaN;
    }
    return e.withVariance(ImageF.wrap(e.width(), e.height(), out).withXy0(e.image().x0(), e.image().y0()));
  }

  private static int growPlanes(MaskPlanes planes) {
    int all = 0;
    for (int bit : planes.asMap().values()) {
      all |= 1 << bit;
    }
    return all & ~planes.bitmask("DETECTED") & ~planes.bitmask("DETECTED_NEGATIVE");
  }

  /**
   * {robust sigma, median, count} of d / sqrt(v) over the source-free pixels (class comment): pixels far from
   * sources, free of the listed mask planes, away from the border, with finite d and positive v. Beyond
   * {@value #MAX_STAT_PIXELS} such pixels an even stride selects the sample. Parallel over row bands; the sample is
   * the one a serial scan would take.
   *
   * @param image the image the kernel convolved (its 2 x 2 bins above 3 sigma mark the sources)
   * @param grow  distance from a source below which a pixel is not source-free, pixels
   */
  private static double[] normalisedResidual(ImageF image, int[] mask, MaskPlanes planes, int grow, int border,
      float[] d, float[] v) {
    int w = image.width();
    int h = image.height();
    int bw = (w + 1) / 2;
    int[] near = nearSources(image, grow);
    int bad = 0;
    for (String p : NOT_SOURCE_FREE) {
      if (planes.bit(p).isPresent()) {
        bad |= planes.bitmask(p);
      }
    }
    int notFree = bad;
    int band = RowBands.DEFAULT_ROWS;
    long[] counts = new long[RowBands.count(h, band)];
    RowBands.forEach(h, band, (from, to) -> {
      long n = 0;
      for (int y = Math.max(from, border); y < Math.min(to, h - border); y++) {
        int nearRow = (y >> 1) * bw;
        for (int x = border; x < w - border; x++) {
          int i = y * w + x;
          /* Non-short-circuit: no branch to mispredict at the edges of sources. */
          if (((mask[i] & notFree) == 0) & (near[nearRow + (x >> 1)] == 0) & (Math.abs(d[i]) < Float.POSITIVE_INFINITY)
              & (v[i] > 0)) {
            n++;
          }
        }
      }
      counts[from / band] = n;
    });
    long total = 0;
    long[] firstIndex = new long[counts.length];
    for (int b = 0; b < counts.length; b++) {
      firstIndex[b] = total;
      total += counts[b];
    }
    if (total == 0) {
      return new double[] {Double.NaN, Double.NaN, 0};
    }
    long stride = Math.max(1, (total + MAX_STAT_PIXELS - 1) / MAX_STAT_PIXELS);
    float[] z = new float[(int) ((total + stride - 1) / stride)];
    RowBands.forEach(h, band, (from, to) -> {
      long seen = firstIndex[from / band];
      /* The next source-free pixel index that is a multiple of the stride. */
      long pick = (seen + stride - 1) / stride * stride;
      for (int y = Math.max(from, border); y < Math.min(to, h - border); y++) {
        int nearRow = (y >> 1) * bw;
        for (int x = border; x < w - border; x++) {
          int i = y * w + x;
          if (((mask[i] & notFree) == 0) & (near[nearRow + (x >> 1)] == 0) & (Math.abs(d[i]) < Float.POSITIVE_INFINITY)
              & (v[i] > 0)) {
            if (seen == pick) {
              z[(int) (seen / stride)] = (float) (d[i] / Math.sqrt(v[i]));
              pick += stride;
            }
            seen++;
          }
        }
      }
    });
    ImageStatistics s = ImageStatistics.of(z);
    return new double[] {s.robustSigma(), s.median(), total};
  }

  /**
   * Sources on a 2 x 2 binned grid ({@code ceil(w / 2)} columns): 1 in every bin within {@code grow} pixels (a box)
   * of a bin whose mean is more than 3 sigma above the binned image's median (sigma: its robust sigma), else 0.
   * Binning halves the noise, so the cores of faint sources stand out while noise alone marks about 0.13% of the
   * bins; bins with no finite pixel are not sources. Cheaper than thresholding a smoothed full-resolution image.
   */
  static int[] nearSources(ImageF image, int grow) {
    int w = image.width();
    int h = image.height();
    int bw = (w + 1) / 2;
    int bh = (h + 1) / 2;
    float[] a = image.array();
    float[] binned = new float[bw * bh];
    RowBands.forEach(bh, RowBands.DEFAULT_ROWS, (from, to) -> {
      for (int by = from; by < to; by++) {
        int y = 2 * by;
        int o = by * bw;
        if (y + 1 < h && w % 2 == 0) {
          /* The common case: whole 2 x 2 bins; NaN and infinite pixels left out of the mean. */
          int a0 = y * w;
          int a1 = a0 + w;
          for (int bx = 0; bx < bw; bx++) {
            float p = a[a0 + 2 * bx];
            float q = a[a0 + 2 * bx + 1];
            float s = a[a1 + 2 * bx];
            float t = a[a1 + 2 * bx + 1];
            if (Math.abs(p) < Float.POSITIVE_INFINITY && Math.abs(q) < Float.POSITIVE_INFINITY
                && Math.abs(s) < Float.POSITIVE_INFINITY && Math.abs(t) < Float.POSITIVE_INFINITY) {
              binned[o + bx] = (float) ((((double) p + q) + s + t) / 4);
            } else {
              binned[o + bx] = binMean(a, w, h, 2 * bx, y);
            }
          }
        } else {
          for (int bx = 0; bx < bw; bx++) {
            binned[o + bx] = binMean(a, w, h, 2 * bx, y);
          }
        }
      }
    });
    ImageStatistics st = ImageStatistics.of(sample(binned));
    double cut = st.median() + 3 * st.robustSigma();
    int[] source = new int[bw * bh];
    for (int i = 0; i < source.length; i++) {
      source[i] = binned[i] > cut ? 1 : 0;
    }
    return Convolution.convolveMask(Mask.wrap(bw, bh, source, MaskPlanes.defaults()), (grow + 1) / 2, 1).array();
  }

  /** Mean of the finite pixels of the (up to) 2 x 2 bin at (x, y), or NaN if it has none. */
  private static float binMean(float[] a, int w, int h, int x, int y) {
    double sum = 0;
    int n = 0;
    for (int yy = y; yy < Math.min(h, y + 2); yy++) {
      for (int xx = x; xx < Math.min(w, x + 2); xx++) {
        float f = a[yy * w + xx];
        if (Float.isFinite(f)) {
          sum += f;
          n++;
        }
      }
    }
    return n == 0 ? Float.NaN : (float) (sum / n);
  }

  /** Median of the finite values of an even-strided sample of at most {@value #SAMPLE} pixels. */
  static double medianFinite(float[] a) {
    return ImageStatistics.of(sample(a)).median();
  }

  /** Robust sigma (1.4826 MAD) of the finite values of the same sample. */
  static double robustSigmaFinite(float[] a) {
    return ImageStatistics.of(sample(a)).robustSigma();
  }

  /** Size of the strided sample used for image-wide levels (a sort of 16 M pixels would cost a second). */
  static final int SAMPLE = 1 << 18;

  private static float[] sample(float[] a) {
    if (a.length <= SAMPLE) {
      return a;
    }
    int stride = (a.length + SAMPLE - 1) / SAMPLE;
    float[] out = new float[(a.length + stride - 1) / stride];
    for (int i = 0, k = 0; i < a.length; i += stride, k++) {
      out[k] = a[i];
    }
    return out;
  }

  /** {@code out[x] = sum_a c[a] * pow[a][x]} for every column, summed in rising a. */
  private static void rowValues(double[] c, double[][] pow, double[] out) {
    Arrays.fill(out, c[0]);
    for (int a = 1; a < c.length; a++) {
      double ca = c[a];
      double[] p = pow[a];
      for (int x = 0; x < out.length; x++) {
        out[x] += ca * p[x];
      }
    }
  }

  private static double validFraction(ImageF image) {
    float[] a = image.array();
    int w = image.width();
    long[] counts = new long[RowBands.count(image.height(), RowBands.DEFAULT_ROWS)];
    RowBands.forEach(image.height(), RowBands.DEFAULT_ROWS, (from, to) -> {
      long n = 0;
      for (int i = from * w; i < to * w; i++) {
        if (Float.isFinite(a[i])) {
          n++;
        }
      }
      counts[from / RowBands.DEFAULT_ROWS] = n;
    });
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return a.length == 0 ? 0 : (double) n / a.length;
  }

  private static String box(Exposure e) {
    return "(" + e.image().x0() + "," + e.image().y0() + " " + e.width() + "x" + e.height() + ")";
  }
}
