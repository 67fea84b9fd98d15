package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PathTemplateTest {
  private static final PathTemplate DEFAULT = PathTemplate.parse(PathTemplate.DEFAULT);
  private static final DatasetType CALEXP = new DatasetType("calexp",
      Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR), "Exposure");

  @Test
  void defaultTemplateWithAllFields() {
    DataId id = DataId.of(Map.of("instrument", "HSC", "band", "g", "visit", 12, "detector", 3));
    assertEquals("u/me/x/20261121T044512Z/calexp/g/12/calexp_HSC_g_12_3.fits",
        DEFAULT.format("u/me/x/20261121T044512Z", CALEXP, id, "fits"));
  }

  @Test
  void missingDimensionsDropTheirSegmentAndPart() {
    DataId noBand = DataId.of(Map.of("instrument", "HSC", "visit", 12, "detector", 3));
    assertEquals("r/calexp/12/calexp_HSC_12_3.fits", DEFAULT.format("r", CALEXP, noBand, "fits"));
    DatasetType model = new DatasetType("model", Set.of(), "Bytes");
    assertEquals("r/model/model.bin", DEFAULT.format("r", model, DataId.empty(), "bin"));
  }

  @Test
  void dimensionsMissingFromTheTemplateAddADataIdHash() {
    DatasetType coadd = new DatasetType("coadd", Set.of(Dimension.SKYMAP, Dimension.TRACT, Dimension.PATCH), "Json");
    String a = DEFAULT.format("r", coadd, DataId.of(Map.of("skymap", "s", "tract", 1, "patch", 2)), "json");
    String b = DEFAULT.format("r", coadd, DataId.of(Map.of("skymap", "s", "tract", 1, "patch", 3)), "json");
    assertTrue(a.matches("r/coadd/coadd_[0-9a-f]{16}\\.json"), a);
    assertNotEquals(a, b);
    /* With the dimensions in the template, no hash. */
    PathTemplate t = PathTemplate.parse("{run}/{datasetType}/{tract}/{datasetType}_{skymap}_{tract}_{patch}.{ext}");
    assertEquals("r/coadd/1/coadd_s_1_2.json",
        t.format("r", coadd, DataId.of(Map.of("skymap", "s", "tract", 1, "patch", 2)), "json"));
  }

  @Test
  void valuesAreEncodedSoTheyCannotAddSeparatorsOrEscape() {
    DatasetType t = new DatasetType("t", Set.of(Dimension.INSTRUMENT, Dimension.BAND), "Json");
    assertEquals("r/t/%2E%2E/t_a%2Fb_%2E%2E.json",
        DEFAULT.format("r", t, DataId.of(Map.of("instrument", "a/b", "band", "..")), "json"));
    assertEquals("r/t/g%20DECam/t_x%5Fy_g%20DECam.json",
        DEFAULT.format("r", t, DataId.of(Map.of("instrument", "x_y", "band", "g DECam")), "json"));
  }

  @Test
  void distinctDataIdsNeverShareAPath() {
    DatasetType t = new DatasetType("t", Set.of(Dimension.INSTRUMENT, Dimension.BAND), "Json");
    String[] values = {"a", "b", "a_b", "b_a", "a/b", "_", "%5F", "..", ".", "a.b", "a%2Fb"};
    Set<String> paths = new HashSet<>();
    int n = 0;
    for (String i : values) {
      for (String b : values) {
        paths.add(DEFAULT.format("r", t, DataId.of(Map.of("instrument", i, "band", b)), "json"));
        n++;
      }
    }
    assertEquals(n, paths.size());
  }

  @Test
  void rejectsBadTemplatesByReason() {
    assertBad("{run}/{datasetType}.fits", "{ext}");
    assertBad("/{run}/{datasetType}.{ext}", "relative");
    assertBad("{run}/{visit}.{ext}", "{datasetType}");
    assertBad("{run}//{datasetType}.{ext}", "empty segment");
    assertBad("{run}/../{datasetType}.{ext}", "'..'");
    assertBad("{run}/{datasetType}_{visit}{detector}.{ext}", "two dimension fields");
    assertBad("{run}/{datasetType}_{vist}.{ext}", "unknown field {vist}");
    assertBad("{run}/{datasetType}/{visit}.{ext}", "file name");
    assertBad("{run}/{datasetType}_x y.{ext}", "literal");
  }

  @Test
  void rejectsBadExtensions() {
    assertThrows(IllegalArgumentException.class, () -> DEFAULT.format("r", CALEXP,
        DataId.of(Map.of("instrument", "HSC", "visit", 1, "detector", 2)), "../x"));
  }

  private static void assertBad(String template, String keyword) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse(template));
    assertTrue(e.getMessage().contains(keyword), e.getMessage());
  }
}
