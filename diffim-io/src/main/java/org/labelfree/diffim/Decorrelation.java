package org.labelfree.diffim;

import java.util.Objects;
import org.jtransforms.fft.DoubleFFT_1D;
import org.labelfree.image.ImageF;
import org.labelfree.image.RowBands;

/**
 * Decorrelation of an Alard-Lupton difference image (Reiss &amp; Lupton 2016, DMTN-021; as LSST ip_diffim's
 * {@code DecorrelateALKernelTask}): convolving the template with the matching kernel K correlates the template's
 * noise in the difference; convolving the difference with phi, where
 * {@code phi_hat(k) = sqrt((sigma_s^2 + kappa^2 sigma_t^2) / (sigma_s^2 + |K_hat(k)|^2 sigma_t^2))} and
 * {@code kappa = sum K}, makes it white again with variance {@code sigma_s^2 + kappa^2 sigma_t^2} per pixel.
 *
 * <p>Which variance goes where: {@code sigma_s^2} is the variance of the image that was <em>not</em> convolved and
 * {@code sigma_t^2} that of the image that was convolved with K (ip_diffim's {@code expVar} and {@code matchedVar}).
 * When the template is convolved (the usual mode), pass the science variance as {@code scienceVariance} and the
 * template variance as {@code templateVariance}; when the science image is convolved ({@code --mode auto} with a
 * template of worse seeing), swap them: the template's variance goes to {@code scienceVariance}.
 *
 * <p>The kernel K is the matching kernel at one position (ip_diffim uses the image centre); the variances are
 * image-wide means (ip_diffim uses 3-sigma-clipped means of the variance planes). Stateless and thread-safe.
 */
public final class Decorrelation {
  private Decorrelation() {}

  /**
   * The decorrelation kernel phi, computed on a padded grid of at least {@code 4 max(size, outSize)} pixels (a power
   * of two), transformed back, centred on its {@code outSize x outSize} box and normalised to sum 1 (its exact sum
   * before cropping is 1, since {@code phi_hat(0) = 1}). phi is symmetric: it depends on |K_hat| only.
   *
   * @param matchingKernel    K, {@code size * size} values, offsets {@code -r..r} as in {@link SpatialKernel}
   * @param size              width of K (odd)
   * @param scienceVariance   variance of the unconvolved image, {@code > 0} (see the class comment)
   * @param templateVariance  variance of the convolved image, {@code >= 0}
   * @param outSize           width of phi (odd, 1 to 255)
   * @return phi, {@code outSize * outSize} values, row-major, centre at index {@code (outSize / 2) * (outSize + 1)}
   * @throws IllegalArgumentException for sizes or variances outside the ranges above
   */
  public static float[] kernel(float[] matchingKernel, int size, double scienceVariance, double templateVariance,
      int outSize) {
    checkKernel(matchingKernel, size, "matchingKernel");
    if (!(scienceVariance > 0) || Double.isInfinite(scienceVariance)) {
      throw new IllegalArgumentException("scienceVariance is " + scienceVariance + "; expected a finite value > 0");
    }
    if (!(templateVariance >= 0) || Double.isInfinite(templateVariance)) {
      throw new IllegalArgumentException("templateVariance is " + templateVariance + "; expected a finite value >= 0");
    }
    if (outSize < 1 || outSize > 255 || outSize % 2 == 0) {
      throw new IllegalArgumentException("outSize is " + outSize + "; expected an odd number from 1 to 255");
    }
    /* Transform K on the padded grid. */
    int n = Integer.highestOneBit(Math.max(16, 4 * Math.max(size, outSize)) - 1) << 1;
    int r = size / 2;
    double[] g = new double[2 * n * n];
    double kappa = 0;
    for (int j = -r; j <= r; j++) {
      for (int i = -r; i <= r; i++) {
        double v = matchingKernel[(j + r) * size + i + r];
        g[2 * (Math.floorMod(j, n) * n + Math.floorMod(i, n))] = v;
        kappa += v;
      }
    }
    DoubleFFT_1D fft = new DoubleFFT_1D(n);
    transform2d(g, n, fft, true);

    /* phi_hat, real and non-negative, then back to pixels. */
    double num = scienceVariance + kappa * kappa * templateVariance;
    for (int k = 0; k < n * n; k++) {
      double re = g[2 * k];
      double im = g[2 * k + 1];
      g[2 * k] = Math.sqrt(num / (scienceVariance + (re * re + im * im) * templateVariance));
      g[2 * k + 1] = 0;
    }
    transform2d(g, n, fft, false);

    /* Centre, crop and normalise. */
    int ro = outSize / 2;
    double[] phi = new double[outSize * outSize];
    double sum = 0;
    for (int j = -ro; j <= ro; j++) {
      for (int i = -ro; i <= ro; i++) {
        double v = g[2 * (Math.floorMod(j, n) * n + Math.floorMod(i, n))] / ((double) n * n);
        phi[(j + ro) * outSize + i + ro] = v;
        sum += v;
      }
    }
    float[] out = new float[phi.length];
    for (int k = 0; k < phi.length; k++) {
      out[k] = (float) (phi[k] / sum);
    }
    return out;
  }

  /**
   * The smallest odd width whose centred box holds all but {@code tail} of {@code sum |phi|} (at least 1). Cropping
   * phi to it changes phi's transfer function by at most {@code tail sum |phi|} at every frequency, so the whitened
   * noise spectrum is off by at most about {@code 2 tail} relative; the variance plane and the PSF of the difference,
   * computed with the cropped phi ({@link #applyToVariance}, {@link #correctPsf}), describe exactly what is applied.
   * phi is sharply peaked when the convolved image has the lower noise (a template coadd), so most of its box holds
   * nothing: cropping it shrinks the kernel, and the overlap of the FFT tiles, of a decorrelated subtraction.
   *
   * @param phi  a kernel from {@link #kernel}, {@code size * size}
   * @param size its width (odd)
   * @param tail the fraction of {@code sum |phi|} that may lie outside the box, in [0, 1)
   * @return an odd width from 1 to {@code size}
   * @throws IllegalArgumentException for a kernel of the wrong length or a tail outside [0, 1)
   */
  public static int supportWidth(float[] phi, int size, double tail) {
    checkKernel(phi, size, "phi");
    if (!(tail >= 0 && tail < 1)) {
      throw new IllegalArgumentException("tail is " + tail + "; expected a fraction in [0, 1)");
    }
    int c = size / 2;
    /* Sum of |phi| on each square ring around the centre, ring d at Chebyshev distance d. */
    double[] ring = new double[c + 1];
    double total = 0;
    for (int j = 0; j < size; j++) {
      for (int i = 0; i < size; i++) {
        double a = Math.abs((double) phi[j * size + i]);
        ring[Math.max(Math.abs(j - c), Math.abs(i - c))] += a;
        total += a;
      }
    }
    double outside = total;
    for (int d = 0; d <= c; d++) {
      outside -= ring[d];
      if (outside <= tail * total) {
        return 2 * d + 1;
      }
    }
    return size;
  }

  /**
   * phi cropped to its centred {@code outSize x outSize} box and renormalised to sum 1.
   *
   * @param phi     a kernel, {@code size * size}
   * @param size    its width (odd)
   * @param outSize the width of the result (odd, at most {@code size})
   * @return a new array of {@code outSize * outSize} values
   * @throws IllegalArgumentException for widths outside these ranges, or a crop that does not sum to a positive value
   */
  public static float[] crop(float[] phi, int size, int outSize) {
    checkKernel(phi, size, "phi");
    if (outSize < 1 || outSize > size || outSize % 2 == 0) {
      throw new IllegalArgumentException("outSize is " + outSize + "; expected an odd number from 1 to " + size);
    }
    int off = (size - outSize) / 2;
    double sum = 0;
    for (int j = 0; j < outSize; j++) {
      for (int i = 0; i < outSize; i++) {
        sum += phi[(j + off) * size + i + off];
      }
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("phi cropped to " + outSize + " x " + outSize + " sums to " + sum
          + "; expected > 0");
    }
    float[] out = new float[outSize * outSize];
    for (int j = 0; j < outSize; j++) {
      for (int i = 0; i < outSize; i++) {
        out[j * outSize + i] = (float) (phi[(j + off) * size + i + off] / sum);
      }
    }
    return out;
  }

  /**
   * Convolves the difference image with phi (FFT tiles, as {@link Convolution#convolve}). NaN pixels count as 0 in
   * the convolution and stay NaN in the output (they are NO_DATA); the caller masks pixels within {@code size / 2}
   * of them and of the border.
   *
   * @param difference the difference image (not null)
   * @param phi        the decorrelation kernel from {@link #kernel}, {@code size * size}
   * @param size       width of phi (odd)
   * @return a new image, same size and xy0 as {@code difference}
   */
  public static ImageF apply(ImageF difference, float[] phi, int size) {
    return apply(difference, phi, size, 0);
  }

  /** As {@link #apply(ImageF, float[], int)} with {@code threads} workers (1: caller's thread; 0: common pool). */
  static ImageF apply(ImageF difference, float[] phi, int size, int threads) {
    Objects.requireNonNull(difference, "difference");
    checkKernel(phi, size, "phi");
    int w = difference.width();
    int h = difference.height();
    float[] in = difference.array();
    float[] out = new float[w * h];
    new TileConvolver(w, h, size, new float[][] {phi.clone()}, 0).run(in, out, null, null, threads);
    for (int i = 0; i < out.length; i++) {
      if (in[i] != in[i]) {
        out[i] = Float.NaN;
      }
    }
    return ImageF.wrap(w, h, out).withXy0(difference.x0(), difference.y0());
  }

  /**
   * The variance plane of the decorrelated difference: {@code V = V_s * sum(phi^2) + V_t * sum((K (x) phi)^2)} per
   * pixel, the exact variance of {@code phi (x) (n_s - K (x) n_t)} for independent pixel noise whose variance is
   * locally constant over the kernel footprint (ip_diffim's "estimated variance plane", DMTN-179 section 5, computed
   * here with the cropped phi actually applied). For flat variances this is {@code sigma_s^2 + kappa^2 sigma_t^2}
   * up to the cropping of phi. The input planes are those of the original (unconvolved, unmatched) images, so the
   * already correlated variance plane of the difference is not used. In convolve-science mode pass the template's
   * plane as {@code scienceVariance} (see the class comment); if the difference was rescaled by {@code 1 / kappa}
   * divide the result by {@code kappa^2}, as ip_diffim does.
   *
   * @param scienceVariance  variance plane of the unconvolved image (not null); NaN stays NaN
   * @param templateVariance variance plane of the convolved image, same size (not null)
   * @param matchingKernel   K, {@code size * size}
   * @param size             width of K (odd)
   * @param phi              the decorrelation kernel, {@code phiSize * phiSize}
   * @param phiSize          width of phi (odd)
   * @return a new image, same size and xy0 as {@code scienceVariance}
   * @throws IllegalArgumentException if the planes differ in size or a kernel has the wrong length
   */
  public static ImageF applyToVariance(ImageF scienceVariance, ImageF templateVariance, float[] matchingKernel,
      int size, float[] phi, int phiSize) {
    return applyToVariance(scienceVariance, templateVariance, matchingKernel, size, phi, phiSize, 1.0);
  }

  /**
   * As {@link #applyToVariance(ImageF, ImageF, float[], int, float[], int)}, times {@code scale} (the
   * {@code 1 / kappa^2} of a difference rescaled by {@code 1 / kappa}). Parallel over row bands.
   */
  static ImageF applyToVariance(ImageF scienceVariance, ImageF templateVariance, float[] matchingKernel,
      int size, float[] phi, int phiSize, double scale) {
    Objects.requireNonNull(scienceVariance, "scienceVariance");
    Objects.requireNonNull(templateVariance, "templateVariance");
    checkKernel(matchingKernel, size, "matchingKernel");
    checkKernel(phi, phiSize, "phi");
    if (scienceVariance.width() != templateVariance.width() || scienceVariance.height() != templateVariance.height()) {
      throw new IllegalArgumentException("scienceVariance is " + scienceVariance.width() + "x"
          + scienceVariance.height() + " but templateVariance is " + templateVariance.width() + "x"
          + templateVariance.height());
    }
    double w1 = 0;
    for (float v : phi) {
      w1 += (double) v * v;
    }
    double[] kphi = fullConvolution(matchingKernel, size, phi, phiSize);
    double w2 = 0;
    for (double v : kphi) {
      w2 += v * v;
    }
    float[] s = scienceVariance.array();
    float[] t = templateVariance.array();
    float[] out = new float[s.length];
    float a = (float) (w1 * scale);
    float b = (float) (w2 * scale);
    int w = scienceVariance.width();
    RowBands.forEach(scienceVariance.height(), RowBands.DEFAULT_ROWS, (from, to) -> {
      for (int i = from * w; i < to * w; i++) {
        out[i] = a * s[i] + b * t[i];
      }
    });
    return ImageF.wrap(scienceVariance.width(), scienceVariance.height(), out)
        .withXy0(scienceVariance.x0(), scienceVariance.y0());
  }

  /**
   * The PSF of the decorrelated difference: {@code psf (x) phi} on the PSF's own box (values beyond it are dropped),
   * normalised to sum 1.
   *
   * @param psfKernel the difference image's PSF before decorrelation (not null; the science PSF when the template
   *                  was convolved); its sum must be positive
   * @param phi       the decorrelation kernel, {@code size * size}
   * @param size      width of phi (odd)
   * @return a new image, same size and xy0 as {@code psfKernel}
   * @throws IllegalArgumentException if the result does not have a positive sum
   */
  public static ImageF correctPsf(ImageF psfKernel, float[] phi, int size) {
    Objects.requireNonNull(psfKernel, "psfKernel");
    checkKernel(phi, size, "phi");
    int w = psfKernel.width();
    int h = psfKernel.height();
    float[] p = psfKernel.array();
    int r = size / 2;
    double[] acc = new double[w * h];
    double sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = 0;
        for (int j = -r; j <= r; j++) {
          int yy = y - j;
          if (yy < 0 || yy >= h) {
            continue;
          }
          for (int i = -r; i <= r; i++) {
            int xx = x - i;
            if (xx >= 0 && xx < w) {
              float q = p[yy * w + xx];
              if (q == q) {
                v += (double) phi[(j + r) * size + i + r] * q;
              }
            }
          }
        }
        acc[y * w + x] = v;
        sum += v;
      }
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("psfKernel convolved with phi sums to " + sum + "; expected > 0");
    }
    float[] out = new float[w * h];
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) (acc[k] / sum);
    }
    return ImageF.wrap(w, h, out).withXy0(psfKernel.x0(), psfKernel.y0());
  }

  /** Full linear convolution of two centred kernels: {@code (sa + sb - 1)^2} values. */
  static double[] fullConvolution(float[] a, int sa, float[] b, int sb) {
    int so = sa + sb - 1;
    double[] out = new double[so * so];
    for (int ja = 0; ja < sa; ja++) {
      for (int ia = 0; ia < sa; ia++) {
        double va = a[ja * sa + ia];
        if (va == 0) {
          continue;
        }
        for (int jb = 0; jb < sb; jb++) {
          int row = (ja + jb) * so + ia;
          for (int ib = 0; ib < sb; ib++) {
            out[row + ib] += va * b[jb * sb + ib];
          }
        }
      }
    }
    return out;
  }

  private static void checkKernel(float[] k, int size, String name) {
    Objects.requireNonNull(k, name);
    if (size < 1 || size % 2 == 0) {
      throw new IllegalArgumentException(name + " size is " + size + "; expected an odd number >= 1");
    }
    if (k.length != size * size) {
      throw new IllegalArgumentException(name + " has " + k.length + " values; expected " + size + " x " + size);
    }
  }

  /** In-place 2-d complex transform of an {@code n x n} interleaved grid (inverse unscaled). */
  private static void transform2d(double[] g, int n, DoubleFFT_1D fft, boolean forward) {
    for (int row = 0; row < n; row++) {
      if (forward) {
        fft.complexForward(g, 2 * row * n);
      } else {
        fft.complexInverse(g, 2 * row * n, false);
      }
    }
    double[] col = new double[2 * n];
    for (int c = 0; c < n; c++) {
      for (int row = 0; row < n; row++) {
        col[2 * row] = g[2 * (row * n + c)];
        col[2 * row + 1] = g[2 * (row * n + c) + 1];
      }
      if (forward) {
        fft.complexForward(col);
      } else {
        fft.complexInverse(col, false);
      }
      for (int row = 0; row < n; row++) {
        g[2 * (row * n + c)] = col[2 * row];
        g[2 * (row * n + c) + 1] = col[2 * row + 1];
      }
    }
  }
}
