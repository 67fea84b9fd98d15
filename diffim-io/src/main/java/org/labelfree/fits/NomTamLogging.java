package org.labelfree.fits;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * nom-tam-fits logs a bogus "Repaired invalid BITPIX value: -32 --> -32" (java.util.logging) for every image it
 * compresses or decompresses; this keeps that logger quiet (our own header parser reports real header defects).
 * The logger is held strongly so the level sticks.
 */
final class NomTamLogging {
  private static final Logger BITPIX = Logger.getLogger("nom.tam.fits.HeaderCardParser");

  private NomTamLogging() {}

  /** Raises the level of that logger (nom-tam names it nom.tam.fits.HeaderCardParser) to SEVERE (idempotent). */
  static void quiet() {
    BITPIX.setLevel(Level.SEVERE);
  }
}
