package org.labelfree.pipeline.task;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labelfree.pipeline.testtasks.MakeCatalogTask.Config;

class TaskConfigsFailureTest {

  private static void fails(Map<String, ?> overrides, String... words) {
    TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
        () -> TaskConfigs.resolve(Config.class, overrides));
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
    }
  }

  @Test
  void unknownKeyIsRejectedByNameWithTheValidKeys() {
    fails(Map.of("threshhold", 1.0), "unknown config key 'threshhold'", "valid keys: [threshold, maxSources, seed");
  }

  @Test
  void bothFormsOfOneKeyAreRejected() {
    Map<String, Object> m = new HashMap<>();
    m.put("max_sources", 1L);
    m.put("maxSources", 2L);
    fails(m, "maxSources", "repeats");
  }

  @Test
  void textForANumberIsRejected() {
    fails(Map.of("threshold", "abc"), "threshold", "double", "'abc'", "not a number");
  }

  @Test
  void aFractionForAnIntIsRejected() {
    fails(Map.of("maxSources", 2.5), "maxSources", "int", "2.5", "not an integer");
  }

  @Test
  void anIntOutOfRangeIsRejected() {
    fails(Map.of("maxSources", 1L << 40), "maxSources", "out of the int range");
  }

  @Test
  void aBadBooleanIsRejected() {
    fails(Map.of("enabled", "yes"), "enabled", "not true or false");
  }

  @Test
  void aNumberForAStringListElementIsRejected() {
    fails(Map.of("bands", List.of("g", 3L)), "bands[1]", "not a string");
  }

  @Test
  void anUnknownEnumConstantIsRejectedWithTheValidOnes() {
    fails(Map.of("mode", "sloppy"), "mode", "'sloppy'", "[FAST, CAREFUL]");
  }

  @Test
  void nullForAPrimitiveIsRejected() {
    Map<String, Object> m = new HashMap<>();
    m.put("seed", null);
    fails(m, "seed", "null");
  }

  @Test
  void aMappingForAListIsRejected() {
    fails(Map.of("weights", Map.of("a", 1)), "weights", "not a list");
  }

  @Test
  void theRecordsOwnValidationIsReported() {
    fails(Map.of("threshold", -1.0), "invalid Config", "threshold must be > 0, but was -1.0");
  }

  @Test
  void controlCharactersInKeysAreNotEchoed() {
    TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
        () -> TaskConfigs.resolve(Config.class, Map.of("bad\u001b[31mkey", 1L)));
    assertTrue(e.getMessage().contains("bad?[31mkey") && e.getMessage().chars().noneMatch(c -> c < 0x20),
        e.getMessage());
  }

  /** A config type with an unsupported component type. */
  public record MapConfig(Map<String, String> table) {
    /** Defaults. */
    public static MapConfig defaults() {
      return new MapConfig(Map.of());
    }
  }

  @Test
  void unsupportedComponentTypesAreRejectedUpFront() {
    TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
        () -> TaskConfigs.checkConfigType(MapConfig.class));
    assertTrue(e.getMessage().contains("table") && e.getMessage().contains("unsupported type"), e.getMessage());
  }
}
