package org.labelfree.pipeline.repo;

import java.util.Objects;
import java.util.UUID;

/**
 * A reference to one dataset: its ID, dataset type, run and data ID, and (when stored) its file.
 *
 * @param id          the dataset ID ({@link DatasetIds#datasetId})
 * @param datasetType the dataset type
 * @param run         the RUN collection the dataset was written to
 * @param dataId      the data ID, with exactly the dataset type's dimensions
 * @param file        the stored file; null for a reference not (yet) resolved against the datastore
 */
public record DatasetRef(UUID id, DatasetType datasetType, String run, DataId dataId, StoredFile file) {
  public DatasetRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(datasetType, "datasetType");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(dataId, "dataId");
  }

  /**
   * An unresolved reference with its deterministic ID.
   *
   * @throws InvalidDataIdException if {@code dataId} does not have exactly the type's dimensions
   * @throws InvalidNameException   if {@code run} is not a valid run name
   */
  public static DatasetRef of(DatasetType datasetType, String run, DataId dataId) {
    Names.checkCollection(run, "run");
    if (!datasetType.accepts(dataId)) {
      throw new InvalidDataIdException("data ID " + dataId + " does not fit dataset type " + datasetType.name()
          + ": expected dimensions " + datasetType.dimensions() + ", got " + dataId.dimensions());
    }
    return new DatasetRef(DatasetIds.datasetId(datasetType.name(), run, dataId), datasetType, run, dataId, null);
  }

  /** This reference with a stored file. */
  public DatasetRef withFile(StoredFile stored) {
    return new DatasetRef(id, datasetType, run, dataId, stored);
  }

  /** A short text for logs and messages, e.g. {@code calexp@u/me/x {instrument: 'HSC', visit: 1}}. */
  public String describe() {
    return datasetType.name() + "@" + run + " " + dataId;
  }
}
