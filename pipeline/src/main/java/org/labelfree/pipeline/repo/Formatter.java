package org.labelfree.pipeline.repo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes the in-memory objects of one storage class in one file format (FITS, Parquet, HDF5, JSON...).
 * Register it with a {@link FormatterRegistry} under its storage class name. Implementations must be thread-safe
 * (stateless): one instance serves all threads of a repository.
 *
 * @param <T> the in-memory type
 */
public interface Formatter<T> {

  /** The in-memory type this formatter writes; {@link Butler#put} checks objects against it. */
  Class<T> objectType();

  /** The file extension without dot, e.g. {@code fits}, {@code parquet}, {@code json}. */
  String extension();

  /**
   * Writes {@code object} as the whole content of {@code file}, which exists and is empty (a temporary file that the
   * datastore renames into place afterwards). The same object must give the same bytes every time (no timestamps),
   * so that re-runs are byte-identical.
   *
   * @throws IOException or an unchecked exception on failure; the datastore then deletes the file
   */
  void write(T object, Path file) throws IOException;

  /**
   * Reads the object stored in {@code file}.
   *
   * @throws IOException or an unchecked (format) exception naming the file on failure
   */
  T read(Path file) throws IOException;
}
