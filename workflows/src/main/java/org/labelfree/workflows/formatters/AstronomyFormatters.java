package org.labelfree.workflows.formatters;

import java.util.Map;
import org.labelfree.pipeline.repo.Formatter;
import org.labelfree.pipeline.repo.FormatterProvider;

/**
 * Start here: the {@link FormatterProvider} service (listed in
 * {@code META-INF/services/org.labelfree.pipeline.repo.FormatterProvider}) that gives every repository opened with
 * {@code workflows} on the class path the storage classes {@code Exposure} ({@link ExposureFormatter}, FITS),
 * {@code Catalog} ({@link CatalogFormatter}, Parquet), {@code StampShard} ({@link StampShardFormatter}, HDF5),
 * {@code Psf} ({@link PsfFormatter}, FITS) and {@code RbModel} ({@link RbModelFormatter}, zip).
 * Stateless and thread-safe.
 */
public final class AstronomyFormatters implements FormatterProvider {
  /** The provider (found by {@link java.util.ServiceLoader}). */
  public AstronomyFormatters() {}

  /** The five storage classes and new instances of their formatters. */
  @Override
  public Map<String, Formatter<?>> formatters() {
    return Map.of(ExposureFormatter.STORAGE_CLASS, new ExposureFormatter(),
        CatalogFormatter.STORAGE_CLASS, new CatalogFormatter(),
        StampShardFormatter.STORAGE_CLASS, new StampShardFormatter(),
        PsfFormatter.STORAGE_CLASS, new PsfFormatter(),
        RbModelFormatter.STORAGE_CLASS, new RbModelFormatter());
  }
}
