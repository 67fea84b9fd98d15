package org.labelfree.diffim;

import java.util.stream.IntStream;

/**
 * The OR of the mask bits over every {@code n x n} box of a source exposure, with NO_DATA added where the image or
 * the variance is NaN: one look-up then tells a warp whether a kernel footprint is usable and which planes it
 * touches. Stateless.
 */
final class FootprintOr {
  private static final int BAND_ROWS = 64;

  private FootprintOr() {}

  /**
   * Returns {@code out[y * w + x]} = OR of the (NaN-marked) mask over columns {@code x .. x+n-1} and rows
   * {@code y .. y+n-1}, for {@code x <= w - n} and {@code y <= h - n}; other entries are partial ORs, not to be used.
   */
  static int[] compute(float[] img, float[] var, int[] mask, int w, int h, int n, int noData) {
    int[] horiz = new int[w * h];
    IntStream.range(0, (h + BAND_ROWS - 1) / BAND_ROWS).parallel().forEach(b -> {
      int yEnd = Math.min(h, (b + 1) * BAND_ROWS);
      int[] marked = new int[w];
      for (int y = b * BAND_ROWS; y < yEnd; y++) {
        int row = y * w;
        for (int x = 0; x < w; x++) {
          float a = img[row + x];
          float v = var[row + x];
          marked[x] = mask[row + x] | (a != a || v != v ? noData : 0);
        }
        for (int x = 0; x < w; x++) {
          int acc = 0;
          int end = Math.min(w, x + n);
          for (int i = x; i < end; i++) {
            acc |= marked[i];
          }
          horiz[row + x] = acc;
        }
      }
    });
    int[] out = new int[w * h];
    IntStream.range(0, (h + BAND_ROWS - 1) / BAND_ROWS).parallel().forEach(b -> {
      int yEnd = Math.min(h, (b + 1) * BAND_ROWS);
      for (int y = b * BAND_ROWS; y < yEnd; y++) {
        int end = Math.min(h, y + n);
        int row = y * w;
        System.arraycopy(horiz, row, out, row, w);
        for (int yy = y + 1; yy < end; yy++) {
          int src = yy * w;
          for (int x = 0; x < w; x++) {
            out[row + x] |= horiz[src + x];
          }
        }
      }
    });
    return out;
  }
}
