package org.labelfree.workflows.formatters;

import java.nio.file.Path;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Psf;
import org.labelfree.pipeline.repo.Formatter;

/**
 * The {@code Psf} storage class: a PSF model alone as a small FITS file ({@link FitsExposures#writePsf}): the PSF
 * cards of the calexp layout in the primary header and, for a pixelised or image PSF, the {@code PSF} HDU.
 * Deterministic; stateless and thread-safe.
 */
public final class PsfFormatter implements Formatter<Psf> {
  /** The storage class name this formatter serves. */
  public static final String STORAGE_CLASS = "Psf";

  /** A formatter (stateless). */
  public PsfFormatter() {}

  /** {@code Psf.class}. */
  @Override
  public Class<Psf> objectType() {
    return Psf.class;
  }

  /** {@code fits}. */
  @Override
  public String extension() {
    return "fits";
  }

  /**
   * Writes the PSF.
   *
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  @Override
  public void write(Psf object, Path file) {
    FitsExposures.writePsf(object, file);
  }

  /**
   * Reads the PSF.
   *
   * @throws org.labelfree.fits.FitsFormatException naming the file if it holds no readable PSF
   */
  @Override
  public Psf read(Path file) {
    return FitsExposures.readPsf(file);
  }
}
