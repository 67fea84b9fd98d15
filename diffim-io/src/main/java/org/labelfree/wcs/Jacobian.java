package org.labelfree.wcs;

/**
 * The local affine derivative of a WCS at one pixel: how a small pixel step moves on the sky, in the tangent plane
 * of the sky at that very point (local east = increasing RA, and north).
 *
 * <p>Equivalently {@code d(ra * cos(dec), dec) / d(x, y)} in degrees per pixel, evaluated at the point. Because it
 * is taken at the point itself, {@code sqrt(|determinant|)} is the true local pixel scale there, including the
 * gnomonic stretching away from the reference point and any SIP/TPV distortion. Immutable value; thread-safe.
 *
 * @param dEastDx  d(east)/dx, degrees per pixel
 * @param dEastDy  d(east)/dy, degrees per pixel
 * @param dNorthDx d(north)/dx, degrees per pixel
 * @param dNorthDy d(north)/dy, degrees per pixel
 */
public record Jacobian(double dEastDx, double dEastDy, double dNorthDx, double dNorthDy) {

  /** The determinant, square degrees per square pixel; negative for the usual east-left (sky-like) parity. */
  public double determinant() {
    return dEastDx * dNorthDy - dEastDy * dNorthDx;
  }

  /** The local pixel scale, {@code sqrt(|determinant|)}, in arcseconds per pixel. */
  public double pixelScaleArcsec() {
    return Math.sqrt(Math.abs(determinant())) * 3600.0;
  }
}
