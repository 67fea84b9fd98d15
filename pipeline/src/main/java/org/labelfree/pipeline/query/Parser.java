package org.labelfree.pipeline.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.labelfree.pipeline.repo.Dimension;

/**
 * Recursive-descent parser of the grammar documented on {@link QueryExpressions}. Not thread-safe: one instance per
 * parse.
 */
final class Parser {
  private static final String DIMENSIONS = Arrays.stream(Dimension.values()).map(Dimension::key)
      .collect(Collectors.joining(", "));
  private static final String COMPARISON = "a comparison operator (=, !=, <>, <, <=, >, >=) or IN";

  /** An operand and the column it starts at. */
  private record Located(Operand operand, int column) {}

  private final String source;
  private final Lexer lexer;
  private Lexer.Token token;
  private int depth;

  Parser(String source) {
    this.source = source;
    this.lexer = new Lexer(source);
  }

  Expr parse() {
    if (source.length() > QueryExpressions.MAX_LENGTH) {
      throw syntax("expression is " + source.length() + " characters long; the limit is "
          + QueryExpressions.MAX_LENGTH, QueryExpressions.MAX_LENGTH + 1);
    }
    token = lexer.next();
    if (token.kind() == Lexer.Kind.END) {
      return new Expr.All();
    }
    Expr e = or();
    if (token.kind() != Lexer.Kind.END) {
      throw unexpected(token.kind() == Lexer.Kind.RPAREN ? "no '(' is open here" : "expected AND, OR or the end of"
          + " the expression");
    }
    return e;
  }

  /* or := and (OR and)* */
  private Expr or() {
    List<Expr> terms = new ArrayList<>();
    terms.add(and());
    while (token.kind() == Lexer.Kind.OR) {
      advance();
      terms.add(and());
    }
    return terms.size() == 1 ? terms.get(0) : new Expr.Or(terms);
  }

  /* and := unary (AND unary)* */
  private Expr and() {
    List<Expr> terms = new ArrayList<>();
    terms.add(unary());
    while (token.kind() == Lexer.Kind.AND) {
      advance();
      terms.add(unary());
    }
    return terms.size() == 1 ? terms.get(0) : new Expr.And(terms);
  }

  /* unary := NOT unary | '(' or ')' | predicate */
  private Expr unary() {
    if (token.kind() == Lexer.Kind.NOT) {
      enter();
      advance();
      Expr operand = unary();
      depth--;
      return new Expr.Not(operand);
    }
    if (token.kind() == Lexer.Kind.LPAREN) {
      int open = token.column();
      enter();
      advance();
      Expr inner = or();
      if (token.kind() != Lexer.Kind.RPAREN) {
        throw unexpected("expected ')' to close the '(' at column " + open);
      }
      advance();
      depth--;
      return inner;
    }
    return predicate();
  }

  /* predicate := operand op operand | operand [NOT] IN '(' item (',' item)* ')' */
  private Expr predicate() {
    Located left = operand();
    if (token.kind() == Lexer.Kind.IN || token.kind() == Lexer.Kind.NOT) {
      boolean negated = token.kind() == Lexer.Kind.NOT;
      if (negated) {
        advance();
        if (token.kind() != Lexer.Kind.IN) {
          throw unexpected("expected IN after NOT");
        }
      }
      if (!(left.operand() instanceof Operand.Identifier subject)) {
        throw semantic("IN needs a dimension on its left, but found " + left.operand(), left.column());
      }
      advance();
      return in(subject, negated);
    }
    Expr.Operator op = operator();
    if (op == null) {
      throw unexpected("expected " + COMPARISON);
    }
    advance();
    Located right = operand();
    if (left.operand() instanceof Operand.Identifier id) {
      return compare(id, op, right);
    }
    if (right.operand() instanceof Operand.Identifier id) {
      return compare(id, op.flip(), left);
    }
    throw semantic("a comparison needs a dimension on one side, but " + left.operand() + " " + op.symbol() + " "
        + right.operand() + " compares two values", left.column());
  }

  private Expr compare(Operand.Identifier dimension, Expr.Operator op, Located other) {
    String problem = TypeRules.compareProblem(dimension.dimension(), op, other.operand());
    if (problem != null) {
      throw semantic(problem, other.column());
    }
    return new Expr.Compare(dimension, op, other.operand());
  }

  private Expr in(Operand.Identifier subject, boolean negated) {
    if (token.kind() != Lexer.Kind.LPAREN) {
      throw unexpected("expected '(' after IN");
    }
    advance();
    if (token.kind() == Lexer.Kind.RPAREN) {
      throw unexpected("empty IN list; expected at least one value");
    }
    List<InItem> items = new ArrayList<>();
    while (true) {
      int column = token.column();
      if (items.size() == QueryExpressions.MAX_IN_VALUES) {
        throw syntax("IN list has more than " + QueryExpressions.MAX_IN_VALUES + " values", column);
      }
      InItem item = inItem();
      String problem = TypeRules.inItemProblem(subject.dimension(), item);
      if (problem != null) {
        throw semantic(problem, column);
      }
      items.add(item);
      if (token.kind() == Lexer.Kind.RPAREN) {
        advance();
        return new Expr.In(subject, items, negated);
      }
      if (token.kind() != Lexer.Kind.COMMA) {
        throw unexpected("expected ',' or ')' in the IN list");
      }
      advance();
    }
  }

  /* item := integer ['..' integer [':' integer]] | string */
  private InItem inItem() {
    if (token.kind() == Lexer.Kind.STRING) {
      Operand.StringLiteral s = new Operand.StringLiteral(token.text());
      advance();
      if (token.kind() == Lexer.Kind.DOTDOT) {
        throw semantic("a range needs integer bounds, but starts with string " + TypeRules.quote(s), token.column());
      }
      return s;
    }
    if (!isIntegerStart()) {
      throw unexpected("expected an integer, a range such as 1..10 or a quoted string");
    }
    int startColumn = token.column();
    long start = integer();
    if (token.kind() != Lexer.Kind.DOTDOT) {
      return new Operand.IntegerLiteral(start);
    }
    advance();
    if (!isIntegerStart()) {
      throw unexpected("expected the integer that ends the range");
    }
    long stop = integer();
    long stride = 1;
    int strideColumn = token.column();
    if (token.kind() == Lexer.Kind.COLON) {
      advance();
      strideColumn = token.column();
      if (!isIntegerStart()) {
        throw unexpected("expected the integer stride of the range");
      }
      stride = integer();
    }
    String problem = TypeRules.rangeProblem(start, stop, stride);
    if (problem != null) {
      throw semantic(problem, stride < 1 ? strideColumn : startColumn);
    }
    return new InItem.Range(start, stop, stride);
  }

  /* operand := identifier ['.' identifier] | ['+' | '-'] integer | string */
  private Located operand() {
    int column = token.column();
    switch (token.kind()) {
      case IDENT:
        return new Located(identifier(), column);
      case STRING: {
        Operand.StringLiteral s = new Operand.StringLiteral(token.text());
        advance();
        return new Located(s, column);
      }
      case INTEGER:
      case PLUS:
      case MINUS:
        return new Located(new Operand.IntegerLiteral(integer()), column);
      default:
        throw unexpected("expected a dimension name, an integer or a quoted string");
    }
  }

  private Operand.Identifier identifier() {
    Lexer.Token name = token;
    advance();
    Optional<Dimension> found = Dimension.byKey(name.text());
    if (found.isEmpty()) {
      throw semantic("unknown dimension '" + TypeRules.cut(name.text()) + "'; expected one of " + DIMENSIONS, name.column());
    }
    Dimension d = found.get();
    if (token.kind() == Lexer.Kind.DOT) {
      advance();
      String key = d.kind() == Dimension.Kind.INTEGER ? "id" : "name";
      if (token.kind() != Lexer.Kind.IDENT) {
        throw unexpected("expected '" + key + "' after '" + d.key() + ".'");
      }
      if (!token.text().equalsIgnoreCase(key)) {
        throw semantic("unknown field '" + d.key() + "." + TypeRules.cut(token.text()) + "'; write " + d.key() + " or " + d.key()
            + "." + key, token.column());
      }
      advance();
    }
    return new Operand.Identifier(d);
  }

  private boolean isIntegerStart() {
    Lexer.Kind k = token.kind();
    return k == Lexer.Kind.INTEGER || k == Lexer.Kind.PLUS || k == Lexer.Kind.MINUS;
  }

  /* integer := ['+' | '-'] digits */
  private long integer() {
    int column = token.column();
    String sign = "";
    if (token.kind() == Lexer.Kind.PLUS || token.kind() == Lexer.Kind.MINUS) {
      sign = token.kind() == Lexer.Kind.MINUS ? "-" : "";
      advance();
    }
    if (token.kind() != Lexer.Kind.INTEGER) {
      throw unexpected("expected digits after the sign");
    }
    String digits = token.text();
    advance();
    try {
      return Long.parseLong(sign + digits);
    } catch (NumberFormatException e) {
      throw syntax("integer " + TypeRules.cut(sign + digits) + " is out of range; expected " + Long.MIN_VALUE + " to "
          + Long.MAX_VALUE, column);
    }
  }

  private Expr.Operator operator() {
    switch (token.kind()) {
      case EQ:
        return Expr.Operator.EQ;
      case NE:
        return Expr.Operator.NE;
      case LT:
        return Expr.Operator.LT;
      case LE:
        return Expr.Operator.LE;
      case GT:
        return Expr.Operator.GT;
      case GE:
        return Expr.Operator.GE;
      default:
        return null;
    }
  }

  private void enter() {
    if (++depth > QueryExpressions.MAX_DEPTH) {
      throw syntax("expression nests deeper than " + QueryExpressions.MAX_DEPTH + " levels of parentheses and NOT",
          token.column());
    }
  }

  private void advance() {
    token = lexer.next();
  }

  private QuerySyntaxException unexpected(String expected) {
    return syntax("unexpected " + token.describe() + "; " + expected, token.column());
  }

  private QuerySyntaxException syntax(String reason, int column) {
    return new QuerySyntaxException(reason, source, column);
  }

  private QuerySemanticException semantic(String reason, int column) {
    return new QuerySemanticException(reason, source, column);
  }
}
