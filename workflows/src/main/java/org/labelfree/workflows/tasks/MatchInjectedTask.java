package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Column;
import org.labelfree.image.Exposure;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Psf;
import org.labelfree.injection.InjectionFlag;
import org.labelfree.labeling.ForcedFlux;
import org.labelfree.labeling.ForcedPhotometry;
import org.labelfree.labeling.InjectionMatcher;
import org.labelfree.labeling.MatchAgreement;
import org.labelfree.labeling.MatchFlags;
import org.labelfree.labeling.MatchResult;
import org.labelfree.labeling.TruthJoin;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels the DIA sources of one visit-detector without humans, as the fakes_*_matchDiaSrc step of LSST's
 * source injection: a DIA source matched to a fake is "injected" (label 1), every other one "real" (label 0). No
 * I/O.
 *
 * <p><b>Matching</b> ({@link InjectionMatcher}): mutual nearest neighbours on the sky within
 * {@code radius_arcsec} (inclusive), ties to the smaller {@code injection_id} / {@code diaSourceId}. Fakes with any
 * {@code injection_flag} bit set (NO_OVERLAP and the others: such a row was not injected) take no part.
 * {@code match_flags} ({@link MatchFlags}): AMBIGUOUS_MASK (INJECTED_CORE set in the 3x3 centre, no fake
 * matched) and MULTIPLE_FAKES (two or more usable fakes within the radius). The agreement of labels with
 * {@code pixelFlags_injected_core} ({@link MatchAgreement}) is logged once per quantum; the catalogues carry no
 * metadata, so a report sums it from the {@code label} and {@code pixelFlags_injected_core} columns.
 *
 * <p><b>{@code matched_dia_source}</b>: every {@code dia_source} row and column, then {@code label} (int),
 * {@code injection_id} (long, -1 none), {@code dist_arcsec} (double, -1 none), {@code match_flags} (int),
 * {@code is_true_transient} (int: 1 within {@code truth_radius_arcsec} of a {@code truth_transients} row, else 0;
 * -1 for every source when no truth catalogue exists), {@code mjd} (double, mid-exposure MJD of the difference
 * image; NaN if unknown) and {@code band} (string: the data ID's band, else the image's; empty if unknown).
 *
 * <p><b>{@code matched_injected_catalog}</b>: every {@code injected_calexp_catalog} row and column, then
 * {@code diaSourceId} (long, 0 none), {@code dist_arcsec} (double, -1 none) and {@code forced_flux},
 * {@code forced_flux_err}, {@code forced_snr} (double: {@link ForcedPhotometry} on the difference image with its
 * PSF at {@code injected_x, injected_y}, or at ra/dec through the WCS where those are missing; {@code forced_snr}
 * is signed, {@code flux / err}; NaN for NO_OVERLAP fakes and positions with no usable pixel).
 */
public final class MatchInjectedTask implements PipelineTask<MatchInjectedTask.Inputs, MatchInjectedTask.Outputs> {

  /** One quantum per instrument, visit and detector. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT, DETECTOR);

  /** Input: the DIA sources. */
  public static final Connection DIA_SOURCE = Connection.input("dia_source", "Catalog", DIMENSIONS,
      "DIA sources: diaSourceId, ra, dec, pixelFlags_injected_core, ...");

  /** Input: the fakes of this visit-detector. */
  public static final Connection INJECTED_CALEXP_CATALOG = Connection.input("injected_calexp_catalog", "Catalog",
      DIMENSIONS, "the injected fakes: injection_id, ra, dec, injected_x, injected_y, injection_flag, ...");

  /** Input: the difference image (forced photometry, MJD and band). */
  public static final Connection DIFFERENCE_IMAGE = Connection.input("difference_image", "Exposure", DIMENSIONS,
      "decorrelated difference image with its PSF");

  /** Optional input: the true transients of a simulated visit-detector. */
  public static final Connection TRUTH_TRANSIENTS = Connection.input("truth_transients", "Catalog", DIMENSIONS,
      "true transients of the visit-detector (simulated repositories only): ra, dec, ...").asOptional();

  /** Output: the labelled DIA sources. */
  public static final Connection MATCHED_DIA_SOURCE = Connection.output("matched_dia_source", "Catalog", DIMENSIONS,
      "dia_source plus label, injection_id, dist_arcsec, match_flags, is_true_transient, mjd, band");

  /** Output: the fakes with their match and forced photometry. */
  public static final Connection MATCHED_INJECTED_CATALOG = Connection.output("matched_injected_catalog", "Catalog",
      DIMENSIONS, "injected_calexp_catalog plus diaSourceId, dist_arcsec, forced_flux, forced_flux_err, forced_snr");

  private static final Logger LOG = LoggerFactory.getLogger(MatchInjectedTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param diaSource             the DIA sources, not null
   * @param injectedCalexpCatalog the fakes, not null
   * @param differenceImage       the difference image, not null; must carry a PSF
   * @param truthTransients       the true transients, or null when the repository has none
   * @param dataId                the quantum's data ID (empty when run by hand)
   */
  public record Inputs(Catalog diaSource, Catalog injectedCalexpCatalog, Exposure differenceImage,
      Catalog truthTransients, DataId dataId) {
    /** Checks the required inputs are present. */
    public Inputs {
      Objects.requireNonNull(diaSource, "diaSource");
      Objects.requireNonNull(injectedCalexpCatalog, "injectedCalexpCatalog");
      Objects.requireNonNull(differenceImage, "differenceImage");
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param matchedDiaSource       the labelled DIA sources
   * @param matchedInjectedCatalog the fakes with their match and forced photometry
   */
  public record Outputs(Catalog matchedDiaSource, Catalog matchedInjectedCatalog) {
    /** Checks the outputs are present. */
    public Outputs {
      Objects.requireNonNull(matchedDiaSource, "matchedDiaSource");
      Objects.requireNonNull(matchedInjectedCatalog, "matchedInjectedCatalog");
    }
  }

  private final MatchInjectedConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public MatchInjectedTask(MatchInjectedConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * {instrument, visit, detector}: dia_source, injected_calexp_catalog, difference_image, optional truth_transients
   * in; matched_dia_source and matched_injected_catalog out.
   */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, DIA_SOURCE, INJECTED_CALEXP_CATALOG, DIFFERENCE_IMAGE, TRUTH_TRANSIENTS,
        MATCHED_DIA_SOURCE, MATCHED_INJECTED_CATALOG);
  }

  /**
   * Matches, labels and measures.
   *
   * @param in the inputs, not null
   * @return the labelled sources and the matched fakes
   * @throws UnprocessableDataException naming the dataset, data ID and column when a catalogue lacks a needed
   *                                    column or has it with the wrong type, or when the difference has no PSF
   */
  @Override
  public Outputs run(Inputs in) {
    Exposure diff = in.differenceImage();
    String where = TaskIds.describe("", in.dataId(), diff).strip();
    Psf psf = diff.psf().orElseThrow(() -> new UnprocessableDataException("difference_image " + where
        + " has no PSF; forced photometry of the fakes needs one"));
    Catalog dia = in.diaSource();
    Catalog fakes = in.injectedCalexpCatalog();
    int ns = dia.rowCount();
    int nf = fakes.rowCount();

    /* Read the columns the match needs. */
    double[] sRa = read(dia, "dia_source", where, "ra", "a numeric column", Catalog::doubleColumn, new double[0]);
    double[] sDec = read(dia, "dia_source", where, "dec", "a numeric column", Catalog::doubleColumn, new double[0]);
    long[] sId = read(dia, "dia_source", where, "diaSourceId", "a long column", Catalog::longColumn, new long[0]);
    boolean[] core = read(dia, "dia_source", where, "pixelFlags_injected_core", "a boolean column",
        Catalog::booleanColumn, new boolean[0]);
    double[] fRa = read(fakes, "injected_calexp_catalog", where, "ra", "a numeric column", Catalog::doubleColumn,
        new double[0]);
    double[] fDec = read(fakes, "injected_calexp_catalog", where, "dec", "a numeric column", Catalog::doubleColumn,
        new double[0]);
    long[] fId = read(fakes, "injected_calexp_catalog", where, "injection_id", "a long column", Catalog::longColumn,
        new long[0]);
    int[] fFlag = read(fakes, "injected_calexp_catalog", where, "injection_flag", "an int column",
        Catalog::intColumn, new int[0]);
    boolean[] usable = new boolean[nf];
    int noOverlap = InjectionFlag.NO_OVERLAP.bit();
    int unusable = 0;
    for (int f = 0; f < nf; f++) {
      usable[f] = fFlag[f] == 0;
      unusable += usable[f] ? 0 : 1;
    }

    /* Match and label. */
    MatchResult m = InjectionMatcher.match(sRa, sDec, sId, core, fRa, fDec, fId, usable, config.radiusArcsec());
    int[] label = m.labels();
    int[] srcFake = m.sourceFake();
    long[] srcInjectionId = new long[ns];
    for (int s = 0; s < ns; s++) {
      srcInjectionId[s] = srcFake[s] >= 0 ? fId[srcFake[s]] : -1;
    }
    int[] flags = m.sourceFlags();
    int[] truth;
    if (in.truthTransients() == null) {
      truth = TruthJoin.unknown(ns);
    } else {
      Catalog t = in.truthTransients();
      truth = TruthJoin.isTrueTransient(sRa, sDec,
          read(t, "truth_transients", where, "ra", "a numeric column", Catalog::doubleColumn, new double[0]),
          read(t, "truth_transients", where, "dec", "a numeric column", Catalog::doubleColumn, new double[0]),
          config.truthRadiusArcsec());
    }
    double[] mjd = new double[ns];
    Arrays.fill(mjd, diff.visitInfo().mjdMid());
    String band = in.dataId().get(Dimension.BAND).map(Object::toString).orElse(diff.visitInfo().band());
    String[] bands = new String[ns];
    Arrays.fill(bands, band);

    /* Forced photometry of every overlapping fake at its injected position. */
    double[] fx = fakes.hasColumn("injected_x") ? read(fakes, "injected_calexp_catalog", where, "injected_x",
        "a numeric column", Catalog::doubleColumn, new double[0]) : null;
    double[] fy = fakes.hasColumn("injected_y") ? read(fakes, "injected_calexp_catalog", where, "injected_y",
        "a numeric column", Catalog::doubleColumn, new double[0]) : null;
    double[] flux = new double[nf];
    double[] fluxErr = new double[nf];
    double[] snr = new double[nf];
    for (int f = 0; f < nf; f++) {
      ForcedFlux ff = ForcedFlux.NOT_MEASURED;
      if ((fFlag[f] & noOverlap) == 0) {
        if (fx != null && fy != null && Double.isFinite(fx[f]) && Double.isFinite(fy[f])) {
          ff = ForcedPhotometry.measure(diff, psf, fx[f], fy[f]);
        } else if (diff.wcs().isPresent()) {
          ff = ForcedPhotometry.measureSky(diff, psf, fRa[f], fDec[f]);
        }
      }
      flux[f] = ff.flux();
      fluxErr[f] = ff.fluxErr();
      snr[f] = ff.snr();
    }
    int[] fakeSrc = m.fakeSource();
    long[] fakeDiaId = new long[nf];
    for (int f = 0; f < nf; f++) {
      fakeDiaId[f] = fakeSrc[f] >= 0 ? sId[fakeSrc[f]] : 0;
    }

    /* The two catalogues. */
    Catalog.Builder sb = Catalog.builder();
    for (Column c : dia.columns()) {
      sb.add(c);
    }
    Catalog matchedDia = build(sb
        .addInts("label", label, "", "1 injected (matched to a fake), 0 real")
        .addLongs("injection_id", srcInjectionId, "", "injection_id of the matched fake; -1 none")
        .addDoubles("dist_arcsec", m.sourceDistArcsec(), "arcsec", "distance to the matched fake; -1 none")
        .addInts("match_flags", flags, "", "MatchFlags bits: 1 AMBIGUOUS_MASK, 2 MULTIPLE_FAKES")
        .addInts("is_true_transient", truth, "", "1 near a truth_transients row, 0 not, -1 no truth catalogue")
        .addDoubles("mjd", mjd, "d", "MJD (TAI) at mid-exposure of the difference image; NaN if unknown")
        .addStrings("band", bands, "", "band of the difference image; empty if unknown"), "matched_dia_source",
        where);
    Catalog.Builder fb = Catalog.builder();
    for (Column c : fakes.columns()) {
      fb.add(c);
    }
    Catalog matchedFakes = build(fb
        .addLongs("diaSourceId", fakeDiaId, "", "diaSourceId of the matched DIA source; 0 none")
        .addDoubles("dist_arcsec", m.fakeDistArcsec(), "arcsec", "distance to the matched DIA source; -1 none")
        .addDoubles("forced_flux", flux, "count", "forced PSF flux on the difference at the injected position")
        .addDoubles("forced_flux_err", fluxErr, "count", "1-sigma error of forced_flux")
        .addDoubles("forced_snr", snr, "", "forced_flux / forced_flux_err (signed); NaN for NO_OVERLAP"),
        "matched_injected_catalog", where);

    /* One summary line per quantum. */
    int ambiguous = 0;
    int multiple = 0;
    for (int fl : flags) {
      ambiguous += (fl & MatchFlags.AMBIGUOUS_MASK) != 0 ? 1 : 0;
      multiple += (fl & MatchFlags.MULTIPLE_FAKES) != 0 ? 1 : 0;
    }
    MatchAgreement agreement = MatchAgreement.of(label, core);
    LOG.info("Matched {} of {} fakes ({} not injected) to {} DIA sources on {} within {}\"; {} AMBIGUOUS_MASK, {}"
        + " MULTIPLE_FAKES; {}", m.matchCount(), nf, unusable, ns, where, config.radiusArcsec(), ambiguous,
        multiple, agreement.summary());
    return new Outputs(matchedDia, matchedFakes);
  }

  /** A column of a catalogue; an empty catalogue may lack it. */
  private static <T> T read(Catalog c, String dataset, String where, String column, String expected,
      ColumnReader<T> reader, T empty) {
    if (!c.hasColumn(column)) {
      if (c.rowCount() == 0) {
        return empty;
      }
      throw new UnprocessableDataException(dataset + " " + where + ": no column '" + column + "'; expected "
          + expected);
    }
    try {
      return reader.read(c, column);
    } catch (IllegalStateException e) {
      throw new UnprocessableDataException(dataset + " " + where + ": column '" + column + "' is "
          + c.column(column).type() + "; expected " + expected, e);
    }
  }

  /** The catalogue, or a quantum failure when an input already has one of the columns this task adds. */
  private static Catalog build(Catalog.Builder b, String dataset, String where) {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UnprocessableDataException(dataset + " " + where + ": " + InvalidDataException.sanitize(
          e.getMessage()) + " (does the input already carry this task's columns?)", e);
    }
  }

  /** A typed column accessor of {@link Catalog}. */
  private interface ColumnReader<T> {
    T read(Catalog c, String column);
  }
}
