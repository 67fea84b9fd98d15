package org.labelfree.workflows.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageStatistics;
import org.labelfree.image.MaskPlanes;
import org.labelfree.injection.CompletenessCurve;
import org.labelfree.injection.FakeMatcher;
import org.labelfree.injection.PointSourceDepth;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Repository;

/**
 * Detection completeness of injected fakes on difference images, next to the images' 5-sigma point-source depth.
 * Start here for the injection summary of {@code labelfree demo}.
 *
 * <p>Per visit-detector, the fakes of {@code injected_calexp_catalog} with {@code injection_flag == 0} whose centre
 * lies on valid pixels of the difference image (not NO_DATA) are matched one to one to the positive DIA sources of
 * {@code dia_source} ({@code isNegative == false}) within a radius ({@link FakeMatcher}); the image's depth comes from
 * the difference's variance plane and PSF ({@link PointSourceDepth}). Over all images: completeness per magnitude
 * bin, the logistic fit of the completeness curve and its 50% magnitude m50 ({@link CompletenessCurve}), the median
 * depth m5, and a second fit against {@code mag - m5} of each fake's own image, whose m50 is the offset between the
 * two with the spread of depths between images taken out.
 *
 * <p>Use: {@link #add} each image, then {@link #report()}; or {@link #fromRepository}. Not thread-safe.
 */
public final class InjectionCompleteness {
  /** The default magnitude bin width, mag. */
  public static final double DEFAULT_BIN_WIDTH = 0.5;
  /** Threads that read and measure the images of a run at once. */
  static final int READ_THREADS = 4;

  /**
   * One visit-detector.
   *
   * @param visit          visit
   * @param detector       detector
   * @param fakes          rows of its injected catalogue
   * @param flagged        of which with a non-zero injection_flag
   * @param offDifference  of which unflagged but centred off the difference's valid pixels
   * @param used           unflagged fakes on the difference (the ones counted)
   * @param detected       of which matched to a DIA source
   * @param depth          the difference image's depth
   */
  public record Image(long visit, long detector, int fakes, int flagged, int offDifference, int used, int detected,
                      PointSourceDepth.Depth depth) {}

  /**
   * The summary over all images.
   *
   * @param matchRadiusPx  the match radius, pixels
   * @param binWidthMag    the bin width, mag
   * @param images         the images, in the order added
   * @param fakes          all fakes
   * @param flagged        fakes with a non-zero injection_flag
   * @param offDifference  unflagged fakes off the difference's valid pixels
   * @param used           fakes counted
   * @param detected       of which detected
   * @param bins           completeness per magnitude bin
   * @param fit            the logistic fit against magnitude
   * @param medianM5       median of the images' m5, AB mag (NaN without images)
   * @param m50MinusM5     {@code fit.m50() - medianM5}, mag
   * @param relativeFit    the logistic fit against {@code mag - m5} of each fake's image
   * @param problems       images left out and why
   */
  public record Report(double matchRadiusPx, double binWidthMag, List<Image> images, int fakes, int flagged,
                       int offDifference, int used, int detected, List<CompletenessCurve.Bin> bins,
                       CompletenessCurve.Fit fit, double medianM5, double m50MinusM5,
                       CompletenessCurve.Fit relativeFit, List<String> problems) {
    /** Copies the lists. */
    public Report {
      images = List.copyOf(images);
      bins = List.copyOf(bins);
      problems = List.copyOf(problems);
    }

    /**
     * The report as nested maps and lists for JSON (NaN written as null).
     *
     * @return a new map, in a fixed key order
     */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("visit_detectors", images.size());
      m.put("fakes", fakes);
      m.put("fakes_flagged", flagged);
      m.put("fakes_off_difference", offDifference);
      m.put("fakes_used", used);
      m.put("fakes_detected", detected);
      m.put("match_radius_px", matchRadiusPx);
      m.put("bin_width_mag", binWidthMag);
      List<Map<String, Object>> b = new ArrayList<>();
      for (CompletenessCurve.Bin bin : bins) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mag_lo", bin.magLo());
        r.put("mag_hi", bin.magHi());
        r.put("injected", bin.injected());
        r.put("detected", bin.detected());
        r.put("fraction", bin.fraction());
        r.put("lower_68", bin.lower68());
        r.put("upper_68", bin.upper68());
        b.add(r);
      }
      m.put("completeness", b);
      m.put("fit", fitMap(fit));
      m.put("m50", finite(fit.m50()));
      m.put("m50_err", finite(fit.m50Err()));
      m.put("m5_median", finite(medianM5));
      m.put("m50_minus_m5", finite(m50MinusM5));
      m.put("fit_vs_mag_minus_m5", fitMap(relativeFit));
      List<Map<String, Object>> per = new ArrayList<>();
      for (Image im : images) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("visit", im.visit());
        r.put("detector", im.detector());
        r.put("fakes_used", im.used());
        r.put("fakes_detected", im.detected());
        r.put("m5", finite(im.depth().m5()));
        r.put("median_variance", finite(im.depth().medianVariance()));
        r.put("n_eff_px", finite(im.depth().nEff()));
        r.put("zero_point", finite(im.depth().zeroPoint()));
        per.add(r);
      }
      m.put("per_visit_detector", per);
      m.put("problems", problems);
      return m;
    }

    /**
     * Prints the short block of {@code labelfree demo}: counts, the binned table, m50, the median m5 and the
     * difference.
     *
     * @param out where to print, not null (not flushed)
     */
    public void print(PrintWriter out) {
      out.printf("  injection  %d fakes on %d visit-detectors (%d flagged, %d off the difference): %d of %d "
          + "detected within %.1f px%n", fakes, images.size(), flagged, offDifference, detected, used, matchRadiusPx);
      if (!bins.isEmpty()) {
        out.println("    mag bin         n  det  fraction  68% interval");
        for (CompletenessCurve.Bin bin : bins) {
          out.printf("    %5.2f-%5.2f  %4d %4d   %6.3f   [%.3f, %.3f]%n", bin.magLo(), bin.magHi(), bin.injected(),
              bin.detected(), bin.fraction(), bin.lower68(), bin.upper68());
        }
      }
      if (fit.converged()) {
        out.printf("    50%% completeness m50 = %.2f +- %.2f mag (width %.2f mag, c_max %.3f; logistic ML fit over %d "
            + "fakes)%s%n", fit.m50(), fit.m50Err(), fit.width(), fit.cMax(), fit.fakes(),
            fit.note().isEmpty() ? "" : "; " + fit.note());
      } else {
        out.println("    50% completeness: no fit (" + fit.note() + ")");
      }
      out.printf("    5-sigma depth m5 = %.2f mag (median over %d difference images); m50 - m5 = %s%n", medianM5,
          images.size(), Double.isFinite(m50MinusM5) ? String.format("%+.2f mag", m50MinusM5) : "-");
      if (relativeFit.converged()) {
        out.printf("    fit against mag - m5 of each fake's image: m50 - m5 = %+.2f +- %.2f mag%n", relativeFit.m50(),
            relativeFit.m50Err());
      }
      for (String p : problems) {
        out.println("    left out: " + p);
      }
    }

    private static Map<String, Object> fitMap(CompletenessCurve.Fit f) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("m50", finite(f.m50()));
      m.put("m50_err", finite(f.m50Err()));
      m.put("width", finite(f.width()));
      m.put("width_err", finite(f.widthErr()));
      m.put("c_max", finite(f.cMax()));
      m.put("c_max_err", finite(f.cMaxErr()));
      m.put("fakes", f.fakes());
      m.put("detected", f.detected());
      m.put("converged", f.converged());
      m.put("note", f.note());
      return m;
    }

    private static Double finite(double v) {
      return Double.isFinite(v) ? v : null;
    }
  }

  private final double radiusPx;
  private final double binWidth;
  private final List<Image> images = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private double[] mags = new double[64];
  private double[] relMags = new double[64];
  private boolean[] found = new boolean[64];
  private int n;
  private int fakes;
  private int flagged;
  private int offDifference;

  /**
   * An empty accumulator.
   *
   * @param radiusPx the match radius, pixels (finite, > 0; {@link FakeMatcher#DEFAULT_RADIUS_PX})
   * @param binWidth the magnitude bin width, mag (in (0, 10]; {@link #DEFAULT_BIN_WIDTH})
   * @throws IllegalArgumentException if either is out of range
   */
  public InjectionCompleteness(double radiusPx, double binWidth) {
    if (!(radiusPx > 0 && Double.isFinite(radiusPx))) {
      throw new IllegalArgumentException("radiusPx must be finite and > 0, but was " + radiusPx);
    }
    if (!(binWidth > 0 && binWidth <= 10)) {
      throw new IllegalArgumentException("binWidth must be in (0, 10] mag, but was " + binWidth);
    }
    this.radiusPx = radiusPx;
    this.binWidth = binWidth;
  }

  /**
   * Adds one visit-detector.
   *
   * @param visit      its visit
   * @param detector   its detector
   * @param injected   its {@code injected_calexp_catalog} (columns {@code injected_x, injected_y, injection_flag,
   *                   mag}), not null
   * @param diaSources its {@code dia_source} (columns {@code x, y, isNegative}), not null
   * @param difference its difference image (variance, mask, PSF, PhotoCalib), not null
   * @return the image's counts and depth
   * @throws IllegalArgumentException if a column is missing or has the wrong type, naming the catalogue, or the
   *                                  difference has no PSF, PhotoCalib or good pixel
   */
  public Image add(long visit, long detector, Catalog injected, Catalog diaSources, Exposure difference) {
    return accept(measure(visit, detector, injected, diaSources, difference, radiusPx));
  }

  /** One image's counts and depth, with the magnitudes and outcomes of its counted fakes. */
  private record Measured(Image image, double[] mag, boolean[] detected) {}

  private Image accept(Measured m) {
    for (int i = 0; i < m.mag().length; i++) {
      push(m.mag()[i], m.mag()[i] - m.image().depth().m5(), m.detected()[i]);
    }
    Image image = m.image();
    fakes += image.fakes();
    flagged += image.flagged();
    offDifference += image.offDifference();
    images.add(image);
    return image;
  }

  private static Measured measure(long visit, long detector, Catalog injected, Catalog diaSources,
      Exposure difference, double radiusPx) {
    Objects.requireNonNull(injected, "injected");
    Objects.requireNonNull(diaSources, "diaSources");
    Objects.requireNonNull(difference, "difference");
    String where = "visit=" + visit + " detector=" + detector;
    double[] fx = column(injected, "injected_x", where, "injected_calexp_catalog");
    double[] fy = column(injected, "injected_y", where, "injected_calexp_catalog");
    double[] mag = column(injected, "mag", where, "injected_calexp_catalog");
    int[] flags = intColumn(injected, "injection_flag", where);
    double[] sx = column(diaSources, "x", where, "dia_source");
    double[] sy = column(diaSources, "y", where, "dia_source");
    boolean[] negative = booleanColumn(diaSources, "isNegative", where);
    PointSourceDepth.Depth depth = PointSourceDepth.of(difference, "difference_image " + where);

    /* Which fakes count: unflagged and centred on a valid pixel of the difference. */
    MaskPlanes planes = difference.mask().planes();
    int noData = planes.bit("NO_DATA").isPresent() ? planes.bitmask("NO_DATA") : 0;
    int x0 = difference.image().x0();
    int y0 = difference.image().y0();
    int w = difference.width();
    int h = difference.height();
    float[] img = difference.image().array();
    int[] bits = difference.mask().array();
    boolean[] use = new boolean[fx.length];
    int nFlagged = 0;
    int nOff = 0;
    for (int i = 0; i < fx.length; i++) {
      if (flags[i] != 0) {
        nFlagged++;
        continue;
      }
      long ix = Math.round(fx[i]) - x0;
      long iy = Math.round(fy[i]) - y0;
      boolean on = Double.isFinite(mag[i]) && ix >= 0 && iy >= 0 && ix < w && iy < h;
      if (on) {
        int p = (int) (iy * w + ix);
        on = (bits[p] & noData) == 0 && Float.isFinite(img[p]);
      }
      if (on) {
        use[i] = true;
      } else {
        nOff++;
      }
    }

    /* Match to the positive DIA sources. */
    boolean[] srcUse = new boolean[sx.length];
    for (int k = 0; k < sx.length; k++) {
      srcUse[k] = !negative[k];
    }
    int[] match = FakeMatcher.match(fx, fy, mag, use, sx, sy, srcUse, radiusPx);
    int used = 0;
    for (boolean u : use) {
      used += u ? 1 : 0;
    }
    double[] usedMag = new double[used];
    boolean[] found = new boolean[used];
    int det = 0;
    for (int i = 0, j = 0; i < fx.length; i++) {
      if (use[i]) {
        usedMag[j] = mag[i];
        found[j] = match[i] >= 0;
        det += found[j] ? 1 : 0;
        j++;
      }
    }
    return new Measured(new Image(visit, detector, fx.length, nFlagged, nOff, used, det, depth), usedMag, found);
  }

  /**
   * Records an image that could not be counted (e.g. its subtraction failed).
   *
   * @param problem what and why, not null
   */
  public void skip(String problem) {
    problems.add(Objects.requireNonNull(problem, "problem"));
  }

  /**
   * The summary of the images added so far.
   *
   * @return the report
   */
  public Report report() {
    double[] m = Arrays.copyOf(mags, n);
    double[] rel = Arrays.copyOf(relMags, n);
    boolean[] y = Arrays.copyOf(found, n);
    int det = 0;
    for (boolean b : y) {
      det += b ? 1 : 0;
    }
    List<CompletenessCurve.Bin> bins = CompletenessCurve.bins(m, y, binWidth);
    CompletenessCurve.Fit fit = CompletenessCurve.fit(m, y);
    CompletenessCurve.Fit relFit = CompletenessCurve.fit(rel, y);
    float[] m5 = new float[images.size()];
    int k = 0;
    for (Image im : images) {
      if (Double.isFinite(im.depth().m5())) {
        m5[k++] = (float) im.depth().m5();
      }
    }
    double medianM5 = k == 0 ? Double.NaN : ImageStatistics.median(m5, k);
    return new Report(radiusPx, binWidth, images, fakes, flagged, offDifference, n, det, bins, fit, medianM5,
        fit.m50() - medianM5, relFit, problems);
  }

  /**
   * Reads every visit-detector of a run that has an {@code injected_calexp_catalog} and measures it: its
   * {@code dia_source} and {@code difference_image} in the same run (images without them are listed as problems).
   * Reads only the two catalogues and the difference image once per visit-detector, on {@value #READ_THREADS} threads;
   * the result does not depend on their number.
   *
   * @param repo     the repository, not null
   * @param run      the output run, not null
   * @param radiusPx the match radius, pixels
   * @param binWidth the bin width, mag
   * @return the report, images in (visit, detector) order
   * @throws IllegalArgumentException if a catalogue lacks a column or a difference cannot be measured
   */
  public static Report fromRepository(Repository repo, String run, double radiusPx, double binWidth) {
    return fromRepository(repo, run, radiusPx, binWidth, Map.of());
  }

  /**
   * As {@link #fromRepository(Repository, String, double, double)}, with the {@code dia_source} catalogues a caller
   * has already read (keyed by the visit-detector's data ID as the registry gives it); the others are read here.
   *
   * @param diaSourcesRead catalogues already read, not null (may be empty)
   */
  public static Report fromRepository(Repository repo, String run, double radiusPx, double binWidth,
      Map<DataId, Catalog> diaSourcesRead) {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(diaSourcesRead, "diaSourcesRead");
    Objects.requireNonNull(run, "run");
    InjectionCompleteness acc = new InjectionCompleteness(radiusPx, binWidth);

    /* Resolve the three datasets of each visit-detector (registry look-ups, cheap). */
    List<DatasetRef> refs = new ArrayList<>(repo.registry().queryDatasets(List.of("injected_calexp_catalog"),
        List.of(run), SqlPredicate.all()));
    refs.sort(java.util.Comparator.<DatasetRef>comparingLong(r -> r.dataId().getLong(Dimension.VISIT))
        .thenComparingLong(r -> r.dataId().getLong(Dimension.DETECTOR)));
    List<Callable<Measured>> jobs = new ArrayList<>();
    for (DatasetRef ref : refs) {
      long visit = ref.dataId().getLong(Dimension.VISIT);
      long detector = ref.dataId().getLong(Dimension.DETECTOR);
      Catalog known = diaSourcesRead.get(ref.dataId());
      Optional<DatasetRef> dia = known != null ? Optional.empty()
          : repo.butler().find("dia_source", ref.dataId(), List.of(run));
      Optional<DatasetRef> diff = repo.butler().find("difference_image", ref.dataId(), List.of(run));
      if ((known == null && dia.isEmpty()) || diff.isEmpty()) {
        acc.skip("visit=" + visit + " detector=" + detector + ": no " + (diff.isEmpty() ? "difference_image"
            : "dia_source") + " in " + run);
        continue;
      }
      jobs.add(() -> measure(visit, detector, repo.butler().get(ref, Catalog.class),
          known != null ? known : repo.butler().get(dia.get(), Catalog.class),
          repo.butler().get(diff.get(), Exposure.class), radiusPx));
    }

    /* Read and measure the images on a few threads (each catalogue read opens its own DuckDB, ~20 ms), then add
       them in (visit, detector) order, so the result does not depend on the thread count. */
    ExecutorService pool = Executors.newFixedThreadPool(READ_THREADS);
    try {
      for (Future<Measured> f : pool.invokeAll(jobs)) {
        acc.accept(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the images of " + run, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return acc.report();
  }

  private void push(double mag, double rel, boolean detected) {
    if (n == mags.length) {
      mags = Arrays.copyOf(mags, 2 * n);
      relMags = Arrays.copyOf(relMags, 2 * n);
      found = Arrays.copyOf(found, 2 * n);
    }
    mags[n] = mag;
    relMags[n] = rel;
    found[n] = detected;
    n++;
  }

  private static double[] column(Catalog c, String name, String where, String dataset) {
    if (!c.hasColumn(name)) {
      throw new IllegalArgumentException(dataset + " of " + where + " has no column '" + name + "'; columns: "
          + c.columnNames());
    }
    try {
      return c.doubleColumn(name);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(dataset + " of " + where + ": column '" + name + "' is not a double column",
          e);
    }
  }

  private static int[] intColumn(Catalog c, String name, String where) {
    if (!c.hasColumn(name)) {
      throw new IllegalArgumentException("injected_calexp_catalog of " + where + " has no column '" + name
          + "'; columns: " + c.columnNames());
    }
    try {
      return c.intColumn(name);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("injected_calexp_catalog of " + where + ": column '" + name
          + "' is not an int column", e);
    }
  }

  private static boolean[] booleanColumn(Catalog c, String name, String where) {
    if (!c.hasColumn(name)) {
      throw new IllegalArgumentException("dia_source of " + where + " has no column '" + name + "'; columns: "
          + c.columnNames());
    }
    try {
      return c.booleanColumn(name);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("dia_source of " + where + ": column '" + name + "' is not a boolean column",
          e);
    }
  }
}
