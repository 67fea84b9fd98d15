package org.labelfree.image;

import java.util.Objects;

/**
 * A pixelised PSF kernel, the same everywhere on the exposure. The kernel is normalised to unit sum on
 * construction.
 */
public final class ImagePsf implements Psf {
  private final ImageF kernel;
  private final double sigma;
  /** The Moffat-fit FWHM, computed on first use (a benign race: every thread computes the same value). */
  private volatile double fwhm = Double.NaN;

  /**
   * @param kernel odd-sized kernel image with a positive, finite sum; it is copied and normalised
   * @throws IllegalArgumentException if the kernel is even-sized or its sum is not positive and finite
   */
  public ImagePsf(ImageF kernel) {
    Objects.requireNonNull(kernel, "kernel");
    if (kernel.width() % 2 == 0 || kernel.height() % 2 == 0) {
      throw new IllegalArgumentException("PSF kernel must have odd sides, but was " + kernel.width() + "x"
          + kernel.height());
    }
    float[] k = kernel.copyPixels();
    double sum = 0;
    for (float v : k) {
      sum += v;
    }
    if (!(sum > 0 && Double.isFinite(sum))) {
      throw new IllegalArgumentException("PSF kernel sum must be positive and finite, but was " + sum);
    }
    double m2 = 0;
    int cx = kernel.width() / 2;
    int cy = kernel.height() / 2;
    for (int j = 0; j < kernel.height(); j++) {
      for (int i = 0; i < kernel.width(); i++) {
        int p = j * kernel.width() + i;
        k[p] = (float) (k[p] / sum);
        m2 += k[p] * ((i - cx) * (i - cx) + (j - cy) * (j - cy));
      }
    }
    this.kernel = ImageF.wrap(kernel.width(), kernel.height(), k).withXy0(-cx, -cy);
    this.sigma = Math.sqrt(Math.max(m2, 0) / 2);
  }

  /** The normalised kernel, origin at minus its half-size so that pixel (0, 0) of the parent grid is its centre. */
  public ImageF kernel() {
    return kernel;
  }

  @Override
  public ImageF kernelImage(double x, double y) {
    return kernel;
  }

  @Override
  public double sigmaPix(double x, double y) {
    return sigma;
  }

  /**
   * The FWHM in pixels of the circular Moffat profile whose pixel integral fits the kernel best (FWHM and beta
   * free), the same everywhere; computed once.
   *
   * @throws AlgorithmFailureException if the fit fails
   */
  @Override
  public double fwhmAt(double x, double y) {
    double f = fwhm;
    if (Double.isNaN(f)) {
      double guess = KernelShape.FWHM_PER_SIGMA * Math.max(KernelShape.adaptiveSigma(kernel), 0.3);
      f = KernelShape.moffatFwhm(kernel, guess);
      fwhm = f;
    }
    return f;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImagePsf p && p.kernel.equals(kernel);
  }

  @Override
  public int hashCode() {
    return kernel.hashCode();
  }

  @Override
  public String toString() {
    return "ImagePsf[" + kernel.width() + "x" + kernel.height() + ", sigma=" + sigma + "]";
  }
}
