package org.labelfree.pipeline.query;

import org.labelfree.pipeline.repo.Dimension;

/**
 * The type rules shared by the tree's constructors (which throw {@link IllegalArgumentException}) and the parser
 * (which throws {@link QuerySemanticException} with a column). Each method returns the problem, or null if none.
 */
final class TypeRules {
  /** Longest piece of a user string quoted back in a message. */
  private static final int QUOTE_LIMIT = 40;

  private TypeRules() {}

  static String compareProblem(Dimension left, Expr.Operator operator, Operand right) {
    if (right instanceof Operand.Identifier id) {
      if (id.dimension().kind() != left.kind()) {
        return "cannot compare " + describe(left) + " with " + describe(id.dimension());
      }
      if (left.kind() == Dimension.Kind.STRING && operator.isOrdering()) {
        return orderingOnString(left, operator);
      }
      return null;
    }
    if (right instanceof Operand.IntegerLiteral lit) {
      return left.kind() == Dimension.Kind.INTEGER ? null
          : "cannot compare " + describe(left) + " with integer " + lit + "; quote the value, e.g. " + left + " = 'x'";
    }
    Operand.StringLiteral lit = (Operand.StringLiteral) right;
    if (left.kind() != Dimension.Kind.STRING) {
      return "cannot compare " + describe(left) + " with string " + quote(lit) + "; expected an integer";
    }
    return operator.isOrdering() ? orderingOnString(left, operator) : null;
  }

  static String inItemProblem(Dimension subject, InItem item) {
    if (item instanceof InItem.Range r) {
      return subject.kind() == Dimension.Kind.INTEGER ? null
          : "range " + r + " in the IN list of " + describe(subject) + "; ranges need an integer dimension";
    }
    if (item instanceof Operand.IntegerLiteral lit) {
      return subject.kind() == Dimension.Kind.INTEGER ? null
          : "integer " + lit + " in the IN list of " + describe(subject) + "; expected a quoted string";
    }
    Operand.StringLiteral lit = (Operand.StringLiteral) item;
    return subject.kind() == Dimension.Kind.STRING ? null
        : "string " + quote(lit) + " in the IN list of " + describe(subject) + "; expected an integer";
  }

  static String rangeProblem(long start, long stop, long stride) {
    if (stride < 1) {
      return "range stride must be at least 1, but was " + stride;
    }
    if (stop < start) {
      return "range " + start + ".." + stop + " is reversed; write the smaller bound first, e.g. " + stop + ".."
          + start;
    }
    return null;
  }

  static String describe(Dimension d) {
    return (d.kind() == Dimension.Kind.INTEGER ? "integer dimension " : "string dimension ") + d.key();
  }

  /** The literal as query text, sanitised and cut to a readable length. */
  static String quote(Operand.StringLiteral lit) {
    return cut(lit.toString());
  }

  /** User text sanitised and cut to a readable length for a message. */
  static String cut(String userText) {
    String text = QueryException.sanitize(userText);
    return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "...";
  }

  private static String orderingOnString(Dimension d, Expr.Operator operator) {
    return "operator " + operator.symbol() + " on " + describe(d) + "; string dimensions support only = and !="
        + " (and IN)";
  }
}
