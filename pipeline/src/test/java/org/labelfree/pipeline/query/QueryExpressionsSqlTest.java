package org.labelfree.pipeline.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;

/**
 * Runs the compiled SQL on an in-memory SQLite table of data IDs (absent dimensions as NULL) and checks that it
 * selects exactly the rows {@link QueryExpressions#evaluate} accepts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryExpressionsSqlTest {
  private static final ColumnMapper DS = d -> "ds." + d.key();
  private static final String[] BANDS = {"g", "r", "i"};

  private Connection db;
  private final List<DataId> rows = new ArrayList<>();

  @BeforeAll
  void createTable() throws SQLException {
    db = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE dataset (id INTEGER PRIMARY KEY, instrument VARCHAR(32), band VARCHAR(32),"
          + " physical_filter VARCHAR(32), visit BIGINT, detector BIGINT, skymap VARCHAR(32), tract BIGINT,"
          + " patch BIGINT)");
    }
    /* Visit-detector data IDs (with a few negative visits), coadd-like tract-patch ones, and instrument-only ones. */
    for (int visit = -4; visit <= 35; visit++) {
      for (int detector = 0; detector < 6; detector++) {
        String band = BANDS[Math.floorMod(visit, 3)];
        rows.add(id("instrument", "HSC", "band", band, "physical_filter", "HSC-" + band.toUpperCase(),
            "visit", visit, "detector", detector));
      }
    }
    for (int patch = 0; patch < 30; patch++) {
      rows.add(id("skymap", "rings", "tract", 9812 + patch % 3, "patch", patch, "band", BANDS[patch % 3]));
    }
    rows.add(id("instrument", "HSC"));
    rows.add(id("instrument", "LSSTCam"));
    rows.add(id("instrument", "it's"));
    rows.add(DataId.empty());
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO dataset (id, instrument, band, physical_filter,"
        + " visit, detector, skymap, tract, patch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < rows.size(); i++) {
        insert.setInt(1, i);
        Dimension[] order = {Dimension.INSTRUMENT, Dimension.BAND, Dimension.PHYSICAL_FILTER, Dimension.VISIT,
            Dimension.DETECTOR, Dimension.SKYMAP, Dimension.TRACT, Dimension.PATCH};
        for (int k = 0; k < order.length; k++) {
          Object v = rows.get(i).get(order[k]).orElse(null);
          if (v == null) {
            insert.setNull(k + 2, order[k].kind() == Dimension.Kind.INTEGER ? Types.BIGINT : Types.VARCHAR);
          } else {
            insert.setObject(k + 2, v);
          }
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @AfterAll
  void close() throws SQLException {
    db.close();
  }

  static Stream<String> expressions() {
    return Stream.of(
        "",
        "visit = 3",
        "visit != 3",
        "NOT visit = 3",
        "visit <> 3 OR tract = 9813",
        "3 < visit AND visit <= 10",
        "visit >= detector",
        "visit = detector",
        "visit < -1",
        "band = 'g'",
        "band != 'g'",
        "NOT band = 'g'",
        "band IN ('g', 'i') AND detector IN (0, 5)",
        "band NOT IN ('r')",
        "physical_filter = 'HSC-R' AND detector != 2",
        "visit IN (1..10)",
        "visit IN (1..10:2)",
        "visit IN (-4..35:4)",
        "visit IN (-3..30:5, 2, 7)",
        "visit NOT IN (1, 5..8, 20)",
        "NOT visit IN (1, 5..8, 20)",
        "detector IN (-7..7:3)",
        "visit IN (-9223372036854775808..9223372036854775807:3)",
        "visit IN (-5..9223372036854775807:9223372036854775807)",
        "visit IN (-9223372036854775807..9223372036854775807:4611686018427387904)",
        "visit IN (5..5)",
        "NOT (visit IN (1..35:3) AND band = 'g')",
        "visit = 1 OR visit = 2 AND detector = 3",
        "(visit = 1 OR visit = 2) AND detector = 3",
        "NOT (NOT visit > 30 OR detector = 0)",
        "tract = 9813 AND patch IN (0..29:2)",
        "patch > 20 OR visit > 33",
        "NOT (patch > 20 OR visit > 33)",
        "skymap = 'rings' AND band = 'r'",
        "instrument = 'HSC' AND visit = 1",
        "instrument != 'HSC'",
        "instrument = 'it''s'",
        "instrument IN ('LSSTCam', 'it''s') OR tract = 9812",
        "band = 'g'' OR ''1''=''1'",
        "band = 'x''; DROP TABLE dataset; --'",
        "NOT (visit = 3 AND tract = 9812)",
        "visit.id IN (10..20) AND band.name = 'r' AND NOT detector.id IN (1..4)");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("expressions")
  void sqlSelectsExactlyWhatEvaluateAccepts(String text) throws SQLException {
    Expr e = QueryExpressions.parse(text);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (QueryExpressions.evaluate(e, rows.get(i))) {
        expected.add(i);
      }
    }
    assertEquals(expected, select(QueryExpressions.compile(e, DS)), text);
  }

  @Test
  void theAgreementTableIsNotTrivial() {
    long proper = expressions().map(QueryExpressions::parse).filter(e -> {
      long n = rows.stream().filter(r -> QueryExpressions.evaluate(e, r)).count();
      return n > 0 && n < rows.size();
    }).count();
    assertTrue(proper >= 35, "expressions selecting a proper non-empty subset: " + proper);
  }

  @Test
  void quoteInjectionIsAHarmlessLiteral() throws SQLException {
    int before = count();
    SqlPredicate p = QueryExpressions.compile("band = 'g'' OR ''1''=''1'", DS);
    assertEquals("ds.band = ?", p.sql());
    assertEquals(List.of(), select(p));
    assertEquals(before, count());
  }

  @Test
  void statementInjectionInsideAStringIsAHarmlessLiteral() throws SQLException {
    int before = count();
    assertEquals(List.of(), select(QueryExpressions.compile("band = 'x''; DROP TABLE dataset; --'", DS)));
    assertEquals(before, count(), "the table is still there with all its rows");
  }

  @Test
  void tautologyInjectionNeverReachesSql() throws SQLException {
    int before = count();
    QueryException e = assertThrows(QueryException.class,
        () -> QueryExpressions.compile("band = 'g' OR 1=1 --", DS));
    assertEquals(15, e.column());
    assertThrows(QuerySyntaxException.class, () -> QueryExpressions.compile("visit = 1; DROP TABLE dataset", DS));
    assertEquals(before, count());
    /* What the text honestly means without the injected part selects only the g rows, not everything. */
    List<Integer> g = select(QueryExpressions.compile("band = 'g'", DS));
    assertEquals(rows.stream().filter(r -> "g".equals(r.get(Dimension.BAND).orElse(null))).count(), g.size());
    assertTrue(g.size() < before);
  }

  private List<Integer> select(SqlPredicate p) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (PreparedStatement s = db.prepareStatement("SELECT id FROM dataset ds WHERE " + p.sql() + " ORDER BY id")) {
      for (int i = 0; i < p.parameters().size(); i++) {
        s.setObject(i + 1, p.parameters().get(i));
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getInt(1));
        }
      }
    }
    return ids;
  }

  private int count() throws SQLException {
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM dataset")) {
      r.next();
      return r.getInt(1);
    }
  }

  private static DataId id(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return DataId.of(m);
  }
}
