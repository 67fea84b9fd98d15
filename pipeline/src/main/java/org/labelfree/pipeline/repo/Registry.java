package org.labelfree.pipeline.repo;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.labelfree.pipeline.query.SqlPredicate;

/**
 * The registry of a repository: what exists (dataset types, collections, datasets, dimension records), in a SQL
 * database (SQLite by default, PostgreSQL later, one portable schema). Obtain it from {@link Repository#registry()}.
 *
 * <p><b>Queries.</b> Dataset and data-ID queries take a {@link SqlPredicate} whose column references are
 * {@code ds.<dimension key>} ({@link #DATASET_ALIAS}{@code .instrument}, {@code ds.band}, {@code ds.physical_filter},
 * {@code ds.visit}, {@code ds.detector}, {@code ds.skymap}, {@code ds.tract}, {@code ds.patch}): the dataset table
 * has one nullable column per dimension, named exactly {@link Dimension#key()}. A dataset row holds the values of
 * its type's dimensions plus the values they imply through dimension records ({@code band} and
 * {@code physical_filter} of a visit, when the visit's record existed when the dataset was inserted), so
 * {@code ds.band = ?} also selects {@code calexp}s whose dimensions are instrument, visit and detector. The
 * predicate's text must come from the query compiler (it may not contain {@code ;}, {@code --} or {@code /*});
 * its parameters are bound, never spliced.
 *
 * <p><b>Collections.</b> A search path is a list of collection names; CHAINED collections are flattened depth-first
 * with the first occurrence of a collection kept, as in Gen3. An empty search path in a query means all
 * collections.
 *
 * <p><b>Threading.</b> Implementations are thread-safe (calls are serialised on one connection). Several processes
 * may share one SQLite repository: writers wait for each other's locks (busy timeout) and every multi-statement
 * change is one transaction. For parallel workers, open one {@link Repository} per worker.
 */
public interface Registry extends AutoCloseable {
  /** The alias of the dataset table in dataset and data-ID queries: predicates reference {@code ds.visit} etc. */
  String DATASET_ALIAS = "ds";

  /**
   * Registers a dataset type. Idempotent when an identical definition exists.
   *
   * @return true if it was new
   * @throws ConflictException if the name is registered with other dimensions or another storage class
   */
  boolean registerDatasetType(DatasetType type);

  /**
   * The registered dataset type of this name.
   *
   * @throws NotFoundException naming the type and the registered ones
   */
  DatasetType getDatasetType(String name);

  /** All registered dataset types, sorted by name. */
  List<DatasetType> queryDatasetTypes();

  /**
   * Registers a collection. Idempotent when one of the same name and type exists (its doc is kept).
   *
   * @param doc documentation (null for none)
   * @return true if it was new
   * @throws InvalidNameException if the name is not allowed (see {@link Repository} for the rules)
   * @throws ConflictException    if the name exists with another type
   */
  boolean registerCollection(String name, CollectionType type, String doc);

  /**
   * Sets the members of a CHAINED collection (creating it if it does not exist), replacing previous members, as
   * {@code butler collection-chain} does.
   *
   * @throws NotFoundException  if a child does not exist
   * @throws ConflictException  if {@code parent} exists and is not CHAINED, a child is listed twice, or the chain
   *                            would form a cycle (the message names the cycle)
   */
  void setChain(String parent, List<String> children);

  /**
   * One collection.
   *
   * @throws NotFoundException if it does not exist
   */
  CollectionInfo getCollection(String name);

  /** All collections, sorted by name. */
  List<CollectionInfo> queryCollections();

  /**
   * The search path with CHAINED collections flattened depth-first (first occurrence kept): only RUN and TAGGED
   * collections remain.
   *
   * @throws NotFoundException naming the first collection that does not exist
   */
  List<String> resolveCollections(List<String> searchPath);

  /**
   * Adds datasets to a TAGGED collection (idempotent per dataset).
   *
   * @throws NotFoundException if the collection or a dataset does not exist
   * @throws ConflictException if the collection is not TAGGED
   */
  void associate(String tagged, Collection<UUID> datasetIds);

  /**
   * The data ID with the values its dimensions imply through dimension records added: {@code band} and
   * {@code physical_filter} from the visit's record when the data ID has {@code instrument} and {@code visit}.
   * Unchanged when no record applies.
   *
   * @throws InvalidDataIdException if the data ID's band or physical filter contradicts the visit record
   */
  DataId expandDataId(DataId dataId);

  /**
   * Inserts a dataset in one transaction. {@code ref.file()} must be set; the run is registered as a RUN if it does
   * not exist.
   *
   * @param expanded the data ID expanded by {@link #expandDataId} (its values fill the dimension columns)
   * @throws NotFoundException      if the dataset type is not registered
   * @throws ConflictException      if the type differs from the registered one, the run is not a RUN, the dataset
   *                                exists already, or another dataset has the same file path
   * @throws InvalidDataIdException if the data IDs do not fit the type
   */
  void insertDataset(DatasetRef ref, DataId expanded);

  /**
   * Replaces the file description of an existing dataset (a replacing put).
   *
   * @throws NotFoundException if the dataset does not exist
   */
  void updateDatasetFile(UUID id, StoredFile file);

  /** The dataset of this ID, if registered. */
  Optional<DatasetRef> getDataset(UUID id);

  /** The dataset stored at this datastore-relative path, if any. */
  Optional<DatasetRef> getDatasetByPath(String path);

  /**
   * Finds one dataset of a type and data ID in a search path: the first collection (after flattening) that has it
   * wins.
   *
   * @throws NotFoundException      if the dataset type or a collection does not exist
   * @throws InvalidDataIdException if the data ID does not fit the type
   */
  Optional<DatasetRef> findDataset(String datasetType, DataId dataId, List<String> collections);

  /**
   * All datasets of the given types in the given collections that satisfy {@code where}, each once, sorted by
   * dataset type, run, then data ID values in canonical dimension order (numbers numerically), then ID.
   *
   * @param datasetTypes type names; empty for all types
   * @param collections  search path; empty for all collections
   * @param where        compiled predicate over {@code ds.<dimension>} columns ({@link SqlPredicate#all()})
   * @throws NotFoundException if a dataset type or collection does not exist
   */
  List<DatasetRef> queryDatasets(Collection<String> datasetTypes, List<String> collections, SqlPredicate where);

  /**
   * The distinct data IDs over {@code dimensions} of the datasets (not of dimension records) of the given types in
   * the given collections that satisfy {@code where} and have values for all of {@code dimensions} (implied values
   * count, see the class comment), sorted by their values in canonical order.
   *
   * @param dimensions   the dimensions of the returned data IDs (not empty)
   * @param datasetTypes type names; empty for all types
   * @param collections  search path; empty for all collections
   * @throws NotFoundException if a dataset type or collection does not exist
   */
  List<DataId> queryDataIds(Set<Dimension> dimensions, Collection<String> datasetTypes, List<String> collections,
      SqlPredicate where);

  /**
   * Deletes a RUN collection with its datasets (rows only: {@link Butler#removeRuns} also deletes the files),
   * removing it from the chains that list it, in one transaction.
   *
   * @return the datasets that were removed, with their files
   * @throws NotFoundException if the run does not exist
   * @throws ConflictException if the collection is not a RUN
   */
  List<DatasetRef> removeRun(String run);

  /**
   * Inserts dimension records in one transaction; a record identical to a stored one is skipped.
   *
   * @throws ConflictException if a record with the same key but other values exists
   * @throws NotFoundException if a record refers to a missing instrument, sky map or tract
   */
  void insertDimensionRecords(Collection<? extends DimensionRecord> records);

  /** All records of one kind (e.g. {@code DimensionRecord.Visit.class}), sorted by key. */
  <R extends DimensionRecord> List<R> queryDimensionRecords(Class<R> kind);

  /** Closes the database connection. Idempotent. */
  @Override
  void close();
}
