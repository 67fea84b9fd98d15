package org.labelfree.training.eval;

/**
 * A 2-D embedding of some rows of a data set: which rows (ascending) and their coordinates. Immutable; accessors
 * return copies.
 */
public final class UmapEmbedding {
  private final int[] rows;
  private final float[] xy;
  private final int totalPoints;

  /**
   * Wraps an embedding.
   *
   * @param rows        the embedded rows of the input, ascending
   * @param xy          row-major m x 2 coordinates, m = {@code rows.length}
   * @param totalPoints the number of rows of the input
   * @throws IllegalArgumentException if the lengths do not match
   */
  public UmapEmbedding(int[] rows, float[] xy, int totalPoints) {
    if (xy.length != 2L * rows.length) {
      throw new IllegalArgumentException("xy has length " + xy.length + "; expected 2 x " + rows.length + " rows");
    }
    if (rows.length > totalPoints) {
      throw new IllegalArgumentException(rows.length + " rows embedded of " + totalPoints + "; expected at most "
          + totalPoints);
    }
    this.rows = rows.clone();
    this.xy = xy.clone();
    this.totalPoints = totalPoints;
  }

  /** The number of embedded points. */
  public int size() {
    return rows.length;
  }

  /** The number of input rows. */
  public int totalPoints() {
    return totalPoints;
  }

  /** True when a subset of the input was embedded. */
  public boolean subsampled() {
    return rows.length < totalPoints;
  }

  /** The embedded rows, ascending (a copy). */
  public int[] rows() {
    return rows.clone();
  }

  /** The row of the k-th embedded point. */
  public int row(int k) {
    return rows[k];
  }

  /** The coordinates, row-major m x 2 (a copy). */
  public float[] xy() {
    return xy.clone();
  }

  /** The x coordinate of the k-th embedded point. */
  public float x(int k) {
    return xy[2 * k];
  }

  /** The y coordinate of the k-th embedded point. */
  public float y(int k) {
    return xy[2 * k + 1];
  }
}
