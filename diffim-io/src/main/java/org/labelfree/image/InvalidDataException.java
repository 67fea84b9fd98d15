package org.labelfree.image;

/**
 * Root of every exception the data layer ({@code diffim-io}) throws about bad input: a file, a header, a table or an
 * image that is not what it must be. Subclasses name the format ({@code FitsFormatException},
 * {@code WcsException}, {@code CatalogFormatException}, {@code StampShardException}).
 *
 * <p>Messages name where the problem is (file, HDU, keyword, line/column) and what was expected, in the shape
 * {@code "<file> HDU[2] (MASK): BITPIX is 16; expected 32"}. Text taken from the input is sanitised with
 * {@link #sanitize(String)} before it is echoed.
 */
public class InvalidDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says where and what. */
  public InvalidDataException(String message) {
    super(message);
  }

  /** Creates an exception with a message that says where and what, and its cause. */
  public InvalidDataException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns untrusted text (a header value, a CSV cell) fit to echo in a message: control characters are replaced
   * by {@code ?} and the text is cut to 80 characters.
   *
   * @param text the untrusted text; {@code null} gives {@code "null"}
   */
  public static String sanitize(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), 83));
    for (int i = 0; i < text.length() && i < 80; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (text.length() > 80) {
      out.append("...");
    }
    return out.toString();
  }
}
