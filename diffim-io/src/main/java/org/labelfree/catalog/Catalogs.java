package org.labelfree.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and writes catalogues, choosing the format by file extension: {@code .parquet} ({@link ParquetCatalogFormat}),
 * {@code .fits} or {@code .fit} ({@link FitsCatalogFormat}), {@code .csv} ({@link CsvCatalogFormat}); case is
 * ignored. Units and descriptions survive Parquet and FITS but not CSV; CSV read here infers types (use
 * {@link CsvCatalogFormat#read(Path, java.util.Map, java.util.Collection)} with a schema for exact types).
 * Stateless and thread-safe.
 */
public final class Catalogs {
  private Catalogs() {}

  /** The catalogue formats, by extension. */
  public enum Format {
    /** Apache Parquet through DuckDB, zstd-compressed. */
    PARQUET,
    /** A FITS binary table. */
    FITS,
    /** Comma-separated values. */
    CSV;

    /**
     * The format of a path from its extension.
     *
     * @throws IllegalArgumentException for any other extension
     */
    public static Format of(Path path) {
      String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".parquet")) {
        return PARQUET;
      }
      if (name.endsWith(".fits") || name.endsWith(".fit")) {
        return FITS;
      }
      if (name.endsWith(".csv")) {
        return CSV;
      }
      throw new IllegalArgumentException("cannot tell the catalogue format of " + path
          + "; expected the extension .parquet, .fits, .fit or .csv");
    }
  }

  /**
   * Reads a catalogue in the format its extension names.
   *
   * @throws IllegalArgumentException if the extension is not known
   * @throws CatalogFormatException   if the content is not a valid catalogue of that format
   * @throws IOException              if the file does not exist or cannot be read
   */
  public static Catalog read(Path path) throws IOException {
    return switch (Format.of(path)) {
      case PARQUET -> ParquetCatalogFormat.read(path);
      case FITS -> FitsCatalogFormat.read(path);
      case CSV -> CsvCatalogFormat.read(path);
    };
  }

  /**
   * Writes a catalogue in the format its extension names, atomically (temporary file, then rename).
   *
   * @throws IllegalArgumentException if the extension is not known, or the catalogue cannot be held by the format
   * @throws IOException              if the file cannot be written
   */
  public static void write(Catalog catalog, Path path) throws IOException {
    switch (Format.of(path)) {
      case PARQUET -> ParquetCatalogFormat.write(catalog, path);
      case FITS -> FitsCatalogFormat.write(catalog, path);
      case CSV -> CsvCatalogFormat.write(catalog, path);
    }
  }
}
