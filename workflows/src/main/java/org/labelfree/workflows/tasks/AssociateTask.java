package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.InvalidDataException;
import org.labelfree.labeling.objects.DiaObjectAssociator;
import org.labelfree.labeling.objects.DiaObjectCatalogs;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Associates the DIA sources of all visits of an instrument into DIA objects (the {@code associate} step): gathers
 * every {@code matched_dia_source} and writes {@code dia_object} (one row per object) and {@code dia_object_source}
 * (the light curves), as {@link DiaObjectCatalogs} documents; the association is {@link DiaObjectAssociator}'s
 * (nearest object within {@link AssociateConfig#radiusArcsec()}, running-mean positions, at most one source per
 * visit-detector, {@code diaObjectId} = the diaSourceId of the object's first source). No I/O.
 *
 * <p>One quantum per instrument. A catalogue with a missing or mistyped column, or a repeated diaSourceId, is bad
 * data ({@link org.labelfree.labeling.objects.DiaObjectException}): the quantum fails with the catalogue named.
 */
public final class AssociateTask implements PipelineTask<AssociateTask.Inputs, AssociateTask.Outputs> {

  /** One quantum per instrument. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT);

  /** Input: the labelled DIA sources of every visit-detector (gathered). */
  public static final Connection MATCHED_DIA_SOURCE = Connection.input("matched_dia_source", "Catalog",
      Set.of(INSTRUMENT, VISIT, DETECTOR), "DIA sources with labels, MJD and band, of every visit-detector")
      .asMultiple().withMinimum(1);

  /** Output: the DIA objects. */
  public static final Connection DIA_OBJECT = Connection.output("dia_object", "Catalog", DIMENSIONS,
      "DIA objects: position, counts, truth, MJD range, bands");

  /** Output: the DIA objects' light curves. */
  public static final Connection DIA_OBJECT_SOURCE = Connection.output("dia_object_source", "Catalog", DIMENSIONS,
      "one row per DIA source with its diaObjectId, sorted by (diaObjectId, mjd, diaSourceId)");

  private static final Logger LOG = LoggerFactory.getLogger(AssociateTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param matchedDiaSource the catalogues of every visit-detector (not null; in data-ID order)
   * @param dataId           the quantum's data ID (empty when run by hand)
   */
  public record Inputs(List<Catalog> matchedDiaSource, DataId dataId) {
    /** Checks and copies. */
    public Inputs {
      matchedDiaSource = List.copyOf(matchedDiaSource);
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param diaObject       the objects
   * @param diaObjectSource the light curves
   */
  public record Outputs(Catalog diaObject, Catalog diaObjectSource) {
    /** Checks the outputs are present. */
    public Outputs {
      Objects.requireNonNull(diaObject, "diaObject");
      Objects.requireNonNull(diaObjectSource, "diaObjectSource");
    }
  }

  private final AssociateConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public AssociateTask(AssociateConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument}: matched_dia_source (gathered) in; dia_object and dia_object_source out. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, MATCHED_DIA_SOURCE, DIA_OBJECT, DIA_OBJECT_SOURCE);
  }

  /**
   * Associates.
   *
   * @param in the inputs, not null
   * @return the objects and light curves
   * @throws org.labelfree.labeling.objects.DiaObjectException if a catalogue is malformed (names it and the column)
   */
  @Override
  public Outputs run(Inputs in) {
    DiaObjectCatalogs.Result r = DiaObjectCatalogs.build(in.matchedDiaSource(),
        new DiaObjectAssociator(config.radiusArcsec()));
    String instrument = InvalidDataException.sanitize(in.dataId().get(INSTRUMENT).map(Object::toString)
        .orElse("?"));
    LOG.info("Associated {} DIA sources of {} visit-detectors of instrument {} into {} DIA objects within {}\"",
        r.diaObjectSource().rowCount(), in.matchedDiaSource().size(), instrument, r.diaObject().rowCount(),
        config.radiusArcsec());
    return new Outputs(r.diaObject(), r.diaObjectSource());
  }
}
