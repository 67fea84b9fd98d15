package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;

/** One corruption per test; each message must name the file, the column and the row. */
class InjectionCatalogsFailureTest {

  private static Catalog valid() {
    return Catalog.builder().addLongs("injection_id", new long[] {100, 101, 102, 103}, "", "")
        .addDoubles("ra", new double[] {10, 20, 30, 40}, "deg", "")
        .addDoubles("dec", new double[] {-10, 0, 10, 20}, "deg", "")
        .addDoubles("mag", new double[] {20, 21, 22, 23}, "mag", "")
        .addStrings("band", new String[] {"g", "r", "i", "z"}, "", "").build();
  }

  private static Catalog replace(String name, double[] values) {
    Catalog v = valid();
    java.util.List<org.labelfree.catalog.Column> cols = new java.util.ArrayList<>();
    for (org.labelfree.catalog.Column c : v.columns()) {
      cols.add(c.name().equals(name) ? org.labelfree.catalog.Column.ofDoubles(name, values, "", "") : c);
    }
    return Catalog.of(cols);
  }

  private static String fail(Catalog cat) {
    return assertThrows(InvalidInjectionCatalogException.class, () -> InjectionCatalogs.validate(cat, "cat.csv"))
        .getMessage();
  }

  @Test
  void missingRa() {
    String m = fail(valid().select("injection_id", "dec", "mag"));
    assertTrue(m.startsWith("cat.csv: missing required column 'ra'"), m);
  }

  @Test
  void nanMagAtRowTwo() {
    String m = fail(replace("mag", new double[] {20, 21, Double.NaN, 23}));
    assertTrue(m.equals("cat.csv: row 2 (injection_id 102): mag is NaN; expected a finite AB magnitude"), m);
  }

  @Test
  void raOf360() {
    String m = fail(replace("ra", new double[] {10, 360, 30, 40}));
    assertTrue(m.contains("row 1 (injection_id 101): ra is 360.0; expected degrees in [0, 360)"), m);
  }

  @Test
  void decOf91() {
    String m = fail(replace("dec", new double[] {-10, 0, 10, 91}));
    assertTrue(m.contains("row 3 (injection_id 103): dec is 91.0; expected degrees in [-90, 90]"), m);
  }

  @Test
  void unknownBandInTheCatalogue() {
    Catalog v = valid();
    Catalog cat = v.select("injection_id", "ra", "dec", "mag").withColumn(
        org.labelfree.catalog.Column.ofStrings("band", new String[] {"g", "q", "i", "z"}, "", ""));
    String m = fail(cat);
    assertTrue(m.contains("row 1 (injection_id 101): unknown band 'q'; expected one of u, g, r, i, z, y"), m);
  }

  @Test
  void unknownBandArgument() {
    String m = assertThrows(InvalidInjectionCatalogException.class,
        () -> InjectionCatalogs.checkBand("N921", "ingest of cat.csv")).getMessage();
    assertTrue(m.equals("ingest of cat.csv: unknown band 'N921'; expected one of u, g, r, i, z, y"), m);
  }

  @Test
  void stringMag() {
    Catalog cat = valid().select("injection_id", "ra", "dec").withColumn(
        org.labelfree.catalog.Column.ofStrings("mag", new String[] {"a", "b", "c", "d"}, "", ""));
    String m = fail(cat);
    assertTrue(m.contains("column 'mag' is STRING; expected a number"), m);
  }

  @Test
  void repeatedId() {
    Catalog cat = valid().select("ra", "dec", "mag").withColumn(
        org.labelfree.catalog.Column.ofLongs("injection_id", new long[] {5, 6, 5, 7}, "", ""));
    String m = fail(cat);
    assertTrue(m.contains("row 2: injection_id 5 repeats row 0"), m);
  }

  @Test
  void csvWithEmptyMagCellNamesTheFileAndRow(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "injection_id,ra,dec,mag\n7,10,0,21\n8,11,0,\n");
    String m = assertThrows(InvalidInjectionCatalogException.class, () -> InjectionCatalogs.read(file))
        .getMessage();
    assertTrue(m.equals(file + ": row 1 (injection_id 8): mag is NaN; expected a finite AB magnitude"), m);
  }

  @Test
  void csvWithoutRaColumn(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("nora.csv");
    Files.writeString(file, "dec,mag\n0,21\n");
    String m = assertThrows(InvalidInjectionCatalogException.class, () -> InjectionCatalogs.read(file))
        .getMessage();
    assertTrue(m.contains("missing required column 'ra'") && m.startsWith(file.toString()), m);
  }
}
