package org.labelfree.wcs;

import java.util.Optional;
import org.labelfree.image.Metadata;

/**
 * A celestial world coordinate system of an image: pixel (0-based, LSST convention) to ICRS sky and back.
 *
 * <p>PLACEHOLDER CONTRACT on the skeleton branch: the WCS work replaces this file with the sealed interface
 * (TAN, TAN-SIP, TPV) implementing every method below.
 */
public interface Wcs {

  /** Projection type as written in CTYPE: {@code "TAN"}, {@code "TAN-SIP"} or {@code "TPV"}. */
  String type();

  /** Sky position of 0-based pixel ({@code x}, {@code y}). */
  SkyCoord pixelToSky(double x, double y);

  /** 0-based pixel position {x, y} of a sky position (degrees). */
  double[] skyToPixel(double ra, double dec);

  /** Bulk pixel to sky over arrays of equal length, degrees out. */
  void pixelToSky(double[] x, double[] y, double[] raOut, double[] decOut);

  /** Bulk sky to pixel over arrays of equal length, 0-based pixels out. */
  void skyToPixel(double[] ra, double[] dec, double[] xOut, double[] yOut);

  /** Local pixel scale in arcseconds per pixel (square root of the Jacobian determinant) at ({@code x}, {@code y}). */
  double pixelScaleArcsec(double x, double y);

  /** The header cards (FITS 1-based CRPIX) that describe this WCS. */
  Metadata toHeaderCards();

  /**
   * Parses the WCS of a header, if it has one.
   *
   * @param header the header cards
   * @param where  the file and HDU, for messages
   * @return empty if the header has no celestial WCS (no CTYPE1/CTYPE2)
   * @throws WcsException if the WCS cards are present but malformed
   */
  static Optional<Wcs> fromHeader(Metadata header, String where) {
    throw new UnsupportedOperationException("WCS parsing is not on this branch yet");
  }
}
