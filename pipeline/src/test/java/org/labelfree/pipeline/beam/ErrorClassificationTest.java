package org.labelfree.pipeline.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.Repository;

/**
 * STYLE.md's error table: unprocessable data skip the quantum with the reason (a gather over it runs with the
 * rest); a bug fails the run.
 */
class ErrorClassificationTest {
  @TempDir
  Path dir;

  @Test
  void unprocessableDataSkipsTheQuantumAndItsDependentsWithoutFailingTheRun() {
    try (Repository repo = ToyRepo.create(dir.resolve("repo"), 2, 3, Map.of("1,2", "unusable"))) {
      PipetaskOptions options = ToyRepo.options("u/me/u");
      Pipetask.Plan plan = Pipetask.plan(repo, ToyRepo.pipeline("toy"), options, ToyRepo.CLOCK);
      ExecutionReport report = Pipetask.run(repo, plan, options, null).report();
      assertTrue(report.ok(), "unprocessable data are not a failure");
      assertEquals(0, report.count(QuantumOutcome.Status.FAILED));
      assertEquals(1, report.count(QuantumOutcome.Status.SKIPPED), "upper (1,2); count visit 1 gathers the other 2");
      assertEquals(1, report.problems().size());
      QuantumOutcome first = report.problems().get(0);
      assertEquals("upper", first.task());
      assertEquals("org.labelfree.pipeline.task.UnprocessableDataException", first.exception());
      assertTrue(first.message().startsWith("unprocessable data: text 'unusable' is unusable"), first.message());
      JsonNode meta = repo.butler().get(repo.butler().find("upper_metadata", ToyRepo.dataId(1, 2),
          List.of(plan.run())).orElseThrow(), JsonNode.class);
      assertEquals("unprocessable", meta.get("status").asText());
      assertEquals(0, repo.registry().queryDatasets(Set.of("upper_failure"), List.of(plan.run()),
          SqlPredicate.all()).size());
    }
  }

  @Test
  void aBugFailsTheRunNamingTaskAndDataId() {
    try (Repository repo = ToyRepo.create(dir.resolve("repo"), 1, 2, Map.of("1,2", "bug"))) {
      PipetaskOptions options = ToyRepo.options("u/me/b");
      Pipetask.Plan plan = Pipetask.plan(repo, ToyRepo.pipeline("toy"), options, ToyRepo.CLOCK);
      PipetaskException e = assertThrows(PipetaskException.class, () -> Pipetask.run(repo, plan, options, null));
      assertTrue(e.getMessage().contains("bug in task upper"), e.getMessage());
      assertTrue(e.getMessage().contains("detector: 2"), e.getMessage());
      assertTrue(e.getMessage().contains("IllegalStateException"), e.getMessage());
    }
  }

  @Test
  void classifiesExceptions() {
    assertTrue(QuantumExecutor.isDataError(new org.labelfree.pipeline.task.AlgorithmException("x", Map.of())));
    assertTrue(QuantumExecutor.isDataError(new org.labelfree.pipeline.repo.DatastoreException("x")));
    assertTrue(QuantumExecutor.isDataError(new java.io.UncheckedIOException(new java.io.IOException("x"))));
    assertEquals(false, QuantumExecutor.isDataError(new NullPointerException()));
    assertEquals(false, QuantumExecutor.isDataError(new IllegalArgumentException("x")));
  }
}
