package org.labelfree.pipeline.graph;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PipelineDefinitionFailureTest {
  private static final ClassLoader LOADER = PipelineDefinitionFailureTest.class.getClassLoader();
  private static final String A = "org.labelfree.pipeline.testtasks.MakeCatalogTask";

  private static void fails(Executable call, String... words) {
    PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class, call);
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
    }
  }

  private static void parseFails(String yaml, String... words) {
    fails(() -> PipelineDefinition.parse(yaml, "p.yaml"), words);
  }

  @Test
  void malformedYamlGivesLineAndColumn() {
    parseFails("tasks:\n  a: " + A + "\n  b: [unclosed\n", "p.yaml", "malformed YAML at line 3, column 15", "flow sequence", "expected ',' or ']'");
  }

  @Test
  void badIndentationGivesLineAndColumn() {
    parseFails("tasks:\n  a:\n    class: " + A + "\n   config: {}\n", "malformed YAML", "line 4, column 4");
  }

  @Test
  void duplicateTaskLabelGivesLine() {
    parseFails("tasks:\n  a: " + A + "\n  a: " + A + "\n", "malformed YAML", "line 3", "'a'");
  }

  @Test
  void unknownTopLevelKey() {
    parseFails("task:\n  a: " + A + "\n", "unknown key 'task' in the top level",
        "[description, parameters, subsets, tasks]");
  }

  @Test
  void unknownTaskKey() {
    parseFails("tasks:\n  a:\n    clas: " + A + "\n", "unknown key 'clas' in tasks.a", "[class, config, connections]");
  }

  @Test
  void taskWithoutClass() {
    parseFails("tasks:\n  a:\n    config: {x: 1}\n", "tasks.a has no 'class'");
  }

  @Test
  void configThatIsNotAMapping() {
    parseFails("tasks:\n  a:\n    class: " + A + "\n    config: [1, 2]\n", "tasks.a.config must be a mapping",
        "list");
  }

  @Test
  void nestedConfigValue() {
    parseFails("tasks:\n  a:\n    class: " + A + "\n    config: {threshold: {x: 1}}\n",
        "tasks.a.config.threshold is a mapping");
  }

  @Test
  void noTasks() {
    parseFails("description: nothing\n", "has no tasks");
  }

  @Test
  void emptyDocument() {
    parseFails("", "empty pipeline");
  }

  @Test
  void topLevelList() {
    parseFails("- a\n- b\n", "expected a mapping at the top level", "list");
  }

  @Test
  void upperCaseLabel() {
    parseFails("tasks:\n  Detect: " + A + "\n", "task label 'Detect'", "lower snake case");
  }

  @Test
  void subsetNamingAnUnknownLabel() {
    parseFails("tasks:\n  a: " + A + "\nsubsets:\n  quick: [a, b]\n", "subset 'quick'", "unknown task 'b'", "[a]");
  }

  @Test
  void subsetNamedLikeATask() {
    parseFails("tasks:\n  a: " + A + "\nsubsets:\n  a: [a]\n", "subset 'a' has the name of a task");
  }

  @Test
  void subsetThatIsNotAList() {
    parseFails("tasks:\n  a: " + A + "\nsubsets:\n  quick: a\n", "subsets.quick must be a list", "string");
  }

  @Test
  void unknownSubsetSelected() {
    fails(() -> PipelineDefinition.load("chain#nope", LOADER, "pipelines/"), "unknown subset 'nope'",
        "[per_detector, scoring]");
  }

  @Test
  void neitherFileNorResource() {
    fails(() -> PipelineDefinition.load("no_such_pipeline", LOADER, "pipelines/"),
        "'no_such_pipeline' is neither a file nor a bundled pipeline", "pipelines/no_such_pipeline.yaml");
  }

  @Test
  void malformedOverride() {
    fails(() -> ConfigOverride.parse("detect.threshold=3"), "'detect.threshold=3' is malformed",
        "label:key=value");
  }

  @Test
  void controlCharactersAreNotEchoed() {
    PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class,
        () -> PipelineDefinition.parse("tasks:\n  a: " + A + "\n\"bad\\u0007key\": 1\n", "p.yaml"));
    assertTrue(e.getMessage().contains("bad?key") && e.getMessage().indexOf('\u0007') < 0, e.getMessage());
  }
}
