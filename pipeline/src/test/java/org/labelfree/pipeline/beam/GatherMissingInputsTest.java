package org.labelfree.pipeline.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.graph.Quantum;
import org.labelfree.pipeline.graph.QuantumGraph;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Repository;

/**
 * Gen3's handling of inputs that upstream quanta did not produce, on the {@code gather} pipeline (one visit of 4
 * detectors: upper per detector; echo, a single input of upper; count, a gather of upper; quorum, a gather of upper
 * with minimum 3; shout, a single input of count; total, a gather of count): a gather runs with the datasets that
 * exist, in graph order, and records the missing ones; a connection left below its minimum (or a single input left
 * empty) skips its quantum and, in turn, that quantum's dependents. DirectRunner only: {@link RunnerIdentityTest}
 * checks that embedded Flink runs a gather with a failed detector to the same bytes.
 */
class GatherMissingInputsTest {
  private static final String OUT = "u/me/gather";

  @TempDir
  Path dir;

  /** One run of the gather pipeline. */
  private record Ran(Repository repo, Pipetask.Plan plan, ExecutionReport report) {
    QuantumGraph graph() {
      return plan.graph();
    }

    /** The quantum of a task on a data ID. */
    Quantum quantum(String task, DataId dataId) {
      for (Quantum q : graph().quanta()) {
        if (q.task().equals(task) && q.dataId().equals(dataId)) {
          return q;
        }
      }
      throw new AssertionError("no quantum " + task + " " + dataId);
    }

    Optional<Object> text(String datasetType, DataId dataId) {
      return repo.butler().find(datasetType, dataId, List.of(plan.run())).map(r -> repo.butler().get(r));
    }

    Optional<JsonNode> metadata(String task, DataId dataId) {
      return repo.butler().find(task + "_metadata", dataId, List.of(plan.run()))
          .map(r -> repo.butler().get(r, JsonNode.class));
    }

    /** The outcome of one quantum that did not succeed, from the report. */
    QuantumOutcome problem(String task, DataId dataId) {
      int index = quantum(task, dataId).index();
      return report.problems().stream().filter(o -> o.index() == index).findFirst()
          .orElseThrow(() -> new AssertionError(task + " " + dataId + " is not among " + report.problems()));
    }

    int count(String task, QuantumOutcome.Status status) {
      return report.counts().get(task).get(status);
    }
  }

  private Ran run(Path root, Map<String, String> special, String runner) {
    Repository repo = ToyRepo.create(root, 1, 4, special);
    PipetaskOptions options = ToyRepo.options(OUT).withRunner(runner).withParallelism(2);
    Pipetask.Plan plan = Pipetask.plan(repo, ToyRepo.pipeline("gather"), options, ToyRepo.CLOCK);
    return new Ran(repo, plan, Pipetask.run(repo, plan, options, null).report());
  }

  private static DataId visit1() {
    return DataId.of(Map.of("instrument", "Toy", "visit", 1));
  }

  private static DataId toy() {
    return DataId.of(Map.of("instrument", "Toy"));
  }

  @Test
  void aGatherRunsWithoutTheFailedDetectorAndItsDependentsRun() {
    Ran r = run(dir.resolve("repo"), Map.of("1,3", "bad13"), "DirectRunner");
    try (Repository repo = r.repo()) {
      assertEquals(Map.of("upper", 4, "echo", 4, "count", 1, "quorum", 1, "shout", 1, "total", 1),
          r.graph().counts());
      /* Only the bad detector fails; only its echo (a single input) is skipped. */
      assertEquals(1, r.report().count(QuantumOutcome.Status.FAILED));
      assertEquals(1, r.report().count(QuantumOutcome.Status.SKIPPED));
      assertEquals(12 - 2, r.report().count(QuantumOutcome.Status.SUCCEEDED));
      assertFalse(r.report().ok(), "a FAILED quantum still makes the run not ok (exit 5)");

      /* The gather saw exactly detectors 1, 2 and 4, in graph order. */
      assertEquals("3:V1D1|V1D2|V1D4", r.text("visit_text", visit1()).orElseThrow());
      assertEquals("3:V1D1|V1D2|V1D4", r.text("quorum_text", visit1()).orElseThrow(), "3 meets minimum 3");
      assertEquals("3:V1D1|V1D2|V1D4!", r.text("shout_text", visit1()).orElseThrow());
      assertEquals("3:V1D1|V1D2|V1D4", r.text("total_text", toy()).orElseThrow());

      JsonNode meta = r.metadata("count", visit1()).orElseThrow();
      assertEquals("succeeded", meta.get("status").asText());
      assertEquals(3, meta.get("input_counts").get("upper_text").asInt());
      assertEquals(1, meta.get("missing_inputs").size());
      assertEquals(List.of("{instrument: 'Toy', visit: 1, detector: 3}"),
          strings(meta.get("missing_inputs").get("upper_text")));
      JsonNode totalMeta = r.metadata("total", toy()).orElseThrow();
      assertEquals(1, totalMeta.get("input_counts").get("visit_text").asInt());
      assertFalse(totalMeta.has("missing_inputs"), "nothing was dropped from total");
    }
  }

  @Test
  void aSingleInputWhoseProducerFailedSkipsItsConsumer() {
    Ran r = run(dir.resolve("repo"), Map.of("1,3", "bad13"), "DirectRunner");
    try (Repository repo = r.repo()) {
      Quantum failed = r.quantum("upper", ToyRepo.dataId(1, 3));
      QuantumOutcome echo = r.problem("echo", ToyRepo.dataId(1, 3));
      assertEquals(QuantumOutcome.Status.SKIPPED, echo.status());
      assertEquals("", echo.exception());
      assertEquals("input upper_text: 0 of 1 datasets available, 1 needed; missing {instrument: 'Toy', visit: 1,"
          + " detector: 3} (upstream quantum " + failed.index() + " upper failed)", echo.message());
      assertTrue(r.metadata("echo", ToyRepo.dataId(1, 3)).isEmpty(), "a skipped quantum writes no metadata");
      assertEquals("echo V1D4", r.text("echo_text", ToyRepo.dataId(1, 4)).orElseThrow());
    }
  }

  @Test
  void aGatherWithNothingLeftIsSkippedAndSoAreItsDependents() {
    Ran r = run(dir.resolve("repo"), Map.of("1,1", "bad11", "1,2", "bad12", "1,3", "bad13", "1,4", "bad14"),
        "DirectRunner");
    try (Repository repo = r.repo()) {
      assertEquals(4, r.count("upper", QuantumOutcome.Status.FAILED));
      assertEquals(4, r.count("echo", QuantumOutcome.Status.SKIPPED));
      assertEquals(0, r.report().count(QuantumOutcome.Status.SUCCEEDED));
      assertEquals(8, r.report().count(QuantumOutcome.Status.SKIPPED), "4 echo, count, quorum, shout, total");

      QuantumOutcome count = r.problem("count", visit1());
      assertEquals(QuantumOutcome.Status.SKIPPED, count.status(), "not FAILED: nothing went wrong in count");
      List<String> missing = new ArrayList<>();
      for (int d = 1; d <= 4; d++) {
        missing.add("{instrument: 'Toy', visit: 1, detector: " + d + "} (upstream quantum "
            + r.quantum("upper", ToyRepo.dataId(1, d)).index() + " upper failed)");
      }
      assertEquals("input upper_text: 0 of 4 datasets available, at least 1 needed; missing "
          + String.join(", ", missing), count.message());
      assertTrue(r.metadata("count", visit1()).isEmpty());

      int countIndex = r.quantum("count", visit1()).index();
      String visitMissing = "missing {instrument: 'Toy', visit: 1} (upstream quantum " + countIndex
          + " count skipped)";
      assertEquals("input visit_text: 0 of 1 datasets available, 1 needed; " + visitMissing,
          r.problem("shout", visit1()).message());
      assertEquals("input visit_text: 0 of 1 datasets available, at least 1 needed; " + visitMissing,
          r.problem("total", toy()).message());
      assertTrue(r.text("total_text", toy()).isEmpty());
    }
  }

  @Test
  void noWorkIsMissingTooAndAMinimumAboveWhatIsLeftSkips() {
    Ran r = run(dir.resolve("repo"), Map.of("1,2", "empty12", "1,4", "bad14"), "DirectRunner");
    try (Repository repo = r.repo()) {
      assertEquals(1, r.count("upper", QuantumOutcome.Status.NO_WORK));
      assertEquals(1, r.count("upper", QuantumOutcome.Status.FAILED));
      assertEquals(2, r.count("echo", QuantumOutcome.Status.SKIPPED));

      /* count (minimum 1) runs with detectors 1 and 3. */
      assertEquals("2:V1D1|V1D3", r.text("visit_text", visit1()).orElseThrow());
      JsonNode meta = r.metadata("count", visit1()).orElseThrow();
      assertEquals(2, meta.get("input_counts").get("upper_text").asInt());
      assertEquals(List.of("{instrument: 'Toy', visit: 1, detector: 2}", "{instrument: 'Toy', visit: 1, detector: 4}"),
          strings(meta.get("missing_inputs").get("upper_text")));

      /* quorum (minimum 3) cannot. */
      QuantumOutcome quorum = r.problem("quorum", visit1());
      assertEquals(QuantumOutcome.Status.SKIPPED, quorum.status());
      assertEquals("input upper_text: 2 of 4 datasets available, at least 3 needed; missing {instrument: 'Toy',"
          + " visit: 1, detector: 2} (upstream quantum " + r.quantum("upper", ToyRepo.dataId(1, 2)).index()
          + " upper no work), {instrument: 'Toy', visit: 1, detector: 4} (upstream quantum "
          + r.quantum("upper", ToyRepo.dataId(1, 4)).index() + " upper failed)", quorum.message());
      assertTrue(r.text("quorum_text", visit1()).isEmpty());
      assertEquals("2:V1D1|V1D3!", r.text("shout_text", visit1()).orElseThrow());
    }
  }

  @Test
  void aGatherBelowItsMinimumIsNotEvenPlanned() {
    try (Repository repo = ToyRepo.create(dir.resolve("repo"), 1, 2, Set.of())) {
      Pipetask.Plan plan = Pipetask.plan(repo, ToyRepo.pipeline("gather"), ToyRepo.options(OUT), ToyRepo.CLOCK);
      assertEquals(Map.of("upper", 2, "echo", 2, "count", 1, "quorum", 0, "shout", 1, "total", 1),
          plan.graph().counts());
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
