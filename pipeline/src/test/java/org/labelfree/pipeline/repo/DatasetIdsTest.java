package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatasetIdsTest {

  @Test
  void namespaceIsUuid5OfOurUrl() {
    /* /usr/bin/python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'https://labelfree.org/ns/dataset'))" */
    assertEquals(UUID.fromString("35af98b9-4582-5a98-a7ca-69b247bae086"),
        DatasetIds.uuid5(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), "https://labelfree.org/ns/dataset"));
  }

  @Test
  void matchesPythonUuid5KnownVector() {
    /* uuid.uuid5(ns, "calexp\0u/me/x/20261121T044512Z\0{instrument: 'HSC', visit: 12, detector: 3}") */
    DataId id = DataId.of(Map.of("instrument", "HSC", "visit", 12, "detector", 3));
    UUID u = DatasetIds.datasetId("calexp", "u/me/x/20261121T044512Z", id);
    assertEquals(UUID.fromString("c84aa87a-1231-5c91-91ae-7b9bad585378"), u);
    assertEquals(5, u.version());
    assertEquals(2, u.variant());
    /* uuid.uuid5(ns, "summary\0run\0{}") */
    assertEquals(UUID.fromString("c7ad4c70-ced2-5ac3-b225-c1ec86488c55"),
        DatasetIds.datasetId("summary", "run", DataId.empty()));
  }

  @Test
  void isDeterministicAndSensitiveToEveryPart() {
    DataId a = DataId.of(Map.of("visit", 1, "detector", 2));
    DataId b = DataId.of(Map.of("detector", 2L, "visit", "1"));
    assertEquals(DatasetIds.datasetId("t", "r", a), DatasetIds.datasetId("t", "r", b));
    assertNotEquals(DatasetIds.datasetId("t", "r", a), DatasetIds.datasetId("t", "r2", a));
    assertNotEquals(DatasetIds.datasetId("t", "r", a), DatasetIds.datasetId("u", "r", a));
    assertNotEquals(DatasetIds.datasetId("t", "r", a), DatasetIds.datasetId("t", "r", a.with(Dimension.DETECTOR, 3)));
    DatasetType t = new DatasetType("t", Set.of(Dimension.VISIT, Dimension.DETECTOR), "Json");
    assertEquals(DatasetIds.datasetId("t", "r", a), DatasetRef.of(t, "r", a).id());
  }
}
