package org.labelfree.pipeline.query;

/**
 * Root of the query-expression errors: the text of a WHERE expression is not one this package accepts. The message
 * names the problem and its column, then shows the expression (sanitised: control characters replaced, long text cut
 * to a window) with a caret {@code ^} under the offending column, e.g.
 *
 * <pre>
 * unexpected ';' at column 10; expected AND, OR or the end of the expression
 *   visit = 1; DROP TABLE dataset
 *            ^
 * </pre>
 *
 * <p>Unchecked. Immutable, hence thread-safe.
 */
public class QueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Characters shown either side of the column when the expression is too long to show whole. */
  private static final int WINDOW = 60;

  private final String reason;
  private final int column;

  /**
   * An error at a column of an expression.
   *
   * @param reason     what is wrong and what was expected, without the location (already sanitised by the caller)
   * @param expression the whole expression text as given (not null; echoed only sanitised)
   * @param column     1-based column (UTF-16 code units) of the offending text; {@code expression.length() + 1}
   *                   for the end of the expression
   */
  public QueryException(String reason, String expression, int column) {
    super(format(reason, expression, column));
    this.reason = reason;
    this.column = column;
  }

  /** The 1-based column (in UTF-16 code units, i.e. characters for all usual text) the error points at. */
  public int column() {
    return column;
  }

  /** The problem and what was expected, without the location and the echoed expression. */
  public String reason() {
    return reason;
  }

  private static String format(String reason, String expression, int column) {
    int at = Math.max(0, Math.min(column - 1, expression.length()));
    int from = 0;
    int to = expression.length();
    String prefix = "";
    String suffix = "";
    if (expression.length() > 2 * WINDOW) {
      from = Math.max(0, at - WINDOW);
      to = Math.min(expression.length(), at + WINDOW);
      prefix = from > 0 ? "..." : "";
      suffix = to < expression.length() ? "..." : "";
    }
    String shown = prefix + sanitize(expression.substring(from, to)) + suffix;
    int caret = prefix.length() + (at - from);
    return reason + " at column " + column + "\n  " + shown + "\n  " + " ".repeat(caret) + "^";
  }

  /**
   * The text with every control character replaced one-for-one (tab, CR and LF by a space, others by {@code ?}), so
   * columns still line up and nothing can drive a terminal.
   */
  static String sanitize(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        b.append(' ');
      } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        b.append('?');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
