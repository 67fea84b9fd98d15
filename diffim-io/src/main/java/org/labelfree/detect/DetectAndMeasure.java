package org.labelfree.detect;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.GaussianPsf;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImagePsf;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.Parallel;
import org.labelfree.image.PixelPsf;
import org.labelfree.image.Psf;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects and measures the sources of one exposure (a calexp or a difference image), as LSST's
 * SourceDetectionTask plus SingleFrameMeasurementTask / DetectAndMeasureTask do.
 *
 * <p><b>Detection.</b> The (optionally background-subtracted) image is smoothed with a separable Gaussian of the
 * PSF's sigma at the image centre (the cheap matched filter; LSST's kernel width, the odd size nearest 7 sigma) and
 * the variance with the square of that kernel (truncated at 3.5 of its own sigmas, sigma / sqrt 2, and scaled to the
 * whole square's sum, so a uniform variance is smoothed exactly); the
 * S/N map is their ratio {@code smoothed / sqrt(smoothedVariance)}. Pixels beyond {@code thresholdSigma} (per the
 * polarity) form 8-connected regions; regions of at least {@code minPixels} pixels are grown by
 * {@code growSigmas} PSF sigmas (a disk) and regions that touch after growing are merged into one footprint.
 * Peaks are local extrema of the smoothed image inside the threshold mask of their sign; a weaker peak is kept only
 * when it lies at least 2 pixels from every stronger peak of its sign and the smoothed image dips by at least 2
 * noise sigmas along the line between them. <b>Dipole rule:</b> a footprint holding both a positive and a
 * negative peak is one source with {@code isDipole = true}, placed at the peak of larger |S/N|; its
 * {@code isNegative} is the sign of that lobe. Otherwise a footprint with several peaks is deblended: one source
 * per peak, each footprint pixel assigned to the nearest peak; such sources share a {@code parentId} (the id of
 * the first of them), while an unblended source has {@code parentId = 0}.
 *
 * <p><b>Measurement</b> (sign-flipped for negative sources): an iterated Gaussian-windowed centroid with the PSF
 * sigma over SExtractor's circular window of 4 sigma (falls back to the peak, {@code centroid_flag}), then again
 * with the object's own size once its moments converge (as XWIN); adaptive moments (Bernstein &amp; Jarvis 2002;
 * {@code shape_flag} and NaN when they do not converge); PSF flux {@code sum(P I / V) / sum(P^2 / V)} with the PSF
 * kernel (unit sum) at the source shifted to the centroid by a normalised Lanczos-3 interpolant, summed over the
 * square around the source that holds all but 1e-4 of the kernel's sum of squares (the wings beyond carry that
 * little of the fit's weight, so its variance grows by at most 1e-4); Kron flux in
 * {@code kronFactor} times the first-moment radius (measured within 6 moment radii, SExtractor style, circularised
 * pixels, at least {@code minKronRadius}); aperture flux with 5x5 sub-sampled edge pixels; extendedness (LSST's
 * rule: 1 when {@code psfFlux / kronFlux < extendednessRatio}, else 0; NaN when either flux is not measurable);
 * ra/dec from the WCS; flags from the mask of the footprint and the 3x3 centre. Pixels that are NaN or have
 * NO_DATA or BAD set are never used (aperture sums take their mirror pixel through the centre).
 *
 * <p>Kernels of a PSF that varies over the image are evaluated once per 128-pixel cell (at the cell centre) and
 * reused for the sources in that cell; its width (for the centroid window) once per 512-pixel cell. Deterministic
 * for any thread count; thread-safe (no shared state but {@link ImageBuffers}' reused work arrays).
 */
public final class DetectAndMeasure {
  private static final Logger LOG = LoggerFactory.getLogger(DetectAndMeasure.class);
  private static final int PSF_CELL = 128;
  /** Sources per unit of the parallel measurement loop (threads take the next unit as they finish one). */
  private static final int MEASURE_CHUNK = 8;
  /** Cell size of the PSF-width grid (the window of centroids and the moments' first weight). */
  private static final int SIGMA_CELL = 512;
  /** The fraction of the PSF kernel's sum of squares the PSF-flux fit may leave out (its wings beyond a square). */
  private static final double PSF_FIT_EPS = 1e-4;

  private DetectAndMeasure() {}

  /**
   * Detects and measures sources.
   *
   * @param exposure the image with mask and variance (not null); its WCS gives ra/dec when present
   * @param psf      the PSF model (not null)
   * @param config   the configuration (not null)
   * @return the catalogue (rows in detection order, ids 1..n) with counts and the background rms
   * @throws InvalidDataException if the image has no valid pixel
   */
  public static SourceTable run(Exposure exposure, Psf psf, DetectAndMeasureConfig config) {
    Objects.requireNonNull(exposure, "exposure");
    Objects.requireNonNull(psf, "psf");
    Objects.requireNonNull(config, "config");
    int w = exposure.width();
    int h = exposure.height();
    int n = w * h;
    MaskPlanes planes = exposure.mask().planes();
    int[] bits = exposure.mask().array();
    int noData = Masks.bits(planes, "NO_DATA");
    int exclude = Masks.bits(planes, "NO_DATA", "BAD");
    float[] src = exposure.image().array();
    float[] vsrc = exposure.variance().array();

    /* Some valid pixel must exist; the variance plane is usable when a valid pixel has a positive finite variance. */
    boolean anyValid = false;
    boolean varUsable = false;
    for (int p = 0; p < n && !varUsable; p++) {
      float v = src[p];
      if (v == v && Math.abs(v) < Float.POSITIVE_INFINITY && (bits[p] & noData) == 0) {
        anyValid = true;
        float vv = vsrc[p];
        varUsable = vv > 0 && vv < Float.POSITIVE_INFINITY;
      }
    }
    if (!anyValid) {
      throw new InvalidDataException("image " + w + "x" + h + " at (" + exposure.image().x0() + ","
          + exposure.image().y0() + ") has no valid pixel (all NaN or NO_DATA)");
    }
    boolean useVarPlane = config.useVarianceForThreshold() && varUsable;

    /* Background: subtracted when configured (the image is read in place otherwise); its rms replaces an unusable
       variance plane. */
    Background bg = null;
    if (config.subtractBackground() || !varUsable || !config.useVarianceForThreshold()) {
      bg = Background.estimate(exposure.image(), exposure.mask(), config.background());
    }
    float[] var;
    if (varUsable) {
      var = vsrc;
    } else {
      var = squares(bg.rms().array());
      LOG.info("Variance plane of the {}x{} image is all zero or NaN: using the background rms^2 (median rms {})",
          w, h, bg.medianRms());
    }
    /* Detection reads the (background-subtracted) image row by row and fills the measurement's clean copy and
       usability map from the same rows: the subtracted image is never stored whole. */
    /* Detection writes every row of both. */
    float[] clean = ImageBuffers.floats(n);
    boolean[] usable = ImageBuffers.booleans(n);
    Detection.Rows rows;
    if (config.subtractBackground()) {
      Background.RowSubtractor sub = bg.rows();
      rows = (y, out) -> sub.subtract(y, src, out);
    } else {
      rows = (y, out) -> System.arraycopy(src, y * w, out, 0, w);
    }
    float[] detVar = varUsable && !useVarPlane ? squares(bg.rms().array()) : var;

    /* Smooth with the PSF-sized Gaussian and detect. */
    double psfSigma = psf.sigmaPix(exposure.image().x0() + 0.5 * (w - 1), exposure.image().y0() + 0.5 * (h - 1));
    List<Detection.Candidate> cands = Detection.detect(rows, detVar, bits, noData, w, h, psfSigma,
        config.thresholdSigma(), config.polarity(), config.minPixels(), config.growSigmas() * psfSigma,
        new Detection.CleanCopy(clean, usable, var, exclude));

    /* Measure every candidate, in parallel over sources (each row written by one thread). */
    Measurement m = new Measurement(clean, clean, usable, var, bits, exclude, w, h);
    Columns c = new Columns(cands.size());
    Map<Long, FitKernel> kernels = new ConcurrentHashMap<>();
    Map<Long, Double> sigmas = new ConcurrentHashMap<>();
    boolean constantPsf = isConstant(psf);
    int x0 = exposure.image().x0();
    int y0 = exposure.image().y0();
    int[] firstOfGroup = new int[cands.size()];
    for (int i = 0; i < cands.size(); i++) {
      firstOfGroup[i] = i > 0 && cands.get(i).group() == cands.get(i - 1).group() ? firstOfGroup[i - 1] : i;
    }
    FlagBits fb = new FlagBits(planes);
    int sources = cands.size();
    Parallel.forEach((sources + MEASURE_CHUNK - 1) / MEASURE_CHUNK, k -> {
      for (int i = k * MEASURE_CHUNK, e = Math.min(sources, i + MEASURE_CHUNK); i < e; i++) {
        Detection.Candidate cd = cands.get(i);
        measureOne(m, cd, i, c, psf, constantPsf, kernels, sigmas, psfSigma, x0, y0, config, fb);
        c.parentId[i] = cd.groupSize() > 1 ? firstOfGroup[i] + 1 : 0;
      }
    });

    ImageBuffers.recycle(clean);
    ImageBuffers.recycle(usable);

    /* Sky coordinates and counts. */
    exposure.wcs().ifPresent(wcs -> skyCoords(wcs, c));
    int pos = 0;
    int neg = 0;
    int dip = 0;
    for (int i = 0; i < c.size; i++) {
      if (c.isDipole[i]) {
        dip++;
      } else if (c.isNegative[i]) {
        neg++;
      } else {
        pos++;
      }
    }
    double bgRms = bg != null ? bg.medianRms() : Double.NaN;
    LOG.info("Detected {} sources ({} positive, {} negative, {} dipoles) at {} sigma in a {}x{} image", c.size, pos,
        neg, dip, config.thresholdSigma(), w, h);
    return new SourceTable(c.toCatalog(), pos, neg, dip, bgRms);
  }

  private static float[] squares(float[] a) {
    float[] out = new float[a.length];
    for (int p = 0; p < a.length; p++) {
      out[p] = a[p] * a[p];
    }
    return out;
  }

  private static boolean isConstant(Psf psf) {
    if (psf instanceof GaussianPsf || psf instanceof ImagePsf) {
      return true;
    }
    if (psf instanceof MoffatPsf mp) {
      return mp.fwhmGradX() == 0 && mp.fwhmGradY() == 0;
    }
    if (psf instanceof PixelPsf pp) {
      return pp.spatial().order() == 0;
    }
    return false;
  }

  private static void skyCoords(Wcs wcs, Columns c) {
    for (int i = 0; i < c.size; i++) {
      if (Double.isFinite(c.x[i]) && Double.isFinite(c.y[i])) {
        SkyCoord s = wcs.pixelToSky(c.x[i], c.y[i]);
        c.ra[i] = s.ra();
        c.dec[i] = s.dec();
      }
    }
  }

  /**
   * A PSF kernel and the half-width of the square the PSF-flux fit uses: the pixels holding all but
   * {@link #PSF_FIT_EPS} of the kernel's sum of squares (the weights of the fit).
   */
  private record FitKernel(ImageF kernel, double sum, int half) {
    static FitKernel of(ImageF kernel) {
      return new FitKernel(kernel, PsfKernels.sum(kernel), PsfKernels.cropHalfWidth(kernel, PSF_FIT_EPS));
    }
  }

  /** Bit masks of the planes flags are taken from (0 where the registry lacks the plane). */
  private record FlagBits(int edge, int sat, int bad, int cr, int intrp, int suspect, int noData, int injected,
                          int injectedCore) {
    FlagBits(MaskPlanes p) {
      this(Masks.bits(p, "EDGE"), Masks.bits(p, "SAT"), Masks.bits(p, "BAD"), Masks.bits(p, "CR"),
          Masks.bits(p, "INTRP"), Masks.bits(p, "SUSPECT"), Masks.bits(p, "NO_DATA"), Masks.bits(p, "INJECTED"),
          Masks.bits(p, "INJECTED_CORE"));
    }
  }

  private static void measureOne(Measurement m, Detection.Candidate cd, int i, Columns c, Psf psf,
                                 boolean constantPsf, Map<Long, FitKernel> kernels, Map<Long, Double> sigmas,
                                 double psfSigma, int x0, int y0,
                                 DetectAndMeasureConfig config, FlagBits fb) {
    int w = m.w;
    int h = m.h;
    double sign = cd.negative() ? -1 : 1;
    double sigmaHere = psfSigma;
    if (!constantPsf) {
      /* The PSF width at the centre of the width cell holding the peak: it only scales the centroid window and
         the moments' starting weight, so a coarser grid than the kernels' serves. */
      int sx = Math.floorDiv(cd.peakX(), SIGMA_CELL);
      int sy = Math.floorDiv(cd.peakY(), SIGMA_CELL);
      sigmaHere = sigmas.computeIfAbsent(((long) sy << 32) | (sx & 0xffffffffL), k -> {
        try {
          return psf.sigmaPix(x0 + (sx + 0.5) * SIGMA_CELL, y0 + (sy + 0.5) * SIGMA_CELL);
        } catch (IllegalArgumentException e) {
          return psfSigma;
        }
      });
    }

    /* Centroid, then adaptive moments from it; the centroid is re-windowed with the object's own size, as
       SExtractor's XWIN does, and its errors are taken at the final position and window. */
    double[] ce = m.centroid(cd.peakX(), cd.peakY(), sign, sigmaHere);
    double xc = ce[0];
    double yc = ce[1];
    double window = sigmaHere;
    double[] mo = m.adaptiveMoments(xc, yc, sign, sigmaHere);
    c.shapeFlag[i] = mo[5] == 0;
    if (mo[5] != 0 && ce[2] != 0) {
      double sw = Math.max(sigmaHere, Math.pow(mo[0] * mo[1] - mo[2] * mo[2], 0.25));
      double[] ce2 = m.centroid(xc, yc, sign, sw);
      if (ce2[2] != 0) {
        xc = ce2[0];
        yc = ce2[1];
        window = sw;
      }
    }
    c.centroidFlag[i] = ce[2] == 0;
    c.x[i] = xc + x0;
    c.y[i] = yc + y0;
    if (ce[2] != 0) {
      double[] err = m.centroidErrors(xc, yc, sign, window);
      c.xErr[i] = err[0];
      c.yErr[i] = err[1];
    } else {
      c.xErr[i] = Double.NaN;
      c.yErr[i] = Double.NaN;
    }
    c.ixx[i] = mo[0];
    c.iyy[i] = mo[1];
    c.ixy[i] = mo[2];
    if (mo[5] != 0) {
      double tr = 0.5 * (mo[0] + mo[1]);
      double dd = Math.sqrt(0.25 * (mo[0] - mo[1]) * (mo[0] - mo[1]) + mo[2] * mo[2]);
      c.a[i] = Math.sqrt(tr + dd);
      c.b[i] = Math.sqrt(Math.max(tr - dd, 0));
      c.theta[i] = Math.toDegrees(0.5 * Math.atan2(2 * mo[2], mo[0] - mo[1]));
    } else {
      c.a[i] = Double.NaN;
      c.b[i] = Double.NaN;
      c.theta[i] = Double.NaN;
    }

    /* PSF flux at the centroid. */
    int ix = (int) Math.round(xc);
    int iy = (int) Math.round(yc);
    FitKernel fk;
    if (constantPsf) {
      fk = kernels.computeIfAbsent(0L, k -> FitKernel.of(psf.kernelImage(x0 + 0.5 * (w - 1), y0 + 0.5 * (h - 1))));
    } else {
      int kx = Math.floorDiv(ix, PSF_CELL);
      int ky = Math.floorDiv(iy, PSF_CELL);
      fk = kernels.computeIfAbsent(((long) ky << 32) | (kx & 0xffffffffL),
          k -> FitKernel.of(psf.kernelImage(x0 + (kx + 0.5) * PSF_CELL, y0 + (ky + 0.5) * PSF_CELL)));
    }
    float[] shifted = PsfKernels.shiftCropped(fk.kernel(), fk.sum(), fk.half(), xc - ix, yc - iy);
    double[] pf = m.psfFlux(shifted, 2 * fk.half() + 1, ix, iy);
    c.psfFlux[i] = pf[0];
    c.psfFluxErr[i] = pf[1];
    c.psfFluxFlag[i] = pf[2] == 0;
    c.snr[i] = Math.abs(pf[0]) / pf[1];

    /* Kron and aperture fluxes. */
    double kxx = mo[5] != 0 ? mo[0] : sigmaHere * sigmaHere;
    double kyy = mo[5] != 0 ? mo[1] : sigmaHere * sigmaHere;
    double kxy = mo[5] != 0 ? mo[2] : 0;
    double[] kr = m.kron(xc, yc, kxx, kyy, kxy, sign, config.kronFactor(), config.minKronRadius());
    c.kronRad[i] = kr[0];
    c.kronFlux[i] = kr[1];
    c.kronFluxErr[i] = kr[2];
    c.kronFluxFlag[i] = kr[3] == 0;
    double[] ap = m.aperture(xc, yc, config.apertureRadius());
    c.apFlux[i] = ap[0];
    c.apFluxErr[i] = ap[1];
    double ratio = c.psfFlux[i] / c.kronFlux[i];
    c.extendedness[i] = Double.isFinite(ratio) && sign * c.kronFlux[i] > 0 && !c.psfFluxFlag[i]
        ? (ratio < config.extendednessRatio() ? 1 : 0) : Double.NaN;

    /* Flags from the footprint and the 3x3 centre. */
    int any = 0;
    boolean touchesEdge = false;
    int[] fp = cd.pixels();
    /* The pixels are in scan order: the row only grows, so it is tracked without a division per pixel. */
    int py = fp.length > 0 ? fp[0] / w : 0;
    int rowStart = py * w;
    for (int p : fp) {
      any |= m.mask[p];
      while (p >= rowStart + w) {
        rowStart += w;
        py++;
      }
      int px = p - rowStart;
      touchesEdge |= px == 0 || py == 0 || px == w - 1 || py == h - 1;
    }
    int centre = 0;
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        int xx = ix + dx;
        int yy = iy + dy;
        if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
          centre |= m.mask[yy * w + xx];
        }
      }
    }
    c.footprintArea[i] = cd.pixels().length;
    c.isNegative[i] = cd.negative();
    c.isDipole[i] = cd.dipole();
    c.edge[i] = touchesEdge || (any & fb.edge()) != 0;
    c.sat[i] = (any & fb.sat()) != 0;
    c.satCenter[i] = (centre & fb.sat()) != 0;
    c.bad[i] = (any & fb.bad()) != 0;
    c.cr[i] = (any & fb.cr()) != 0;
    c.crCenter[i] = (centre & fb.cr()) != 0;
    c.interp[i] = (any & fb.intrp()) != 0;
    c.interpCenter[i] = (centre & fb.intrp()) != 0;
    c.suspect[i] = (any & fb.suspect()) != 0;
    c.nodata[i] = (any & fb.noData()) != 0;
    c.injected[i] = (any & fb.injected()) != 0;
    c.injectedCore[i] = (centre & fb.injectedCore()) != 0;
  }

  /** Column arrays of the output catalogue. */
  private static final class Columns {
    final int size;
    final long[] parentId;
    final double[] x;
    final double[] y;
    final double[] xErr;
    final double[] yErr;
    final double[] ra;
    final double[] dec;
    final double[] ixx;
    final double[] iyy;
    final double[] ixy;
    final double[] a;
    final double[] b;
    final double[] theta;
    final double[] psfFlux;
    final double[] psfFluxErr;
    final double[] kronRad;
    final double[] kronFlux;
    final double[] kronFluxErr;
    final double[] apFlux;
    final double[] apFluxErr;
    final double[] snr;
    final double[] extendedness;
    final int[] footprintArea;
    final boolean[] isNegative;
    final boolean[] isDipole;
    final boolean[] edge;
    final boolean[] sat;
    final boolean[] satCenter;
    final boolean[] bad;
    final boolean[] cr;
    final boolean[] crCenter;
    final boolean[] interp;
    final boolean[] interpCenter;
    final boolean[] suspect;
    final boolean[] nodata;
    final boolean[] injected;
    final boolean[] injectedCore;
    final boolean[] centroidFlag;
    final boolean[] shapeFlag;
    final boolean[] psfFluxFlag;
    final boolean[] kronFluxFlag;

    Columns(int n) {
      size = n;
      parentId = new long[n];
      x = new double[n];
      y = new double[n];
      xErr = new double[n];
      yErr = new double[n];
      ra = new double[n];
      dec = new double[n];
      java.util.Arrays.fill(ra, Double.NaN);
      java.util.Arrays.fill(dec, Double.NaN);
      ixx = new double[n];
      iyy = new double[n];
      ixy = new double[n];
      a = new double[n];
      b = new double[n];
      theta = new double[n];
      psfFlux = new double[n];
      psfFluxErr = new double[n];
      kronRad = new double[n];
      kronFlux = new double[n];
      kronFluxErr = new double[n];
      apFlux = new double[n];
      apFluxErr = new double[n];
      snr = new double[n];
      extendedness = new double[n];
      footprintArea = new int[n];
      isNegative = new boolean[n];
      isDipole = new boolean[n];
      edge = new boolean[n];
      sat = new boolean[n];
      satCenter = new boolean[n];
      bad = new boolean[n];
      cr = new boolean[n];
      crCenter = new boolean[n];
      interp = new boolean[n];
      interpCenter = new boolean[n];
      suspect = new boolean[n];
      nodata = new boolean[n];
      injected = new boolean[n];
      injectedCore = new boolean[n];
      centroidFlag = new boolean[n];
      shapeFlag = new boolean[n];
      psfFluxFlag = new boolean[n];
      kronFluxFlag = new boolean[n];
    }

    Catalog toCatalog() {
      long[] id = new long[size];
      for (int i = 0; i < size; i++) {
        id[i] = i + 1;
      }
      return Catalog.builder()
          .addLongs("id", id, "", "source id, 1-based in detection order")
          .addLongs("parentId", parentId, "", "id of the first source deblended from the same footprint; 0 if not blended")
          .addDoubles("x", x, "pixel", "windowed centroid column, parent pixel coordinates (0-based)")
          .addDoubles("y", y, "pixel", "windowed centroid row, parent pixel coordinates (0-based)")
          .addDoubles("xErr", xErr, "pixel", "1-sigma error of x")
          .addDoubles("yErr", yErr, "pixel", "1-sigma error of y")
          .addDoubles("ra", ra, "deg", "right ascension of the centroid from the exposure's WCS (NaN without one)")
          .addDoubles("dec", dec, "deg", "declination of the centroid from the exposure's WCS (NaN without one)")
          .addDoubles("ixx", ixx, "pixel^2", "adaptive second moment xx (Bernstein & Jarvis 2002)")
          .addDoubles("iyy", iyy, "pixel^2", "adaptive second moment yy")
          .addDoubles("ixy", ixy, "pixel^2", "adaptive second moment xy")
          .addDoubles("a", a, "pixel", "semi-major axis: sqrt of the larger eigenvalue of the adaptive moments")
          .addDoubles("b", b, "pixel", "semi-minor axis: sqrt of the smaller eigenvalue of the adaptive moments")
          .addDoubles("theta", theta, "deg", "position angle of the major axis from +x towards +y")
          .addDoubles("psfFlux", psfFlux, "count", "PSF flux sum(P I / V) / sum(P^2 / V), image units")
          .addDoubles("psfFluxErr", psfFluxErr, "count", "1-sigma error of psfFlux: 1 / sqrt(sum(P^2 / V))")
          .addDoubles("kronRad", kronRad, "pixel", "Kron first-moment radius, circularised pixels")
          .addDoubles("kronFlux", kronFlux, "count", "flux in the elliptical Kron aperture, image units")
          .addDoubles("kronFluxErr", kronFluxErr, "count", "1-sigma error of kronFlux")
          .addDoubles("apFlux", apFlux, "count", "flux in the circular aperture of apertureRadius, image units")
          .addDoubles("apFluxErr", apFluxErr, "count", "1-sigma error of apFlux")
          .addDoubles("snr", snr, "", "signal to noise: |psfFlux| / psfFluxErr")
          .addDoubles("extendedness", extendedness, "",
              "1 when psfFlux / kronFlux < extendednessRatio (LSST rule), else 0; NaN when not measurable")
          .addInts("footprintArea", footprintArea, "pixel", "pixels in the source's (deblended) footprint")
          .addBooleans("isNegative", isNegative, "", "the source (or a dipole's stronger lobe) is negative")
          .addBooleans("isDipole", isDipole, "", "the footprint holds a positive and a negative peak")
          .addBooleans("pixelFlags_edge", edge, "", "footprint touches the image edge or EDGE pixels")
          .addBooleans("pixelFlags_saturated", sat, "", "SAT pixels in the footprint")
          .addBooleans("pixelFlags_saturatedCenter", satCenter, "", "SAT pixels in the 3x3 centre")
          .addBooleans("pixelFlags_bad", bad, "", "BAD pixels in the footprint")
          .addBooleans("pixelFlags_cr", cr, "", "CR pixels in the footprint")
          .addBooleans("pixelFlags_crCenter", crCenter, "", "CR pixels in the 3x3 centre")
          .addBooleans("pixelFlags_interpolated", interp, "", "INTRP pixels in the footprint")
          .addBooleans("pixelFlags_interpolatedCenter", interpCenter, "", "INTRP pixels in the 3x3 centre")
          .addBooleans("pixelFlags_suspect", suspect, "", "SUSPECT pixels in the footprint")
          .addBooleans("pixelFlags_nodata", nodata, "", "NO_DATA pixels in the footprint")
          .addBooleans("pixelFlags_injected", injected, "", "INJECTED pixels in the footprint")
          .addBooleans("pixelFlags_injected_core", injectedCore, "", "INJECTED_CORE pixels in the 3x3 centre")
          .addBooleans("centroid_flag", centroidFlag, "", "windowed centroid failed; x, y are the peak")
          .addBooleans("shape_flag", shapeFlag, "", "adaptive moments did not converge")
          .addBooleans("psfFlux_flag", psfFluxFlag, "", "PSF flux missing more than 10% of the kernel weight")
          .addBooleans("kronFlux_flag", kronFluxFlag, "", "Kron radius not measurable or aperture off the image")
          .build();
    }
  }
}
