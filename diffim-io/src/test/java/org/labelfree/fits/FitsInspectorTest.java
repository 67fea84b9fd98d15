package org.labelfree.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.testing.TestData;

class FitsInspectorTest {
  @TempDir Path dir;

  @Test
  void listsOurCalexp() {
    Path p = dir.resolve("c.fits");
    FitsExposures.write(TestExposures.full(9, 5, 8), p);
    List<HduSummary> hdus = FitsInspector.inspect(p);
    assertEquals(4, hdus.size());
    assertEquals(HduKind.PRIMARY, hdus.get(0).kind());
    assertEquals(List.of("", "IMAGE", "MASK", "VARIANCE"), hdus.stream().map(HduSummary::extname).toList());
    assertEquals(List.of(9, 5), hdus.get(1).dimensions());
    assertEquals(-32, hdus.get(1).bitpix());
    assertEquals(32, hdus.get(2).bitpix());
    assertTrue(hdus.get(2).maskPlanes().contains("INJECTED"));
    assertEquals("MY_OWN_PLANE_WITH_A_LONG_NAME", hdus.get(2).maskPlanes().get(16));
  }

  @Test
  void listsTheFpackedTessFile() {
    List<HduSummary> hdus = FitsInspector.inspect(TestData.real("compressed/tess_sfft_diff.fits.fz"));
    assertEquals(2, hdus.size());
    HduSummary img = hdus.get(1);
    assertEquals(HduKind.COMPRESSED_IMAGE, img.kind());
    assertEquals("RICE_1", img.compression());
    assertEquals(-64, img.bitpix());
    assertEquals(List.of(2048, 2048), img.dimensions());
  }
}
