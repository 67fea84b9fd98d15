package org.labelfree.stamps;

import java.util.Objects;

/**
 * The per-stamp values of one row of a {@link StampShard} (everything but the pixels).
 *
 * <p>Record equality compares floating-point components with {@code Double.compare}/{@code Float.compare}, so NaN
 * equals NaN.
 *
 * @param diaSourceId     DIA source identifier (int64)
 * @param visit           visit identifier (int64)
 * @param detector        detector number (int32)
 * @param band            band name, e.g. {@code "r"}: non-empty printable ASCII, at most 32 characters
 * @param ra              right ascension of the stamp centre (degrees, ICRS; float64)
 * @param dec             declination of the stamp centre (degrees, ICRS; float64)
 * @param x               column of the source in the difference image (pixels, 0-based; float32)
 * @param y               row of the source in the difference image (pixels, 0-based; float32)
 * @param snr             signal-to-noise ratio of the detection (float32; NaN if unknown)
 * @param label           training label (int8; e.g. 1 real/injected, 0 bogus, -1 unlabelled)
 * @param injectionId     matched injection identifier, or -1 for none (int64)
 * @param isTrueTransient ground truth where known: 1 true, 0 false, -1 unknown (int8)
 * @param flags           {@link StampFlags} bits (int32; 0 for none)
 */
public record StampRow(long diaSourceId, long visit, int detector, String band, double ra, double dec, float x,
    float y, float snr, byte label, long injectionId, byte isTrueTransient, int flags) {

  /** Validates {@code band} and {@code isTrueTransient}; throws {@link IllegalArgumentException} naming them. */
  public StampRow {
    Objects.requireNonNull(band, "band");
    if (band.isEmpty() || band.length() > 32 || !printableAscii(band)) {
      throw new IllegalArgumentException("band '" + org.labelfree.image.InvalidDataException.sanitize(band)
          + "' is not valid; expected 1-32 printable ASCII characters");
    }
    if (isTrueTransient < -1 || isTrueTransient > 1) {
      throw new IllegalArgumentException("isTrueTransient is " + isTrueTransient + "; expected -1, 0 or 1");
    }
  }

  /** A row without flags ({@code flags = 0}), as format version 1 shards hold them. */
  public StampRow(long diaSourceId, long visit, int detector, String band, double ra, double dec, float x, float y,
      float snr, byte label, long injectionId, byte isTrueTransient) {
    this(diaSourceId, visit, detector, band, ra, dec, x, y, snr, label, injectionId, isTrueTransient, 0);
  }

  static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
