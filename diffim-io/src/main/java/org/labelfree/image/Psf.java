package org.labelfree.image;

/**
 * A point-spread function model of an exposure: the image of a point source, normalised to unit sum.
 *
 * <p>A closed set: {@link GaussianPsf} (analytic) and {@link ImagePsf} (a pixelised kernel, constant over the
 * image). Spatially varying models join this set when PSF estimation needs them. Implementations are immutable and
 * thread-safe.
 */
public sealed interface Psf permits GaussianPsf, ImagePsf {

  /**
   * The PSF at parent-grid position ({@code x}, {@code y}) as an odd-sized kernel image centred on its middle pixel,
   * summing to 1.
   */
  ImageF kernelImage(double x, double y);

  /** The Gaussian-equivalent width (sigma) in pixels at ({@code x}, {@code y}); FWHM = 2.3548 sigma. */
  double sigmaPix(double x, double y);
}
