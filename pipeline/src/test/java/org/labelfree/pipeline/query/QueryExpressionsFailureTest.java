package org.labelfree.pipeline.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.labelfree.pipeline.repo.Dimension;

class QueryExpressionsFailureTest {
  private static final Class<QuerySyntaxException> SYNTAX = QuerySyntaxException.class;
  private static final Class<QuerySemanticException> SEMANTIC = QuerySemanticException.class;

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("visit = 1; DROP TABLE dataset", SYNTAX, 10, List.of("unexpected ';'")),
        Arguments.of("band = 'g' OR 1=1 --", SEMANTIC, 15, List.of("needs a dimension on one side", "1 = 1")),
        Arguments.of("band = 'g' OR visit = 1 --", SYNTAX, 25, List.of("unexpected '-'", "expected AND, OR")),
        Arguments.of("band = 'g", SYNTAX, 8, List.of("unterminated string")),
        Arguments.of("foo = 1", SEMANTIC, 1, List.of("unknown dimension 'foo'", "visit", "band", "patch")),
        Arguments.of("visit = 'a'", SEMANTIC, 9, List.of("integer dimension visit", "'a'")),
        Arguments.of("band = 3", SEMANTIC, 8, List.of("string dimension band", "integer 3")),
        Arguments.of("'a' = visit", SEMANTIC, 1, List.of("integer dimension visit", "'a'")),
        Arguments.of("band IN (1..3)", SEMANTIC, 10, List.of("range 1..3", "string dimension band")),
        Arguments.of("band IN ('a'..'c')", SEMANTIC, 13, List.of("range needs integer bounds")),
        Arguments.of("visit IN ()", SYNTAX, 11, List.of("empty IN list")),
        Arguments.of("visit IN (10..1)", SEMANTIC, 11, List.of("range 10..1 is reversed")),
        Arguments.of("visit IN (1..10:0)", SEMANTIC, 17, List.of("stride", "0")),
        Arguments.of("visit IN (1..10:-2)", SEMANTIC, 17, List.of("stride", "-2")),
        Arguments.of("visit IN (1..)", SYNTAX, 14, List.of("ends the range")),
        Arguments.of("visit IN (1, 'a')", SEMANTIC, 14, List.of("string 'a'", "integer dimension visit")),
        Arguments.of("visit IN (1, 2", SYNTAX, 15, List.of("end of the expression", "',' or ')'")),
        Arguments.of("visit IN 1, 2", SYNTAX, 10, List.of("'1'", "'(' after IN")),
        Arguments.of("visit NOT 1", SYNTAX, 11, List.of("IN after NOT")),
        Arguments.of("3 IN (1)", SEMANTIC, 1, List.of("IN needs a dimension")),
        Arguments.of("1 = 1", SEMANTIC, 1, List.of("needs a dimension on one side")),
        Arguments.of("visit = 1 AND", SYNTAX, 14, List.of("end of the expression", "dimension name")),
        Arguments.of("visit = 1 AND AND detector = 2", SYNTAX, 15, List.of("unexpected AND")),
        Arguments.of("visit =", SYNTAX, 8, List.of("end of the expression")),
        Arguments.of("visit", SYNTAX, 6, List.of("comparison operator")),
        Arguments.of("visit = 1 visit = 2", SYNTAX, 11, List.of("'visit'", "expected AND, OR")),
        Arguments.of("(visit = 1", SYNTAX, 11, List.of("')'", "column 1")),
        Arguments.of("visit = 1)", SYNTAX, 10, List.of("no '(' is open")),
        Arguments.of("()", SYNTAX, 2, List.of("unexpected ')'")),
        Arguments.of("visit == 1", SYNTAX, 8, List.of("unexpected '='")),
        Arguments.of("visit = 1.5", SYNTAX, 9, List.of("floating-point number 1.5")),
        Arguments.of("visit = 1e5", SYNTAX, 9, List.of("malformed number '1e5'")),
        Arguments.of("visit=1AND detector=2", SYNTAX, 7, List.of("malformed number '1AND'")),
        Arguments.of("band = \"g\"", SYNTAX, 8, List.of("single quotes")),
        Arguments.of("visit = 99999999999999999999", SYNTAX, 9, List.of("out of range")),
        Arguments.of("visit = -9223372036854775809", SYNTAX, 9, List.of("out of range")),
        Arguments.of("visit = -", SYNTAX, 10, List.of("digits after the sign")),
        Arguments.of("visit.name = 1", SEMANTIC, 7, List.of("unknown field 'visit.name'", "visit.id")),
        Arguments.of("visit. = 1", SYNTAX, 8, List.of("'id'")),
        Arguments.of("band < 'r'", SEMANTIC, 8, List.of("operator <", "only = and !=")),
        Arguments.of("visit = band", SEMANTIC, 9, List.of("cannot compare integer dimension visit",
            "string dimension band")),
        Arguments.of("visit = 1 $", SYNTAX, 11, List.of("unexpected '$'")),
        Arguments.of("visit = 1 \u0007", SYNTAX, 11, List.of("character U+0007")),
        Arguments.of("band = 'a\nb'", SYNTAX, 10, List.of("control character U+000A")),
        Arguments.of("visit = :v", SYNTAX, 9, List.of("unexpected ':'")),
        Arguments.of("AND visit = 1", SYNTAX, 1, List.of("unexpected AND")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalid")
  void rejectsWithColumnAndCaret(String text, Class<? extends QueryException> type, int column,
      List<String> keywords) {
    QueryException e = assertThrows(type, () -> QueryExpressions.parse(text));
    assertEquals(column, e.column(), e.getMessage());
    String[] lines = e.getMessage().split("\n", -1);
    assertEquals(3, lines.length, e.getMessage());
    assertTrue(lines[0].endsWith(" at column " + column), lines[0]);
    assertEquals(QueryException.sanitize(text), lines[1].substring(2));
    assertEquals(" ".repeat(column + 1) + "^", lines[2], e.getMessage());
    for (String k : keywords) {
      assertTrue(lines[0].contains(k), () -> "'" + k + "' not in: " + lines[0]);
    }
  }

  @Test
  void injectionAttemptMessageShowsTheCaretUnderTheSemicolon() {
    QueryException e = assertThrows(QuerySyntaxException.class,
        () -> QueryExpressions.parse("visit = 1; DROP TABLE dataset"));
    assertEquals("unexpected ';' at column 10\n"
        + "  visit = 1; DROP TABLE dataset\n"
        + "           ^", e.getMessage());
    assertEquals("unexpected ';'", e.reason());
  }

  @Test
  void controlCharactersAreNotEchoed() {
    QueryException e = assertThrows(QuerySyntaxException.class,
        () -> QueryExpressions.parse("visit = 1 \u001b[31m"));
    assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
    assertTrue(e.getMessage().contains("character U+001B"), e.getMessage());
  }

  @Test
  void deepParenthesesAreAnErrorNotAStackOverflow() {
    String text = "(".repeat(QueryExpressions.MAX_DEPTH + 1) + "visit = 1" + ")".repeat(QueryExpressions.MAX_DEPTH + 1);
    QueryException e = assertThrows(QuerySyntaxException.class, () -> QueryExpressions.parse(text));
    assertEquals(QueryExpressions.MAX_DEPTH + 1, e.column());
    assertTrue(e.reason().contains("deeper than 100"), e.getMessage());
  }

  @Test
  void deepNotChainIsAnError() {
    String text = "NOT ".repeat(QueryExpressions.MAX_DEPTH + 1) + "visit = 1";
    QueryException e = assertThrows(QuerySyntaxException.class, () -> QueryExpressions.parse(text));
    assertEquals(4 * QueryExpressions.MAX_DEPTH + 1, e.column());
    assertTrue(e.reason().contains("deeper than 100"), e.getMessage());
  }

  @Test
  void thousandsOfOpenParenthesesWithinTheLengthLimitFailAtTheLimit() {
    QueryException e = assertThrows(QuerySyntaxException.class, () -> QueryExpressions.parse("(".repeat(9_999)));
    assertEquals(QueryExpressions.MAX_DEPTH + 1, e.column());
    assertTrue(e.getMessage().length() < 400, "message is cut to a window: " + e.getMessage().length());
  }

  @Test
  void veryLongInputIsRejectedWithAWindowedMessage() {
    String text = "visit = 1 OR ".repeat(1_000) + "visit = 2";
    QueryException e = assertThrows(QuerySyntaxException.class, () -> QueryExpressions.parse(text));
    assertEquals(QueryExpressions.MAX_LENGTH + 1, e.column());
    assertTrue(e.reason().contains(text.length() + " characters") && e.reason().contains("10000"), e.reason());
    String[] lines = e.getMessage().split("\n");
    assertTrue(lines[1].startsWith("  ...") && lines[1].endsWith("..."), lines[1]);
    int caret = lines[2].indexOf('^');
    String atColumn = text.substring(QueryExpressions.MAX_LENGTH, QueryExpressions.MAX_LENGTH + 10);
    assertEquals(atColumn, lines[1].substring(caret, caret + 10), "the caret points at column 10001");
    assertTrue(e.getMessage().length() < 400, "message is cut to a window: " + e.getMessage().length());
  }

  @Test
  void veryLongUnknownNameIsRejectedAtItsColumn() {
    String text = "visit = 1 AND " + "x".repeat(5_000) + " = 1";
    QueryException e = assertThrows(QuerySemanticException.class, () -> QueryExpressions.parse(text));
    assertEquals(15, e.column());
    assertTrue(e.reason().startsWith("unknown dimension 'xxxx") && e.reason().length() < 200, e.reason());
    assertTrue(e.getMessage().length() < 400, "message is cut to a window: " + e.getMessage().length());
  }

  @Test
  void nullExpressionIsRejected() {
    assertThrows(NullPointerException.class, () -> QueryExpressions.parse(null));
  }

  @Test
  void inListLongerThanTheLimitIsRejectedInCode() {
    List<InItem> items = new ArrayList<>(Collections.nCopies(QueryExpressions.MAX_IN_VALUES + 1,
        new Operand.IntegerLiteral(1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Expr.In(new Operand.Identifier(Dimension.VISIT), items, false));
    assertTrue(e.getMessage().contains("10001 values") && e.getMessage().contains("10000"), e.getMessage());
  }

  @Test
  void treeConstructorsEnforceTheTypeRules() {
    Operand.Identifier visit = new Operand.Identifier(Dimension.VISIT);
    Operand.Identifier band = new Operand.Identifier(Dimension.BAND);
    assertMessage(() -> new Expr.Compare(visit, Expr.Operator.EQ, new Operand.StringLiteral("a")),
        "integer dimension visit");
    assertMessage(() -> new Expr.Compare(band, Expr.Operator.GT, new Operand.StringLiteral("a")), "operator >");
    assertMessage(() -> new Expr.In(band, List.of(new InItem.Range(1, 2, 1)), false), "range 1..2");
    assertMessage(() -> new Expr.In(visit, List.of(), false), "empty");
    assertMessage(() -> new InItem.Range(5, 1, 1), "reversed");
    assertMessage(() -> new InItem.Range(1, 5, 0), "stride");
    assertMessage(() -> new Expr.Not(new Expr.All()), "empty expression");
    assertMessage(() -> new Expr.And(List.of(new Expr.Compare(visit, Expr.Operator.EQ,
        new Operand.IntegerLiteral(1)))), "at least two");
    assertMessage(() -> new Expr.Or(List.of(new Expr.All(), new Expr.All())), "empty expression");
    assertMessage(() -> new Operand.StringLiteral("a\u0000b"), "control character U+0000");
  }

  @Test
  void columnMapperMustReturnAColumnReference() {
    Expr e = QueryExpressions.parse("visit = 1");
    assertMessage(() -> QueryExpressions.compile(e, d -> "ds.visit; DROP TABLE dataset"), "ds.visit");
    assertMessage(() -> QueryExpressions.compile(e, d -> null), "null");
    assertMessage(() -> QueryExpressions.compile(e, d -> "\"a\"\"b\""), "column reference");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable code, String keyword) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, code);
    assertTrue(e.getMessage().contains(keyword), () -> "'" + keyword + "' not in: " + e.getMessage());
  }
}
