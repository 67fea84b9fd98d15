package org.labelfree.wcs;

/**
 * The FITS {@code CDi_j} matrix of a celestial WCS: intermediate world coordinates (degrees in the tangent plane)
 * per pixel, {@code (X, Y) = CD * (x - crpixX, y - crpixY)}.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param cd11 dX/dx, degrees per pixel (FITS {@code CD1_1})
 * @param cd12 dX/dy, degrees per pixel (FITS {@code CD1_2})
 * @param cd21 dY/dx, degrees per pixel (FITS {@code CD2_1})
 * @param cd22 dY/dy, degrees per pixel (FITS {@code CD2_2})
 */
public record CdMatrix(double cd11, double cd12, double cd21, double cd22) {

  /**
   * Validates the matrix.
   *
   * @throws IllegalArgumentException if an element is not finite or the matrix is singular (determinant 0)
   */
  public CdMatrix {
    if (!Double.isFinite(cd11) || !Double.isFinite(cd12) || !Double.isFinite(cd21) || !Double.isFinite(cd22)) {
      throw new IllegalArgumentException("CD matrix elements must be finite, but were [" + cd11 + ", " + cd12 + "; "
          + cd21 + ", " + cd22 + "]");
    }
    double det = cd11 * cd22 - cd12 * cd21;
    if (det == 0.0 || !Double.isFinite(det)) {
      throw new IllegalArgumentException("CD matrix must be non-singular, but its determinant is " + det);
    }
  }

  /** A scale-only matrix {@code diag(-scaleDeg, scaleDeg)}: north up, east left, {@code scaleDeg} degrees per pixel. */
  public static CdMatrix northUp(double scaleDeg) {
    return new CdMatrix(-scaleDeg, 0.0, 0.0, scaleDeg);
  }

  /** The determinant, square degrees per square pixel (negative for the usual east-left parity). */
  public double determinant() {
    return cd11 * cd22 - cd12 * cd21;
  }
}
