package org.labelfree.diffim;

import java.util.Objects;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImagePsf;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Psf;
import org.labelfree.image.RowBands;
import org.labelfree.wcs.Jacobian;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;

/**
 * Resamples an exposure onto another WCS and pixel box with a separable Lanczos kernel (Duchon 1979), as LSST's
 * {@code afw.math.warpExposure} does.
 *
 * <p>For each destination pixel the source position comes from the WCS mapping (exact on a grid, bilinear in
 * between: see {@link WarpConfig#interpolationLength()}). With the normalised Lanczos weights {@code w_ij} of the
 * {@code 2a x 2a} source pixels around it:
 * <ul>
 *   <li>image {@code = A * sum w_ij I_ij}, variance {@code = A^2 * sum w_ij^2 V_ij}, where {@code A} is the local
 *       ratio of pixel areas (source pixels per destination pixel, the Jacobian determinant of the mapping). The
 *       warp thus conserves flux (surface brightness times area): a coadd in nJy per pixel stays in nJy per pixel,
 *       and for equal pixel areas {@code A = 1} and nothing is rescaled;</li>
 *   <li>mask: the planes of {@link WarpConfig#growMaskPlanes()} OR-ed over the footprint, the other planes from the
 *       nearest source pixel;</li>
 *   <li>a pixel whose footprint leaves the source image, or touches a source pixel that is NaN in the image or the
 *       variance or has NO_DATA, is NaN in the image and in the variance and has the NO_DATA bit (plus the grown
 *       planes of its footprint where that lies inside the source).</li>
 * </ul>
 * The photometric calibration, visit information and metadata are carried over; the WCS is the destination WCS.
 * The PSF is the source PSF when the two pixel scales at the centre of the box agree within 1%, otherwise an
 * {@link ImagePsf} of the source PSF's kernel (at the centre) resampled by the local affine map of the warp.
 *
 * <p>Rows are computed in parallel in fixed bands on the common fork-join pool; every output pixel is computed by
 * one thread with a fixed order of operations, so the result does not depend on the number of threads. Stateless
 * and thread-safe.
 */
public final class Warper {
  /** Destination rows per parallel task. */
  private static final int BAND_ROWS = 16;
  /** Positions beyond this many pixels from the source are treated as unmapped (avoids int overflow). */
  private static final double FAR = 1e8;
  /** Pixel scales within this relative difference keep the source PSF. */
  private static final double SAME_SCALE = 0.01;

  private Warper() {}

  /**
   * Warps {@code source} onto the box {@code (x0, y0, width, height)} of {@code destWcs}'s pixel grid.
   *
   * @param source  the exposure to resample; must have a WCS
   * @param destWcs WCS of the destination pixel grid (parent coordinates)
   * @param x0      first column of the destination box, parent coordinates; becomes the result's xy0
   * @param y0      first row of the destination box, parent coordinates
   * @param width   destination width, pixels (> 0)
   * @param height  destination height, pixels (> 0)
   * @param config  the warp settings
   * @return a new exposure of {@code width x height} pixels at xy0 ({@code x0}, {@code y0}) with WCS {@code destWcs};
   *     pixels not covered by the source are NaN / NaN / NO_DATA
   * @throws InvalidDataException     if the source has no WCS, or the ratio of the pixel scales (source at its centre,
   *                                  destination at the box centre) exceeds {@link WarpConfig#maxPixelScaleRatio()}
   * @throws IllegalArgumentException if {@code width} or {@code height} is not positive
   * @throws NullPointerException     if an object argument is null
   */
  public static Exposure warp(Exposure source, Wcs destWcs, int x0, int y0, int width, int height,
      WarpConfig config) {
    Objects.requireNonNull(source, "source");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("destination size must be positive, but was " + width + "x" + height);
    }
    MaskPlanes planes = source.mask().planes().with("NO_DATA");
    Target t = new Target(new float[width * height], new float[width * height], new int[width * height], width, 0, 0,
        null, null);
    warpInto(source, destWcs, x0, y0, width, height, config, t);
    Wcs srcWcs = source.wcs().orElseThrow();

    /* Assemble the result; carry the PSF over or resample it. */
    Psf psf = source.psf().map(p -> warpPsf(p, srcWcs, destWcs, x0 + (width - 1) / 2.0, y0 + (height - 1) / 2.0))
        .orElse(null);
    ImageF image = ImageF.wrap(width, height, t.image).withXy0(x0, y0);
    ImageF variance = ImageF.wrap(width, height, t.variance).withXy0(x0, y0);
    Mask mask = Mask.wrap(width, height, t.mask, planes).withXy0(x0, y0);
    return new Exposure(image, mask, variance, destWcs, psf, source.photoCalib().orElse(null), source.visitInfo(),
        source.metadata());
  }

  /**
   * Where a warp writes: planes {@code stride} columns wide, the warp box starting at column {@code offX}, row
   * {@code offY} of them. With {@code filled} null every pixel of the box is written (unmapped ones NaN / NaN /
   * NO_DATA); otherwise pixels already {@code filled} are skipped, unmapped ones are left untouched, and written ones
   * are marked filled (stitching: the first patch with data wins). {@code translate} maps the source's mask bits
   * (with NO_DATA) to the target's, by bit index; null when they agree.
   */
  record Target(float[] image, float[] variance, int[] mask, int stride, int offX, int offY, boolean[] filled,
      int[] translate) {}

  /**
   * Warps {@code source} into {@code target} (see {@link #warp} for the arguments and checks).
   *
   * @return the number of pixels written with data (not NO_DATA)
   */
  static long warpInto(Exposure source, Wcs destWcs, int x0, int y0, int width, int height, WarpConfig config,
      Target target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destWcs, "destWcs");
    Objects.requireNonNull(config, "config");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("destination size must be positive, but was " + width + "x" + height);
    }
    Wcs srcWcs = source.wcs().orElseThrow(() -> new InvalidDataException("cannot warp an exposure without a WCS ("
        + source.width() + "x" + source.height() + " at " + source.image().x0() + "," + source.image().y0() + ")"));

    /* Refuse scale ratios the kernel cannot handle. */
    double srcScale = srcWcs.pixelScaleArcsec(source.image().x0() + (source.width() - 1) / 2.0,
        source.image().y0() + (source.height() - 1) / 2.0);
    double destScale = destWcs.pixelScaleArcsec(x0 + (width - 1) / 2.0, y0 + (height - 1) / 2.0);
    double ratio = Math.max(srcScale / destScale, destScale / srcScale);
    if (!(ratio <= config.maxPixelScaleRatio())) {
      throw new InvalidDataException(String.format(java.util.Locale.ROOT,
          "pixel scale ratio %.3f between the source (%.4f arcsec/px) and the destination (%.4f arcsec/px, box "
              + "%d,%d %dx%d) exceeds maxPixelScaleRatio %.3f", ratio, srcScale, destScale, x0, y0, width, height,
          config.maxPixelScaleRatio()));
    }

    /* Map the destination grid onto the source and resample the planes. */
    PixelMapping mapping = new PixelMapping(destWcs, srcWcs, source.image().x0(), source.image().y0(), x0, y0,
        width, height, config.interpolationLength());
    MaskPlanes planes = source.mask().planes().with("NO_DATA");
    Resampler r = new Resampler(source, planes.bitmask("NO_DATA"), config.growMaskPlanes(),
        new LanczosTable(config.lanczosOrder()), mapping, width, target);
    long[] written = new long[RowBands.count(height, BAND_ROWS)];
    RowBands.forEach(height, BAND_ROWS, (from, to) -> written[from / BAND_ROWS] = r.rows(from, to));
    long total = 0;
    for (long n : written) {
      total += n;
    }
    return total;
  }

  /**
   * The PSF of the warped exposure at destination point ({@code cx}, {@code cy}): the source PSF when the pixel
   * scales agree within 1% there, else the source kernel resampled through the local affine map.
   */
  static Psf warpPsf(Psf psf, Wcs srcWcs, Wcs destWcs, double cx, double cy) {
    SkyCoord sky = destWcs.pixelToSky(cx, cy);
    double[] s = srcWcs.skyToPixel(sky.ra(), sky.dec());
    if (!Double.isFinite(s[0]) || !Double.isFinite(s[1])) {
      return psf;
    }
    Jacobian jd = destWcs.jacobian(cx, cy);
    Jacobian js = srcWcs.jacobian(s[0], s[1]);
    double scaleRatio = jd.pixelScaleArcsec() / js.pixelScaleArcsec();
    if (Math.abs(scaleRatio - 1) <= SAME_SCALE) {
      return psf;
    }
    /* A = Js^-1 Jd maps destination pixel offsets to source pixel offsets. */
    double det = js.determinant();
    double a11 = (js.dNorthDy() * jd.dEastDx() - js.dEastDy() * jd.dNorthDx()) / det;
    double a12 = (js.dNorthDy() * jd.dEastDy() - js.dEastDy() * jd.dNorthDy()) / det;
    double a21 = (-js.dNorthDx() * jd.dEastDx() + js.dEastDx() * jd.dNorthDx()) / det;
    double a22 = (-js.dNorthDx() * jd.dEastDy() + js.dEastDx() * jd.dNorthDy()) / det;
    ImageF k = psf.kernelImage(s[0], s[1]);
    int kw = k.width();
    int kh = k.height();
    int cxK = kw / 2;
    int cyK = kh / 2;
    /* Half-size of the destination kernel: the source half-size stretched by at most |A^-1|_F = |A|_F / |det A|. */
    double adet = Math.abs(a11 * a22 - a12 * a21);
    double frob = Math.sqrt(a11 * a11 + a12 * a12 + a21 * a21 + a22 * a22);
    int half = (int) Math.ceil(Math.max(cxK, cyK) * Math.min(frob / adet, 4.0));
    half = Math.max(1, half);
    int n = 2 * half + 1;
    LanczosTable table = new LanczosTable(3);
    double[] wx = new double[table.taps()];
    double[] wy = new double[table.taps()];
    float[] kp = k.array();
    float[] out = new float[n * n];
    double sum = 0;
    for (int v = -half; v <= half; v++) {
      for (int u = -half; u <= half; u++) {
        double px = cxK + a11 * u + a12 * v;
        double py = cyK + a21 * u + a22 * v;
        double fx = Math.floor(px);
        double fy = Math.floor(py);
        table.weights(px - fx, wx);
        table.weights(py - fy, wy);
        int ix0 = (int) fx - table.order() + 1;
        int iy0 = (int) fy - table.order() + 1;
        double val = 0;
        for (int j = 0; j < table.taps(); j++) {
          int yy = iy0 + j;
          if (yy < 0 || yy >= kh) {
            continue;
          }
          for (int i = 0; i < table.taps(); i++) {
            int xx = ix0 + i;
            if (xx >= 0 && xx < kw) {
              val += wy[j] * wx[i] * kp[yy * kw + xx];
            }
          }
        }
        out[(v + half) * n + u + half] = (float) val;
        sum += val;
      }
    }
    if (!(sum > 0 && Double.isFinite(sum))) {
      return psf;
    }
    return new ImagePsf(ImageF.wrap(n, n, out));
  }

  /** The bits of {@code bits} translated bit by bit: bit b becomes {@code translate[b]} (a mask of one bit). */
  static int remap(int bits, int[] translate) {
    int out = 0;
    while (bits != 0) {
      int b = Integer.numberOfTrailingZeros(bits);
      out |= translate[b];
      bits &= bits - 1;
    }
    return out;
  }

  /** The per-band resampling kernel: read-only inputs; each destination row is written by one thread. */
  private static final class Resampler {
    private final float[] img;
    private final float[] var;
    private final int[] srcMask;
    /** The footprint ORs over the source sub-box the mapping reaches: origin (fx0, fy0), fw columns. */
    private final int[] footprintOr;
    private final int fx0;
    private final int fy0;
    private final int fw;
    private final int fh;
    private final int sw;
    private final int sh;
    private final int noData;
    private final int grow;
    private final LanczosTable table;
    private final float[] tableBase;
    private final float[] tableSlope;
    private final PixelMapping mapping;
    private final int width;
    private final float[] outImage;
    private final float[] outVariance;
    private final int[] outMask;
    private final int stride;
    private final int offX;
    private final int offY;
    private final boolean[] filled;
    private final int[] translate;

    Resampler(Exposure source, int noData, int grow, LanczosTable table, PixelMapping mapping, int width,
        Target target) {
      this.img = source.image().array();
      this.var = source.variance().array();
      this.srcMask = source.mask().array();
      this.sw = source.width();
      this.sh = source.height();
      this.noData = noData;
      this.grow = grow;
      this.table = table;
      this.tableBase = table.baseFloat();
      this.tableSlope = table.slopeFloat();
      this.mapping = mapping;
      this.width = width;
      this.outImage = target.image();
      this.outVariance = target.variance();
      this.outMask = target.mask();
      this.stride = target.stride();
      this.offX = target.offX();
      this.offY = target.offY();
      this.filled = target.filled();
      this.translate = target.translate();
      /* Only the source pixels some kernel footprint can reach. */
      int shift = table.order() - 1;
      double[] bounds = mapping.sourceBounds();
      int bx0 = 0;
      int by0 = 0;
      int bx1 = 0;
      int by1 = 0;
      if (bounds != null && bounds[0] > -FAR && bounds[2] < FAR && bounds[1] > -FAR && bounds[3] < FAR) {
        bx0 = (int) Math.max(0, Math.floor(bounds[0]) - shift);
        by0 = (int) Math.max(0, Math.floor(bounds[1]) - shift);
        bx1 = (int) Math.min(sw, Math.floor(bounds[2]) - shift + table.taps());
        by1 = (int) Math.min(sh, Math.floor(bounds[3]) - shift + table.taps());
      }
      this.fx0 = bx0;
      this.fy0 = by0;
      this.fw = Math.max(0, bx1 - bx0);
      this.fh = Math.max(0, by1 - by0);
      this.footprintOr = fw == 0 || fh == 0 ? new int[0]
          : FootprintOr.compute(img, var, srcMask, sw, bx0, by0, fw, fh, table.taps(), noData);
    }

    /** Resamples destination rows [from, to); returns the number of pixels written with data. */
    long rows(int from, int to) {
      long written = 0;
      int nx = mapping.nodesX();
      int spacing = mapping.spacing();
      double inv = 1.0 / spacing;
      double[] rx = new double[nx];
      double[] ry = new double[nx];
      double[] ra = new double[nx];
      int taps = table.taps();
      int shift = table.order() - 1;
      double[] wx = new double[taps];
      double[] wy = new double[taps];
      double[] wx2 = new double[taps];
      double[] wy2 = new double[taps];
      for (int y = from; y < to; y++) {
        mapping.row(y, rx, ry, ra);
        int rowOut = (y + offY) * stride + offX;
        for (int k = 0; k < nx - 1; k++) {
          int xStart = k * spacing;
          int xEnd = k == nx - 2 ? width : Math.min(width, xStart + spacing);
          double bx = rx[k];
          double dx = rx[k + 1] - bx;
          double by = ry[k];
          double dy = ry[k + 1] - by;
          double ba = ra[k];
          double da = ra[k + 1] - ba;
          for (int x = xStart; x < xEnd; x++) {
            int o = rowOut + x;
            if (filled != null && filled[o]) {
              continue;
            }
            double s = (x - xStart) * inv;
            double lx = bx + s * dx;
            double ly = by + s * dy;
            if (!(lx > -FAR && lx < FAR && ly > -FAR && ly < FAR)) {
              setNoData(o, 0);
              continue;
            }
            double flx = Math.floor(lx);
            double fly = Math.floor(ly);
            int kx0 = (int) flx - shift;
            int ky0 = (int) fly - shift;
            if (kx0 < fx0 || ky0 < fy0 || kx0 > fx0 + fw - taps || ky0 > fy0 + fh - taps) {
              setNoData(o, 0);
              continue;
            }
            int base = ky0 * sw + kx0;
            int bits = footprintOr[(ky0 - fy0) * fw + kx0 - fx0];
            if ((bits & noData) != 0) {
              setNoData(o, bits & grow);
              continue;
            }
            double fx = lx - flx;
            double fy = ly - fly;
            double area = ba + s * da;
            if (taps == 6) {
              resample6(o, base, fx, fy, area);
            } else {
              resample(o, base, fx, fy, area, wx, wy, wx2, wy2);
            }
            int near = ((int) fly + (fy >= 0.5 ? 1 : 0)) * sw + (int) flx + (fx >= 0.5 ? 1 : 0);
            int m = (bits & grow) | (srcMask[near] & ~grow);
            outMask[o] = translate == null ? m : remap(m, translate);
            if (filled != null) {
              filled[o] = true;
            }
            written++;
          }
        }
      }
      return written;
    }

    /** The generic resampling of one pixel, any order. */
    private void resample(int o, int base, double fx, double fy, double area, double[] wx, double[] wy,
        double[] wx2, double[] wy2) {
      int taps = wx.length;
      table.weights(fx, wx);
      table.weights(fy, wy);
      for (int t = 0; t < taps; t++) {
        wx2[t] = wx[t] * wx[t];
        wy2[t] = wy[t] * wy[t];
      }
      double sumI = 0;
      double sumV = 0;
      for (int j = 0; j < taps; j++) {
        int p = base + j * sw;
        double ri = 0;
        double rv = 0;
        for (int i = 0; i < taps; i++) {
          ri += wx[i] * img[p + i];
          rv += wx2[i] * var[p + i];
        }
        sumI += wy[j] * ri;
        sumV += wy2[j] * rv;
      }
      outImage[o] = (float) (sumI * area);
      outVariance[o] = (float) (sumV * area * area);
    }

    /**
     * Lanczos-3 resampling of one pixel, unrolled: float weights from the table, float row sums of six terms, the
     * six rows combined in float too (the result is a float: summing in double changed it by about an ulp, and cost
     * 5-13% of the warp). Every product is accumulated with a fused multiply-add ({@link Math#fma}, one rounding
     * instead of two, and one instruction: 10-15% faster).
     */
    private void resample6(int o, int base, double fx, double fy, double area) {
      float[] tb = tableBase;
      float[] ts = tableSlope;
      double px = fx * LanczosTable.STEPS;
      int kx = Math.min((int) px, LanczosTable.STEPS - 1);
      float rx = (float) (px - kx);
      int ox = kx * 6;
      float x0 = Math.fma(rx, ts[ox], tb[ox]);
      float x1 = Math.fma(rx, ts[ox + 1], tb[ox + 1]);
      float x2 = Math.fma(rx, ts[ox + 2], tb[ox + 2]);
      float x3 = Math.fma(rx, ts[ox + 3], tb[ox + 3]);
      float x4 = Math.fma(rx, ts[ox + 4], tb[ox + 4]);
      float x5 = Math.fma(rx, ts[ox + 5], tb[ox + 5]);
      float q0 = x0 * x0;
      float q1 = x1 * x1;
      float q2 = x2 * x2;
      float q3 = x3 * x3;
      float q4 = x4 * x4;
      float q5 = x5 * x5;
      double py = fy * LanczosTable.STEPS;
      int ky = Math.min((int) py, LanczosTable.STEPS - 1);
      float ry = (float) (py - ky);
      int oy = ky * 6;
      float[] im = img;
      float[] va = var;
      float sumI = 0;
      float sumV = 0;
      int p = base;
      for (int j = 0; j < 6; j++, p += sw) {
        float wyj = Math.fma(ry, ts[oy + j], tb[oy + j]);
        float ri = Math.fma(x5, im[p + 5], Math.fma(x4, im[p + 4], Math.fma(x3, im[p + 3],
            Math.fma(x2, im[p + 2], Math.fma(x1, im[p + 1], x0 * im[p])))));
        float rv = Math.fma(q5, va[p + 5], Math.fma(q4, va[p + 4], Math.fma(q3, va[p + 3],
            Math.fma(q2, va[p + 2], Math.fma(q1, va[p + 1], q0 * va[p])))));
        sumI = Math.fma(wyj, ri, sumI);
        sumV = Math.fma(wyj * wyj, rv, sumV);
      }
      outImage[o] = (float) (sumI * area);
      outVariance[o] = (float) (sumV * area * area);
    }

    private void setNoData(int o, int bits) {
      if (filled != null) {
        return;
      }
      outImage[o] = Float.NaN;
      outVariance[o] = Float.NaN;
      outMask[o] = bits | noData;
    }
  }
}
