package org.labelfree.diffim;

import java.util.Arrays;
import java.util.Objects;

/**
 * The result of an Alard-Lupton kernel fit: with C the convolved image and R the other one (C is the template unless
 * {@code convolveScience}), {@code R(x, y) ~ (kernel (x) C)(x, y) + background(x, y)}, in R's units.
 *
 * @param kernel                 the spatially varying kernel (not null; {@link SpatialKernel}'s convention)
 * @param background             the spatial polynomial of the differential background (not null)
 * @param backgroundCoefficients its coefficients, one per term (copied in and out)
 * @param convolveScience        true if the science image is the convolved one
 * @param stampsUsed             stamps in the final fit (>= 0)
 * @param stampsRejected         stamps given but not used: unusable (off the image, bad pixels, failed local fit)
 *                               or clipped (>= 0)
 * @param chi2PerDof             chi^2 of the final model over the used stamps' fit boxes divided by (pixels - free
 *                               parameters), weights 1 / (var_R + kernel^2 (x) var_C)
 * @param kernelSum              the kernel sum at the image centre (the photometric scale R / C)
 * @param fwhmScience            the science FWHM used, pixels (given or estimated)
 * @param fwhmTemplate           the template FWHM used, pixels (given or estimated)
 */
public record KernelFit(SpatialKernel kernel, SpatialPolynomial background, double[] backgroundCoefficients,
    boolean convolveScience, int stampsUsed, int stampsRejected, double chi2PerDof, double kernelSum,
    double fwhmScience, double fwhmTemplate) {

  public KernelFit {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(background, "background");
    backgroundCoefficients = Objects.requireNonNull(backgroundCoefficients, "backgroundCoefficients").clone();
    if (backgroundCoefficients.length != background.termCount()) {
      throw new IllegalArgumentException("backgroundCoefficients has " + backgroundCoefficients.length
          + " values; expected " + background.termCount());
    }
    if (stampsUsed < 0 || stampsRejected < 0) {
      throw new IllegalArgumentException("stampsUsed and stampsRejected must be >= 0, but were " + stampsUsed + ", "
          + stampsRejected);
    }
  }

  /** A copy of the background coefficients. */
  @Override
  public double[] backgroundCoefficients() {
    return backgroundCoefficients.clone();
  }

  /** The differential background at parent pixel (x, y), in R's units. */
  public double backgroundAt(double x, double y) {
    return background.evaluate(backgroundCoefficients, x, y);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KernelFit f && f.kernel.equals(kernel) && f.background.equals(background)
        && Arrays.equals(f.backgroundCoefficients, backgroundCoefficients) && f.convolveScience == convolveScience
        && f.stampsUsed == stampsUsed && f.stampsRejected == stampsRejected
        && Double.compare(f.chi2PerDof, chi2PerDof) == 0 && Double.compare(f.kernelSum, kernelSum) == 0
        && Double.compare(f.fwhmScience, fwhmScience) == 0 && Double.compare(f.fwhmTemplate, fwhmTemplate) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kernel, background, Arrays.hashCode(backgroundCoefficients), convolveScience, stampsUsed,
        stampsRejected, chi2PerDof, kernelSum, fwhmScience, fwhmTemplate);
  }

  @Override
  public String toString() {
    return "KernelFit[kernelSum=" + kernelSum + ", stampsUsed=" + stampsUsed + ", stampsRejected=" + stampsRejected
        + ", chi2PerDof=" + chi2PerDof + ", convolveScience=" + convolveScience + ", size=" + kernel.size() + "]";
  }
}
