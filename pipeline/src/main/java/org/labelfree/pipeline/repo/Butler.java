package org.labelfree.pipeline.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade that reads and writes datasets: registry and datastore together, as Gen3's {@code Butler}. Obtain it
 * from {@link Repository#butler()}. Thread-safe: writes of one dataset are serialised within the process; distinct
 * datasets are written in parallel. Two processes must not put the same dataset at the same time (one of them
 * fails with a {@link ConflictException}).
 */
public final class Butler {
  private static final Logger LOG = LoggerFactory.getLogger(Butler.class);
  private static final int LOCK_STRIPES = 64;

  /** What {@link #put(Object, DatasetType, DataId, String, OnExisting)} does when the dataset already exists. */
  public enum OnExisting {
    /** Identical bytes: keep the existing dataset (idempotent); different bytes: {@link ConflictException}. */
    KEEP_IDENTICAL,
    /** Replace the file and its registry entry with the new bytes (same ID, same path). */
    REPLACE
  }

  private final Registry registry;
  private final Datastore datastore;
  private final FormatterRegistry formatters;
  private final Object[] locks = new Object[LOCK_STRIPES];

  Butler(Registry registry, Datastore datastore, FormatterRegistry formatters) {
    this.registry = registry;
    this.datastore = datastore;
    this.formatters = formatters;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * Puts a dataset, idempotently: {@code put(o, type, dataId, run, OnExisting.KEEP_IDENTICAL)}.
   *
   * @see #put(Object, DatasetType, DataId, String, OnExisting)
   */
  public DatasetRef put(Object object, DatasetType type, DataId dataId, String run) {
    return put(object, type, dataId, run, OnExisting.KEEP_IDENTICAL);
  }

  /**
   * Writes {@code object} as the dataset of {@code type} with {@code dataId} in {@code run} (registered as a RUN if
   * new). The file is written through the storage class's formatter to a temporary name, renamed into place, and
   * only then registered. The same dataset put again into the same run gets the same ID and path. A file found at
   * the target path without a registry row (an orphan of a crash between rename and insert) is never trusted: it is
   * replaced by the new file, with a warning.
   *
   * @return the stored dataset, with its file
   * @throws NotFoundException      if the dataset type is not registered
   * @throws ConflictException      if the type differs from the registered one, {@code run} is not a RUN, the dataset
   *                                exists with different bytes (and {@code onExisting} is KEEP_IDENTICAL), or the
   *                                path is taken by another dataset
   * @throws InvalidDataIdException if the data ID does not have exactly the type's dimensions
   * @throws InvalidNameException   if the run name is not allowed
   * @throws DatastoreException     if there is no formatter, the object has the wrong class, or writing fails (then
   *                                neither a file nor a row is left)
   */
  public DatasetRef put(Object object, DatasetType type, DataId dataId, String run, OnExisting onExisting) {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(onExisting, "onExisting");
    DatasetRef ref = DatasetRef.of(type, run, dataId);
    DatasetType registered = registry.getDatasetType(type.name());
    if (!registered.equals(type)) {
      throw new ConflictException("dataset type " + type.name() + " is registered as " + registered
          + "; cannot put a dataset of " + type);
    }
    Formatter<?> formatter = formatters.get(type.storageClass());
    if (!formatter.objectType().isInstance(object)) {
      throw new DatastoreException("storage class " + type.storageClass() + " of " + type.name() + " stores "
          + formatter.objectType().getName() + ", but the object to put is a " + object.getClass().getName());
    }
    DataId expanded = registry.expandDataId(dataId);
    String path = datastore.relativePath(type, run, expanded, formatter.extension());
    synchronized (locks[Math.floorMod(path.hashCode(), LOCK_STRIPES)]) {
      return putLocked(ref, object, formatter, expanded, path, onExisting);
    }
  }

  private DatasetRef putLocked(DatasetRef ref, Object object, Formatter<?> formatter, DataId expanded, String path,
      OnExisting onExisting) {
    return storeLocked(ref, () -> stage(path, formatter, object), expanded, path, onExisting,
        "put it with OnExisting.REPLACE to replace it");
  }

  /**
   * Stores a dataset whose file {@code stager} writes to its temporary name: the common part of put and ingest.
   * Called with the path's lock held.
   */
  private DatasetRef storeLocked(DatasetRef ref, Supplier<Datastore.Staged> stager, DataId expanded, String path,
      OnExisting onExisting, String replaceHint) {
    Optional<DatasetRef> existing = registry.getDataset(ref.id());
    if (existing.isEmpty()) {
      Optional<DatasetRef> other = registry.getDatasetByPath(path);
      if (other.isPresent()) {
        throw new ConflictException("dataset " + ref.describe() + " maps to file " + path + ", which dataset "
            + other.get().describe() + " already uses; choose a path template that tells them apart");
      }
    }
    Datastore.Staged staged = stager.get();
    if (existing.isPresent()) {
      StoredFile old = existing.get().file();
      if (old.sha256().equals(staged.file().sha256()) && old.sizeBytes() == staged.file().sizeBytes()) {
        if (datastore.intact(old)) {
          datastore.discard(staged);
        } else {
          LOG.warn("Restoring the missing or damaged file {} of {}", old.path(), ref.describe());
          datastore.commit(new Datastore.Staged(staged.temporary(), datastore.resolve(old.path()), old));
        }
        return existing.get();
      }
      if (onExisting == OnExisting.KEEP_IDENTICAL) {
        datastore.discard(staged);
        throw new ConflictException("dataset " + ref.describe() + " exists with other content (SHA-256 "
            + old.sha256() + ", " + old.sizeBytes() + " bytes; new " + staged.file().sha256() + ", "
            + staged.file().sizeBytes() + " bytes); " + replaceHint);
      }
      StoredFile replaced = new StoredFile(old.path(), staged.file().sizeBytes(), staged.file().sha256());
      datastore.commit(new Datastore.Staged(staged.temporary(), datastore.resolve(old.path()), replaced));
      registry.updateDatasetFile(ref.id(), replaced);
      LOG.debug("Replaced {} at {}", ref.describe(), old.path());
      return existing.get().withFile(replaced);
    }
    if (datastore.fileExists(path)) {
      LOG.warn("Replacing orphan file {} (no registry entry; left by an interrupted write) with {}", path,
          ref.describe());
    }
    datastore.commit(staged);
    DatasetRef stored = ref.withFile(staged.file());
    registry.insertDataset(stored, expanded);
    LOG.debug("Put {} at {}", ref.describe(), path);
    return stored;
  }

  /**
   * Ingests an existing file as the dataset of {@code type} with {@code dataId} in {@code run} (registered as a RUN if
   * new), as Gen3's {@code butler ingest-files} with transfer mode "copy": the file is first read through the storage
   * class's formatter, so a file that formatter cannot read is refused before anything is written; then its bytes are
   * copied unchanged to a temporary name at the dataset's datastore path (extension from the formatter), renamed into
   * place and registered. The source file is never modified. Ingesting the same bytes again is a no-op returning the
   * stored dataset; an orphan file at the target path (no registry row) is replaced with a warning, as in
   * {@link #put(Object, DatasetType, DataId, String, OnExisting)}.
   *
   * <p>Thread-safe as {@code put}; the source must not change while it is being ingested.
   *
   * @param source the file to ingest (any readable path; not null)
   * @return the stored dataset, with its file (size and SHA-256 of the copied bytes)
   * @throws NotFoundException      if the dataset type is not registered
   * @throws ConflictException      if the type differs from the registered one, {@code run} is not a RUN, the dataset
   *                                exists with other bytes, or the path is taken by another dataset
   * @throws InvalidDataIdException if the data ID does not have exactly the type's dimensions
   * @throws InvalidNameException   if the run name is not allowed
   * @throws DatastoreException     naming the file if it is missing or its formatter cannot read it (nothing is then
   *                                written or registered), if there is no formatter, or if copying fails (then neither
   *                                a file nor a row is left)
   */
  public DatasetRef ingest(Path source, DatasetType type, DataId dataId, String run) {
    Objects.requireNonNull(source, "source");
    DatasetRef ref = DatasetRef.of(type, run, dataId);
    DatasetType registered = registry.getDatasetType(type.name());
    if (!registered.equals(type)) {
      throw new ConflictException("dataset type " + type.name() + " is registered as " + registered
          + "; cannot ingest " + source + " as a dataset of " + type);
    }
    Formatter<?> formatter = formatters.get(type.storageClass());
    checkReadable(source, type, formatter);
    DataId expanded = registry.expandDataId(dataId);
    String path = datastore.relativePath(type, run, expanded, formatter.extension());
    synchronized (locks[Math.floorMod(path.hashCode(), LOCK_STRIPES)]) {
      DatasetRef stored = storeLocked(ref, () -> datastore.stageCopy(path, source), expanded, path,
          OnExisting.KEEP_IDENTICAL, "remove run " + run + " first to ingest other bytes");
      LOG.debug("Ingested {} as {} at {}", source, ref.describe(), path);
      return stored;
    }
  }

  /** Reads {@code source} through {@code formatter}, turning every failure into a message that names the file. */
  private static void checkReadable(Path source, DatasetType type, Formatter<?> formatter) {
    if (!Files.isRegularFile(source)) {
      throw new DatastoreException("cannot ingest " + source + " as " + type.name() + ": it does not exist or is not"
          + " a regular file");
    }
    try {
      formatter.read(source);
    } catch (NoSuchFileException e) {
      throw new DatastoreException("cannot ingest " + source + " as " + type.name() + ": it does not exist", e);
    } catch (IOException | RuntimeException e) {
      throw new DatastoreException("cannot ingest " + source + " as " + type.name() + ": it is not a readable "
          + type.storageClass() + " file (" + formatter.getClass().getSimpleName() + "): " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Datastore.Staged stageTyped(Datastore datastore, String path, Formatter<T> formatter,
      Object object) {
    return datastore.stage(path, formatter, (T) object);
  }

  private Datastore.Staged stage(String path, Formatter<?> formatter, Object object) {
    return stageTyped(datastore, path, formatter, object);
  }

  /**
   * Reads a dataset, checking the file's size against the registry.
   *
   * @see #get(DatasetRef, boolean)
   */
  public Object get(DatasetRef ref) {
    return get(ref, false);
  }

  /**
   * Reads a dataset. The registry's entry for {@code ref.id()} is authoritative (the file of {@code ref} is not
   * trusted); the file's size is always checked, its SHA-256 when {@code verifyChecksum}.
   *
   * @throws NotFoundException  if the dataset is not registered
   * @throws DatastoreException if the file is missing, damaged or unreadable, or there is no formatter
   */
  public Object get(DatasetRef ref, boolean verifyChecksum) {
    Objects.requireNonNull(ref, "ref");
    DatasetRef stored = registry.getDataset(ref.id()).orElseThrow(() -> new NotFoundException("dataset "
        + ref.describe() + " (id " + ref.id() + ") is not in the registry"));
    Formatter<?> formatter = formatters.get(stored.datasetType().storageClass());
    return datastore.read(stored.file(), formatter, verifyChecksum);
  }

  /**
   * Reads a dataset as a given class.
   *
   * @throws DatastoreException also if the object read is not a {@code type}
   */
  public <T> T get(DatasetRef ref, Class<T> type) {
    Object o = get(ref);
    if (!type.isInstance(o)) {
      throw new DatastoreException("dataset " + ref.describe() + " was read as a " + o.getClass().getName()
          + "; expected " + type.getName());
    }
    return type.cast(o);
  }

  /**
   * Finds a dataset in a search path ({@link Registry#findDataset}).
   *
   * @throws NotFoundException      if the dataset type or a collection does not exist
   * @throws InvalidDataIdException if the data ID does not fit the type
   */
  public Optional<DatasetRef> find(String datasetType, DataId dataId, List<String> collections) {
    return registry.findDataset(datasetType, dataId, collections);
  }

  /** True if the dataset is registered and its file is present with the registered size. */
  public boolean exists(DatasetRef ref) {
    Optional<DatasetRef> stored = registry.getDataset(ref.id());
    return stored.isPresent() && datastore.intact(stored.get().file());
  }

  /**
   * Removes RUN collections: their registry rows (one transaction per run, also removing them from chains), then
   * their files and the folders left empty. A crash between the two leaves files without rows, which the next put of
   * the same dataset replaces.
   *
   * @return the datasets removed
   * @throws NotFoundException if a run does not exist (runs before it are already removed)
   * @throws ConflictException if a collection is not a RUN
   */
  public List<DatasetRef> removeRuns(List<String> runs) {
    List<DatasetRef> removed = new ArrayList<>();
    for (String run : runs) {
      List<DatasetRef> refs = registry.removeRun(run);
      for (DatasetRef r : refs) {
        datastore.delete(r.file().path());
      }
      LOG.info("Removed run {} with {} datasets", run, refs.size());
      removed.addAll(refs);
    }
    return removed;
  }

  /** The registry this butler writes to. */
  public Registry registry() {
    return registry;
  }

  /** The datastore this butler writes to. */
  public Datastore datastore() {
    return datastore;
  }
}
