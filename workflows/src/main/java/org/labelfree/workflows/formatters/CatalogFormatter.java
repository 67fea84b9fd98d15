package org.labelfree.workflows.formatters;

import java.io.IOException;
import java.nio.file.Path;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.ParquetCatalogFormat;
import org.labelfree.pipeline.repo.Formatter;

/**
 * The {@code Catalog} storage class: a {@link Catalog} as an Apache Parquet file (zstd, through DuckDB;
 * {@link ParquetCatalogFormat}), with column units and descriptions. The format is fixed (Parquet) whatever the file
 * name, since the datastore writes to a temporary name first. Writing is deterministic (verified by a test: the
 * same catalogue gives the same bytes). Stateless and thread-safe (each call opens its own in-memory DuckDB).
 */
public final class CatalogFormatter implements Formatter<Catalog> {
  /** The storage class name this formatter serves. */
  public static final String STORAGE_CLASS = "Catalog";

  /** A formatter (stateless). */
  public CatalogFormatter() {}

  /** {@code Catalog.class}. */
  @Override
  public Class<Catalog> objectType() {
    return Catalog.class;
  }

  /** {@code parquet}. */
  @Override
  public String extension() {
    return "parquet";
  }

  /**
   * Writes the catalogue as Parquet.
   *
   * @throws IllegalArgumentException if the catalogue has no columns
   * @throws IOException              if the file cannot be written
   */
  @Override
  public void write(Catalog object, Path file) throws IOException {
    ParquetCatalogFormat.write(object, file);
  }

  /**
   * Reads a Parquet catalogue.
   *
   * @throws org.labelfree.catalog.CatalogFormatException naming the file if it is not Parquet or holds an
   *                                                      unsupported column
   * @throws IOException                                  if it cannot be read
   */
  @Override
  public Catalog read(Path file) throws IOException {
    return ParquetCatalogFormat.read(file);
  }
}
