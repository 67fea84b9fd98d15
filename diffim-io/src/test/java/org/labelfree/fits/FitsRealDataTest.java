package org.labelfree.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.labelfree.image.Exposure;
import org.labelfree.testing.TestData;

/** The shared real files read as exposures. */
class FitsRealDataTest {
  @TempDir Path dir;

  static Stream<String> decam() {
    return Stream.of("DEC-OBS04a.mini.fits", "DEC-OBS18a.mini.fits", "Stack-DEC-OBS04.fits", "Stack-DEC-OBS18.fits",
        "FinalDifference.fits");
  }

  @ParameterizedTest
  @MethodSource("decam")
  void decamSingleHduReadsAsExposure(String name) {
    Exposure e = FitsExposures.read(TestData.real("decam/" + name));
    assertEquals(256, e.width());
    assertEquals(256, e.height());
    assertEquals("TPV", e.wcs().orElseThrow().type());
    assertTrue(!e.metadata().contains("PV1_7") && !e.metadata().contains("CD1_1"), "WCS cards not in metadata");
    /* IRAF LTV1 = LTV2 = -1: the cut-out starts at (1, 1) of its parent. */
    assertEquals(1, e.image().x0());
    assertEquals(1, e.image().y0());
    /* FILTER = 'i DECam SDSS c0003 ...' gives band i; DETECTOR is a string there, so CCDNUM = 37 is used. */
    assertEquals("i", e.visitInfo().band());
    assertEquals(37, e.visitInfo().detector());
    assertEquals(330.0, e.visitInfo().exposureTime());
    assertEquals(e.metadata().optDouble("MJD-OBS").orElseThrow() + 165.0 / 86400, e.visitInfo().mjdMid(), 1e-9);
    long nan = 0;
    for (float v : e.image().array()) {
      nan += Float.isNaN(v) ? 1 : 0;
    }
    assertEquals(nan, e.mask().count(e.mask().planes().bitmask("NO_DATA")), "NO_DATA exactly where NaN");
    assertTrue(Float.isNaN(e.variance().get(0, 0)), "variance unknown");
  }

  @Test
  void communityPipelineTripleAssemblesVarianceAndMask() throws IOException {
    Path image = TestData.real("decam/DEC-OBS04a.mini.fits");
    Exposure base = FitsExposures.read(image);
    /* Weight and DQ images made from the image's own grid: weight 4 everywhere but 0 in column 0; DQ codes 0-9. */
    float[] w = new float[256 * 256];
    float[] q = new float[256 * 256];
    for (int i = 0; i < w.length; i++) {
      w[i] = i % 256 == 0 ? 0f : 4f;
      q[i] = i < 10 ? i : 0;
    }
    Path wt = dir.resolve("oow.fits");
    Path dq = dir.resolve("ood.fits");
    FitsExposures.write(Exposure.of(org.labelfree.image.ImageF.wrap(256, 256, w)), wt);
    FitsExposures.write(Exposure.of(org.labelfree.image.ImageF.wrap(256, 256, q)), dq);
    Exposure e = FitsExposures.readCommunityPipeline(FitsPath.of(image), FitsPath.parse(wt + "[IMAGE]"),
        FitsPath.parse(dq + "[1]"));
    assertEquals(base.image(), e.image());
    assertEquals(0.25f, e.variance().get(5, 5));
    assertTrue(Float.isNaN(e.variance().get(0, 5)));
    var planes = e.mask().planes();
    assertTrue(e.mask().isSet(0, 7, "NO_DATA"), "weight 0");
    List<String> expected = List.of("", "BAD", "NO_DATA", "SAT", "SAT", "CR", "SUSPECT", "SUSPECT", "STREAK", "BAD");
    for (int code = 1; code < 10; code++) {
      assertTrue(e.mask().isSet(code, 0, expected.get(code)), "code " + code + " -> " + expected.get(code));
    }
    assertEquals(planes.bitmask("NO_DATA"), e.mask().get(0, 0), "code 0 is good; weight 0 gives NO_DATA only");
    assertTrue(Files.exists(wt));
  }
}
