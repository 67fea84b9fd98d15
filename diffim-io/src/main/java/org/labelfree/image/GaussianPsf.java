package org.labelfree.image;

/**
 * A circular Gaussian PSF.
 *
 * @param sigma      standard deviation in pixels (> 0)
 * @param kernelSize side of the kernel image in pixels (odd, >= 3)
 */
public record GaussianPsf(double sigma, int kernelSize) implements Psf {
  public GaussianPsf {
    if (!(sigma > 0 && sigma < 1e4)) {
      throw new IllegalArgumentException("sigma must be in (0, 1e4) pixels, but was " + sigma);
    }
    if (kernelSize < 3 || kernelSize % 2 == 0) {
      throw new IllegalArgumentException("kernelSize must be odd and >= 3, but was " + kernelSize);
    }
  }

  /** A Gaussian PSF whose kernel spans +-4 sigma (at least 3 pixels). */
  public static GaussianPsf ofSigma(double sigma) {
    int half = Math.max(1, (int) Math.ceil(4 * sigma));
    return new GaussianPsf(sigma, 2 * half + 1);
  }

  @Override
  public ImageF kernelImage(double x, double y) {
    int n = kernelSize;
    int c = n / 2;
    float[] k = new float[n * n];
    double sum = 0;
    double inv = 1.0 / (2 * sigma * sigma);
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        double v = Math.exp(-((i - c) * (i - c) + (j - c) * (j - c)) * inv);
        k[j * n + i] = (float) v;
        sum += v;
      }
    }
    for (int p = 0; p < k.length; p++) {
      k[p] = (float) (k[p] / sum);
    }
    return ImageF.wrap(n, n, k).withXy0(-c, -c);
  }

  @Override
  public double sigmaPix(double x, double y) {
    return sigma;
  }

  /** The FWHM {@code 2 sqrt(2 ln 2) sigma} in pixels, the same everywhere. */
  @Override
  public double fwhmAt(double x, double y) {
    return KernelShape.FWHM_PER_SIGMA * sigma;
  }
}
