package org.labelfree.pipeline.query;

/**
 * The expression does not follow the grammar or exceeds a limit: an unexpected character or token, an unterminated
 * string, a missing parenthesis, an empty {@code IN ()}, an integer out of range, nesting deeper than
 * {@link QueryExpressions#MAX_DEPTH} or text longer than {@link QueryExpressions#MAX_LENGTH}. Unchecked.
 */
public class QuerySyntaxException extends QueryException {
  private static final long serialVersionUID = 1L;

  /**
   * A syntax error.
   *
   * @param reason     the problem and what was expected (sanitised)
   * @param expression the whole expression
   * @param column     1-based column of the offending text
   */
  public QuerySyntaxException(String reason, String expression, int column) {
    super(reason, expression, column);
  }
}
