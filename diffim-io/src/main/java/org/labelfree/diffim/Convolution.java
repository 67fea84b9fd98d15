package org.labelfree.diffim;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;

/**
 * Convolution of an image, its variance and its mask with a spatially varying kernel, as Alard-Lupton subtraction
 * needs (the kernel of Alard 2000: fixed images weighted by polynomials of position):
 * {@code out(x, y) = sum_s P_s(x, y) (C_s (x) image)(x, y)}, exactly (no piecewise-constant approximation of the
 * kernel), with the convention of {@link SpatialKernel} (a kernel whose only non-zero value is at offset (1, 0)
 * shifts the image by +1 in x).
 *
 * <p>Method: overlap-save FFT on tiles (each component is convolved by FFT, then weighted per pixel by its spatial
 * polynomial term and summed), two tiles per complex transform, parallel over tile pairs. Results are
 * bit-identical for any thread count. Accuracy: float transforms, max error below 1e-5 of max|image| (tested).
 *
 * <p>Edges: pixels outside the image and NaN pixels count as 0, so the output within {@code radius} of the border or
 * of a NaN pixel is not a full convolution; the caller masks those pixels (EDGE / NO_DATA, see
 * {@link #convolveMask}). Infinite input pixels are not replaced: they spread over the kernel footprint.
 *
 * <p>Stateless and thread-safe; methods run on the common fork-join pool.
 */
public final class Convolution {
  private Convolution() {}

  /**
   * Convolves an image with a spatially varying kernel.
   *
   * @param image  the image (not null); its xy0 places it in the parent grid of the kernel's spatial polynomial
   * @param kernel the kernel (not null)
   * @return a new image, same size and xy0 as {@code image}
   */
  public static ImageF convolve(ImageF image, SpatialKernel kernel) {
    return convolve(image, kernel, 0);
  }

  /** As {@link #convolve(ImageF, SpatialKernel)} with {@code threads} workers (1: caller's thread; 0: common pool). */
  static ImageF convolve(ImageF image, SpatialKernel kernel, int threads) {
    return convolve(image, kernel, threads, 0);
  }

  /** As above with tiles of at most {@code maxTile} pixels (0: no limit), for tests that cross many tile edges. */
  static ImageF convolve(ImageF image, SpatialKernel kernel, int threads, int maxTile) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(kernel, "kernel");
    int w = image.width();
    int h = image.height();
    int terms = kernel.componentCount();
    float[][] comps = new float[terms][];
    for (int s = 0; s < terms; s++) {
      comps[s] = kernel.component(s);
    }
    float[][] colWeight = new float[terms][];
    float[][] rowWeight = new float[terms][];
    spatialWeights(kernel.spatial(), image.x0(), image.y0(), w, h, colWeight, rowWeight);
    float[] out = new float[w * h];
    new TileConvolver(w, h, kernel.size(), comps, maxTile).run(image.array(), out, colWeight, rowWeight, threads);
    return ImageF.wrap(w, h, out).withXy0(image.x0(), image.y0());
  }

  /**
   * The decorrelated difference {@code phi (x) (reference - K (x) image)} in one pass of FFT tiles, for Alard-Lupton
   * subtraction with decorrelation (Reiss &amp; Lupton 2016): {@code phi (x) reference - sum_s P_s (phi (x) C_s) (x)
   * image}, so the reference and the image are each transformed once per tile and the convolved image never exists
   * on its own. The kernels {@code phi (x) C_s} reach {@code r + phiSize / 2}, which sets the tile overlap.
   *
   * <p>Moving {@code phi} inside the spatial weights is exact for a spatially constant kernel; otherwise the error is
   * {@code grad P_s . sum_t t phi(t) (C_s (x) image)(x - t)}, which vanishes for a symmetric phi up to the image's
   * gradient over phi's width: relative to the difference of a bright star it is about (the kernel's change across
   * the image) x (phi's width) / (the image's size), below 1e-5 for the kernels Alard-Lupton fits (order 1 and 2,
   * phi a few pixels wide, images of a thousand pixels and more). NaN pixels of either input count as 0, as in
   * {@link #convolve}.
   *
   * @param reference the image that is not convolved (not null), same size and xy0 as {@code image}
   * @param image     the image the kernel matches to the reference (not null)
   * @param kernel    the kernel (not null)
   * @param phi       the decorrelation kernel, {@code phiSize * phiSize} (see {@link Decorrelation#kernel})
   * @param phiSize   width of phi (odd)
   * @return a new image, same size and xy0 as {@code image}
   * @throws IllegalArgumentException if the images differ in size or placement, or phi's length is not phiSize^2
   */
  static ImageF decorrelatedDifference(ImageF reference, ImageF image, SpatialKernel kernel, float[] phi,
      int phiSize) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(phi, "phi");
    int w = image.width();
    int h = image.height();
    if (reference.width() != w || reference.height() != h || reference.x0() != image.x0()
        || reference.y0() != image.y0()) {
      throw new IllegalArgumentException("reference is " + reference.width() + "x" + reference.height() + " at ("
          + reference.x0() + "," + reference.y0() + ") but the image is " + w + "x" + h + " at (" + image.x0() + ","
          + image.y0() + ")");
    }
    if (phiSize < 1 || phiSize % 2 == 0 || phi.length != phiSize * phiSize) {
      throw new IllegalArgumentException("phi has " + phi.length + " values for a width of " + phiSize
          + "; expected an odd width and width^2 values");
    }
    int size = kernel.size();
    int combined = size + phiSize - 1;
    int terms = kernel.componentCount();
    float[][] comps = new float[terms][];
    for (int s = 0; s < terms; s++) {
      double[] c = Decorrelation.fullConvolution(kernel.component(s), size, phi, phiSize);
      float[] neg = new float[c.length];
      for (int k = 0; k < c.length; k++) {
        neg[k] = (float) -c[k];
      }
      comps[s] = neg;
    }
    float[] phiPadded = new float[combined * combined];
    int pad = (combined - phiSize) / 2;
    for (int j = 0; j < phiSize; j++) {
      System.arraycopy(phi, j * phiSize, phiPadded, (j + pad) * combined + pad, phiSize);
    }
    float[][] colWeight = new float[terms][];
    float[][] rowWeight = new float[terms][];
    spatialWeights(kernel.spatial(), image.x0(), image.y0(), w, h, colWeight, rowWeight);
    float[] out = new float[w * h];
    new TileConvolver(w, h, combined, comps, phiPadded, 0).run(image.array(), reference.array(), out, colWeight,
        rowWeight, 0);
    return ImageF.wrap(w, h, out).withXy0(image.x0(), image.y0());
  }

  /**
   * Convolves a variance plane with the square of the kernel: {@code out = K^2 (x) V}, where K is the kernel evaluated
   * at the centre of the image. Using one kernel for the whole image is the documented approximation: the variance
   * is smooth and the kernel varies slowly, so the error is second order in the kernel's variation (for a kernel
   * whose sum of squares changes by 2% across the image, the variance is off by at most about 2% at the corners).
   *
   * @param variance the variance plane (not null); NaN counts as 0
   * @param kernel   the kernel (not null)
   * @return a new image, same size and xy0 as {@code variance}
   */
  public static ImageF convolveVariance(ImageF variance, SpatialKernel kernel) {
    return convolveVariance(variance, kernel, 0);
  }

  /** As {@link #convolveVariance(ImageF, SpatialKernel)} with {@code threads} workers (1: caller's; 0: common pool). */
  static ImageF convolveVariance(ImageF variance, SpatialKernel kernel, int threads) {
    Objects.requireNonNull(variance, "variance");
    Objects.requireNonNull(kernel, "kernel");
    int w = variance.width();
    int h = variance.height();
    float[] k = kernel.kernelAt(variance.x0() + (w - 1) / 2.0, variance.y0() + (h - 1) / 2.0);
    for (int i = 0; i < k.length; i++) {
      k[i] *= k[i];
    }
    float[] out = new float[w * h];
    new TileConvolver(w, h, kernel.size(), new float[][] {k}, 0).run(variance.array(), out, null, null, threads);
    return ImageF.wrap(w, h, out).withXy0(variance.x0(), variance.y0());
  }

  /**
   * Grows the given mask planes over the kernel footprint: each bit of {@code planes} is OR-ed over the
   * {@code (2 radius + 1)^2} box around every pixel (box outside the mask counts as unset); the other bits are copied
   * unchanged. Separable (rows then columns), each pass a running OR by doubling windows, so the cost does not grow
   * with the radius beyond its logarithm.
   *
   * @param mask   the mask (not null)
   * @param radius box half width in pixels, {@code >= 0}
   * @param planes bitmask of the planes to grow (e.g. {@code planes.bitmask("BAD", "SAT", "NO_DATA")})
   * @return a new mask, same size, xy0 and planes as {@code mask}
   * @throws IllegalArgumentException if {@code radius < 0}
   */
  public static Mask convolveMask(Mask mask, int radius, int planes) {
    Objects.requireNonNull(mask, "mask");
    if (radius < 0) {
      throw new IllegalArgumentException("radius is " + radius + "; expected >= 0");
    }
    int w = mask.width();
    int h = mask.height();
    int[] src = mask.array();
    int[] out = new int[w * h];
    if (radius == 0 || planes == 0) {
      System.arraycopy(src, 0, out, 0, out.length);
      return Mask.wrap(w, h, out, mask.planes()).withXy0(mask.x0(), mask.y0());
    }
    int band = 256;
    int bands = (h + band - 1) / band;
    int win = 2 * radius + 1;
    int k = Integer.highestOneBit(win);
    int shift = win - k;
    IntStream.range(0, bands).parallel().forEach(b -> {
      int yLo = b * band;
      int yHi = Math.min(h, (b + 1) * band);
      int n = yHi - yLo + 2 * radius;
      /* Rows of the band and its halo, grown along x; null for a row without the selected planes (masks are
         sparse: most rows are never allocated, and the passes below skip them). */
      int[][] rows = new int[n][];
      int[] pad = new int[w + 2 * radius];
      boolean any = false;
      for (int t = 0; t < n; t++) {
        int y = yLo - radius + t;
        if (y < 0 || y >= h) {
          continue;
        }
        int rowAny = 0;
        for (int x = 0; x < w; x++) {
          int v = src[y * w + x] & planes;
          pad[x + radius] = v;
          rowAny |= v;
        }
        if (rowAny != 0) {
          runningOr(pad, w + 2 * radius, win);
          rows[t] = Arrays.copyOf(pad, w);
          Arrays.fill(pad, 0);
          any = true;
        }
      }
      if (!any) {
        System.arraycopy(src, yLo * w, out, yLo * w, (yHi - yLo) * w);
        return;
      }
      /* Columns: the same along y, on whole rows; ascending t reads row t + m before this pass changes it. */
      for (int m = 1; m < k; m *= 2) {
        for (int t = 0; t + m < n; t++) {
          int[] c = rows[t + m];
          if (c == null) {
            continue;
          }
          int[] a = rows[t];
          if (a == null) {
            rows[t] = c.clone();
            continue;
          }
          for (int x = 0; x < w; x++) {
            a[x] |= c[x];
          }
        }
      }
      for (int y = yLo; y < yHi; y++) {
        int[] a = rows[y - yLo];
        int[] c = rows[y - yLo + shift];
        int d = y * w;
        if (a == null && c == null) {
          for (int x = 0; x < w; x++) {
            out[d + x] = src[d + x] & ~planes;
          }
        } else if (a == null || c == null) {
          int[] e = a == null ? c : a;
          for (int x = 0; x < w; x++) {
            out[d + x] = (src[d + x] & ~planes) | e[x];
          }
        } else {
          for (int x = 0; x < w; x++) {
            out[d + x] = (src[d + x] & ~planes) | a[x] | c[x];
          }
        }
      }
    });
    return Mask.wrap(w, h, out, mask.planes()).withXy0(mask.x0(), mask.y0());
  }

  /**
   * In place: {@code a[i] = OR a[i .. i + win - 1]} for {@code i <= n - win} (a window of {@code win} starting at i).
   * Doubling: after the loop for window k (a power of two) each entry holds the OR of k consecutive values; two
   * overlapping windows of k cover win.
   */
  private static void runningOr(int[] a, int n, int win) {
    int k = Integer.highestOneBit(win);
    for (int m = 1; m < k; m *= 2) {
      for (int i = 0; i + m < n; i++) {
        a[i] |= a[i + m];
      }
    }
    int shift = win - k;
    for (int i = 0; i + shift < n; i++) {
      a[i] |= a[i + shift];
    }
  }

  /**
   * Separable weights of the spatial terms over an image: term {@code u^a v^b} is {@code colWeight[x] *
   * rowWeight[y]} with {@code colWeight[x] = u(x0 + x)^a} and {@code rowWeight[y] = v(y0 + y)^b}, the terms in the
   * order of {@link SpatialPolynomial}; a power 0 leaves its weight null (1 everywhere), so the constant term has
   * none.
   */
  static void spatialWeights(SpatialPolynomial sp, int x0, int y0, int w, int h, float[][] colWeight,
      float[][] rowWeight) {
    int k = 0;
    for (int d = 0; d <= sp.order(); d++) {
      for (int j = 0; j <= d; j++) {
        int a = d - j;
        float[] cw = a == 0 ? null : new float[w];
        float[] rw = j == 0 ? null : new float[h];
        for (int x = 0; cw != null && x < w; x++) {
          cw[x] = (float) pow(sp.u(x0 + x), a);
        }
        for (int y = 0; rw != null && y < h; y++) {
          rw[y] = (float) pow(sp.v(y0 + y), j);
        }
        colWeight[k] = cw;
        rowWeight[k] = rw;
        k++;
      }
    }
    /* Guard against a change of the term order in SpatialPolynomial. */
    double[] t = new double[sp.termCount()];
    sp.terms(x0 + w - 1, y0 + h - 1, t);
    for (int s = 0; s < t.length; s++) {
      double mine = (colWeight[s] == null ? 1.0 : colWeight[s][w - 1]) * (rowWeight[s] == null ? 1.0
          : rowWeight[s][h - 1]);
      if (Math.abs(mine - t[s]) > 1e-5 * Math.max(1, Math.abs(t[s]))) {
        throw new IllegalStateException("spatial term " + s + " is " + t[s] + " but the separable form gives " + mine);
      }
    }
  }

  private static double pow(double a, int n) {
    double r = 1;
    for (int i = 0; i < n; i++) {
      r *= a;
    }
    return r;
  }
}
