package org.labelfree.image;

/**
 * A point-spread function model of an exposure: the image of a point source, normalised to unit sum.
 *
 * <p>A closed set: {@link GaussianPsf} (analytic), {@link MoffatPsf} (analytic, elliptical, with a FWHM varying
 * linearly across the image: the true PSF of simulated images), {@link ImagePsf} (a pixelised kernel, constant
 * over the image) and {@link PixelPsf} (pixelised basis images with a polynomial spatial variation, as estimated from
 * the stars of an exposure). Implementations are immutable and thread-safe.
 */
public sealed interface Psf permits GaussianPsf, MoffatPsf, ImagePsf, PixelPsf {

  /**
   * The PSF at parent-grid position ({@code x}, {@code y}) as an odd-sized kernel image centred on its middle pixel,
   * summing to 1.
   */
  ImageF kernelImage(double x, double y);

  /** The Gaussian-equivalent width (sigma) in pixels at ({@code x}, {@code y}); FWHM = 2.3548 sigma. */
  double sigmaPix(double x, double y);

  /**
   * The full width at half maximum in pixels of the PSF profile at ({@code x}, {@code y}), before pixel
   * integration: exact for the analytic models, from a fit of a pixel-integrated Moffat profile for the pixelised
   * ones.
   *
   * @throws IllegalArgumentException if the model is undefined at ({@code x}, {@code y}) (see the implementation)
   * @throws AlgorithmFailureException if a pixelised model's fit fails
   */
  double fwhmAt(double x, double y);
}
