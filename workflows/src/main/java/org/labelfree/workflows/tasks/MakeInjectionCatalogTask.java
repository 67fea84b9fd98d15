package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.PhotoCalib;
import org.labelfree.injection.DetectorFootprint;
import org.labelfree.injection.Host;
import org.labelfree.injection.HostSelector;
import org.labelfree.injection.InjectionCatalogMaker;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.NoWorkFoundException;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.labelfree.wcs.Wcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the injection catalogue of one visit (its band is the visit's), as the paper does and in LSST
 * source_injection's column conventions: hosts are the galaxies of the visit's {@code src} catalogues
 * ({@link HostSelector}: extendedness 1, S/N above {@code min_snr}, unflagged, shape and AB magnitude on the sky),
 * and {@link InjectionCatalogMaker} places the fakes. No I/O.
 *
 * <p>The task gathers every detector's {@code src} and {@code calexp} of the visit: the calexps give each detector's
 * WCS, PhotoCalib and pixel box (the host shapes go through the local WCS Jacobian; host-less fakes are placed
 * uniformly over the detectors). A {@code src} is paired with the calexp whose pixel box holds its sources (the
 * gathered lists carry no data IDs); a calexp without a {@code src} (characterize failed there) gets no fakes.
 */
public final class MakeInjectionCatalogTask
    implements PipelineTask<MakeInjectionCatalogTask.Inputs, MakeInjectionCatalogTask.Outputs> {

  /** One quantum per instrument and visit (the band is implied by the visit). */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT);

  /** Input: the source catalogues of the visit's detectors. */
  public static final Connection SRC = Connection.input("src", "Catalog", Set.of(INSTRUMENT, VISIT, DETECTOR),
      "single-visit sources of every detector (extendedness, shape, fluxes)").asMultiple();

  /** Input: the calibrated images of the visit's detectors (for WCS, PhotoCalib and pixel boxes). */
  public static final Connection CALEXP = Connection.input("calexp", "Exposure", Set.of(INSTRUMENT, VISIT, DETECTOR),
      "calibrated single-visit images of every detector").asMultiple();

  /** Output: the visit's fakes. */
  public static final Connection INJECTION_CATALOG = Connection.output("injection_catalog", "Catalog", DIMENSIONS,
      "fakes of the visit: injection_id, ra, dec, source_type, mag, band, visit, host_* columns");

  private static final Logger LOG = LoggerFactory.getLogger(MakeInjectionCatalogTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param src    the detectors' source catalogues (not null)
   * @param calexp the detectors' calibrated images (not null)
   * @param dataId the quantum's data ID (empty when run by hand)
   */
  public record Inputs(List<Catalog> src, List<Exposure> calexp, DataId dataId) {
    /** Checks and copies. */
    public Inputs {
      src = List.copyOf(src);
      calexp = List.copyOf(calexp);
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param injectionCatalog the visit's fakes
   */
  public record Outputs(Catalog injectionCatalog) {
    /** Checks the output is present. */
    public Outputs {
      Objects.requireNonNull(injectionCatalog, "injectionCatalog");
    }
  }

  private final MakeInjectionCatalogConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public MakeInjectionCatalogTask(MakeInjectionCatalogConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument, visit}: every detector's src and calexp in; injection_catalog out. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, SRC, CALEXP, INJECTION_CATALOG);
  }

  /**
   * Selects the hosts and makes the catalogue.
   *
   * @param in the inputs, not null
   * @return the visit's injection catalogue (possibly without rows: a visit with no galaxy)
   * @throws NoWorkFoundException if no calexp was given
   */
  @Override
  public Outputs run(Inputs in) {
    if (in.calexp().isEmpty()) {
      throw new NoWorkFoundException("no calexp for " + in.dataId());
    }
    Exposure first = in.calexp().get(0);
    long visit = TaskIds.visit(in.dataId(), first);
    String band = first.visitInfo().band();
    double mjd = first.visitInfo().mjdMid();
    String what = "visit " + visit + " (band " + band + ")";

    /* Pair each src with the calexp whose box holds its sources; hosts and footprints per detector. */
    List<Host> hosts = new ArrayList<>();
    List<DetectorFootprint> footprints = new ArrayList<>();
    boolean[] used = new boolean[in.calexp().size()];
    for (Catalog src : in.src()) {
      int k = owner(src, in.calexp(), used);
      if (k < 0) {
        LOG.warn("{}: a src catalogue of {} rows lies on none of the {} calexps; its sources are not used as hosts",
            what, src.rowCount(), in.calexp().size());
        continue;
      }
      used[k] = true;
      Exposure e = in.calexp().get(k);
      String where = TaskIds.describe("calexp", in.dataId().with(DETECTOR, e.visitInfo().detector()), e);
      Wcs wcs = e.wcs().orElseThrow(() -> new org.labelfree.image.InvalidDataException(where + " has no WCS"));
      PhotoCalib calib = e.photoCalib().orElseThrow(
          () -> new org.labelfree.image.InvalidDataException(where + " has no PhotoCalib (zero point)"));
      int detector = e.visitInfo().detector();
      hosts.addAll(HostSelector.select(src, wcs, calib, detector, e.image().x0(), e.image().y0(), e.width(),
          e.height(), config.hosts()));
      footprints.add(new DetectorFootprint(detector, wcs, e.image().x0(), e.image().y0(), e.width(), e.height()));
    }
    Catalog c = InjectionCatalogMaker.make(visit, band, mjd, hosts, footprints, config.catalog());
    LOG.info("Injection catalogue of {}: {} fakes from {} hosts on {} detectors", what, c.rowCount(), hosts.size(),
        footprints.size());
    return new Outputs(c);
  }

  /**
   * The index of the first unused calexp whose WCS maps a source of {@code src} (its first with a finite position)
   * into its pixel box (1 px margin), or -1 (also for a catalogue without finite positions).
   */
  private static int owner(Catalog src, List<Exposure> calexps, boolean[] used) {
    if (src.rowCount() == 0 || !src.hasColumn("ra") || !src.hasColumn("dec")) {
      return -1;
    }
    double[] ras = src.doubleColumn("ra");
    double[] decs = src.doubleColumn("dec");
    int row = 0;
    while (row < ras.length && !(Double.isFinite(ras[row]) && Double.isFinite(decs[row]))) {
      row++;
    }
    if (row == ras.length) {
      return -1;
    }
    for (int k = 0; k < calexps.size(); k++) {
      Exposure e = calexps.get(k);
      if (used[k] || e.wcs().isEmpty()) {
        continue;
      }
      double[] p = e.wcs().get().skyToPixel(ras[row], decs[row]);
      double x = p[0] - e.image().x0();
      double y = p[1] - e.image().y0();
      if (x >= -1 && y >= -1 && x <= e.width() && y <= e.height()) {
        return k;
      }
    }
    return -1;
  }
}
