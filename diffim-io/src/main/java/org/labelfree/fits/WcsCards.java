package org.labelfree.fits;

import java.util.Optional;
import org.labelfree.image.Metadata;
import org.labelfree.wcs.Wcs;

/**
 * The one place where this package meets {@link Wcs}: parse from header cards, and cards to write.
 *
 * <p>Pixel origin, as LSST's afw does it: in memory an exposure's WCS maps <b>parent-grid</b> pixels (those of
 * {@code ImageF#x0()}, {@code y0()}), while in the file CRPIX refers to the stored array, so that any FITS reader
 * (astropy, ds9) gets the right sky positions. Writing shifts CRPIX by {@code -xy0}, reading by {@code +xy0}. A DSS
 * plate solution (no CRPIX; its own {@code CNPIX} offset) is read unshifted.
 */
final class WcsCards {
  private WcsCards() {}

  /**
   * The WCS of a header, if it has one, in the parent grid of an image whose first pixel is ({@code x0}, {@code y0}).
   * Blank CTYPE1/CTYPE2 cards count as absent (no celestial WCS), as in wcslib.
   *
   * @throws org.labelfree.wcs.WcsException if WCS cards are present but malformed (an {@code InvalidDataException})
   */
  static Optional<Wcs> read(Metadata cards, String where, int x0, int y0) {
    return Wcs.fromHeader(shiftCrpix(cards, x0, y0), where);
  }

  /** The cards of a WCS of the parent grid, for an array whose first pixel is ({@code x0}, {@code y0}). */
  static Metadata write(Wcs wcs, int x0, int y0) {
    return shiftCrpix(wcs.toHeaderCards(), -x0, -y0);
  }

  private static Metadata shiftCrpix(Metadata cards, int dx, int dy) {
    if ((dx == 0 && dy == 0) || !cards.contains("CRPIX1") || !cards.contains("CRPIX2")) {
      return cards;
    }
    double c1 = cards.optDouble("CRPIX1").orElse(Double.NaN);
    double c2 = cards.optDouble("CRPIX2").orElse(Double.NaN);
    if (Double.isNaN(c1) || Double.isNaN(c2)) {
      /* Leave a malformed card for the WCS parser to report. */
      return cards;
    }
    Metadata.Builder b = cards.toBuilder();
    b.add(new Metadata.Card("CRPIX1", c1 + dx, cards.card("CRPIX1").orElseThrow().comment()));
    b.add(new Metadata.Card("CRPIX2", c2 + dy, cards.card("CRPIX2").orElseThrow().comment()));
    return b.build();
  }
}
