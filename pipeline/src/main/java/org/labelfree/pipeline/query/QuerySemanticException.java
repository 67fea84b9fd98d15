package org.labelfree.pipeline.query;

/**
 * The expression parses but means nothing valid: an unknown dimension, a type mismatch (an integer dimension compared
 * with a string, a string dimension with an integer or in a range), an ordering comparison of a string dimension,
 * a comparison with no dimension on either side ({@code 1 = 1}), a reversed range or a stride below 1. Unchecked.
 */
public class QuerySemanticException extends QueryException {
  private static final long serialVersionUID = 1L;

  /**
   * A semantic error.
   *
   * @param reason     the problem and what was expected (sanitised)
   * @param expression the whole expression
   * @param column     1-based column of the offending text
   */
  public QuerySemanticException(String reason, String expression, int column) {
    super(reason, expression, column);
  }
}
