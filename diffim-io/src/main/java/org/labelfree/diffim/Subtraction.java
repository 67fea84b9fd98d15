package org.labelfree.diffim;

import java.util.Objects;
import org.labelfree.image.Exposure;

/**
 * The result of {@link AlardLupton#subtract}: the difference image and the numbers that say how good it is.
 *
 * @param difference       the difference (science minus matched template, in the science image's units), with
 *                         variance, mask, WCS, PSF and the quality cards in its metadata
 * @param fit              the kernel fit
 * @param decorrelated     whether the difference was decorrelated
 * @param residualSigma    robust sigma (1.4826 MAD) of difference / sqrt(variance) over source-free pixels; 1 for
 *                         a perfect subtraction with a correct variance plane
 * @param residualMedian   median of the same
 * @param residualPixels   number of source-free pixels measured
 * @param templateCoverage fraction of the image where the template has data
 */
public record Subtraction(Exposure difference, KernelFit fit, boolean decorrelated, double residualSigma,
    double residualMedian, long residualPixels, double templateCoverage) {
  /** Checks the parts are present. */
  public Subtraction {
    Objects.requireNonNull(difference, "difference");
    Objects.requireNonNull(fit, "fit");
  }
}
