package org.labelfree.image;

/**
 * Runs a per-row computation over an image in fixed bands of rows, the bands in parallel on the common fork-join pool,
 * each thread taking the next band as it finishes one ({@link Parallel}). The bands do not depend on the number of
 * threads, so a body that writes only its own rows (and reduces per band in band order, when it reduces) gives the
 * same result on any machine. Stateless.
 */
public final class RowBands {
  /** Rows per band when the caller has no better choice: large enough to amortise a task, small enough to balance. */
  public static final int DEFAULT_ROWS = 64;

  /** The work on rows {@code [from, to)}. */
  @FunctionalInterface
  public interface Body {
    void rows(int from, int to);
  }

  private RowBands() {}

  /** The number of bands of {@code bandRows} rows covering {@code height} rows. */
  public static int count(int height, int bandRows) {
    return (height + bandRows - 1) / bandRows;
  }

  /**
   * Runs {@code body} on the bands {@code [b * bandRows, min(height, (b + 1) * bandRows))} of {@code height} rows.
   *
   * @throws IllegalArgumentException if {@code bandRows < 1} or {@code height < 0}
   */
  public static void forEach(int height, int bandRows, Body body) {
    if (bandRows < 1 || height < 0) {
      throw new IllegalArgumentException("height " + height + ", bandRows " + bandRows + "; expected >= 0 and >= 1");
    }
    Parallel.forEach(count(height, bandRows), b -> body.rows(b * bandRows, Math.min(height, (b + 1) * bandRows)));
  }
}
