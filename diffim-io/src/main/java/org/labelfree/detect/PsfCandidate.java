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

  /**
   * One candidate per row of a {@link DetectAndMeasure} catalogue, flagged when any of its pixel flags (edge,
   * saturated, bad, cosmic ray, interpolated, no data, suspect), a measurement flag (centroid, shape, PSF flux) or
   * {@code isNegative} is set.
   *
   * @param sources the catalogue (not null)
   * @return the candidates, in catalogue order
   * @throws IllegalArgumentException if a column is missing
   */
  public static java.util.List<PsfCandidate> fromCatalog(org.labelfree.catalog.Catalog sources) {
    int n = sources.rowCount();
    double[] x = sources.doubleColumn("x");
    double[] y = sources.doubleColumn("y");
    double[] flux = sources.doubleColumn("psfFlux");
    double[] snr = sources.doubleColumn("snr");
    double[] ixx = sources.doubleColumn("ixx");
    double[] iyy = sources.doubleColumn("iyy");
    double[] ixy = sources.doubleColumn("ixy");
    String[] flags = {"pixelFlags_edge", "pixelFlags_saturated", "pixelFlags_bad", "pixelFlags_cr",
        "pixelFlags_interpolated", "pixelFlags_nodata", "pixelFlags_suspect", "centroid_flag", "shape_flag",
        "psfFlux_flag", "isNegative"};
    boolean[][] f = new boolean[flags.length][];
    for (int k = 0; k < flags.length; k++) {
      f[k] = sources.booleanColumn(flags[k]);
    }
    java.util.List<PsfCandidate> out = new java.util.ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean flagged = false;
      for (boolean[] col : f) {
        flagged |= col[i];
      }
      out.add(new PsfCandidate(x[i], y[i], flux[i], snr[i], ixx[i], iyy[i], ixy[i], flagged));
    }
    return out;
  }
}
