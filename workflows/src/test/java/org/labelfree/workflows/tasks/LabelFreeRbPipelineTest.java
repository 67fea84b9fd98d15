package org.labelfree.workflows.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.labelfree.pipeline.graph.ConfigOverride;
import org.labelfree.pipeline.graph.PipelineDefinition;
import org.labelfree.pipeline.graph.PipelineDefinitionException;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.graph.TaskNode;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;

/** The bundled pipeline {@code label_free_rb} loads by name and resolves against the real task classes. */
class LabelFreeRbPipelineTest {
  private static final ClassLoader LOADER = LabelFreeRbPipelineTest.class.getClassLoader();

  private static PipelineDefinition bundled() {
    return PipelineDefinition.load("label_free_rb", LOADER, "pipelines/");
  }

  @Test
  void bundledPipelineResolvesWithExposureSummary() {
    PipelineDefinition p = bundled();
    assertTrue(p.source().contains("pipelines/label_free_rb.yaml"), p.source());
    assertTrue(!p.description().isBlank());
    TaskGraph g = TaskGraph.build(p, List.of(), LOADER);
    assertEquals(List.of("characterize", "exposure_summary", "get_template", "make_injection_catalog", "inject_visit",
        "subtract", "detect_and_measure", "match_injected", "associate", "cut_stamps", "train_real_bogus", "score"),
        g.labels());
    TaskNode n = g.task("exposure_summary");
    assertEquals(ExposureSummaryTask.class, n.descriptor().taskClass());
    assertEquals(ExposureSummaryConfig.defaults(), n.config());
    Set<Dimension> dims = Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR);
    assertEquals(new DatasetType("calexp", dims, "Exposure"), g.inputDatasetTypes().get("calexp"));
    /* truth_transients is an optional input of match_injected (simulated repositories only). */
    assertEquals(Set.of("calexp", "template_coadd", "truth_transients"), g.inputDatasetTypes().keySet());
    assertEquals(Set.of("match_injected"), g.consumers("truth_transients"));
    assertEquals(Set.of("associate", "cut_stamps"), g.consumers("matched_dia_source"));
    assertEquals(new DatasetType("stamp_shard", dims, "StampShard"), g.outputDatasetTypes().get("stamp_shard"));
    assertEquals(new DatasetType("dia_object", Set.of(Dimension.INSTRUMENT), "Catalog"),
        g.outputDatasetTypes().get("dia_object"));
    assertEquals(new DatasetType("exposure_summary", dims, "Catalog"),
        g.outputDatasetTypes().get("exposure_summary"));
    assertEquals(Set.of("characterize", "exposure_summary", "get_template", "make_injection_catalog", "inject_visit"),
        g.consumers("calexp"));
    /* subtract reads the injected image through the YAML's connection rename */
    assertEquals(Set.of("subtract", "cut_stamps"), g.consumers("injected_calexp"));
    /* The classifier: one model per instrument from every shard, read back by score per visit-detector. */
    assertEquals(new DatasetType("rb_model", Set.of(Dimension.INSTRUMENT), "RbModel"),
        g.outputDatasetTypes().get("rb_model"));
    assertEquals(Set.of("score"), g.consumers("rb_model"));
    assertEquals(Set.of("train_real_bogus", "score"), g.consumers("stamp_shard"));
    assertEquals(Set.of("train_real_bogus"), g.consumers("dia_object_source"));
    assertEquals(new DatasetType("rb_score", dims, "Catalog"), g.outputDatasetTypes().get("rb_score"));
    assertEquals(new DatasetType("injection_catalog", Set.of(Dimension.INSTRUMENT, Dimension.VISIT), "Catalog"),
        g.outputDatasetTypes().get("injection_catalog"));
  }

  @Test
  void subsetAndOverridesApply() {
    TaskGraph g = TaskGraph.build(PipelineDefinition.load("label_free_rb#summaries", LOADER, "pipelines/"),
        List.of(ConfigOverride.parse("exposure_summary:require_wcs=false"),
            ConfigOverride.parse("exposure_summary:not_background_planes=[BAD, NO_DATA]")), LOADER);
    ExposureSummaryConfig c = (ExposureSummaryConfig) g.task("exposure_summary").config();
    assertEquals(new ExposureSummaryConfig(List.of("BAD", "NO_DATA"), false), c);
  }

  @Test
  void unknownConfigKeyOverrideIsRejectedByName() {
    PipelineDefinitionException e = assertThrows(PipelineDefinitionException.class,
        () -> TaskGraph.build(bundled(), List.of(ConfigOverride.parse("exposure_summary:median_clip=3")), LOADER));
    assertTrue(e.getMessage().contains("median_clip"), e.getMessage());
    assertTrue(e.getMessage().contains("exposure_summary"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown config key"), e.getMessage());
  }
}
