package org.labelfree.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.labelfree.image.MaskPlanes;

/**
 * Renders detector and optical artefacts onto a row-major {@code float[]} canvas in electrons (index
 * {@code y * w + x}, pixel (x, y) centred on (x, y), LSST convention) and sets the mask bits a real pipeline would set
 * ({@code MaskPlanes.defaults()}: BAD, SAT, CR, STREAK). Each method returns the truth of what it drew.
 *
 * <p>The intended order for one visit-detector: satellite trails and diffraction spikes on the expected electrons,
 * then photon noise ({@link Noise#addPhotonNoise}), then cosmic rays and sensor defects, then {@link #bleed}, then
 * {@link Noise#readout}.
 *
 * <p>Randomness comes only from the generator passed in (or, for sensor defects, the detector's seed), drawn in the
 * order each method documents, so a seed fixes the result. Stateless class; a call must own its canvases.
 */
public final class Artefacts {
  private static final MaskPlanes PLANES = MaskPlanes.defaults();
  private static final int BAD = PLANES.bitmask("BAD");
  private static final int SAT = PLANES.bitmask("SAT");
  private static final int CR = PLANES.bitmask("CR");
  private static final int STREAK = PLANES.bitmask("STREAK");
  /** FWHM of a Gaussian in units of its sigma. */
  private static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));
  /** Stream of the sensor-defect generator, mixed with the detector seed. */
  private static final long STREAM_SENSOR_DEFECTS = 0x5E4502DEFEC75L;
  /** A diffraction spike is truncated where its peak surface brightness falls below this (electrons per pixel). */
  static final double SPIKE_FLOOR_E = 0.1;
  /** Trails are masked STREAK only if their peak exceeds this many sky sigmas... */
  static final double STREAK_DETECT_SIGMA = 5;
  /** ...and then on the pixels where they add more than this many sky sigmas. */
  static final double STREAK_MASK_SIGMA = 1;

  private Artefacts() {
  }

  /**
   * Adds satellite trails: Poisson({@code satelliteTrailRate}) straight lines across the whole detector, each through a
   * uniform point of the detector at a uniform angle in [0, pi), with a Gaussian cross-profile of FWHM
   * {@code psfFwhm x U(1, 2.5)} and peak surface brightness {@code U(3, 40) x skySigmaE}; its line flux (electrons per
   * pixel of length) is {@code peak x sigma x sqrt(2 pi)}. Pixel values are the exact pixel integrals of the
   * cross-profile. A trail whose peak exceeds 5 sky sigmas is masked STREAK where it adds more than 1 sky sigma (a trail
   * finder finds bright trails only); fainter trails are not masked.
   *
   * <p>Draw order: the count, then per trail: angle, x, y, width factor, peak factor.
   *
   * @param e         canvas (expected electrons), modified in place
   * @param mask      mask, same layout; STREAK is OR-ed in
   * @param psfFwhm   the visit's PSF FWHM (pixels, > 0)
   * @param skySigmaE the sky noise per pixel (electrons, > 0)
   * @return one SATELLITE_TRAIL per trail, its segment clipped to the detector, electrons = the charge added
   * @throws IllegalArgumentException on a size mismatch or a parameter out of range
   */
  public static List<Artefact> addSatelliteTrails(float[] e, int[] mask, int w, int h, double psfFwhm,
                                                  double skySigmaE, ArtefactConfig c, SplittableRandom rng) {
    Noise.checkCanvas("e", e, w, h);
    Noise.checkMask(mask, w, h);
    positive("psfFwhm", psfFwhm);
    positive("skySigmaE", skySigmaE);
    Objects.requireNonNull(c, "c");
    Objects.requireNonNull(rng, "rng");
    int n = PoissonSampler.count(rng, c.satelliteTrailRate());
    List<Artefact> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      double theta = rng.nextDouble() * Math.PI;
      double px = rng.nextDouble() * w - 0.5;
      double py = rng.nextDouble() * h - 0.5;
      double sigma = psfFwhm * (1 + 1.5 * rng.nextDouble()) / FWHM_PER_SIGMA;
      double peak = (3 + 37 * rng.nextDouble()) * skySigmaE;
      out.add(drawTrail(e, mask, w, h, px, py, theta, sigma, peak, skySigmaE));
    }
    return out;
  }

  /**
   * Draws one trail through (px, py) at angle theta (radians from +x) with Gaussian cross-section sigma (pixels) and
   * peak surface brightness {@code peak} (electrons per pixel); masks it as {@link #addSatelliteTrails} documents.
   */
  static Artefact drawTrail(float[] e, int[] mask, int w, int h, double px, double py, double theta, double sigma,
                            double peak, double skySigmaE) {
    double ux = Math.cos(theta);
    double uy = Math.sin(theta);
    boolean found = peak > STREAK_DETECT_SIGMA * skySigmaE;
    double added = drawLine(e, w, h, px, py, ux, uy, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, sigma,
        peak, Double.POSITIVE_INFINITY, found ? mask : null, STREAK, STREAK_MASK_SIGMA * skySigmaE);
    /* The segment: the line clipped to the detector's outer edges (slab method). */
    double tLo = Double.NEGATIVE_INFINITY;
    double tHi = Double.POSITIVE_INFINITY;
    if (Math.abs(ux) > 1e-12) {
      double t1 = (-0.5 - px) / ux;
      double t2 = (w - 0.5 - px) / ux;
      tLo = Math.max(tLo, Math.min(t1, t2));
      tHi = Math.min(tHi, Math.max(t1, t2));
    }
    if (Math.abs(uy) > 1e-12) {
      double t1 = (-0.5 - py) / uy;
      double t2 = (h - 0.5 - py) / uy;
      tLo = Math.max(tLo, Math.min(t1, t2));
      tHi = Math.min(tHi, Math.max(t1, t2));
    }
    return new Artefact(ArtefactKind.SATELLITE_TRAIL, px + tLo * ux, py + tLo * uy, px + tHi * ux, py + tHi * uy,
        added, found);
  }

  /**
   * Adds four diffraction spikes to every star whose peak pixel, {@code electrons / (1.133 psfFwhm^2)}, exceeds the
   * full well. The spikes point at {@code angleRad + k pi/2}, k = 0..3, each carries {@code spikeFluxFraction x
   * electrons}, with a Gaussian cross-profile of FWHM psfFwhm/2 (pixel-integrated) and a line density proportional to
   * {@code 1 / (1 + (r / r0)^2)}, r0 = 2 psfFwhm, truncated at the length R where its peak surface brightness falls
   * below 0.1 e- (the flux is normalised over [0, R]). Charge falling off the detector is lost. Nothing is masked:
   * pipelines do not mask spikes. Deterministic (no randomness).
   *
   * @param e         canvas (expected electrons), modified in place
   * @param x         star centres, x (pixels); may lie off the detector
   * @param y         star centres, y (pixels)
   * @param electrons star fluxes (electrons, total)
   * @param angleRad  the angle of the first spike from +x (radians; the telescope's spider orientation on the detector)
   * @param psfFwhm   PSF FWHM (pixels, > 0)
   * @return one DIFFRACTION_SPIKE per spike, from the star's centre to its end, electrons = the charge added on the
   *         detector, masked false
   * @throws IllegalArgumentException on a size mismatch, arrays of different lengths or a bad FWHM
   */
  public static List<Artefact> addDiffractionSpikes(float[] e, int w, int h, double[] x, double[] y,
                                                    double[] electrons, double angleRad, double psfFwhm,
                                                    ArtefactConfig c) {
    Noise.checkCanvas("e", e, w, h);
    Objects.requireNonNull(c, "c");
    if (x.length != y.length || x.length != electrons.length) {
      throw new IllegalArgumentException("x, y and electrons must have one length, but had " + x.length + ", "
          + y.length + ", " + electrons.length);
    }
    positive("psfFwhm", psfFwhm);
    if (!Double.isFinite(angleRad)) {
      throw new IllegalArgumentException("angleRad must be finite, but was " + angleRad);
    }
    double sigma = 0.5 * psfFwhm / FWHM_PER_SIGMA;
    double r0 = 2 * psfFwhm;
    double crossIntegral = sigma * Math.sqrt(2 * Math.PI);
    double peakArea = 1.133 * psfFwhm * psfFwhm;
    List<Artefact> out = new ArrayList<>();
    for (int s = 0; s < x.length; s++) {
      double flux = electrons[s];
      if (!(flux / peakArea > c.fullWellElectrons()) || c.spikeFluxFraction() == 0) {
        continue;
      }
      double spikeFlux = c.spikeFluxFraction() * flux;
      /* Length R: peak(R) = spikeFlux / (r0 atan(R/r0) crossIntegral (1 + (R/r0)^2)) = floor; fixed point in atan. */
      double a = spikeFlux / (r0 * crossIntegral * SPIKE_FLOOR_E);
      double atan = Math.PI / 2;
      double length = 0;
      for (int it = 0; it < 8; it++) {
        double q = a / atan - 1;
        length = q > 0 ? r0 * Math.sqrt(q) : 0;
        atan = Math.max(Math.atan(length / r0), 1e-9);
      }
      if (length <= 0) {
        continue;
      }
      double peak0 = spikeFlux / (r0 * atan * crossIntegral);
      for (int k = 0; k < 4; k++) {
        double ang = angleRad + k * Math.PI / 2;
        double ux = Math.cos(ang);
        double uy = Math.sin(ang);
        double added = drawLine(e, w, h, x[s], y[s], ux, uy, 0, length, sigma, peak0, r0, null, 0, 0);
        out.add(new Artefact(ArtefactKind.DIFFRACTION_SPIKE, x[s], y[s], x[s] + length * ux, y[s] + length * uy,
            added, false));
      }
    }
    return out;
  }

  /**
   * Renders a line (cx, cy) + t (ux, uy), t in [tMin, tMax], with peak surface brightness
   * {@code peak / (1 + (t / r0)^2)} and a pixel-integrated Gaussian cross-profile of the given sigma; the ends are
   * soft over one pixel. If mask is not null, ORs maskBit where the added value exceeds maskLevel. Returns the charge
   * added (electrons).
   */
  static double drawLine(float[] e, int w, int h, double cx, double cy, double ux, double uy, double tMin,
                         double tMax, double sigma, double peak, double r0, int[] mask, int maskBit,
                         double maskLevel) {
    double nx = -uy;
    double ny = ux;
    LineProfile profile = new LineProfile(sigma, nx, ny);
    double reach = profile.reach();
    double invR0 = 1 / r0;
    double added = 0;
    for (int y = 0; y < h; y++) {
      double dy = y - cy;
      /* The pixels of this row within reach of the line and within the segment (plus a pixel). */
      double lo = 0;
      double hi = w - 1;
      double b = dy * ny;
      if (Math.abs(nx) < 1e-12) {
        if (Math.abs(b) > reach) {
          continue;
        }
      } else {
        double xa = cx + (-reach - b) / nx;
        double xb = cx + (reach - b) / nx;
        lo = Math.max(lo, Math.min(xa, xb));
        hi = Math.min(hi, Math.max(xa, xb));
      }
      double bt = dy * uy;
      if (Math.abs(ux) < 1e-12) {
        if (bt < tMin - 0.5 || bt > tMax + 0.5) {
          continue;
        }
      } else {
        double xa = cx + (tMin - 0.5 - bt) / ux;
        double xb = cx + (tMax + 0.5 - bt) / ux;
        if (!Double.isNaN(xa) && !Double.isNaN(xb)) {
          lo = Math.max(lo, Math.min(xa, xb));
          hi = Math.min(hi, Math.max(xa, xb));
        }
      }
      int xs = (int) Math.max(0, Math.ceil(lo));
      int xe = (int) Math.min(w - 1, Math.floor(hi));
      int row = y * w;
      for (int xi = xs; xi <= xe; xi++) {
        double dx = xi - cx;
        double t = dx * ux + dy * uy;
        double along = clamp01(t - tMin + 0.5) * clamp01(tMax - t + 0.5);
        if (along <= 0) {
          continue;
        }
        double q = t * invR0;
        double v = peak * along / (1 + q * q) * profile.pixelMean(dx * nx + b);
        if (v <= 0) {
          continue;
        }
        float before = e[row + xi];
        e[row + xi] = (float) (before + v);
        added += v;
        if (mask != null && v > maskLevel) {
          mask[row + xi] |= maskBit;
        }
      }
    }
    return added;
  }

  /**
   * Adds cosmic rays after photon noise: Poisson({@code cosmicRaysPerMegapixel x w x h / 1e6}) straight tracks
   * starting at a uniform point of the detector, at an isotropic angle, 85% short (length exponential, mean 2 pixels)
   * and 15% long grazing muons (length U(5, 60) pixels). A track deposits in every pixel it crosses (exact grid
   * traversal from its sub-pixel start to its end; a track of length 0 hits one pixel; no worms, no PSF, no charge
   * diffusion: sharp) a level drawn log-uniformly in 300-6000 e- per track, times U(0.8, 1.2) per pixel. Pixels off
   * the detector are skipped. A track is findable if its brightest pixel exceeds {@code crFindableSigma x skySigmaE};
   * a findable track is masked CR on all its pixels with probability {@code crMaskCompleteness}.
   *
   * <p>Draw order: the count, then per track: x, y, angle, long-or-short, length, level, one factor per detector pixel
   * it crosses (in traversal order), the finder's uniform (always drawn).
   *
   * @param e         canvas (electrons after photon noise), modified in place
   * @param mask      mask, same layout; CR is OR-ed in on masked tracks
   * @param skySigmaE the sky noise per pixel (electrons, > 0)
   * @return one COSMIC_RAY per track: segment from start to end (unclipped), electrons = charge deposited on the
   *         detector, masked = whether CR was set
   * @throws IllegalArgumentException on a size mismatch or a bad parameter
   */
  public static List<Artefact> addCosmicRays(float[] e, int[] mask, int w, int h, double skySigmaE,
                                             ArtefactConfig c, SplittableRandom rng) {
    Noise.checkCanvas("e", e, w, h);
    Noise.checkMask(mask, w, h);
    positive("skySigmaE", skySigmaE);
    Objects.requireNonNull(c, "c");
    Objects.requireNonNull(rng, "rng");
    int n = PoissonSampler.count(rng, c.cosmicRaysPerMegapixel() * ((double) w * h) / 1e6);
    double findable = c.crFindableSigma() * skySigmaE;
    double logRange = Math.log(6000.0 / 300.0);
    List<Artefact> out = new ArrayList<>(n);
    int[] pixels = new int[256];
    float[] charge = new float[256];
    for (int k = 0; k < n; k++) {
      /* Geometry and level of the track. */
      double x0 = rng.nextDouble() * w - 0.5;
      double y0 = rng.nextDouble() * h - 0.5;
      double angle = rng.nextDouble() * 2 * Math.PI;
      boolean muon = rng.nextDouble() < 0.15;
      double u = rng.nextDouble();
      double length = muon ? 5 + 55 * u : -2 * Math.log1p(-u);
      double level = 300 * Math.exp(logRange * rng.nextDouble());
      double x1 = x0 + length * Math.cos(angle);
      double y1 = y0 + length * Math.sin(angle);
      /* Its pixels (grid traversal) and their charge. */
      int np = traverse(x0, y0, x1, y1, w, h, pixels);
      if (np > charge.length) {
        pixels = new int[np * 2];
        charge = new float[np * 2];
        traverse(x0, y0, x1, y1, w, h, pixels);
      }
      double total = 0;
      double brightest = 0;
      for (int p = 0; p < np; p++) {
        float q = (float) (level * (0.8 + 0.4 * rng.nextDouble()));
        charge[p] = q;
        total += q;
        brightest = Math.max(brightest, q);
      }
      /* Deposit; the finder masks it if findable and lucky. */
      boolean masked = rng.nextDouble() < c.crMaskCompleteness() && brightest > findable;
      for (int p = 0; p < np; p++) {
        e[pixels[p]] += charge[p];
        if (masked) {
          mask[pixels[p]] |= CR;
        }
      }
      out.add(new Artefact(ArtefactKind.COSMIC_RAY, x0, y0, x1, y1, total, masked));
    }
    return out;
  }

  /**
   * The detector pixels a segment crosses, in order (Amanatides and Woo 1987 grid traversal), written as indices
   * {@code y * w + x} into {@code out} as far as it holds; returns how many there are.
   */
  static int traverse(double x0, double y0, double x1, double y1, int w, int h, int[] out) {
    long ix = (long) Math.floor(x0 + 0.5);
    long iy = (long) Math.floor(y0 + 0.5);
    long ex = (long) Math.floor(x1 + 0.5);
    long ey = (long) Math.floor(y1 + 0.5);
    double dx = x1 - x0;
    double dy = y1 - y0;
    int stepX = dx > 0 ? 1 : -1;
    int stepY = dy > 0 ? 1 : -1;
    double tDeltaX = dx == 0 ? Double.POSITIVE_INFINITY : 1 / Math.abs(dx);
    double tDeltaY = dy == 0 ? Double.POSITIVE_INFINITY : 1 / Math.abs(dy);
    double tMaxX = dx == 0 ? Double.POSITIVE_INFINITY
        : ((stepX > 0 ? ix + 0.5 : ix - 0.5) - x0) / dx;
    double tMaxY = dy == 0 ? Double.POSITIVE_INFINITY
        : ((stepY > 0 ? iy + 0.5 : iy - 0.5) - y0) / dy;
    long steps = Math.abs(ex - ix) + Math.abs(ey - iy);
    int n = 0;
    for (long s = 0; s <= steps; s++) {
      if (ix >= 0 && ix < w && iy >= 0 && iy < h) {
        if (n < out.length) {
          out[n] = (int) (iy * w + ix);
        }
        n++;
      }
      if (tMaxX < tMaxY) {
        ix += stepX;
        tMaxX += tDeltaX;
      } else {
        iy += stepY;
        tMaxY += tDeltaY;
      }
    }
    return n;
  }

  /**
   * Adds the sensor's defects: Poisson({@code hotPixelsPerMegapixel x w x h / 1e6}) hot pixels at uniform pixels,
   * each adding a log-uniform 500-50000 e-, of which a fraction {@code knownHotPixelFraction} is in the defect list;
   * then Poisson({@code badColumnsPerDetector}) bad columns at uniform columns, half full height and half from a
   * uniform row to the top, half dead (set to 0 e-) and half hot (+ U(200, 2000) e- per pixel). BAD is set on the known
   * hot pixels and on every pixel of every bad column. The generator is seeded from {@code detectorSeed} alone, so
   * every visit of a detector gets the same defects.
   *
   * <p>Draw order: hot-pixel count, per hot pixel x, y, level, known; column count, per column x, full-height, start
   * row, dead, level (all always drawn).
   *
   * @param e            canvas (electrons after photon noise), modified in place
   * @param mask         mask, same layout; BAD is OR-ed in
   * @param detectorSeed the detector's seed (e.g. {@code Seeds.mix(surveySeed, detector)})
   * @return the HOT_PIXEL (a point) and BAD_COLUMN (x, yStart)-(x, h-1) artefacts, electrons = charge added (NaN for a
   *         dead column), masked = in the defect list
   * @throws IllegalArgumentException on a size mismatch
   */
  public static List<Artefact> addSensorDefects(float[] e, int[] mask, int w, int h, ArtefactConfig c,
                                                long detectorSeed) {
    Noise.checkCanvas("e", e, w, h);
    Noise.checkMask(mask, w, h);
    Objects.requireNonNull(c, "c");
    SplittableRandom rng = Seeds.rng(detectorSeed, STREAM_SENSOR_DEFECTS);
    List<Artefact> out = new ArrayList<>();
    /* Hot pixels. */
    int nHot = PoissonSampler.count(rng, c.hotPixelsPerMegapixel() * ((double) w * h) / 1e6);
    double logRange = Math.log(50000.0 / 500.0);
    for (int k = 0; k < nHot; k++) {
      int x = rng.nextInt(w);
      int y = rng.nextInt(h);
      float level = (float) (500 * Math.exp(logRange * rng.nextDouble()));
      boolean known = rng.nextDouble() < c.knownHotPixelFraction();
      e[y * w + x] += level;
      if (known) {
        mask[y * w + x] |= BAD;
      }
      out.add(new Artefact(ArtefactKind.HOT_PIXEL, x, y, x, y, level, known));
    }
    /* Bad columns. */
    int nCol = PoissonSampler.count(rng, c.badColumnsPerDetector());
    for (int k = 0; k < nCol; k++) {
      int x = rng.nextInt(w);
      boolean fullHeight = rng.nextDouble() < 0.5;
      int start = rng.nextInt(h);
      boolean dead = rng.nextDouble() < 0.5;
      float level = (float) (200 + 1800 * rng.nextDouble());
      int y0 = fullHeight ? 0 : start;
      for (int y = y0; y < h; y++) {
        int i = y * w + x;
        e[i] = dead ? 0f : e[i] + level;
        mask[i] |= BAD;
      }
      out.add(new Artefact(ArtefactKind.BAD_COLUMN, x, y0, x, h - 1,
          dead ? Double.NaN : (double) level * (h - y0), true));
    }
    return out;
  }

  /**
   * Bleeds charge above the full well along columns, conserving charge: in each column, every run of pixels above
   * {@code fullWellElectrons} is set to the full well and its excess spills half down and half up the column,
   * filling each following pixel below the full well to the full well (pixels already full are passed through) until
   * absorbed; what reaches the end of the column is lost. SAT is set on every pixel at or above the full well
   * afterwards.
   *
   * @param e    canvas (electrons), modified in place
   * @param mask mask, same layout; SAT is OR-ed in
   * @return one BLEED_TRAIL per bled run: segment (x, lowest row touched)-(x, highest row touched), electrons = the
   *         excess moved, masked true
   * @throws IllegalArgumentException on a size mismatch
   */
  public static List<Artefact> bleed(float[] e, int[] mask, int w, int h, ArtefactConfig c) {
    List<Artefact> out = new ArrayList<>();
    bleed(e, mask, w, h, c.fullWellElectrons(), out);
    return out;
  }

  /** {@link #bleed(float[], int[], int, int, ArtefactConfig)}, returning the charge lost off the detector. */
  static double bleed(float[] e, int[] mask, int w, int h, double fullWell, List<Artefact> out) {
    Noise.checkCanvas("e", e, w, h);
    Noise.checkMask(mask, w, h);
    float fw = (float) fullWell;
    /* Find the columns with anything at the full well (a row-major scan is cache-friendly). */
    boolean[] full = new boolean[w];
    boolean any = false;
    for (int i = 0; i < e.length; i++) {
      if (e[i] >= fw) {
        full[i % w] = true;
        any = true;
      }
    }
    if (!any) {
      return 0;
    }
    double lost = 0;
    for (int x = 0; x < w; x++) {
      if (!full[x]) {
        continue;
      }
      /* Clamp each run above the full well and spill its excess down and up. */
      int y = 0;
      while (y < h) {
        if (!(e[y * w + x] > fw)) {
          y++;
          continue;
        }
        int a = y;
        double excess = 0;
        while (y < h && e[y * w + x] > fw) {
          excess += (double) e[y * w + x] - fw;
          e[y * w + x] = fw;
          y++;
        }
        int b = y - 1;
        double down = 0.5 * excess;
        double up = excess - down;
        int lowest = a;
        for (int yy = a - 1; yy >= 0 && down > 0; yy--) {
          down = fill(e, yy * w + x, fw, down);
          lowest = yy;
        }
        int highest = b;
        for (int yy = b + 1; yy < h && up > 0; yy++) {
          up = fill(e, yy * w + x, fw, up);
          highest = yy;
        }
        lost += down + up;
        out.add(new Artefact(ArtefactKind.BLEED_TRAIL, x, lowest, x, highest, excess, true));
      }
      for (int yy = 0; yy < h; yy++) {
        if (e[yy * w + x] >= fw) {
          mask[yy * w + x] |= SAT;
        }
      }
    }
    return lost;
  }

  /** Fills pixel i towards the full well from charge q; returns what is left of q. */
  private static double fill(float[] e, int i, float fw, double q) {
    double v = e[i];
    if (v >= fw) {
      return q;
    }
    double room = fw - v;
    if (q >= room) {
      e[i] = fw;
      return q - room;
    }
    float nv = (float) (v + q);
    e[i] = nv;
    return 0;
  }

  private static double clamp01(double v) {
    return v <= 0 ? 0 : (v >= 1 ? 1 : v);
  }

  private static void positive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, but was " + v);
    }
  }
}
