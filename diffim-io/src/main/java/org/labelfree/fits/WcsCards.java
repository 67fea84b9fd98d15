package org.labelfree.fits;

import java.util.Optional;
import org.labelfree.image.Metadata;
import org.labelfree.wcs.Wcs;

/** The one place where this package meets {@link Wcs}: parse from header cards, and cards to write. */
final class WcsCards {
  private WcsCards() {}

  /**
   * The WCS of a header, if it has one. Blank CTYPE1/CTYPE2 cards count as absent (no celestial WCS), as in wcslib.
   *
   * @throws org.labelfree.wcs.WcsException if WCS cards are present but malformed (an {@code InvalidDataException})
   */
  static Optional<Wcs> read(Metadata cards, String where) {
    return Wcs.fromHeader(cards, where);
  }

  /** The cards of a WCS. */
  static Metadata write(Wcs wcs) {
    return wcs.toHeaderCards();
  }
}
