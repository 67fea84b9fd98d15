package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataIdTest {

  @Test
  void canonicalOrderAndTextDoNotDependOnInsertionOrder() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("detector", 3);
    a.put("visit", "12");
    a.put("instrument", "HSC");
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("Instrument", "HSC");
    b.put("visit", 12L);
    b.put("detector", 3L);
    DataId x = DataId.of(a);
    DataId y = DataId.of(b);
    assertEquals(x, y);
    assertEquals(x.hashCode(), y.hashCode());
    assertEquals("{instrument: 'HSC', visit: 12, detector: 3}", x.toString());
    assertEquals(12L, x.getLong(Dimension.VISIT));
    assertEquals("{visit: 12}", x.subset(Set.of(Dimension.VISIT, Dimension.TRACT)).toString());
  }

  @Test
  void rejectsUnknownDimensionsAndWrongTypesByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataId.of(Map.of("vist", 1)));
    assertTrue(e.getMessage().contains("vist"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DataId.of(Map.of("visit", "twelve")));
    assertTrue(e.getMessage().contains("visit") && e.getMessage().contains("twelve"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DataId.of(Map.of("band", 3)));
    assertThrows(IllegalArgumentException.class, () -> DataId.of(Map.of("band", "g\u0000")));
    assertThrows(IllegalArgumentException.class, () -> DataId.of(Map.of("band", " ")));
  }

  @Test
  void datasetTypeValidatesNamesAndChecksDataIds() {
    DatasetType calexp = new DatasetType("calexp", Set.of(Dimension.VISIT, Dimension.DETECTOR,
        Dimension.INSTRUMENT), "Exposure");
    assertTrue(calexp.accepts(DataId.of(Map.of("instrument", "HSC", "visit", 1, "detector", 2))));
    assertEquals(false, calexp.accepts(DataId.of(Map.of("instrument", "HSC", "visit", 1))));
    assertThrows(IllegalArgumentException.class, () -> new DatasetType("Calexp", Set.of(), "Exposure"));
    assertThrows(IllegalArgumentException.class, () -> new DatasetType("calexp; drop", Set.of(), "Exposure"));
    assertThrows(IllegalArgumentException.class, () -> new DatasetType("calexp", Set.of(), "Expo sure"));
  }
}
