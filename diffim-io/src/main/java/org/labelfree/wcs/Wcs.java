package org.labelfree.wcs;

import java.util.Optional;
import org.labelfree.image.Metadata;

/**
 * A celestial world coordinate system of an image: 0-based pixel (LSST convention) to ICRS sky and back.
 *
 * <p>A closed set: {@link TanWcs} (gnomonic), {@link TanSipWcs} (gnomonic with SIP pixel-space distortion) and
 * {@link TpvWcs} (gnomonic with TPV distortion of the intermediate coordinates). Read one with
 * {@link #fromHeader(Metadata, String)}, write it with {@link #toHeaderCards()}; the round trip is exact.
 *
 * <p>Pixel coordinates are 0-based everywhere in this API (the centre of the first pixel is 0, 0); the FITS
 * 1-based {@code CRPIX} is converted only when reading and writing cards. Sky coordinates are ICRS degrees, RA in
 * [0, 360). FK5 is treated as ICRS (they differ by tens of milliarcseconds at most); FK4 is rejected.
 *
 * <p>Implementations are immutable and thread-safe, with value equality. Bulk methods split arrays of 131,072 or
 * more points across the common fork-join pool; their results are bit-identical to the single-point methods.
 */
public sealed interface Wcs permits TanWcs, TanSipWcs, TpvWcs {

  /** Projection type as written in CTYPE: {@code "TAN"}, {@code "TAN-SIP"} or {@code "TPV"}. */
  String type();

  /**
   * Sky position of 0-based pixel ({@code x}, {@code y}).
   *
   * @throws IllegalArgumentException if {@code x} or {@code y} is not finite
   */
  SkyCoord pixelToSky(double x, double y);

  /**
   * 0-based pixel position {x, y} of a sky position (degrees).
   *
   * @return a new array {x, y}; {NaN, NaN} when the position is 90 degrees or more from the reference point
   *     (behind the tangent plane) or the distortion cannot be inverted there (Newton iteration does not converge)
   */
  double[] skyToPixel(double ra, double dec);

  /**
   * Bulk pixel to sky over arrays of equal length, degrees out (RA in [0, 360)). Non-finite input gives NaN out.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  void pixelToSky(double[] x, double[] y, double[] raOut, double[] decOut);

  /**
   * Bulk sky to pixel over arrays of equal length, 0-based pixels out; NaN for a point where the single-point
   * method gives NaN.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  void skyToPixel(double[] ra, double[] dec, double[] xOut, double[] yOut);

  /**
   * The local affine Jacobian at 0-based pixel ({@code x}, {@code y}): {@code d(ra cos dec, dec) / d(x, y)} in
   * degrees per pixel, i.e. the derivative in the tangent plane of the sky at that point (see {@link Jacobian}).
   */
  Jacobian jacobian(double x, double y);

  /**
   * Local pixel scale in arcseconds per pixel at ({@code x}, {@code y}): the square root of the absolute
   * determinant of {@link #jacobian(double, double)}.
   */
  double pixelScaleArcsec(double x, double y);

  /**
   * The header cards that describe this WCS: CTYPE, CRPIX (FITS 1-based), CRVAL, CD (always CD form), CUNIT
   * {@code deg}, LONPOLE, RADESYS {@code ICRS}, and the SIP (A/B and AP/BP if present) or PV cards.
   * {@code fromHeader(w.toHeaderCards(), where)} equals {@code w} exactly.
   */
  Metadata toHeaderCards();

  /**
   * Parses the WCS of a header, if it has one.
   *
   * <p>Accepts {@code RA---TAN/DEC--TAN}, {@code RA---TAN-SIP/DEC--TAN-SIP} and {@code RA---TPV/DEC--TPV}, with the
   * linear part as CD matrix, PC + CDELT, or CROTA2 + CDELT (AIPS); where several are present the precedence is
   * wcslib's (PC, then CD, then CROTA). A Digitized Sky Survey plate solution (PLTRAH... AMDX/AMDY cards) is
   * used in preference to the header's approximate TAN cards, as wcslib does, and is returned as the exactly
   * equivalent {@link TpvWcs}; it is recognised even without CTYPE cards. Harmless oddities (ignored PV cards on a
   * TAN, both PC and CD present) give one SLF4J warning per header.
   *
   * @param header the header cards
   * @param where  the file and HDU, for messages (e.g. {@code "x.fits HDU[1]"})
   * @return empty if the header has no celestial WCS (no CTYPE1/CTYPE2, or both blank as IRAF and ESO write them,
   *         and no DSS plate solution)
   * @throws WcsException if the WCS cards are present but malformed: unknown or mismatched CTYPE, non-equatorial
   *                      axes, missing CRVAL/CRPIX, a non-numeric or NaN value, a singular matrix, SIP cards
   *                      without {@code -SIP}, a SIP order outside 0..9, an FK4 frame, a unit other than degrees
   */
  static Optional<Wcs> fromHeader(Metadata header, String where) {
    return WcsParser.parse(header, where);
  }
}
