package org.labelfree.pipeline.repo;

/**
 * Validation of collection and run names, and sanitising of user text for messages. Static and thread-safe.
 *
 * <p>A collection name is 1 to 255 characters of {@code [A-Za-z0-9._+@=,-]} in segments separated by single
 * {@code /}: no leading or trailing {@code /}, no empty segment, no segment {@code .} or {@code ..}. Run names are
 * collection names and become folders of the datastore, so these rules are what keeps them inside it; e.g.
 * {@code u/me/x/20261121T044512Z} is fine, {@code ../x}, {@code /abs}, {@code a//b}, {@code a\b} and names with
 * NUL or control characters are not.
 */
final class Names {
  static final int MAX_LENGTH = 255;

  private Names() {}

  /**
   * Checks a collection name.
   *
   * @param what what the name is for messages, e.g. "run" or "collection"
   * @return the name
   * @throws InvalidNameException naming the problem and the (sanitised) name
   */
  static String checkCollection(String name, String what) {
    if (name == null) {
      throw new InvalidNameException(what + " name is missing (null)");
    }
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw new InvalidNameException(what + " name '" + sanitize(name) + "' must have 1 to " + MAX_LENGTH
          + " characters, but has " + name.length());
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "._+@=,-/".indexOf(c) >= 0;
      if (!ok) {
        throw new InvalidNameException(what + " name '" + sanitize(name) + "' has a character not allowed at index "
            + i + " (" + describe(c) + "); expected letters, digits, '._+@=,-' and '/' between segments");
      }
    }
    if (name.startsWith("/")) {
      throw new InvalidNameException(what + " name '" + sanitize(name) + "' is an absolute path; expected a relative"
          + " name such as u/me/x");
    }
    String[] segments = name.split("/", -1);
    for (String s : segments) {
      if (s.isEmpty()) {
        throw new InvalidNameException(what + " name '" + sanitize(name) + "' has an empty segment ('//' or a"
            + " trailing '/')");
      }
      if (s.equals(".") || s.equals("..")) {
        throw new InvalidNameException(what + " name '" + sanitize(name) + "' has a segment '" + s
            + "'; '.' and '..' are not allowed");
      }
    }
    return name;
  }

  /** Text safe to echo in a message: control characters and non-ASCII replaced by {@code ?}, cut at 200 chars. */
  static String sanitize(String text) {
    return org.labelfree.pipeline.Messages.sanitize(text);
  }

  private static String describe(char c) {
    if (c >= 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }
}
