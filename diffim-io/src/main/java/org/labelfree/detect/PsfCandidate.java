package org.labelfree.detect;

/**
 * A source offered to {@link PsfEstimator} as a possible PSF star, as single-frame measurement reports it.
 *
 * @param x       centroid column, parent pixels (finite)
 * @param y       centroid row, parent pixels (finite)
 * @param flux    instrumental flux, image units (NaN when unmeasured: then never used)
 * @param snr     signal-to-noise ratio of the flux (NaN when unmeasured: then never used)
 * @param ixx     second moment along x, pixels^2 (adaptive or weighted; NaN when unmeasured: then never used)
 * @param iyy     second moment along y, pixels^2
 * @param ixy     cross moment, pixels^2
 * @param flagged true when the footprint touches saturated, edge, bad, cosmic-ray or interpolated pixels: such a
 *                candidate is never used as a PSF star (it still counts as a neighbour for isolation)
 */
public record PsfCandidate(double x, double y, double flux, double snr, double ixx, double iyy, double ixy,
                           boolean flagged) {
  public PsfCandidate {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("x, y must be finite parent pixel coordinates, but were " + x + ", " + y);
    }
  }

  /** The moment size {@code sqrt(ixx + iyy)} in pixels (NaN when the moments are unmeasured or negative). */
  public double size() {
    double s = ixx + iyy;
    return s > 0 ? Math.sqrt(s) : Double.NaN;
  }
}
