package org.labelfree.diffim;

/**
 * Which image of a science/template pair the Alard-Lupton kernel convolves.
 *
 * <p>The convolved image must be the sharper one (convolution only broadens), so {@link #AUTO} picks it from the two
 * PSF FWHMs.
 */
public enum SubtractionMode {
  /** Convolve the image with the smaller PSF: the template, unless the template's FWHM is larger than the science's. */
  AUTO,
  /** Always convolve the template to match the science image (the usual case). */
  CONVOLVE_TEMPLATE,
  /** Always convolve the science image to match the template (template with the worse seeing). */
  CONVOLVE_SCIENCE;

  /**
   * Whether this mode convolves the science image for the given FWHMs.
   *
   * @param fwhmScience  science PSF FWHM, pixels (only read by {@link #AUTO}; must then be finite and > 0)
   * @param fwhmTemplate template PSF FWHM, pixels (likewise)
   * @return true to convolve the science image, false to convolve the template
   * @throws IllegalArgumentException if {@link #AUTO} is given a FWHM that is not finite and positive
   */
  public boolean convolvesScience(double fwhmScience, double fwhmTemplate) {
    switch (this) {
      case CONVOLVE_TEMPLATE:
        return false;
      case CONVOLVE_SCIENCE:
        return true;
      case AUTO:
      default:
        if (!(fwhmScience > 0 && Double.isFinite(fwhmScience) && fwhmTemplate > 0 && Double.isFinite(fwhmTemplate))) {
          throw new IllegalArgumentException("AUTO needs finite positive FWHMs, but fwhmScience was " + fwhmScience
              + " and fwhmTemplate " + fwhmTemplate);
        }
        return fwhmTemplate > fwhmScience;
    }
  }
}
