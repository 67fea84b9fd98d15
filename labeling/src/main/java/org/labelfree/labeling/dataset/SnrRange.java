package org.labelfree.labeling.dataset;

/**
 * A half-open range of signal-to-noise ratios, {@code lo <= snr < hi}, e.g. the stamps left out of a dataset with
 * {@code --exclude-snr 0:8}. A NaN S/N is in no range.
 *
 * @param lo lower bound, inclusive (not NaN; may be -infinity)
 * @param hi upper bound, exclusive (not NaN; {@code > lo})
 */
public record SnrRange(double lo, double hi) {
  /** Validates the bounds; throws {@link IllegalArgumentException} naming them. */
  public SnrRange {
    if (Double.isNaN(lo) || Double.isNaN(hi) || !(hi > lo)) {
      throw new IllegalArgumentException("S/N range " + lo + ":" + hi + " is not valid; expected LO:HI with LO < HI");
    }
  }

  /**
   * Parses {@code LO:HI}, e.g. {@code 0:8}.
   *
   * @throws IllegalArgumentException naming the text if it is not two numbers with {@code LO < HI}
   */
  public static SnrRange parse(String text) {
    String t = text == null ? "" : text.strip();
    int colon = t.indexOf(':');
    if (colon < 0 || colon != t.lastIndexOf(':')) {
      throw new IllegalArgumentException("S/N range '" + org.labelfree.image.InvalidDataException.sanitize(text)
          + "' is not valid; expected LO:HI, e.g. 0:8");
    }
    try {
      return new SnrRange(Double.parseDouble(t.substring(0, colon).strip()),
          Double.parseDouble(t.substring(colon + 1).strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("S/N range '" + org.labelfree.image.InvalidDataException.sanitize(text)
          + "' is not valid; expected two numbers LO:HI, e.g. 0:8", e);
    }
  }

  /** True when {@code lo <= snr < hi} (false for NaN). */
  public boolean contains(double snr) {
    return snr >= lo && snr < hi;
  }

  /** {@code LO:HI} as parsed by {@link #parse}. */
  @Override
  public String toString() {
    return fmt(lo) + ":" + fmt(hi);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
