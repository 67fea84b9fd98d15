package org.labelfree.pipeline.task;

/** Makes untrusted text safe to echo in a message: control characters replaced, length bounded. */
final class Sanitize {
  private static final int MAX = 200;

  private Sanitize() {}

  /** {@code text} with every control character replaced by {@code '?'}, cut to 200 characters; "null" for null. */
  static String text(Object text) {
    if (text == null) {
      return "null";
    }
    String s = String.valueOf(text);
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX + 3));
    for (int i = 0; i < s.length() && i < MAX; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
    }
    if (s.length() > MAX) {
      b.append("...");
    }
    return b.toString();
  }
}
