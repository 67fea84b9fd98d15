package org.labelfree.diffim;

import org.labelfree.image.RowBands;

/**
 * The OR of the mask bits over every run of {@code n} consecutive pixels of a row of a source exposure, with NO_DATA
 * added where the image or the variance is NaN: {@code n} look-ups (one per kernel row) then tell a warp whether a
 * kernel footprint is usable and which planes it touches. Stateless.
 */
final class FootprintOr {
  private static final int BAND_ROWS = 64;

  private FootprintOr() {}

  /**
   * Over the sub-box {@code (bx, by, bw, bh)} of a {@code w}-wide source: returns {@code out[(y - by) * bw + x - bx]}
   * = OR of the (NaN-marked) mask over columns {@code x .. x+n-1} of row {@code y}, for {@code x <= bx + bw - n};
   * the last {@code n - 1} entries of a row are partial ORs, not to be used.
   */
  static int[] compute(float[] img, float[] var, int[] mask, int w, int bx, int by, int bw, int bh, int n,
      int noData) {
    int[] horiz = new int[bw * bh];
    RowBands.forEach(bh, BAND_ROWS, (from, to) -> {
      int[] marked = new int[bw];
      for (int y = from; y < to; y++) {
        int src = (by + y) * w + bx;
        int row = y * bw;
        for (int x = 0; x < bw; x++) {
          float s = img[src + x] + var[src + x];
          marked[x] = mask[src + x] | (s != s ? noData : 0);
        }
        System.arraycopy(marked, 0, horiz, row, bw);
        for (int d = 1; d < n; d++) {
          int end = bw - d;
          for (int x = 0; x < end; x++) {
            horiz[row + x] |= marked[x + d];
          }
        }
      }
    });
    return horiz;
  }
}
