package org.labelfree.fits;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * nom-tam-fits logs a bogus "Repaired invalid BITPIX value: -32 --> -32" (java.util.logging) for every image it
 * compresses or decompresses; this keeps that one logger quiet. The logger is held strongly so the level sticks.
 */
final class NomTamLogging {
  private static final Logger BITPIX = Logger.getLogger("nom.tam.fits.header.Bitpix");

  private NomTamLogging() {}

  /** Raises the level of nom-tam's Bitpix logger to SEVERE (idempotent). */
  static void quiet() {
    BITPIX.setLevel(Level.SEVERE);
  }
}
