package org.labelfree.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitsPathTest {
  @TempDir Path dir;

  @Test
  void parsesCfitsioSelectors() {
    assertEquals(new FitsPath(Paths.get("a.fits"), new HduSelector.Default()), FitsPath.parse("a.fits"));
    assertEquals(new FitsPath(Paths.get("a.fits"), new HduSelector.Index(2)), FitsPath.parse("a.fits[2]"));
    assertEquals(new FitsPath(Paths.get("a.fits"), new HduSelector.Name("MASK", 0)), FitsPath.parse("a.fits[mask]"));
    assertEquals(new FitsPath(Paths.get("c4d.fits.fz"), new HduSelector.Name("SCI", 3)),
        FitsPath.parse("c4d.fits.fz[ sci , 3 ]"));
    assertEquals("a.fits[MASK]", FitsPath.parse("a.fits[mask]").toString());
  }

  @Test
  void existingFileWithBracketsIsLiteral() throws IOException {
    Path odd = Files.createFile(dir.resolve("odd[1].fits"));
    assertEquals(FitsPath.of(odd), FitsPath.parse(odd.toString()));
    Path odd2 = Files.createFile(dir.resolve("x[2]"));
    assertEquals(new HduSelector.Default(), FitsPath.parse(odd2.toString()).selector());
  }

  @Test
  void rejectsMalformedSelectors() {
    assertThrows(IllegalArgumentException.class, () -> FitsPath.parse("a.fits[]"));
    assertThrows(IllegalArgumentException.class, () -> FitsPath.parse("a.fits[SCI,x]"));
    assertThrows(IllegalArgumentException.class, () -> FitsPath.parse("  "));
  }
}
