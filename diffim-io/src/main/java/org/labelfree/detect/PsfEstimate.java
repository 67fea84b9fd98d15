package org.labelfree.detect;

import java.util.Objects;
import org.labelfree.image.PixelPsf;

/**
 * The result of {@link PsfEstimator#estimate}.
 *
 * @param psf           the fitted model (not null)
 * @param starsUsed     stars in the final fit (>= 1)
 * @param starsRejected stars that passed the selection but were rejected by the chi^2 clip (>= 0)
 * @param fwhm          FWHM at the image centre, pixels ({@link PixelPsf#fwhmAt}; finite, > 0)
 * @param fwhmMin       smallest FWHM over a 5 x 5 grid spanning the image, corners included, pixels
 * @param fwhmMax       largest FWHM over the same grid, pixels
 */
public record PsfEstimate(PixelPsf psf, int starsUsed, int starsRejected, double fwhm, double fwhmMin,
                          double fwhmMax) {
  public PsfEstimate {
    Objects.requireNonNull(psf, "psf");
    if (starsUsed < 1 || starsRejected < 0) {
      throw new IllegalArgumentException("starsUsed must be >= 1 and starsRejected >= 0, but were " + starsUsed
          + ", " + starsRejected);
    }
    if (!(fwhm > 0 && fwhmMin > 0 && fwhmMax >= fwhmMin) || !Double.isFinite(fwhmMax)) {
      throw new IllegalArgumentException("fwhm, fwhmMin, fwhmMax must be finite, > 0 and ordered, but were " + fwhm
          + ", " + fwhmMin + ", " + fwhmMax);
    }
  }
}
