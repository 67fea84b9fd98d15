package org.labelfree.pipeline.graph;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskGraphFailureTest {
  private static final ClassLoader LOADER = TaskGraphFailureTest.class.getClassLoader();
  private static final String P = "org.labelfree.pipeline.testtasks.";
  private static final String CHAIN = "tasks:\n"
      + "  train: " + P + "TrainModelTask\n"
      + "  score: " + P + "ScoreSourcesTask\n"
      + "  detect:\n"
      + "    class: " + P + "MakeCatalogTask\n"
      + "    config: {threshold: 2.0}\n";

  private static void fails(String yaml, List<String> overrides, String... words) {
    PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class,
        () -> PipelineDefinition.parse(yaml, "p.yaml")
            .resolve(overrides.stream().map(ConfigOverride::parse).toList(), LOADER));
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
    }
  }

  private static void fails(String yaml, String... words) {
    fails(yaml, List.of(), words);
  }

  @Test
  void unknownConfigKeyInYamlIsRejectedByName() {
    fails(CHAIN + "  other:\n    class: " + P + "TrainModelTask\n    config: {epoch: 2}\n",
        "p.yaml: task 'other'", "unknown config key 'epoch'", "valid keys: [epochs]");
  }

  @Test
  void unknownConfigKeyInAnOverrideIsRejectedByName() {
    fails(CHAIN, List.of("detect:treshold=3"), "task 'detect'", "-c detect:treshold=3",
        "unknown config key 'treshold'", "valid keys: [threshold, maxSources");
  }

  @Test
  void overrideOfAnUnknownTask() {
    fails(CHAIN, List.of("dtect:threshold=3"), "unknown task 'dtect'", "[train, score, detect]");
  }

  @Test
  void badValueType() {
    fails(CHAIN, List.of("detect:max_sources=many"), "task 'detect'", "maxSources", "'many'", "not an integer");
  }

  @Test
  void badValueTypeInYaml() {
    fails(CHAIN.replace("threshold: 2.0", "threshold: [1, 2]"), "task 'detect'", "threshold", "not a number");
  }

  @Test
  void compactConstructorValidationCarriesTheLabel() {
    fails(CHAIN, List.of("score:min_score=3"), "p.yaml: task 'score'", "invalid Config",
        "minScore must be < maxScore, but was 3.0 >= 1.0");
  }

  @Test
  void unknownParameter() {
    fails(CHAIN.replace("threshold: 2.0", "threshold: parameters.thresh"), "task 'detect'",
        "unknown parameter 'thresh'");
  }

  @Test
  void unknownClass() {
    fails(CHAIN.replace(P + "TrainModelTask", P + "TrainModelTsk"), "task 'train'",
        "unknown task class '" + P + "TrainModelTsk'");
  }

  @Test
  void classThatIsNotATask() {
    fails(CHAIN.replace(P + "TrainModelTask", "java.lang.String"), "task 'train'", "java.lang.String",
        "is not a PipelineTask");
  }

  @Test
  void cycleNamesTheTasks() {
    fails(CHAIN + "  recalibrate: " + P + "BrokenTasks$RecalibrateTask\n", "cycle",
        "detect -> score -> recalibrate -> detect");
  }

  @Test
  void twoProducers() {
    fails(CHAIN + "  again: " + P + "MakeCatalogTask\n", "dataset type 'source_table' is produced by two tasks",
        "'detect'", "'again'");
  }

  @Test
  void outputClashingWithAConfigDataset() {
    fails(CHAIN + "  x:\n    class: " + P + "MakeCatalogTask\n    connections: {source_table: train_config, "
        + "calexp: calexp}\n", "dataset type 'train_config' is produced by two tasks", "'train'", "'x'");
  }

  @Test
  void inconsistentConnectionNamesBothTasks() {
    fails(CHAIN + "  per_visit: " + P + "BrokenTasks$VisitScoresTask\n",
        "inconsistent connection for dataset type 'scores'", "task 'per_visit'", "task 'score'",
        "[instrument, visit]", "[instrument, visit, detector]");
  }

  @Test
  void inconsistentOverallInputNamesBothTasks() {
    fails(CHAIN + "  cat: " + P + "BrokenTasks$CalexpAsCatalogTask\n",
        "inconsistent connection for dataset type 'calexp'", "task 'cat'", "task 'detect'", "Catalog", "Exposure");
  }

  @Test
  void producedPrerequisite() {
    fails(CHAIN.replace("  train: " + P + "TrainModelTask\n",
        "  train:\n    class: " + P + "TrainModelTask\n    connections: {model: model_weights}\n"),
        "prerequisite input connection 'model_weights'", "produced by task 'train'");
  }

  @Test
  void renameOfAnUnknownConnection() {
    fails(CHAIN.replace("  train: " + P + "TrainModelTask\n",
        "  train:\n    class: " + P + "TrainModelTask\n    connections: {modle: m}\n"),
        "task 'train'", "unknown connection 'modle'", "[scores, model]");
  }

  @Test
  void badRenamedDatasetTypeName() {
    fails(CHAIN.replace("  train: " + P + "TrainModelTask\n",
        "  train:\n    class: " + P + "TrainModelTask\n    connections: {model: Model-1}\n"),
        "task 'train'", "connections.model", "'Model-1'");
  }

  @Test
  void bothKeyFormsInYaml() {
    fails(CHAIN.replace("threshold: 2.0", "max_sources: 2, maxSources: 3"), "task 'detect'",
        "'max_sources' and 'maxSources' both set maxSources");
  }

  @Test
  void contractViolationNamesTheLabel() {
    fails(CHAIN + "  bad: " + P + "BrokenTasks$MismatchedTask\n", "task 'bad'", "no component calexp");
  }
}
