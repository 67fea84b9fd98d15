package org.labelfree.pipeline;

/**
 * Untrusted text (a YAML value, a collection name, a data ID value) made safe to echo in an exception message. The
 * one sanitiser of this module; the query grammar keeps its own one-for-one variant so that its caret lines up.
 */
public final class Messages {
  private static final int MAX = 200;

  private Messages() {}

  /**
   * {@code text} as a string with every character outside printable ASCII replaced by {@code '?'} (nothing can drive
   * a terminal or hide in a log), cut to 200 characters with {@code "..."}; {@code "null"} for null.
   */
  public static String sanitize(Object text) {
    return sanitize(text, MAX);
  }

  /**
   * As {@link #sanitize(Object)} with another length limit (failure reports keep whole exception messages).
   *
   * @param text the text, may be null
   * @param max  the number of characters kept before {@code "..."}
   * @return the safe text
   */
  public static String sanitize(Object text, int max) {
    if (text == null) {
      return "null";
    }
    String s = String.valueOf(text);
    StringBuilder b = new StringBuilder(Math.min(s.length(), max + 3));
    for (int i = 0; i < s.length() && i < max; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (s.length() > max) {
      b.append("...");
    }
    return b.toString();
  }
}
