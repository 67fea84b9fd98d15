package org.labelfree.pipeline.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.testtasks.MakeCatalogTask;
import org.labelfree.pipeline.testtasks.ScoreSourcesTask;
import org.labelfree.pipeline.testtasks.TrainModelTask;

class TaskGraphTest {
  private static final ClassLoader LOADER = TaskGraphTest.class.getClassLoader();

  private static TaskGraph chain(String... overrides) {
    return PipelineDefinition.load("chain", LOADER, "pipelines/")
        .resolve(java.util.Arrays.stream(overrides).map(ConfigOverride::parse).toList(), LOADER);
  }

  @Test
  void orderComesFromConnectionsNotFromTheFile() {
    PipelineDefinition def = PipelineDefinition.load("chain", LOADER, "pipelines/");
    assertEquals(List.of("train", "score", "detect"), List.copyOf(def.tasks().keySet()));
    assertEquals("three test tasks in a chain", def.description());

    TaskGraph g = def.resolve(List.of(), LOADER);
    assertEquals(List.of("detect", "score", "train"), g.labels());
    assertEquals(Set.of(), g.upstream("detect"));
    assertEquals(Set.of("detect"), g.upstream("score"));
    assertEquals(Set.of("score"), g.upstream("train"));
    assertEquals(Set.of("train"), g.downstream("score"));
    assertEquals(Optional.of("score"), g.producer("scores"));
    assertEquals(Optional.empty(), g.producer("calexp"));
    assertEquals(Set.of("train"), g.consumers("scores"));
    assertEquals(TrainModelTask.class, g.task("train").descriptor().taskClass());
  }

  @Test
  void datasetTypesIncludeInputsOutputsConfigsAndMetadata() {
    TaskGraph g = chain();
    assertEquals(List.of("bad_pixels", "calexp", "model_weights"), List.copyOf(g.inputDatasetTypes().keySet()));
    assertEquals(List.of("model_weights"), List.copyOf(g.prerequisiteDatasetTypes().keySet()));
    // bad_pixels is an optional input: still an overall input, read from the input collections when present.
    assertEquals(List.of("detect_config", "detect_metadata", "model", "score_config", "score_metadata", "scores",
        "source_table", "train_config", "train_metadata"), List.copyOf(g.outputDatasetTypes().keySet()));
    assertEquals(new DatasetType("detect_config", Set.of(), "Json"), g.datasetTypes().get("detect_config"));
    assertEquals(new DatasetType("train_metadata", Set.of(INSTRUMENT), "Json"), g.datasetTypes().get("train_metadata"));
    assertEquals(new DatasetType("calexp", Set.of(INSTRUMENT, VISIT, DETECTOR), "Exposure"),
        g.datasetTypes().get("calexp"));
    assertEquals(12, g.datasetTypes().size());
  }

  @Test
  void yamlConfigAndParametersAreApplied() {
    TaskGraph g = chain();
    assertEquals(new MakeCatalogTask.Config(3.5, 100, 42L, true, MakeCatalogTask.Mode.CAREFUL,
        List.of("g", "r", "i"), List.of(1.0)), g.task("detect").config());
    assertEquals(new TrainModelTask.Config(5), g.task("train").config());
    assertEquals(ScoreSourcesTask.Config.defaults(), g.task("score").config());
  }

  @Test
  void commandLineOverridesApplyAfterYamlInOrder() {
    TaskGraph g = chain("detect:threshold=9", "detect:max_sources=12", "detect:maxSources=13",
        "detect:bands=z,y", "train:epochs=parameters.seed", "score:max_score=4", "score:min_score=2");
    MakeCatalogTask.Config c = (MakeCatalogTask.Config) g.task("detect").config();
    assertEquals(9.0, c.threshold());
    assertEquals(13, c.maxSources());
    assertEquals(List.of("z", "y"), c.bands());
    assertEquals(42L, c.seed());
    assertEquals(new TrainModelTask.Config(42), g.task("train").config());
    assertEquals(new ScoreSourcesTask.Config(2.0, 4.0), g.task("score").config());
  }

  @Test
  void resolvedConfigSerialisesDeterministically() {
    TaskGraph a = chain("detect:seed=7", "detect:mode=fast");
    TaskGraph b = chain("detect:mode=FAST", "detect:seed=7");
    String expected = "{\"threshold\":3.5,\"maxSources\":100,\"seed\":7,\"enabled\":true,\"mode\":\"FAST\","
        + "\"bands\":[\"g\",\"r\",\"i\"],\"weights\":[1.0]}";
    assertEquals(expected, a.task("detect").configJson());
    assertEquals(expected, b.task("detect").configJson());
    assertEquals(List.of("threshold", "maxSources", "seed", "enabled", "mode", "bands", "weights"),
        List.copyOf(a.task("detect").configMap().keySet()));
  }

  @Test
  void subsetsSelectTasksAndTurnTheirInputsIntoOverallInputs() {
    TaskGraph g = PipelineDefinition.load("chain.yaml#per_detector", LOADER, "pipelines/").resolve(List.of(), LOADER);
    assertEquals(List.of("detect", "score"), g.labels());
    assertTrue(g.source().endsWith("#per_detector"), g.source());

    PipelineDefinition scoring = PipelineDefinition.load("chain#scoring", LOADER, "pipelines/");
    assertEquals("score only", PipelineDefinition.load("chain", LOADER, "pipelines/").subsets().get("scoring")
        .description());
    assertEquals(Set.of("scoring"), scoring.subsets().keySet());
    TaskGraph s = scoring.resolve(List.of(), LOADER);
    assertEquals(List.of("score"), s.labels());
    assertEquals(List.of("bad_pixels", "model_weights", "source_table"), List.copyOf(s.inputDatasetTypes().keySet()));
  }

  @Test
  void loadsFromAFilePathAndTiesAreOrderedByLabel(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("two.yaml");
    Files.writeString(file, """
        tasks:
          zeta:
            class: org.labelfree.pipeline.testtasks.MakeCatalogTask
            connections: {source_table: zeta_sources, calexp: deep_calexp}
          alpha: org.labelfree.pipeline.testtasks.MakeCatalogTask
          mid: org.labelfree.pipeline.testtasks.ScoreSourcesTask
        """);
    TaskGraph g = PipelineDefinition.load(file.toString(), LOADER, "pipelines/").resolve(List.of(), LOADER);
    assertEquals(List.of("alpha", "mid", "zeta"), g.labels());
    assertEquals(Set.of("alpha"), g.upstream("mid"));
    assertEquals(Map.of("source_table",
        new DatasetType("zeta_sources", Set.of(INSTRUMENT, VISIT, DETECTOR), "Catalog")), g.task("zeta").outputs());
    assertEquals(List.of("bad_pixels", "calexp", "deep_calexp", "model_weights"), List.copyOf(g.inputDatasetTypes().keySet()));
    assertEquals(file.toString(), g.source());
  }
}
