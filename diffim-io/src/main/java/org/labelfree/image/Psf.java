package org.labelfree.image;

/**
 * A point-spread function model of an exposure: the image of a point source, normalised to unit sum.
 *
 * <p>A closed set: {@link GaussianPsf} (analytic), {@link MoffatPsf} (analytic, elliptical, with a FWHM varying
 * linearly across the image: the true PSF of simulated images) and {@link ImagePsf} (a pixelised kernel, constant
 * over the image). Implementations are immutable and thread-safe.
 */
public sealed interface Psf permits GaussianPsf, MoffatPsf, ImagePsf {

  /**
   * The PSF at parent-grid position ({@code x}, {@code y}) as an odd-sized kernel image centred on its middle pixel,
   * summing to 1.
   */
  ImageF kernelImage(double x, double y);

  /** The Gaussian-equivalent width (sigma) in pixels at ({@code x}, {@code y}); FWHM = 2.3548 sigma. */
  double sigmaPix(double x, double y);
}
