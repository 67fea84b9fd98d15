package org.labelfree.pipeline.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labelfree.pipeline.testtasks.MakeCatalogTask;
import org.labelfree.pipeline.testtasks.MakeCatalogTask.Config;
import org.labelfree.pipeline.testtasks.MakeCatalogTask.Mode;

class TaskConfigsTest {

  @Test
  void emptyOverridesGiveTheDefaults() {
    assertEquals(Config.defaults(), TaskConfigs.resolve(Config.class, Map.of()));
  }

  @Test
  void yamlValuesAreConvertedByComponentNameOrSnakeCase() {
    Map<String, Object> yaml = new LinkedHashMap<>();
    yaml.put("threshold", 3L);              // an integer where a double is expected
    yaml.put("max_sources", 7L);            // snake_case key
    yaml.put("seed", 12345678901L);
    yaml.put("enabled", false);
    yaml.put("mode", "careful");            // enum, any case
    yaml.put("bands", List.of("i", "z"));
    yaml.put("weights", List.of(1L, 2.5));
    Config c = TaskConfigs.resolve(Config.class, yaml);
    assertEquals(new Config(3.0, 7, 12345678901L, false, Mode.CAREFUL, List.of("i", "z"), List.of(1.0, 2.5)), c);
  }

  @Test
  void commandLineStringsAreConverted() {
    Map<String, Object> cli = new LinkedHashMap<>();
    cli.put("threshold", " 2.5e0 ");
    cli.put("maxSources", "42");
    cli.put("seed", "-3");
    cli.put("enabled", "FALSE");
    cli.put("mode", "Careful");
    cli.put("bands", "[u, 'g']");
    cli.put("weights", "0.5,NaN");
    Config c = TaskConfigs.resolve(Config.class, cli);
    assertEquals(new Config(2.5, 42, -3L, false, Mode.CAREFUL, List.of("u", "g"), List.of(0.5, Double.NaN)), c);
    assertEquals(List.of(), TaskConfigs.resolve(Config.class, Map.of("bands", "[]")).bands());
  }

  @Test
  void serialisationIsDeterministicAndRoundTrips() {
    String expected = "{\"threshold\":5.0,\"maxSources\":100,\"seed\":0,\"enabled\":true,\"mode\":\"FAST\","
        + "\"bands\":[\"g\",\"r\"],\"weights\":[1.0]}";
    assertEquals(expected, TaskConfigs.toJson(Config.defaults()));

    Map<String, Object> forward = new LinkedHashMap<>();
    forward.put("seed", 9L);
    forward.put("mode", "CAREFUL");
    Map<String, Object> backward = new LinkedHashMap<>();
    backward.put("mode", "careful");
    backward.put("seed", "9");
    Config a = TaskConfigs.resolve(Config.class, forward);
    Config b = TaskConfigs.resolve(Config.class, backward);
    assertEquals(TaskConfigs.toJson(a), TaskConfigs.toJson(b));
    assertEquals(List.of("threshold", "maxSources", "seed", "enabled", "mode", "bands", "weights"),
        List.copyOf(TaskConfigs.toMap(a).keySet()));
    assertEquals(a, TaskConfigs.resolve(Config.class, TaskConfigs.toMap(a)));
  }

  @Test
  void keysMapToComponents() {
    assertEquals("maxSources", TaskConfigs.componentName(Config.class, "max_sources"));
    assertEquals("maxSources", TaskConfigs.componentName(Config.class, "maxSources"));
    assertEquals(Config.class, TaskDescriptor.of(MakeCatalogTask.class).configType());
  }
}
