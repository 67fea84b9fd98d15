package org.labelfree.workflows.formatters;

import java.nio.file.Path;
import org.labelfree.fits.FitsExposures;
import org.labelfree.fits.FitsWriteOptions;
import org.labelfree.image.Exposure;
import org.labelfree.pipeline.repo.Formatter;

/**
 * The {@code Exposure} storage class: an {@link Exposure} as an uncompressed FITS file in the LSST calexp layout
 * ({@link FitsExposures}). Writing is deterministic (no date cards): the same exposure gives the same bytes. Reading
 * accepts every layout {@link FitsExposures#read(Path)} does (calexp, or a single image HDU such as a DECam CCD), so
 * survey files can be ingested as they are. Stateless and thread-safe.
 */
public final class ExposureFormatter implements Formatter<Exposure> {
  /** The storage class name this formatter serves. */
  public static final String STORAGE_CLASS = "Exposure";

  /** A formatter (stateless). */
  public ExposureFormatter() {}

  /** {@code Exposure.class}. */
  @Override
  public Class<Exposure> objectType() {
    return Exposure.class;
  }

  /** {@code fits}. */
  @Override
  public String extension() {
    return "fits";
  }

  /**
   * Writes the exposure uncompressed ({@link FitsWriteOptions#defaults()}).
   *
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  @Override
  public void write(Exposure object, Path file) {
    FitsExposures.write(object, file, FitsWriteOptions.defaults());
  }

  /**
   * Reads the exposure.
   *
   * @throws org.labelfree.fits.FitsFormatException naming the file, HDU and keyword if it is not a readable exposure
   * @throws java.io.UncheckedIOException           if it cannot be read
   */
  @Override
  public Exposure read(Path file) {
    return FitsExposures.read(file);
  }
}
