package org.labelfree.pipeline.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A parsed WHERE expression: a boolean tree of immutable records. {@code toString()} gives the canonical query text,
 * which parses back to an equal tree: keywords upper case, single spaces, comparisons with the dimension on the left,
 * {@code !=} for inequality, strings single-quoted with doubled quotes, parentheses only where precedence needs them.
 *
 * <p>The constructors enforce the type rules (so a tree built in code is as valid as a parsed one) and throw
 * {@link IllegalArgumentException} naming the dimension and value; the parser reports the same rules as
 * {@link QuerySemanticException}s with a column.
 */
public sealed interface Expr permits Expr.All, Expr.And, Expr.Or, Expr.Not, Expr.Compare, Expr.In {

  /**
   * The empty expression (blank query text): selects everything. Its text is empty, so it is only valid as a whole
   * expression, never inside {@link And}, {@link Or} or {@link Not}.
   */
  record All() implements Expr {
    @Override
    public String toString() {
      return "";
    }
  }

  /**
   * Conjunction of two or more operands. Nested {@code And} operands are flattened into this one.
   *
   * @param operands at least two after flattening, none {@link All}
   */
  record And(List<Expr> operands) implements Expr {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if fewer than two operands or one is {@link All}
     */
    public And {
      operands = flatten(operands, And.class);
    }

    @Override
    public String toString() {
      return operands.stream().map(e -> e instanceof Or ? "(" + e + ")" : e.toString())
          .collect(Collectors.joining(" AND "));
    }
  }

  /**
   * Disjunction of two or more operands. Nested {@code Or} operands are flattened into this one.
   *
   * @param operands at least two after flattening, none {@link All}
   */
  record Or(List<Expr> operands) implements Expr {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if fewer than two operands or one is {@link All}
     */
    public Or {
      operands = flatten(operands, Or.class);
    }

    @Override
    public String toString() {
      return operands.stream().map(Expr::toString).collect(Collectors.joining(" OR "));
    }
  }

  /**
   * Negation.
   *
   * @param operand not {@link All}
   */
  record Not(Expr operand) implements Expr {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if the operand is {@link All}
     */
    public Not {
      Objects.requireNonNull(operand, "operand");
      if (operand instanceof All) {
        throw new IllegalArgumentException("NOT needs a condition, not the empty expression");
      }
    }

    @Override
    public String toString() {
      return operand instanceof And || operand instanceof Or ? "NOT (" + operand + ")" : "NOT " + operand;
    }
  }

  /**
   * A comparison of a dimension with a literal or with another dimension of the same kind. Integer dimensions take
   * all six operators; string dimensions only {@code =} and {@code !=} (an ordering of strings would depend on the
   * database collation, so SQL and in-memory evaluation could disagree).
   *
   * @param left     the dimension
   * @param operator the operator
   * @param right    an integer literal for an integer dimension, a string literal for a string dimension, or a
   *                 dimension of the same kind
   */
  record Compare(Operand.Identifier left, Operator operator, Operand right) implements Expr {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the dimension and value if the types do not match
     */
    public Compare {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(right, "right");
      String problem = TypeRules.compareProblem(left.dimension(), operator, right);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }

    @Override
    public String toString() {
      return left + " " + operator.symbol() + " " + right;
    }
  }

  /**
   * Membership of a dimension in a list of literals and integer ranges: {@code visit IN (1, 5..8, 20)}, or its
   * negation {@code visit NOT IN (...)}.
   *
   * @param subject the dimension
   * @param items   1 to {@link QueryExpressions#MAX_IN_VALUES} items: integer literals and ranges for an integer
   *                dimension, string literals for a string dimension
   * @param negated true for {@code NOT IN}
   */
  record In(Operand.Identifier subject, List<InItem> items, boolean negated) implements Expr {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the dimension and item for an empty or too long list or a type mismatch
     */
    public In {
      Objects.requireNonNull(subject, "subject");
      items = List.copyOf(items);
      if (items.isEmpty()) {
        throw new IllegalArgumentException("IN list of " + subject + " is empty; expected at least one value");
      }
      if (items.size() > QueryExpressions.MAX_IN_VALUES) {
        throw new IllegalArgumentException("IN list of " + subject + " has " + items.size() + " values; the limit is "
            + QueryExpressions.MAX_IN_VALUES);
      }
      for (InItem item : items) {
        String problem = TypeRules.inItemProblem(subject.dimension(), item);
        if (problem != null) {
          throw new IllegalArgumentException(problem);
        }
      }
    }

    @Override
    public String toString() {
      return subject + (negated ? " NOT IN (" : " IN (")
          + items.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")";
    }
  }

  /** A comparison operator. */
  enum Operator {
    /** Equal. */
    EQ("=", "="),
    /** Not equal (written {@code !=} or {@code <>}). */
    NE("!=", "<>"),
    /** Less than. */
    LT("<", "<"),
    /** Less than or equal. */
    LE("<=", "<="),
    /** Greater than. */
    GT(">", ">"),
    /** Greater than or equal. */
    GE(">=", ">=");

    private final String symbol;
    private final String sql;

    Operator(String symbol, String sql) {
      this.symbol = symbol;
      this.sql = sql;
    }

    /** The canonical query-text symbol. */
    public String symbol() {
      return symbol;
    }

    /** The standard SQL symbol. */
    public String sql() {
      return sql;
    }

    /** The operator with its operands swapped: {@code 3 < visit} is {@code visit > 3}. */
    public Operator flip() {
      switch (this) {
        case LT:
          return GT;
        case LE:
          return GE;
        case GT:
          return LT;
        case GE:
          return LE;
        case EQ:
        case NE:
        default:
          return this;
      }
    }

    /** True for {@code <}, {@code <=}, {@code >} and {@code >=}. */
    public boolean isOrdering() {
      return this != EQ && this != NE;
    }

    /** Applies this operator to the result of {@code a.compareTo(b)}. */
    public boolean test(int comparison) {
      switch (this) {
        case EQ:
          return comparison == 0;
        case NE:
          return comparison != 0;
        case LT:
          return comparison < 0;
        case LE:
          return comparison <= 0;
        case GT:
          return comparison > 0;
        case GE:
        default:
          return comparison >= 0;
      }
    }
  }

  private static List<Expr> flatten(List<Expr> operands, Class<? extends Expr> kind) {
    List<Expr> out = new ArrayList<>(operands.size());
    for (Expr e : operands) {
      Objects.requireNonNull(e, "operand");
      if (e instanceof All) {
        throw new IllegalArgumentException(kind.getSimpleName().toUpperCase(java.util.Locale.ROOT)
            + " needs conditions, not the empty expression");
      }
      if (kind.isInstance(e)) {
        out.addAll(e instanceof And a ? a.operands() : ((Or) e).operands());
      } else {
        out.add(e);
      }
    }
    if (out.size() < 2) {
      throw new IllegalArgumentException(kind.getSimpleName().toUpperCase(java.util.Locale.ROOT)
          + " needs at least two operands, but got " + out.size());
    }
    return List.copyOf(out);
  }
}
