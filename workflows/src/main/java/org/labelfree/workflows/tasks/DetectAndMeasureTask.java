package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Column;
import org.labelfree.detect.DetectAndMeasure;
import org.labelfree.detect.SourceTable;
import org.labelfree.image.Exposure;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detects and measures DIA sources on one difference image, as LSST's DetectAndMeasureTask: detection at 5 sigma of
 * both polarities with the difference's PSF as matched filter and its variance plane as noise; footprints and
 * peaks; centroid; PSF flux forced at the centroid; dipole flag; mask flags including INJECTED and INJECTED_CORE;
 * ra/dec from the WCS. No I/O.
 *
 * <p>{@code dia_source} holds the columns of {@link DetectAndMeasure} (LSST DiaSource names where one exists:
 * {@code x, y, ra, dec, psfFlux, psfFluxErr, snr, isDipole, isNegative, pixelFlags_*}; {@code snr = |psfFlux| /
 * psfFluxErr}) preceded by {@code diaSourceId, visit, detector}. {@code diaSourceId} is deterministic:
 * {@code (visit * 1000 + detector) * 2^24 + id} with {@code id} the 1-based source index, so visits below 5.4e8,
 * detectors below 1000 and up to 2^24 - 1 sources per image give unique, positive ids.
 */
public final class DetectAndMeasureTask
    implements PipelineTask<DetectAndMeasureTask.Inputs, DetectAndMeasureTask.Outputs> {

  /** One quantum per instrument, visit and detector. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT, DETECTOR);

  /** Input: the difference image. */
  public static final Connection DIFFERENCE_IMAGE = Connection.input("difference_image", "Exposure", DIMENSIONS,
      "decorrelated difference image with its PSF");

  /** Output: the DIA sources. */
  public static final Connection DIA_SOURCE = Connection.output("dia_source", "Catalog", DIMENSIONS,
      "DIA sources of both polarities: centroid, forced PSF flux, snr, dipole and mask flags");

  /** Largest detector number the id packing allows, plus one. */
  static final long DETECTORS = 1000;
  /** Sources per image the id packing allows, plus one. */
  static final long SOURCES = 1L << 24;

  private static final Logger LOG = LoggerFactory.getLogger(DetectAndMeasureTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param differenceImage the difference image, not null; must carry a PSF
   * @param dataId          the quantum's data ID (empty when run by hand)
   */
  public record Inputs(Exposure differenceImage, DataId dataId) {
    /** Checks the input is present. */
    public Inputs {
      Objects.requireNonNull(differenceImage, "differenceImage");
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param diaSource the DIA source catalogue
   */
  public record Outputs(Catalog diaSource) {
    /** Checks the output is present. */
    public Outputs {
      Objects.requireNonNull(diaSource, "diaSource");
    }
  }

  private final DiaDetectionConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public DetectAndMeasureTask(DiaDetectionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument, visit, detector}: difference_image in; dia_source out. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, DIFFERENCE_IMAGE, DIA_SOURCE);
  }

  /**
   * Detects and measures.
   *
   * @param in the inputs, not null
   * @return the DIA sources
   * @throws UnprocessableDataException if the difference has no PSF, or the ids cannot be packed
   */
  @Override
  public Outputs run(Inputs in) {
    Exposure diff = in.differenceImage();
    String what = TaskIds.describe("difference_image", in.dataId(), diff);
    if (diff.psf().isEmpty()) {
      throw new UnprocessableDataException(what + " has no PSF; DIA detection needs one as matched filter");
    }
    long visit = TaskIds.visit(in.dataId(), diff);
    int detector = TaskIds.detector(in.dataId(), diff);
    if (visit < 0 || detector < 0 || detector >= DETECTORS || visit > (Long.MAX_VALUE / SOURCES) / DETECTORS - 1) {
      throw new UnprocessableDataException(what + ": visit " + visit + " and detector " + detector
          + " cannot be packed into diaSourceId; expected 0 <= detector < 1000 and 0 <= visit < 5.4e8");
    }
    SourceTable t = DetectAndMeasure.run(diff, diff.psf().get(), config.detection());
    Catalog c = t.catalog();
    int n = c.rowCount();
    if (n >= SOURCES) {
      throw new UnprocessableDataException(what + ": " + n + " DIA sources; at most " + (SOURCES - 1)
          + " fit in diaSourceId");
    }

    /* diaSourceId, visit, detector first, then the measurement columns. */
    long[] ids = c.longColumn("id");
    long[] diaIds = new long[n];
    long[] visits = new long[n];
    int[] detectors = new int[n];
    long base = (visit * DETECTORS + detector) * SOURCES;
    for (int i = 0; i < n; i++) {
      diaIds[i] = base + ids[i];
      visits[i] = visit;
      detectors[i] = detector;
    }
    Catalog.Builder b = Catalog.builder()
        .addLongs("diaSourceId", diaIds, "", "unique id: (visit * 1000 + detector) * 2^24 + id")
        .addLongs("visit", visits, "", "visit")
        .addInts("detector", detectors, "", "detector");
    for (Column col : c.columns()) {
      b.add(col);
    }
    LOG.info("DIA sources on {}: {} ({} positive, {} negative, {} dipoles)", what, n, t.positive(), t.negative(),
        t.dipoles());
    return new Outputs(b.build());
  }
}
