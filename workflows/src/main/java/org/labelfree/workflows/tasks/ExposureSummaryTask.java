package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.ColumnSpec;
import org.labelfree.catalog.ColumnType;
import org.labelfree.image.Exposure;
import org.labelfree.image.ExposureSummary;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.VisitInfo;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summarises one calibrated single-visit image as a one-row catalogue: background level and noise, the fraction of
 * finite pixels and of pixels per mask plane, and where the image points. No I/O. Start here.
 *
 * <p>Columns of the output, in order (every column has the unit and description shown here):
 *
 * <table>
 *   <caption>exposure_summary columns</caption>
 *   <tr><th>name</th><th>type</th><th>unit</th><th>meaning</th></tr>
 *   <tr><td>visit</td><td>LONG</td><td></td><td>visit of the data ID, else the calexp's VisitInfo; -1 if unknown</td></tr>
 *   <tr><td>detector</td><td>INT</td><td></td><td>detector of the data ID, else VisitInfo; -1 if unknown</td></tr>
 *   <tr><td>band</td><td>STRING</td><td></td><td>band of the (expanded) data ID, else VisitInfo; empty if unknown</td></tr>
 *   <tr><td>median_background</td><td>DOUBLE</td><td>ct</td><td>median of the finite pixels with none of
 *       {@link ExposureSummaryConfig#notBackgroundPlanes()} set (image units)</td></tr>
 *   <tr><td>robust_sigma</td><td>DOUBLE</td><td>ct</td><td>1.4826 x the median absolute deviation of the same
 *       pixels</td></tr>
 *   <tr><td>finite_fraction</td><td>DOUBLE</td><td></td><td>fraction of all pixels that are finite, in [0, 1]</td></tr>
 *   <tr><td>mask_fraction_PLANE</td><td>DOUBLE</td><td></td><td>one column per plane registered in the calexp's
 *       mask, in bit order: fraction of all pixels with that plane set, in [0, 1]; a character of the plane name
 *       that is not a letter, digit or underscore becomes {@code _}</td></tr>
 *   <tr><td>ra_centre</td><td>DOUBLE</td><td>deg</td><td>ICRS right ascension of the image centre</td></tr>
 *   <tr><td>dec_centre</td><td>DOUBLE</td><td>deg</td><td>ICRS declination of the image centre</td></tr>
 *   <tr><td>pixel_scale</td><td>DOUBLE</td><td>arcsec</td><td>local pixel scale at the centre (arcsec per pixel,
 *       square root of the Jacobian determinant)</td></tr>
 * </table>
 *
 * <p>The image centre is 0-based pixel {@code (x0 + (width - 1) / 2, y0 + (height - 1) / 2)} of the parent grid;
 * the statistics are those of {@link ExposureSummary#of(Exposure, java.util.Collection)}. The run has no data ID, so
 * visit, detector and band come from the calexp itself.
 *
 * <p>Failures: a calexp with no finite pixel outside the excluded planes (e.g. all NaN), or without a WCS while
 * {@link ExposureSummaryConfig#requireWcs()} is set, raises {@link UnprocessableDataException} (the executor skips
 * the quantum with the reason), as do mask plane names that give clashing column names. An {@link
 * InvalidDataException} from the WCS (bad input data) propagates unchanged.
 *
 * <p>Not thread-safe by contract (the executor uses one instance per thread), though it holds only its config.
 */
public final class ExposureSummaryTask
    implements PipelineTask<ExposureSummaryTask.Inputs, ExposureSummaryTask.Outputs> {

  /** The quantum's dimensions: one summary per instrument, visit and detector. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT, DETECTOR);

  /** Input: the calibrated single-visit image. */
  public static final Connection CALEXP = Connection.input("calexp", "Exposure", DIMENSIONS,
      "calibrated single-visit image");

  /** Output: the one-row summary catalogue. */
  public static final Connection EXPOSURE_SUMMARY = Connection.output("exposure_summary", "Catalog", DIMENSIONS,
      "one-row summary: background, noise, mask fractions, WCS centre, pixel scale");

  /** Prefix of the per-plane mask fraction columns. */
  public static final String MASK_FRACTION_PREFIX = "mask_fraction_";

  private static final Logger LOG = LoggerFactory.getLogger(ExposureSummaryTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param calexp the calibrated exposure, not null
   * @param dataId the quantum's data ID (filled by the executor; may be empty when the task is run by hand): its
   *               visit, detector and band win over the calexp's VisitInfo
   */
  public record Inputs(Exposure calexp, DataId dataId) {
    /** Checks the input is present. */
    public Inputs {
      Objects.requireNonNull(calexp, "calexp");
      dataId = dataId == null ? DataId.empty() : dataId;
    }

    /** Inputs without a data ID (the calexp's VisitInfo labels the row). */
    public Inputs(Exposure calexp) {
      this(calexp, DataId.empty());
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param exposureSummary the one-row summary catalogue (columns in the class comment), not null
   */
  public record Outputs(Catalog exposureSummary) {
    /** Checks the output is present. */
    public Outputs {
      Objects.requireNonNull(exposureSummary, "exposureSummary");
    }
  }

  private final ExposureSummaryConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public ExposureSummaryTask(ExposureSummaryConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The task's dimensions and connections.
   *
   * @return {instrument, visit, detector} with {@link #CALEXP} in and {@link #EXPOSURE_SUMMARY} out
   */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, CALEXP, EXPOSURE_SUMMARY);
  }

  /**
   * Summarises the calexp.
   *
   * @param in the inputs, not null
   * @return the one-row summary
   * @throws UnprocessableDataException if no finite background pixel is left, if the WCS is required and missing,
   *                                    or if two mask planes map to the same column name
   * @throws InvalidDataException       if the calexp's WCS cannot be evaluated at the image centre
   */
  @Override
  public Outputs run(Inputs in) {
    Exposure calexp = in.calexp();
    VisitInfo info = calexp.visitInfo();
    DataId id = in.dataId();
    long visit = id.get(Dimension.VISIT).map(v -> ((Number) v).longValue()).orElse(info.visit());
    long detector = id.get(Dimension.DETECTOR).map(v -> ((Number) v).longValue()).orElse((long) info.detector());
    String band = id.get(Dimension.BAND).map(Object::toString).orElse(info.band());
    String what = describe(info, calexp, visit, detector);

    /* Refuse what cannot be summarised before any pixel work. */
    if (config.requireWcs() && calexp.wcs().isEmpty()) {
      throw new UnprocessableDataException(what + " has no WCS; the summary needs one for ra_centre, dec_centre"
          + " and pixel_scale (set require_wcs=false to write NaN instead)");
    }

    /* Measure. */
    ExposureSummary s = ExposureSummary.of(calexp, config.notBackgroundPlanes());
    if (Double.isNaN(s.medianBackground())) {
      throw new UnprocessableDataException(what + " has no finite pixel outside the mask planes "
          + config.notBackgroundPlanes() + " (finite fraction " + s.finiteFraction()
          + "); expected at least one to measure the background");
    }

    /* One row, columns in the documented order. */
    List<ColumnSpec> schema = new ArrayList<>();
    List<Object> row = new ArrayList<>();
    add(schema, row, "visit", ColumnType.LONG, "", "visit number; -1 if unknown", visit);
    add(schema, row, "detector", ColumnType.INT, "", "detector number; -1 if unknown", (int) detector);
    add(schema, row, "band", ColumnType.STRING, "", "abstract band; empty if unknown", band);
    add(schema, row, "median_background", ColumnType.DOUBLE, "ct",
        "median of finite pixels outside the not-background mask planes", s.medianBackground());
    add(schema, row, "robust_sigma", ColumnType.DOUBLE, "ct",
        "1.4826 x median absolute deviation of the background pixels", s.robustSigma());
    add(schema, row, "finite_fraction", ColumnType.DOUBLE, "", "fraction of pixels that are finite",
        s.finiteFraction());
    Map<String, String> planeOfColumn = new HashMap<>();
    for (Map.Entry<String, Double> e : s.maskFractions().entrySet()) {
      String column = maskFractionColumn(e.getKey());
      String other = planeOfColumn.put(column.toLowerCase(Locale.ROOT), e.getKey());
      if (other != null) {
        throw new UnprocessableDataException(what + ": mask planes '" + InvalidDataException.sanitize(other)
            + "' and '" + InvalidDataException.sanitize(e.getKey()) + "' both give column " + column
            + "; expected plane names that differ in letters, digits or underscores");
      }
      add(schema, row, column, ColumnType.DOUBLE, "", "fraction of pixels with mask plane "
          + InvalidDataException.sanitize(e.getKey()) + " set", e.getValue());
    }
    add(schema, row, "ra_centre", ColumnType.DOUBLE, "deg", "right ascension of the image centre", s.centreRa());
    add(schema, row, "dec_centre", ColumnType.DOUBLE, "deg", "declination of the image centre", s.centreDec());
    add(schema, row, "pixel_scale", ColumnType.DOUBLE, "arcsec", "local pixel scale at the image centre (per pixel)",
        s.pixelScaleArcsec());
    Catalog catalog = Catalog.rowBuilder(schema).addRow(row.toArray()).build();

    LOG.info("Summarised {}: median background {}, robust sigma {}, finite fraction {}", what,
        s.medianBackground(), s.robustSigma(), s.finiteFraction());
    return new Outputs(catalog);
  }

  /**
   * The column holding a mask plane's fraction: {@value #MASK_FRACTION_PREFIX} followed by the plane name, each
   * character other than an ASCII letter, digit or underscore replaced by {@code _}, cut to 64 characters.
   *
   * @param plane a mask plane name, not null
   * @return the column name
   */
  public static String maskFractionColumn(String plane) {
    StringBuilder b = new StringBuilder(MASK_FRACTION_PREFIX);
    for (int i = 0; i < plane.length() && b.length() < 64; i++) {
      char c = plane.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      b.append(ok ? c : '_');
    }
    return b.toString();
  }

  private static void add(List<ColumnSpec> schema, List<Object> row, String name, ColumnType type, String unit,
      String description, Object value) {
    schema.add(new ColumnSpec(name, type, unit, description));
    row.add(value);
  }

  private static String describe(VisitInfo info, Exposure calexp, long visit, long detector) {
    return "calexp " + (info.instrument().isEmpty() ? "" : "instrument=" + InvalidDataException.sanitize(
        info.instrument()) + " ") + "visit=" + visit + " detector=" + detector + " (" + calexp.width()
        + "x" + calexp.height() + ")";
  }
}
