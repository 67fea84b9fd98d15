package org.labelfree.pipeline.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;

class QueryExpressionsTest {
  private static final ColumnMapper DS = d -> "ds." + d.key();

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("visit = 1", "visit = 1"),
        Arguments.of("VISIT=1", "visit = 1"),
        Arguments.of("visit.id = 12", "visit = 12"),
        Arguments.of("Band.Name = 'g'", "band = 'g'"),
        Arguments.of("visit != 3", "visit != 3"),
        Arguments.of("visit <> 3", "visit != 3"),
        Arguments.of("3 < visit", "visit > 3"),
        Arguments.of("-5 >= detector", "detector <= -5"),
        Arguments.of("visit = +7", "visit = 7"),
        Arguments.of("visit >= -9223372036854775808", "visit >= -9223372036854775808"),
        Arguments.of("visit < 9223372036854775807", "visit < 9223372036854775807"),
        Arguments.of("band = 'it''s'", "band = 'it''s'"),
        Arguments.of("band = ''", "band = ''"),
        Arguments.of("band = 'g' and visit in (1..8) AND detector != 3",
            "band = 'g' AND visit IN (1..8) AND detector != 3"),
        Arguments.of("visit IN (1,3,5)", "visit IN (1, 3, 5)"),
        Arguments.of("visit IN (1..10:2)", "visit IN (1..10:2)"),
        Arguments.of("visit IN (1..10:1)", "visit IN (1..10)"),
        Arguments.of("visit in (1, 5..8, 20)", "visit IN (1, 5..8, 20)"),
        Arguments.of("visit not in (1,2)", "visit NOT IN (1, 2)"),
        Arguments.of("visit IN (-3..-1)", "visit IN (-3..-1)"),
        Arguments.of("visit IN (5..5)", "visit IN (5..5)"),
        Arguments.of("visit IN (1)", "visit IN (1)"),
        Arguments.of("band IN ('g', 'r')", "band IN ('g', 'r')"),
        Arguments.of("NOT visit = 1", "NOT visit = 1"),
        Arguments.of("not (visit = 1 or visit = 2)", "NOT (visit = 1 OR visit = 2)"),
        Arguments.of("NOT NOT visit = 1", "NOT NOT visit = 1"),
        Arguments.of("NOT visit IN (1..3)", "NOT visit IN (1..3)"),
        Arguments.of("visit = 1 OR visit = 2 AND detector = 3", "visit = 1 OR visit = 2 AND detector = 3"),
        Arguments.of("(visit = 1 OR visit = 2) AND detector = 3", "(visit = 1 OR visit = 2) AND detector = 3"),
        Arguments.of("((visit = 1))", "visit = 1"),
        Arguments.of("(visit = 1 AND detector = 2) AND band = 'g'", "visit = 1 AND detector = 2 AND band = 'g'"),
        Arguments.of("visit = detector", "visit = detector"),
        Arguments.of("instrument = 'HSC' AND physical_filter = 'HSC-G'",
            "instrument = 'HSC' AND physical_filter = 'HSC-G'"),
        Arguments.of("skymap = 'hsc_rings_v1' AND tract = 9813 AND patch IN (0..80)",
            "skymap = 'hsc_rings_v1' AND tract = 9813 AND patch IN (0..80)"),
        Arguments.of("\tvisit\n=\r\n1 ", "visit = 1"),
        Arguments.of("band = 'g'' OR ''1''=''1'", "band = 'g'' OR ''1''=''1'"),
        Arguments.of("band = 'x''; DROP TABLE dataset; --'", "band = 'x''; DROP TABLE dataset; --'"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("valid")
  void parsesToCanonicalTextThatParsesBackToTheSameTree(String text, String canonical) {
    Expr e = QueryExpressions.parse(text);
    assertEquals(canonical, e.toString());
    assertEquals(e, QueryExpressions.parse(canonical));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n"})
  void blankIsAllAndCompilesToAll(String text) {
    Expr e = QueryExpressions.parse(text);
    assertInstanceOf(Expr.All.class, e);
    assertEquals(SqlPredicate.all(), QueryExpressions.compile(text, DS));
    assertTrue(QueryExpressions.evaluate(e, DataId.empty()));
    assertEquals(Set.of(), QueryExpressions.dimensions(e));
  }

  @Test
  void andBindsTighterThanOr() {
    Expr e = QueryExpressions.parse("visit = 1 OR visit = 2 AND detector = 3");
    Expr expected = new Expr.Or(List.of(cmp(Dimension.VISIT, Expr.Operator.EQ, 1),
        new Expr.And(List.of(cmp(Dimension.VISIT, Expr.Operator.EQ, 2), cmp(Dimension.DETECTOR, Expr.Operator.EQ,
            3)))));
    assertEquals(expected, e);
  }

  @Test
  void notBindsTighterThanAnd() {
    Expr e = QueryExpressions.parse("NOT visit = 1 AND detector = 3");
    Expr expected = new Expr.And(List.of(new Expr.Not(cmp(Dimension.VISIT, Expr.Operator.EQ, 1)),
        cmp(Dimension.DETECTOR, Expr.Operator.EQ, 3)));
    assertEquals(expected, e);
  }

  @Test
  void reversedComparisonIsNormalisedWithTheDimensionOnTheLeft() {
    assertEquals(cmp(Dimension.VISIT, Expr.Operator.GE, 3), QueryExpressions.parse("3 <= visit"));
    assertEquals(cmp(Dimension.VISIT, Expr.Operator.LT, -3), QueryExpressions.parse("-3 > visit"));
  }

  @Test
  void stringLiteralUndoublesQuotes() {
    Expr.Compare c = (Expr.Compare) QueryExpressions.parse("band = 'g'' OR ''1''=''1'");
    assertEquals(new Operand.StringLiteral("g' OR '1'='1"), c.right());
  }

  @Test
  void compilesToParameterisedSql() {
    SqlPredicate p = QueryExpressions.compile("band = 'g' AND visit IN (1..8) AND detector != 3", DS);
    assertEquals("(ds.band = ? AND ds.visit BETWEEN ? AND ? AND ds.detector <> ?)", p.sql());
    assertEquals(List.of("g", 1L, 8L, 3L), p.parameters());
  }

  @Test
  void compilesListsRangesStridesAndNegation() {
    SqlPredicate p = QueryExpressions.compile("visit NOT IN (1, 5..8, 20..30:5, 40) OR NOT band = 'r'", DS);
    assertEquals("(NOT (ds.visit IN (?, ?) OR ds.visit BETWEEN ? AND ?"
        + " OR (ds.visit BETWEEN ? AND ? AND ds.visit % ? IN (?, ?))) OR NOT (ds.band = ?))", p.sql());
    assertEquals(List.of(1L, 40L, 5L, 8L, 20L, 30L, 5L, 0L, -5L, "r"), p.parameters());
  }

  @Test
  void compilesStrideRemaindersForNegativeStarts() {
    SqlPredicate p = QueryExpressions.compile("detector IN (-7..7:3)", DS);
    assertEquals("(ds.detector BETWEEN ? AND ? AND ds.detector % ? IN (?, ?))", p.sql());
    assertEquals(List.of(-7L, 7L, 3L, 2L, -1L), p.parameters());
  }

  @Test
  void compilesDimensionToDimensionWithoutParameters() {
    SqlPredicate p = QueryExpressions.compile("visit >= detector", d -> "\"t\".\"" + d.key() + "\"");
    assertEquals("\"t\".\"visit\" >= \"t\".\"detector\"", p.sql());
    assertEquals(List.of(), p.parameters());
  }

  @Test
  void userTextNeverEntersTheSqlText() {
    SqlPredicate p = QueryExpressions.compile("band = 'x''; DROP TABLE dataset; --' OR band IN ('a', 'b')", DS);
    assertEquals("(ds.band = ? OR ds.band IN (?, ?))", p.sql());
    assertEquals(List.of("x'; DROP TABLE dataset; --", "a", "b"), p.parameters());
  }

  @Test
  void evaluatesAgainstDataIds() {
    DataId id = DataId.of(Map.of("instrument", "HSC", "band", "g", "visit", 12, "detector", 3));
    assertTrue(eval("band = 'g' AND visit IN (1..20:2, 12) AND detector != 4", id));
    assertTrue(eval("visit IN (0..20:4)", id));
    assertFalse(eval("visit IN (1..20:2)", id));
    assertTrue(eval("visit NOT IN (1..11, 13..20)", id));
    assertTrue(eval("visit > detector AND 13 > visit", id));
    assertFalse(eval("NOT (band = 'g' OR visit = 1)", id));
    assertTrue(eval("instrument.name = 'HSC' AND visit.id = 12", id));
  }

  @Test
  void absentDimensionIsUnknownAsNullIsInSql() {
    DataId id = DataId.of(Map.of("detector", 3));
    assertFalse(eval("visit != 1", id));
    assertFalse(eval("NOT visit = 1", id));
    assertFalse(eval("visit NOT IN (1..5)", id));
    assertFalse(eval("NOT (visit = 1 AND detector = 3)", id));
    assertTrue(eval("NOT (visit = 1 AND detector = 4)", id));
    assertTrue(eval("visit = 1 OR detector = 3", id));
  }

  @Test
  void rangeContainsOnlyItsStridedValues() {
    InItem.Range r = new InItem.Range(-7, 7, 3);
    List<Long> in = IntStream.rangeClosed(-10, 10).filter(r::contains).mapToObj(i -> (long) i)
        .collect(Collectors.toList());
    assertEquals(List.of(-7L, -4L, -1L, 2L, 5L), in);
  }

  @Test
  void dimensionsListsEveryNamedDimension() {
    Expr e = QueryExpressions.parse("band = 'g' OR NOT (visit = detector AND tract IN (1, 2))");
    assertEquals(List.of(Dimension.BAND, Dimension.VISIT, Dimension.DETECTOR, Dimension.TRACT),
        new ArrayList<>(QueryExpressions.dimensions(e)));
  }

  @Test
  void treeBuiltInCodePrintsCanonicalText() {
    Expr e = new Expr.And(List.of(new Expr.And(List.of(cmp(Dimension.VISIT, Expr.Operator.NE, 1),
        cmp(Dimension.DETECTOR, Expr.Operator.LT, 2))), new Expr.Or(List.of(cmp(Dimension.TRACT, Expr.Operator.EQ,
        1), new Expr.In(new Operand.Identifier(Dimension.BAND), List.of(new Operand.StringLiteral("a'b")), true)))));
    assertEquals("visit != 1 AND detector < 2 AND (tract = 1 OR band NOT IN ('a''b'))", e.toString());
    assertEquals(e, QueryExpressions.parse(e.toString()));
  }

  @Test
  void nestingUpToTheLimitParses() {
    int n = QueryExpressions.MAX_DEPTH;
    Expr e = QueryExpressions.parse("(".repeat(n) + "visit = 1" + ")".repeat(n));
    assertEquals(cmp(Dimension.VISIT, Expr.Operator.EQ, 1), e);
    assertEquals(n, countNots(QueryExpressions.parse("NOT ".repeat(n) + "visit = 1")));
  }

  @Test
  void expressionOfExactlyTheMaximumLengthParses() {
    StringBuilder b = new StringBuilder("visit IN (0");
    for (int i = 1; b.length() < QueryExpressions.MAX_LENGTH - 10; i++) {
      b.append(',').append(i);
    }
    b.append(')');
    String text = b + " ".repeat(QueryExpressions.MAX_LENGTH - b.length());
    assertEquals(QueryExpressions.MAX_LENGTH, text.length());
    Expr.In in = (Expr.In) QueryExpressions.parse(text);
    SqlPredicate p = QueryExpressions.compile(in, DS);
    assertEquals(in.items().size(), p.parameters().size());
  }

  private static int countNots(Expr e) {
    return e instanceof Expr.Not n ? 1 + countNots(n.operand()) : 0;
  }

  private static boolean eval(String text, DataId id) {
    return QueryExpressions.evaluate(QueryExpressions.parse(text), id);
  }

  private static Expr cmp(Dimension d, Expr.Operator op, long value) {
    return new Expr.Compare(new Operand.Identifier(d), op, new Operand.IntegerLiteral(value));
  }
}
