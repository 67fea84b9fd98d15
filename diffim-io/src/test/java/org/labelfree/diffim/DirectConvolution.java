package org.labelfree.diffim;

import org.labelfree.image.ImageF;

/**
 * Test reference: the plain direct convolution of a whole image with a {@link SpatialKernel}, evaluating the kernel
 * at every pixel ({@code out(x, y) = sum_{i,j} K(i, j; x, y) in(x - i, y - j)}), and the same with the squared kernel
 * for a variance plane. Pixels within the kernel radius of the edge are NaN. Slow and obviously right: the fast
 * convolution is checked against it.
 */
final class DirectConvolution {
  private DirectConvolution() {}

  /** K (x) image. */
  static ImageF convolve(ImageF image, SpatialKernel kernel) {
    return run(image, kernel, false);
  }

  /** K^2 (x) variance. */
  static ImageF convolveVariance(ImageF variance, SpatialKernel kernel) {
    return run(variance, kernel, true);
  }

  private static ImageF run(ImageF image, SpatialKernel kernel, boolean squared) {
    int w = image.width();
    int h = image.height();
    int r = kernel.radius();
    int size = kernel.size();
    int nt = kernel.componentCount();
    float[][] comp = new float[nt][];
    for (int s = 0; s < nt; s++) {
      comp[s] = kernel.component(s);
    }
    float[] in = image.array();
    float[] out = new float[w * h];
    double[] t = new double[nt];
    double[] k = new double[size * size];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (x < r || y < r || x >= w - r || y >= h - r) {
          out[y * w + x] = Float.NaN;
          continue;
        }
        kernel.spatial().terms(x + image.x0(), y + image.y0(), t);
        for (int p = 0; p < k.length; p++) {
          double v = 0;
          for (int s = 0; s < nt; s++) {
            v += t[s] * comp[s][p];
          }
          k[p] = squared ? v * v : v;
        }
        double acc = 0;
        for (int j = -r; j <= r; j++) {
          int row = (y - j) * w + x;
          int kr = (j + r) * size + r;
          for (int i = -r; i <= r; i++) {
            acc += k[kr + i] * in[row - i];
          }
        }
        out[y * w + x] = (float) acc;
      }
    }
    return ImageF.wrap(w, h, out).withXy0(image.x0(), image.y0());
  }
}
