package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Catalogs;
import org.labelfree.catalog.Column;

/** Reading and normalising valid injection catalogues. */
class InjectionCatalogsTest {

  @Test
  void csvRoundTripOfAMadeCatalogue(@TempDir Path dir) throws IOException {
    List<DetectorFootprint> fps = Fixtures.footprints(150, 2);
    Catalog made = InjectionCatalogMaker.make(4, "i", 60200, Fixtures.hosts(fps, 400, 9), fps,
        InjectionCatalogConfig.defaults().withMode(InjectionMode.LIGHTCURVE).withHostFraction(0.2)
            .withDepthMag(23.0).withSurveySpan(60000, 60400));
    Path file = dir.resolve("cat.csv");
    Catalogs.write(made, file);
    Catalog read = InjectionCatalogs.read(file);
    assertEquals(made.columnNames(), read.columnNames());
    /* Every column comes back with its type and exact values (CSV drops only units and descriptions). */
    for (int j = 0; j < made.columnCount(); j++) {
      Column a = made.columns().get(j);
      assertEquals(a.withMetadata("", ""), read.columns().get(j).withMetadata("", ""), a.name());
    }
    assertTrue(made.rowCount() > 20, "enough rows to mean something: " + made.rowCount());
  }

  @Test
  void minimalCsvGetsIdsAndSourceType(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("min.csv");
    Files.writeString(file, "mag,ra,dec,note\n21.5,10,-5,a\n22,359.5,89.9,b\n");
    Catalog cat = InjectionCatalogs.read(file);
    assertEquals(List.of("injection_id", "ra", "dec", "source_type", "mag", "note"), cat.columnNames());
    assertArrayEquals(new long[] {0, 1}, cat.longColumn("injection_id"));
    assertArrayEquals(new String[] {"Star", "Star"}, cat.stringColumn("source_type"));
    assertArrayEquals(new double[] {10, 359.5}, cat.doubleColumn("ra"), 0.0);
  }

  @Test
  void integerColumnsAreAcceptedAsNumbers() {
    Catalog cat = Catalog.builder().addLongs("ra", new long[] {10, 20}, "", "")
        .addInts("dec", new int[] {0, 1}, "", "").addFloats("mag", new float[] {20f, 21f}, "", "").build();
    Catalog out = InjectionCatalogs.validate(cat, "mem");
    assertArrayEquals(new double[] {10, 20}, out.doubleColumn("ra"), 0.0);
    assertArrayEquals(new double[] {20, 21}, out.doubleColumn("mag"), 0.0);
  }
}
