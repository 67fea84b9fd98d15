package org.labelfree.catalog;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.util.FitsOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One corruption per test: a valid file made in code, one thing broken, the exception and its key words. */
class CatalogFormatFailureTest {
  @TempDir Path dir;

  private static void assertMessage(Exception e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "message lacks '" + w + "': " + e.getMessage());
    }
  }

  private Path validCsv() throws IOException {
    Path p = dir.resolve("cat.csv");
    CsvCatalogFormat.write(CatalogTest.sample(), p);
    return p;
  }

  private static Map<String, ColumnType> sampleSchema() {
    return CatalogFormatsTest.schemaOf(CatalogTest.sample());
  }

  /** Replaces line {@code line} (1-based) of a text file. */
  private static void replaceLine(Path p, int line, String text) throws IOException {
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(p));
    lines.set(line - 1, text);
    Files.write(p, lines);
  }

  @Test
  void csvMissingRequiredColumn() throws IOException {
    Path p = validCsv();
    replaceLine(p, 1, "ra,flux,id,visit,flag,comment");
    CatalogFormatException e = assertThrows(CatalogFormatException.class,
        () -> CsvCatalogFormat.read(p, Map.of(), List.of("ra", "note")));
    assertMessage(e, "cat.csv", "line 1", "required column 'note' is missing");
  }

  @Test
  void csvBadNumberNamesLineAndColumn() throws IOException {
    Path p = validCsv();
    List<String> lines = Files.readAllLines(p);
    replaceLine(p, 3, lines.get(2).replaceFirst("^NaN,", "abc,"));
    CatalogFormatException e = assertThrows(CatalogFormatException.class,
        () -> CsvCatalogFormat.read(p, sampleSchema(), List.of()));
    assertMessage(e, "cat.csv", "line 3, column 1 (ra)", "'abc'", "not a number", "DOUBLE");
  }

  @Test
  void csvRaggedRow() throws IOException {
    Path p = validCsv();
    replaceLine(p, 4, Files.readAllLines(p).get(3) + ",extra");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> CsvCatalogFormat.read(p));
    assertMessage(e, "cat.csv", "line 4", "7 field(s); expected 6");
  }

  @Test
  void csvUnterminatedQuote() throws IOException {
    Path p = validCsv();
    String text = Files.readString(p);
    Files.writeString(p, text.substring(0, text.lastIndexOf('"')));
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> CsvCatalogFormat.read(p));
    assertMessage(e, "cat.csv", "line 5, column 6", "not terminated");
  }

  @Test
  void csvEmptyCellInIntegerColumn() throws IOException {
    Path p = validCsv();
    replaceLine(p, 2, Files.readAllLines(p).get(1).replace(",9007199254740993,", ",,"));
    CatalogFormatException e = assertThrows(CatalogFormatException.class,
        () -> CsvCatalogFormat.read(p, sampleSchema(), List.of()));
    assertMessage(e, "line 2, column 3 (id)", "is empty", "LONG");
  }

  @Test
  void csvIntegerOutOfRange() throws IOException {
    Path p = validCsv();
    replaceLine(p, 2, Files.readAllLines(p).get(1).replace(",1,true,", ",2147483648,true,"));
    CatalogFormatException e = assertThrows(CatalogFormatException.class,
        () -> CsvCatalogFormat.read(p, sampleSchema(), List.of()));
    assertMessage(e, "line 2, column 4 (visit)", "out of range", "INT");
  }

  @Test
  void csvBadBoolean() throws IOException {
    Path p = validCsv();
    replaceLine(p, 2, Files.readAllLines(p).get(1).replace(",true,", ",yes,"));
    CatalogFormatException e = assertThrows(CatalogFormatException.class,
        () -> CsvCatalogFormat.read(p, sampleSchema(), List.of()));
    assertMessage(e, "line 2, column 5 (flag)", "'yes'", "true or false");
  }

  @Test
  void csvTextAfterClosingQuote() throws IOException {
    Path p = validCsv();
    replaceLine(p, 2, Files.readAllLines(p).get(1).replace("\"a,b\"", "\"a,b\"x"));
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> CsvCatalogFormat.read(p));
    assertMessage(e, "line 2, column 6", "after a closing quote");
  }

  @Test
  void csvInvalidHeaderName() throws IOException {
    Path p = validCsv();
    replaceLine(p, 1, "ra,flux,id,visit,flag,no te");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> CsvCatalogFormat.read(p));
    assertMessage(e, "line 1, column 6", "'no te'", "not a valid column name");
  }

  @Test
  void csvDuplicateHeaderName() throws IOException {
    Path p = validCsv();
    replaceLine(p, 1, "ra,flux,id,visit,flag,RA");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> CsvCatalogFormat.read(p));
    assertMessage(e, "line 1, column 6", "repeats column 1");
  }

  @Test
  void csvEmptyFile() throws IOException {
    Path p = validCsv();
    Files.writeString(p, "");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> CsvCatalogFormat.read(p));
    assertMessage(e, "cat.csv", "empty", "header");
  }

  @Test
  void fitsFileWithoutBinaryTable() throws IOException, FitsException {
    Path p = dir.resolve("image.fits");
    try (Fits f = new Fits(); FitsOutputStream out = new FitsOutputStream(Files.newOutputStream(p))) {
      f.addHDU(BasicHDU.getDummyHDU());
      f.addHDU(Fits.makeHDU(new float[4][4]));
      f.write(out);
    }
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> FitsCatalogFormat.read(p));
    assertMessage(e, "image.fits", "no binary table", "2 HDU(s)", "BINTABLE");
  }

  @Test
  void fitsHduIndexThatIsNotATable() throws IOException {
    Path p = dir.resolve("cat.fits");
    FitsCatalogFormat.write(CatalogTest.sample(), p);
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> FitsCatalogFormat.read(p, 0));
    assertMessage(e, "cat.fits HDU[0]", "primary array", "expected a binary table");
  }

  @Test
  void notFitsAtAll() throws IOException {
    Path p = dir.resolve("cat.fits");
    FitsCatalogFormat.write(CatalogTest.sample(), p);
    byte[] b = Files.readAllBytes(p);
    System.arraycopy("GARBAGE!".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 8);
    Files.write(p, b);
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> FitsCatalogFormat.read(p));
    assertMessage(e, "cat.fits");
  }

  /** Overwrites the 80-character card starting with {@code prefix} by {@code card}. */
  private static void replaceCard(Path p, String prefix, String card) throws IOException {
    byte[] b = Files.readAllBytes(p);
    String s = new String(b, StandardCharsets.ISO_8859_1);
    int at = s.indexOf(prefix);
    assertTrue(at >= 0 && at % 80 == 0, "card " + prefix + " not found");
    byte[] c = String.format("%-80s", card).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(c, 0, b, at, 80);
    Files.write(p, b);
  }

  @Test
  void fitsColumnNameThatIsNotAnIdentifier() throws IOException {
    Path p = dir.resolve("cat.fits");
    FitsCatalogFormat.write(CatalogTest.sample(), p);
    replaceCard(p, "TTYPE1  =", "TTYPE1  = 'r-a'");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> FitsCatalogFormat.read(p));
    assertMessage(e, "HDU[1] (CATALOG)", "TTYPE1", "'r-a'");
  }

  @Test
  void fitsScaledColumn() throws IOException {
    Path p = dir.resolve("cat.fits");
    FitsCatalogFormat.write(CatalogTest.sample(), p);
    replaceCard(p, "TUNIT1  =", "TZERO1  =                  100");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> FitsCatalogFormat.read(p));
    assertMessage(e, "HDU[1] (CATALOG)", "TZERO1 is 100", "scaled columns are not supported");
  }

  @Test
  void fitsArrayColumn() throws IOException, FitsException {
    Path p = dir.resolve("array.fits");
    BinaryTable t = new BinaryTable();
    t.addColumn(new double[][] {{1, 2}, {3, 4}});
    try (Fits f = new Fits(); FitsOutputStream out = new FitsOutputStream(Files.newOutputStream(p))) {
      f.addHDU(t.toHDU());
      f.getHDU(1).getHeader().addValue("TTYPE1", "pair", null);
      f.write(out);
    }
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> FitsCatalogFormat.read(p));
    assertMessage(e, "array.fits HDU[1]", "TFORM1 (pair)", "'2D'", "expected a scalar column");
  }

  @Test
  void parquetFileThatIsNotParquet() throws IOException {
    Path p = dir.resolve("cat.parquet");
    ParquetCatalogFormat.write(CatalogTest.sample(), p);
    byte[] b = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(b, b.length - 4));
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> ParquetCatalogFormat.read(p));
    assertMessage(e, "cat.parquet", "cannot read as Parquet");
  }

  private static void duckdb(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Test
  void parquetNullInIntegerColumn() throws IOException, SQLException {
    Path p = dir.resolve("null.parquet");
    duckdb("COPY (SELECT * FROM (VALUES (1::BIGINT, 1.0::DOUBLE), (NULL, 2.0)) t(id, x)) TO '" + p + "' (FORMAT parquet)");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> ParquetCatalogFormat.read(p));
    assertMessage(e, "null.parquet column id row 1", "null", "LONG");
  }

  @Test
  void parquetUnsupportedType() throws IOException, SQLException {
    Path p = dir.resolve("ts.parquet");
    duckdb("COPY (SELECT 1::BIGINT AS id, TIMESTAMP '2020-01-01 00:00:00' AS t) TO '" + p + "' (FORMAT parquet)");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> ParquetCatalogFormat.read(p));
    assertMessage(e, "ts.parquet column t", "TIMESTAMP", "not supported");
  }

  @Test
  void parquetColumnNameThatIsNotAnIdentifier() throws IOException, SQLException {
    Path p = dir.resolve("name.parquet");
    duckdb("COPY (SELECT 1.5 AS \"flux err\") TO '" + p + "' (FORMAT parquet)");
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> ParquetCatalogFormat.read(p));
    assertMessage(e, "name.parquet column 'flux err'", "not a valid column name");
  }
}
