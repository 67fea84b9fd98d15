package org.labelfree.sim;

import java.util.Objects;

/**
 * The truth of one rendered artefact: where it is, how much charge it added and whether the pipeline's masks know
 * of it.
 *
 * @param kind      what it is; not null
 * @param x0        first end of its segment, x (pixels, 0-based LSST convention: pixel i covers [i-0.5, i+0.5))
 * @param y0        first end of its segment, y (pixels)
 * @param x1        second end, x (pixels); equal to {@code x0} and {@code y1 == y0} for a point-like artefact
 * @param y1        second end, y (pixels)
 * @param electrons the charge it added to the detector, summed over its pixels (electrons, >= 0); NaN for a dead
 *                  column, which removes charge instead
 * @param masked    whether a mask plane (BAD, SAT, CR or STREAK) marks its pixels, i.e. whether a pipeline knows of it
 */
public record Artefact(ArtefactKind kind, double x0, double y0, double x1, double y1, double electrons,
                       boolean masked) {
  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if an end is not finite or the charge is negative
   */
  public Artefact {
    Objects.requireNonNull(kind, "kind");
    if (!Double.isFinite(x0) || !Double.isFinite(y0) || !Double.isFinite(x1) || !Double.isFinite(y1)) {
      throw new IllegalArgumentException("segment ends must be finite, but were (" + x0 + ", " + y0 + ")-("
          + x1 + ", " + y1 + ")");
    }
    if (electrons < 0) {
      throw new IllegalArgumentException("electrons must be >= 0 or NaN, but was " + electrons);
    }
  }

  /** The segment's length (pixels); 0 for a point. */
  public double length() {
    return Math.hypot(x1 - x0, y1 - y0);
  }
}
