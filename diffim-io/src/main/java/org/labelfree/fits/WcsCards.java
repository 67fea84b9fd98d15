package org.labelfree.fits;

import java.util.Optional;
import org.labelfree.image.Metadata;
import org.labelfree.wcs.Wcs;

/** The one place where this package meets {@link Wcs}: parse from header cards, and cards to write. */
final class WcsCards {
  private WcsCards() {}

  /** The WCS of a header, if it has one. */
  static Optional<Wcs> read(Metadata cards, String where) {
    try {
      return Wcs.fromHeader(cards, where);
    } catch (UnsupportedOperationException e) {
      /* TEMPORARY until feat/wcs is merged: the placeholder Wcs.fromHeader always throws. */
      return Optional.empty();
    }
  }

  /** The cards of a WCS. */
  static Metadata write(Wcs wcs) {
    return wcs.toHeaderCards();
  }
}
