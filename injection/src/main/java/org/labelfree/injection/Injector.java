package org.labelfree.injection;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Column;
import org.labelfree.catalog.ColumnType;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.Psf;
import org.labelfree.sim.Seeds;
import org.labelfree.wcs.Wcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects point-source fakes into an exposure, as LSST source_injection's {@code VisitInjectTask} does for
 * {@code Star} sources: each row of an injection catalogue ({@code ra, dec, mag} required; {@code source_type} and
 * {@code injection_id} optional) is placed with the exposure's WCS, rendered with the exposure's PSF at its sub-pixel
 * position (the kernel shifted by a normalised Lanczos-3, on a stamp 3 px larger on each side, normalised to unit
 * sum), scaled to the flux {@code PhotoCalib.magnitudeToInstFlux(mag)} and added to the image.
 *
 * <p><b>Noise.</b> With {@link InjectionConfig#noise()}, each pixel where the model exceeds 1e-6 of its peak gets
 * {@code Poisson(model * gain) / gain} instead of the model, and {@code max(model, 0) / gain} is added to its
 * variance. The generator of a row is seeded with {@code Seeds.mix(seed, injection_id)}: a row's noise does not
 * depend on the other rows or their order.
 *
 * <p><b>Mask.</b> {@code INJECTED} where the row's noise-free model exceeds {@code maskThresholdSigma
 * sqrt(variance)} (variance before this row is added; never where the variance is NaN), {@code INJECTED_CORE} on the
 * 3x3 pixels around the centre pixel; the planes are added to the mask's registry when missing. Pixels that are NaN
 * or carry {@code NO_DATA} are left untouched.
 *
 * <p><b>Flags</b> (per row, never exceptions): see {@link InjectionFlag}. A fake partly off the image is rendered
 * where it overlaps, unflagged. One INFO line per call.
 *
 * <p>Stateless; thread-safe. Stamps are rendered in parallel (each from its own row alone) and added in catalogue
 * order, so the output does not depend on the thread count.
 */
public final class Injector {
  /** Noise is drawn only where the model exceeds this fraction of its peak. */
  static final double NOISE_FLOOR = 1e-6;
  /** Column names of the output. */
  static final String X = "injected_x";
  static final String Y = "injected_y";
  static final String FLAG = "injection_flag";
  static final String FLUX = "injected_flux";

  private static final Logger LOG = LoggerFactory.getLogger(Injector.class);

  private Injector() {}

  /**
   * Injects the catalogue's sources into a copy of the exposure (the input is not modified).
   *
   * @param exposure the exposure, with WCS, PSF and PhotoCalib (not null)
   * @param catalog  the injection catalogue: {@code ra, dec} (degrees) and {@code mag} (AB) numeric columns;
   *                 optional {@code source_type} (string, {@code Star} or {@code DeltaFunction}, any case; missing
   *                 means Star) and {@code injection_id} (long or int; missing means the row index) (not null)
   * @param config   the configuration (not null)
   * @param where    what the exposure is, for messages and the log (a data ID or a file name; null means
   *                 "exposure")
   * @return the injected exposure and the output catalogue
   * @throws InvalidDataException if the exposure has no WCS, PSF or PhotoCalib, or a required column is missing or
   *                              not numeric
   * @throws org.labelfree.image.AlgorithmFailureException if noise is on, no gain is configured or known, and
   *                              {@link GainEstimate} fails
   */
  public static InjectionResult inject(Exposure exposure, Catalog catalog, InjectionConfig config, String where) {
    Objects.requireNonNull(exposure, "exposure");
    Exposure copy = exposure.withImage(exposure.image().copy()).withMask(exposure.mask().copy())
        .withVariance(exposure.variance().copy());
    return injectInPlace(copy, catalog, config, where);
  }

  /**
   * As {@link #inject}, but writes into the given exposure's image, mask and variance arrays (no copy): for callers
   * that own the exposure and for benchmarks. The returned exposure shares those arrays (its mask may carry a
   * registry with {@code INJECTED} / {@code INJECTED_CORE} added).
   *
   * @throws InvalidDataException as {@link #inject}
   */
  public static InjectionResult injectInPlace(Exposure exposure, Catalog catalog, InjectionConfig config,
      String where) {
    Objects.requireNonNull(exposure, "exposure");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(config, "config");
    String what = where == null || where.isBlank() ? "exposure" : where;

    /* What the exposure and the catalogue must provide. */
    Wcs wcs = exposure.wcs().orElseThrow(() -> new InvalidDataException(what
        + ": the exposure has no WCS; injection needs it to place the sources"));
    Psf psf = exposure.psf().orElseThrow(() -> new InvalidDataException(what
        + ": the exposure has no PSF; injection needs it to render the sources"));
    PhotoCalib calib = exposure.photoCalib().orElseThrow(() -> new InvalidDataException(what
        + ": the exposure has no PhotoCalib; injection needs it to convert magnitudes to counts"));
    int n = catalog.rowCount();
    double[] ra = numeric(catalog, "ra", what);
    double[] dec = numeric(catalog, "dec", what);
    double[] mag = numeric(catalog, "mag", what);
    String[] type = strings(catalog, "source_type", what);
    long[] ids = ids(catalog, what);

    /* Pixel positions (parent) and fluxes. */
    double[] x = new double[n];
    double[] y = new double[n];
    wcs.skyToPixel(ra, dec, x, y);
    double gain = config.noise() ? InjectionGain.resolve(exposure, config.gain(), what) : Double.NaN;

    /* Render every row's stamp from the row alone (in parallel: no shared state but the read-only PSF). */
    ImageF image = exposure.image();
    Frame frame = new Frame(image.x0(), image.y0(), image.width(), image.height());
    Rendered[] rendered = new Rendered[n];
    IntStream.range(0, n).parallel().forEach(i -> rendered[i] = render(psf, calib, frame, x[i], y[i], mag[i],
        type == null ? null : type[i], ids[i], config, gain));

    /* Add them to the planes in catalogue order. */
    MaskPlanes planes = exposure.mask().planes().with("INJECTED").with("INJECTED_CORE");
    Mask mask = exposure.mask().planes().equals(planes) ? exposure.mask() : exposure.mask().withPlanes(planes);
    int noData = planes.bit("NO_DATA").isPresent() ? planes.bitmask("NO_DATA") : 0;
    Planes target = new Planes(image.array(), exposure.variance().array(), mask.array(), frame.width,
        planes.bitmask("INJECTED"), planes.bitmask("INJECTED_CORE"), noData, config.maskThresholdSigma(),
        config.noise() ? 1 / gain : 0);
    int[] flags = new int[n];
    double[] flux = new double[n];
    int injected = 0;
    for (int i = 0; i < n; i++) {
      Rendered r = rendered[i];
      flags[i] = r.flags;
      if (r.flags == 0) {
        target.add(r, frame);
        flux[i] = r.flux;
        injected++;
      }
    }

    /* The output catalogue and the summary. */
    Catalog out = withoutOutputColumns(catalog)
        .withColumn(Column.ofDoubles(X, x, "pixel", "injected centre, parent column (NaN if the WCS cannot map it)"))
        .withColumn(Column.ofDoubles(Y, y, "pixel", "injected centre, parent row (NaN if the WCS cannot map it)"))
        .withColumn(Column.ofInts(FLAG, flags, "", "InjectionFlag bits: 0 when injected"))
        .withColumn(Column.ofDoubles(FLUX, flux, "count", "injected flux (0 when not injected)"));
    Map<InjectionFlag, Integer> counts = new EnumMap<>(InjectionFlag.class);
    int anyFlag = 0;
    for (int f : flags) {
      anyFlag += f != 0 ? 1 : 0;
      for (InjectionFlag fl : InjectionFlag.values()) {
        if ((f & fl.bit()) != 0) {
          counts.merge(fl, 1, Integer::sum);
        }
      }
    }
    LOG.info("{}: injected {} of {} sources ({} flagged{})", what, injected, n, anyFlag, describeCounts(counts));
    Exposure result = mask == exposure.mask() ? exposure : exposure.withMask(mask);
    return new InjectionResult(result, out, injected, counts);
  }

  /** Renders one row: flags, the clipped box on the image, the noise-free model and the values to add. */
  private static Rendered render(Psf psf, PhotoCalib calib, Frame frame, double x, double y, double mag,
      String type, long id, InjectionConfig config, double gain) {
    int flags = 0;
    if (!Double.isFinite(mag)) {
      flags |= InjectionFlag.MAG_BAD.bit();
    }
    if (type != null && !isPointSource(type)) {
      flags |= InjectionFlag.TYPE_UNKNOWN.bit();
    }
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      return Rendered.flagged(flags | InjectionFlag.NO_OVERLAP.bit());
    }
    double flux = Double.isFinite(mag) ? calib.magnitudeToInstFlux(mag) : Double.NaN;
    if (Double.isFinite(mag) && !(flux >= 0 && flux < Double.POSITIVE_INFINITY)) {
      flags |= InjectionFlag.MAG_BAD.bit();
    }

    /* The PSF at the position; a failure far off the image is no overlap rather than a PSF error. */
    ImageF kernel;
    try {
      kernel = psf.kernelImage(x, y);
    } catch (RuntimeException e) {
      kernel = null;
    }
    if (kernel == null || !usableKernel(kernel)) {
      boolean inside = x >= frame.x0 - 0.5 && x < frame.x0 + frame.width - 0.5 && y >= frame.y0 - 0.5
          && y < frame.y0 + frame.height - 0.5;
      return Rendered.flagged(flags | (inside ? InjectionFlag.PSF_COMPUTE_ERROR : InjectionFlag.NO_OVERLAP).bit());
    }

    /* The stamp's box in parent pixels and its overlap with the image. */
    int kw = kernel.width();
    int kh = kernel.height();
    long cx = (long) Math.floor(x + 0.5);
    long cy = (long) Math.floor(y + 0.5);
    int sw = kw + 2 * InjectionStamp.ORDER;
    int sh = kh + 2 * InjectionStamp.ORDER;
    long sx0 = cx - kw / 2 - InjectionStamp.ORDER;
    long sy0 = cy - kh / 2 - InjectionStamp.ORDER;
    long bx0 = Math.max(sx0, frame.x0);
    long by0 = Math.max(sy0, frame.y0);
    long bx1 = Math.min(sx0 + sw, (long) frame.x0 + frame.width);
    long by1 = Math.min(sy0 + sh, (long) frame.y0 + frame.height);
    if (bx0 >= bx1 || by0 >= by1) {
      return Rendered.flagged(flags | InjectionFlag.NO_OVERLAP.bit());
    }
    if (flags != 0) {
      return Rendered.flagged(flags);
    }
    double[] stamp = InjectionStamp.render(kernel.array(), kw, kh, x - cx, y - cy);
    if (stamp == null) {
      return Rendered.flagged(InjectionFlag.PSF_COMPUTE_ERROR.bit());
    }

    /* The model on the overlap, and with noise the Poisson draw of its electrons. */
    int bw = (int) (bx1 - bx0);
    int bh = (int) (by1 - by0);
    float[] model = new float[bw * bh];
    double peak = 0;
    for (double v : stamp) {
      peak = Math.max(peak, v);
    }
    float[] values = config.noise() ? new float[bw * bh] : model;
    double floor = NOISE_FLOOR * peak * flux;
    SplittableRandom rng = config.noise() ? new SplittableRandom(Seeds.mix(config.seed(), id)) : null;
    int ox = (int) (bx0 - sx0);
    int oy = (int) (by0 - sy0);
    for (int j = 0; j < bh; j++) {
      int srow = (oy + j) * sw + ox;
      int mrow = j * bw;
      for (int i = 0; i < bw; i++) {
        double m = flux * stamp[srow + i];
        model[mrow + i] = (float) m;
        if (rng != null) {
          values[mrow + i] = m > floor ? (float) (org.labelfree.sim.PoissonSampler.sample(rng, m * gain) / gain) : (float) m;
        }
      }
    }
    return new Rendered(0, flux, (int) (bx0 - frame.x0), (int) (by0 - frame.y0), bw, bh, model, values,
        (int) (cx - frame.x0), (int) (cy - frame.y0));
  }

  private static boolean usableKernel(ImageF kernel) {
    if (kernel.width() % 2 == 0 || kernel.height() % 2 == 0) {
      return false;
    }
    for (float v : kernel.array()) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPointSource(String type) {
    String t = type.strip();
    return t.equalsIgnoreCase("Star") || t.equalsIgnoreCase("DeltaFunction");
  }

  /** A required numeric column as doubles. */
  private static double[] numeric(Catalog catalog, String name, String what) {
    if (!catalog.hasColumn(name)) {
      throw new InvalidDataException(what + ": the injection catalogue has no column '" + name + "'; columns are "
          + catalog.columnNames());
    }
    Column c = catalog.column(name);
    if (c.type() == ColumnType.LONG) {
      long[] v = c.toLongArray();
      double[] d = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        d[i] = v[i];
      }
      return d;
    }
    if (c.type() != ColumnType.DOUBLE && c.type() != ColumnType.FLOAT && c.type() != ColumnType.INT) {
      throw new InvalidDataException(what + ": injection catalogue column '" + name + "' is " + c.type()
          + "; expected a number");
    }
    return c.toDoubleArray();
  }

  /** An optional string column, null when absent. */
  private static String[] strings(Catalog catalog, String name, String what) {
    if (!catalog.hasColumn(name)) {
      return null;
    }
    Column c = catalog.column(name);
    if (c.type() != ColumnType.STRING) {
      throw new InvalidDataException(what + ": injection catalogue column '" + name + "' is " + c.type()
          + "; expected STRING");
    }
    return c.toStringArray();
  }

  /** {@code injection_id} (LONG or INT) or the row index. */
  private static long[] ids(Catalog catalog, String what) {
    if (!catalog.hasColumn("injection_id")) {
      long[] ids = new long[catalog.rowCount()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = i;
      }
      return ids;
    }
    Column c = catalog.column("injection_id");
    if (c.type() != ColumnType.LONG && c.type() != ColumnType.INT) {
      throw new InvalidDataException(what + ": injection catalogue column 'injection_id' is " + c.type()
          + "; expected LONG or INT");
    }
    return c.toLongArray();
  }

  private static Catalog withoutOutputColumns(Catalog catalog) {
    List<String> keep = new ArrayList<>();
    for (String name : catalog.columnNames()) {
      if (!name.equals(X) && !name.equals(Y) && !name.equals(FLAG) && !name.equals(FLUX)) {
        keep.add(name);
      }
    }
    return keep.size() == catalog.columnCount() ? catalog : catalog.select(keep.toArray(new String[0]));
  }

  private static String describeCounts(Map<InjectionFlag, Integer> counts) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<InjectionFlag, Integer> e : counts.entrySet()) {
      sb.append(sb.length() == 0 ? ": " : ", ").append(e.getKey().name()).append(' ').append(e.getValue());
    }
    return sb.toString();
  }

  /** The image's box in the parent grid. */
  private record Frame(int x0, int y0, int width, int height) {}

  /**
   * One row's rendering: its flags and, when 0, the box (local pixels) and the model and values to add there,
   * with the centre pixel (local).
   */
  private record Rendered(int flags, double flux, int bx, int by, int bw, int bh, float[] model, float[] values,
      int cx, int cy) {
    static Rendered flagged(int flags) {
      return new Rendered(flags, 0, 0, 0, 0, 0, null, null, 0, 0);
    }
  }

  /** The planes written to, with the mask bits and the noise settings. */
  private record Planes(float[] image, float[] variance, int[] mask, int width, int injectedBit, int coreBit,
      int noDataBit, double thresholdSigma, double invGain) {

    /** Adds one rendered row. */
    void add(Rendered r, Frame frame) {
      double t2 = thresholdSigma * thresholdSigma;
      for (int j = 0; j < r.bh; j++) {
        int prow = (r.by + j) * width + r.bx;
        int mrow = j * r.bw;
        for (int i = 0; i < r.bw; i++) {
          int p = prow + i;
          float im = image[p];
          if (!Float.isFinite(im) || (mask[p] & noDataBit) != 0) {
            continue;
          }
          float m = r.model[mrow + i];
          float var = variance[p];
          if (m > 0 && (double) m * m > t2 * var) {
            mask[p] |= injectedBit;
          }
          image[p] = im + r.values[mrow + i];
          if (invGain > 0 && m > 0) {
            variance[p] = (float) (var + m * invGain);
          }
        }
      }
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int px = r.cx + dx;
          int py = r.cy + dy;
          if (px >= 0 && py >= 0 && px < frame.width && py < frame.height) {
            mask[py * width + px] |= coreBit;
          }
        }
      }
    }
  }
}
