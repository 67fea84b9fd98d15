package org.labelfree.diffim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Alard and Lupton (1998) kernel basis: Gaussians multiplied by polynomials, {@code exp(-(i^2 + j^2) / 2
 * sigma_g^2) u^p v^q} with {@code p + q <= degree_g} and {@code u = i / r}, {@code v = j / r} ({@code r} the kernel
 * radius), renormalised as in LSST's ip_diffim: basis image 0 (the narrowest Gaussian, degree 0) has sum 1, every
 * other has sum 0 and unit norm and they are mutually orthogonal (modified Gram-Schmidt), so the kernel sum is the
 * coefficient of image 0 and the normal matrix is well conditioned. Nearly dependent raw functions (norm after
 * orthogonalisation below 1e-9 of the original) are dropped, so {@link #count()} may be below the raw count.
 *
 * <p>Images are {@code size x size}, indexed {@code [(j + r) * size + (i + r)]} like {@link SpatialKernel}. Each basis
 * image is a fixed linear combination of separable raw functions; {@link KernelFitter} convolves with those.
 * Immutable and thread-safe.
 */
public final class KernelBasis {
  /** FWHM / sigma of a Gaussian, {@code 2 sqrt(2 ln 2)}. */
  static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));
  /** Floor of the matching sigma, pixels (see {@link AlardLuptonConfig}). */
  public static final double SIGMA_MATCH_FLOOR = 0.7;
  private static final double DEPENDENCE_TOLERANCE = 1e-9;

  private final int size;
  private final double[] sigmas;
  /** Raw separable factors: raw function k is rawX[k](i) * rawY[k](j). */
  private final double[][] rawX;
  private final double[][] rawY;
  /** Basis image b = sum_k transform[b][k] * raw k. */
  private final double[][] transform;
  private final float[][] images;

  private KernelBasis(int size, double[] sigmas, double[][] rawX, double[][] rawY, double[][] transform,
      float[][] images) {
    this.size = size;
    this.sigmas = sigmas;
    this.rawX = rawX;
    this.rawY = rawY;
    this.transform = transform;
    this.images = images;
  }

  /**
   * The width of the Gaussian that matches the convolved image's PSF to the other's, floored at
   * {@link #SIGMA_MATCH_FLOOR}.
   *
   * @param fwhmScience      science PSF FWHM, pixels (finite, > 0)
   * @param fwhmTemplate     template PSF FWHM, pixels (finite, > 0)
   * @param convolveScience  true if the science image is convolved
   * @return sigma_match in pixels
   * @throws IllegalArgumentException if a FWHM is not finite and positive
   */
  public static double matchingSigma(double fwhmScience, double fwhmTemplate, boolean convolveScience) {
    requireFwhm("fwhmScience", fwhmScience);
    requireFwhm("fwhmTemplate", fwhmTemplate);
    double target = (convolveScience ? fwhmTemplate : fwhmScience) / FWHM_PER_SIGMA;
    double source = (convolveScience ? fwhmScience : fwhmTemplate) / FWHM_PER_SIGMA;
    return Math.max(Math.sqrt(Math.max(target * target - source * source, 0)), SIGMA_MATCH_FLOOR);
  }

  /**
   * The kernel width for these FWHMs: {@code kernelSizeSigmas} x the widest basis sigma, rounded up to odd, clipped
   * to [{@code kernelSizeMin}, {@code kernelSizeMax}].
   *
   * @throws IllegalArgumentException if a FWHM is not finite and positive
   */
  public static int kernelSize(double fwhmScience, double fwhmTemplate, boolean convolveScience,
      AlardLuptonConfig config) {
    double widest = 0;
    double match = matchingSigma(fwhmScience, fwhmTemplate, convolveScience);
    for (double f : config.sigmaFactors()) {
      widest = Math.max(widest, f * match);
    }
    int n = (int) Math.ceil(config.kernelSizeSigmas() * widest - 1e-9);
    if (n % 2 == 0) {
      n++;
    }
    return Math.max(config.kernelSizeMin(), Math.min(config.kernelSizeMax(), n));
  }

  /**
   * Builds the basis for a science/template pair.
   *
   * @param fwhmScience     science PSF FWHM, pixels (finite, > 0)
   * @param fwhmTemplate    template PSF FWHM, pixels (finite, > 0)
   * @param convolveScience true if the science image is the one convolved
   * @param config          the configuration (not null)
   * @return the basis, never null
   * @throws IllegalArgumentException if a FWHM is not finite and positive
   */
  public static KernelBasis alardLupton(double fwhmScience, double fwhmTemplate, boolean convolveScience,
      AlardLuptonConfig config) {
    Objects.requireNonNull(config, "config");
    int size = kernelSize(fwhmScience, fwhmTemplate, convolveScience, config);
    double match = matchingSigma(fwhmScience, fwhmTemplate, convolveScience);
    int r = size / 2;
    int nGauss = config.gaussianDegrees().size();
    double[] sigmas = new double[nGauss];
    List<double[]> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();

    /* Raw separable functions, Gaussian by Gaussian, by total degree then rising power of v. */
    for (int g = 0; g < nGauss; g++) {
      sigmas[g] = config.sigmaFactors().get(g) * match;
      int degree = config.gaussianDegrees().get(g);
      double[][] factor = new double[degree + 1][size];
      for (int i = -r; i <= r; i++) {
        double gi = Math.exp(-0.5 * i * i / (sigmas[g] * sigmas[g]));
        double u = i / (double) r;
        double pw = 1;
        for (int p = 0; p <= degree; p++) {
          factor[p][i + r] = gi * pw;
          pw *= u;
        }
      }
      for (int d = 0; d <= degree; d++) {
        for (int q = 0; q <= d; q++) {
          xs.add(factor[d - q]);
          ys.add(factor[q]);
        }
      }
    }
    int nRaw = xs.size();
    int npix = size * size;
    double[][] raw = new double[nRaw][npix];
    for (int k = 0; k < nRaw; k++) {
      double[] fx = xs.get(k);
      double[] fy = ys.get(k);
      for (int j = 0; j < size; j++) {
        for (int i = 0; i < size; i++) {
          raw[k][j * size + i] = fx[i] * fy[j];
        }
      }
    }

    /* Renormalise: image 0 to sum 1, the others to sum 0, then orthonormalise the others (modified Gram-Schmidt). */
    double[][] img = new double[nRaw][];
    double[][] m = new double[nRaw][nRaw];
    for (int k = 0; k < nRaw; k++) {
      img[k] = raw[k].clone();
      m[k][k] = 1;
    }
    double s0 = sum(img[0]);
    scale(img[0], m[0], 1 / s0);
    List<Integer> kept = new ArrayList<>(List.of(0));
    for (int k = 1; k < nRaw; k++) {
      axpy(-sum(img[k]), img[0], m[0], img[k], m[k]);
      double norm0 = Math.sqrt(dot(img[k], img[k]));
      for (int idx = 1; idx < kept.size(); idx++) {
        int j = kept.get(idx);
        axpy(-dot(img[k], img[j]), img[j], m[j], img[k], m[k]);
      }
      double norm = Math.sqrt(dot(img[k], img[k]));
      if (!(norm > DEPENDENCE_TOLERANCE * norm0)) {
        continue;
      }
      scale(img[k], m[k], 1 / norm);
      kept.add(k);
    }
    double[][] transform = new double[kept.size()][];
    float[][] images = new float[kept.size()][npix];
    for (int b = 0; b < kept.size(); b++) {
      transform[b] = m[kept.get(b)];
      for (int p = 0; p < npix; p++) {
        images[b][p] = (float) img[kept.get(b)][p];
      }
    }
    return new KernelBasis(size, sigmas, xs.toArray(new double[0][]), ys.toArray(new double[0][]), transform, images);
  }

  /** Kernel width and height in pixels (odd). */
  public int size() {
    return size;
  }

  /** The number of basis images. */
  public int count() {
    return images.length;
  }

  /** A copy of basis image {@code k} ({@code size * size} values); image 0 sums to 1, the others to 0. */
  public float[] image(int k) {
    return images[k].clone();
  }

  /** The widths of the basis Gaussians in pixels, in configuration order (a copy). */
  public double[] gaussianSigmas() {
    return sigmas.clone();
  }

  int rawCount() {
    return rawX.length;
  }

  double[] rawX(int k) {
    return rawX[k];
  }

  double[] rawY(int k) {
    return rawY[k];
  }

  /** Row b: the coefficients of basis image b over the raw functions (shared, do not modify). */
  double[] transform(int b) {
    return transform[b];
  }

  /** Basis image b without a copy (do not modify). */
  float[] imageView(int b) {
    return images[b];
  }

  private static void requireFwhm(String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and > 0 pixels, but was " + v);
    }
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void scale(double[] img, double[] row, double f) {
    for (int i = 0; i < img.length; i++) {
      img[i] *= f;
    }
    for (int i = 0; i < row.length; i++) {
      row[i] *= f;
    }
  }

  /** img += a * x; row += a * xRow. */
  private static void axpy(double a, double[] x, double[] xRow, double[] img, double[] row) {
    for (int i = 0; i < img.length; i++) {
      img[i] += a * x[i];
    }
    for (int i = 0; i < row.length; i++) {
      row[i] += a * xRow[i];
    }
  }
}
