package org.labelfree.diffim;

import org.labelfree.image.RowBands;

/**
 * The OR of the mask bits over every {@code n x n} box of a source exposure, with NO_DATA added where the image or
 * the variance is NaN: one look-up then tells a warp whether a kernel footprint is usable and which planes it
 * touches. Stateless.
 */
final class FootprintOr {
  private static final int BAND_ROWS = 64;

  private FootprintOr() {}

  /**
   * Over the sub-box {@code (bx, by, bw, bh)} of a {@code w}-wide source: returns {@code out[(y - by) * bw + x - bx]}
   * = OR of the (NaN-marked) mask over columns {@code x .. x+n-1} of rows {@code y .. y+n-1}, for
   * {@code x <= bx + bw - n} and {@code y <= by + bh - n}; the other entries are partial ORs, not to be used.
   * Rows first, then columns in place: every band copies the {@code n - 1} rows below it before any band changes
   * its own.
   */
  static int[] compute(float[] img, float[] var, int[] mask, int w, int bx, int by, int bw, int bh, int n,
      int noData) {
    int[] or = new int[bw * bh];
    RowBands.forEach(bh, BAND_ROWS, (from, to) -> {
      int[] marked = new int[bw];
      for (int y = from; y < to; y++) {
        int src = (by + y) * w + bx;
        int row = y * bw;
        for (int x = 0; x < bw; x++) {
          float s = img[src + x] + var[src + x];
          marked[x] = mask[src + x] | (s != s ? noData : 0);
        }
        System.arraycopy(marked, 0, or, row, bw);
        for (int d = 1; d < n; d++) {
          int end = bw - d;
          for (int x = 0; x < end; x++) {
            or[row + x] |= marked[x + d];
          }
        }
      }
    });
    int bands = RowBands.count(bh, BAND_ROWS);
    int[][] below = new int[bands][];
    RowBands.forEach(bh, BAND_ROWS, (from, to) -> {
      int rows = Math.min(n - 1, bh - to);
      below[from / BAND_ROWS] = java.util.Arrays.copyOfRange(or, to * bw, (to + rows) * bw);
    });
    RowBands.forEach(bh, BAND_ROWS, (from, to) -> {
      int[] halo = below[from / BAND_ROWS];
      /* Ascending rows: row y reads rows y + 1 .. y + n - 1, not yet changed, or from the halo past the band. */
      for (int y = from; y < to; y++) {
        int row = y * bw;
        for (int d = 1; d < n && y + d < bh; d++) {
          int yy = y + d;
          if (yy < to) {
            int other = yy * bw;
            for (int x = 0; x < bw; x++) {
              or[row + x] |= or[other + x];
            }
          } else {
            int other = (yy - to) * bw;
            for (int x = 0; x < bw; x++) {
              or[row + x] |= halo[other + x];
            }
          }
        }
      }
    });
    return or;
  }
}
