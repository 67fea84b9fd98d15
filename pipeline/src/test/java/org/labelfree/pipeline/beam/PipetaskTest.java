package org.labelfree.pipeline.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Repository;

class PipetaskTest {
  @TempDir
  Path dir;

  @Test
  void runsTheWholeToyPipelineOnDirectRunner() {
    try (Repository repo = ToyRepo.create(dir.resolve("repo"), 3, 4, Set.of())) {
      TaskGraph tasks = ToyRepo.pipeline("toy", "upper:suffix=!");
      PipetaskOptions options = ToyRepo.options("u/me/toy");
      Pipetask.Plan plan = Pipetask.plan(repo, tasks, options, ToyRepo.CLOCK);
      assertEquals("u/me/toy/20261121T100000Z", plan.run());
      assertEquals(Map.of("upper", 12, "count", 3, "total", 1), plan.graph().counts());
      Pipetask.Result result = Pipetask.run(repo, plan, options, null);
      assertTrue(result.report().ok(), result.report().toString());
      assertEquals(16, result.report().count(QuantumOutcome.Status.SUCCEEDED));

      List<String> chain = List.of("u/me/toy");
      Object total = repo.butler().get(repo.butler().find("total_text", DataId.of(Map.of("instrument", "Toy")),
          chain).orElseThrow());
      assertEquals("4:V1D1!|V1D2!|V1D3!|V1D4!\n4:V2D1!|V2D2!|V2D3!|V2D4!\n4:V3D1!|V3D2!|V3D3!|V3D4!", total);
      assertEquals(CollectionType.CHAINED, repo.registry().getCollection("u/me/toy").type());
      assertEquals(List.of(plan.run(), "raw"), repo.registry().getCollection("u/me/toy").children());
      JsonNode config = repo.butler().get(repo.butler().find("upper_config", DataId.empty(), chain).orElseThrow(),
          JsonNode.class);
      assertEquals("!", config.get("suffix").asText());
      JsonNode meta = repo.butler().get(repo.butler().find("upper_metadata", ToyRepo.dataId(2, 3), chain)
          .orElseThrow(), JsonNode.class);
      assertEquals("succeeded", meta.get("status").asText());
      assertEquals(1, meta.get("input_counts").get("raw_text").asInt());
      assertTrue(meta.get("timings").get("total_s").asDouble() >= 0);
      assertEquals(16, repo.registry().queryDatasets(Set.of("upper_metadata", "count_metadata", "total_metadata"),
          List.of(plan.run()), SqlPredicate.all()).size());
    }
  }

  @Test
  void autoCloseableTasksAreClosedWhenTheirDoFnsAreTornDown() throws Exception {
    Path yaml = dir.resolve("holding.yaml");
    java.nio.file.Files.writeString(yaml, "description: a task that holds a resource\ntasks:\n  lower: "
        + ToyTasks.HoldingTask.class.getName() + "\n");
    int opened = ToyTasks.HoldingTask.OPENED.get();
    int closed = ToyTasks.HoldingTask.CLOSED.get();
    try (Repository repo = ToyRepo.create(dir.resolve("repo"), 3, 4, Set.of())) {
      TaskGraph tasks = TaskGraph.build(org.labelfree.pipeline.graph.PipelineDefinition.load(yaml.toString(),
          PipetaskTest.class.getClassLoader(), "pipelines/"), List.of(), PipetaskTest.class.getClassLoader());
      PipetaskOptions options = ToyRepo.options("u/me/holding").withParallelism(2);
      Pipetask.Plan plan = Pipetask.plan(repo, tasks, options, ToyRepo.CLOCK);
      Pipetask.Result result = Pipetask.run(repo, plan, options, null);
      assertTrue(result.report().ok(), result.report().toString());
      assertEquals(12, result.report().count(QuantumOutcome.Status.SUCCEEDED));
    }
    /* At least one instance ran the 12 quanta, and every instance made was closed once. */
    int made = ToyTasks.HoldingTask.OPENED.get() - opened;
    assertTrue(made >= 1 && made <= 12, "instances made: " + made);
    assertEquals(made, ToyTasks.HoldingTask.CLOSED.get() - closed);
  }

  @Test
  void aBadQuantumFailsAloneAndTheGatherOfItsVisitRunsWithoutIt() {
    try (Repository repo = ToyRepo.create(dir.resolve("repo"), 3, 4, Set.of("2,3"))) {
      TaskGraph tasks = ToyRepo.pipeline("toy");
      PipetaskOptions options = ToyRepo.options("u/me/toy").withParallelism(2);
      Pipetask.Plan plan = Pipetask.plan(repo, tasks, options, ToyRepo.CLOCK);
      ExecutionReport report = Pipetask.run(repo, plan, options, null).report();
      assertFalse(report.ok());
      assertEquals(1, report.count(QuantumOutcome.Status.FAILED));
      assertEquals(0, report.count(QuantumOutcome.Status.SKIPPED), "count of visit 2 gathers the 3 good detectors");
      assertEquals(11 + 3 + 1, report.count(QuantumOutcome.Status.SUCCEEDED));
      assertEquals(1, report.problems().size());
      QuantumOutcome failed = report.problems().get(0);
      assertEquals("upper", failed.task());
      assertEquals("{instrument: 'Toy', visit: 2, detector: 3}", failed.dataId());
      assertEquals("org.labelfree.pipeline.task.AlgorithmException", failed.exception());
      assertTrue(failed.message().contains("bad23"), failed.message());
      List<DatasetRef> failures = repo.registry().queryDatasets(Set.of("upper_failure"), List.of(plan.run()),
          SqlPredicate.all());
      assertEquals(1, failures.size());
      JsonNode f = repo.butler().get(failures.get(0), JsonNode.class);
      assertEquals("org.labelfree.pipeline.task.AlgorithmException", f.get("exception").asText());
      assertTrue(repo.butler().find("visit_text", DataId.of(Map.of("instrument", "Toy", "visit", 1)),
          List.of(plan.run())).isPresent());
      assertEquals("3:V2D1|V2D2|V2D4", repo.butler().get(repo.butler().find("visit_text",
          DataId.of(Map.of("instrument", "Toy", "visit", 2)), List.of(plan.run())).orElseThrow()));
    }
  }
}
