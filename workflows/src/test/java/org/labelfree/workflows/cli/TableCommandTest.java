package org.labelfree.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Catalogs;
import org.labelfree.catalog.Column;

class TableCommandTest {
  @TempDir
  Path dir;

  @Test
  void printsShortCataloguesByColumnAndRowsAsJson() throws Exception {
    Path file = dir.resolve("s.parquet");
    Catalogs.write(Catalog.of(List.of(
        Column.ofLongs("visit", new long[] {4}, "", "visit"),
        Column.ofDoubles("ra_centre", new double[] {318.25}, "deg", "centre"),
        Column.ofStrings("band", new String[] {"i"}, "", "band"))), file);
    CliRunner.Result text = CliRunner.run("table", file.toString());
    assertEquals(0, text.exitCode(), text.err());
    assertTrue(text.out().contains("1 rows, 3 columns"), text.out());
    assertTrue(text.out().matches("(?s).*ra_centre\\s+\\[deg\\]\\s+318\\.25.*"), text.out());
    CliRunner.Result json = CliRunner.run("table", file.toString(), "--json");
    JsonNode row = new ObjectMapper().readTree(json.out()).get(0).get("rows").get(0);
    assertEquals(4, row.get("visit").asLong());
    assertEquals("i", row.get("band").asText());
    assertEquals(318.25, row.get("ra_centre").asDouble(), 0.0);
  }

  @Test
  void aFileThatIsNotACatalogueFailsWithItsName() throws Exception {
    Path file = dir.resolve("x.parquet");
    Files.writeString(file, "not parquet");
    CliRunner.Result r = CliRunner.run("table", file.toString());
    assertTrue(r.exitCode() == Main.EXIT_BAD_DATA || r.exitCode() == Main.EXIT_IO, r.err());
    assertTrue(r.err().contains("x.parquet"), r.err());
  }
}
