package org.labelfree.pipeline.beam;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.labelfree.pipeline.graph.Quantum;
import org.labelfree.pipeline.graph.QuantumGraph;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.graph.TaskNode;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Registry;
import org.labelfree.pipeline.repo.Repository;

/**
 * The Beam adapter on Beam's own test harness: {@link TestPipeline} (a JUnit 4 rule, run here by the JUnit vintage
 * engine) with strict {@link PAssert}s on the exact outcome of every quantum of the toy pipeline (3 visits x 4
 * detectors: 12 upper, 3 count, 1 total; quantum indices 0-11, 12-14 and 15), then checks of what the run left in
 * the repository.
 */
@RunWith(JUnit4.class)
public class QuantumPipelineTest {
  private static final String FAILED_TEXT = "org.labelfree.pipeline.task.AlgorithmException";

  @Rule
  public final transient TestPipeline p = TestPipeline.create();

  @Rule
  public final transient TemporaryFolder tmp = new TemporaryFolder();

  private transient Repository repo;
  private transient Pipetask.Plan plan;

  @After
  public void closeRepository() {
    if (repo != null) {
      repo.close();
    }
  }

  /** Creates the toy repository, plans, and prepares the repository as {@link Pipetask#run} does. */
  private Execution prepare(Set<String> bad) throws IOException {
    repo = ToyRepo.create(tmp.newFolder("repo").toPath(), 3, 4, bad);
    TaskGraph tasks = ToyRepo.pipeline("toy");
    plan = Pipetask.plan(repo, tasks, ToyRepo.options("u/me/toy"), ToyRepo.CLOCK);
    Registry registry = repo.registry();
    for (TaskNode n : tasks.tasks()) {
      QuantumExecutor.written(n).forEach(registry::registerDatasetType);
      registry.registerDatasetType(n.configDatasetType());
    }
    registry.registerDatasetType(ExecutionReport.DATASET_TYPE);
    registry.registerCollection(plan.run(), CollectionType.RUN, null);
    registry.setChain(plan.output(), plan.chainMembers());
    return new Execution(repo.root().toAbsolutePath().toString(), plan.graph(), Map.of("labelfree", "test"));
  }

  private static QuantumOutcome succeeded(Quantum q) {
    return new QuantumOutcome(q.index(), q.task(), q.dataId().toString(), QuantumOutcome.Status.SUCCEEDED, "", "");
  }

  private static List<QuantumOutcome> allSucceeded(QuantumGraph g) {
    List<QuantumOutcome> out = new ArrayList<>();
    g.quanta().forEach(q -> out.add(succeeded(q)));
    return out;
  }

  private ExecutionReport storedReport() {
    DatasetRef ref = repo.butler().find("pipetask_report", DataId.empty(), List.of(plan.run())).orElseThrow();
    return ExecutionReport.fromJson(repo.butler().get(ref, JsonNode.class));
  }

  private boolean exists(String datasetType, DataId dataId) {
    return repo.butler().find(datasetType, dataId, List.of(plan.run())).isPresent();
  }

  private int countIn(String... datasetTypes) {
    return repo.registry().queryDatasets(Set.of(datasetTypes), List.of(plan.run()), SqlPredicate.all()).size();
  }

  private Object text(String datasetType, DataId dataId) {
    return repo.butler().get(repo.butler().find(datasetType, dataId, List.of(plan.run())).orElseThrow());
  }

  private JsonNode metadata(String task, DataId dataId) {
    return repo.butler().get(repo.butler().find(task + "_metadata", dataId, List.of(plan.run())).orElseThrow(),
        JsonNode.class);
  }

  private static DataId visit(int v) {
    return DataId.of(Map.of("instrument", "Toy", "visit", v));
  }

  @Test
  public void everyQuantumSucceedsOnGoodInput() throws IOException {
    Execution execution = prepare(Set.of());
    QuantumGraph graph = plan.graph();
    assertEquals(16, graph.size());
    PCollection<QuantumOutcome> outcomes = QuantumPipeline.expand(p, execution, graph);
    List<QuantumOutcome> expected = allSucceeded(graph);
    PAssert.that(outcomes).containsInAnyOrder(expected);

    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());

    assertEquals(12, countIn("upper_text"));
    assertEquals(3, countIn("visit_text"));
    assertEquals(16, countIn("upper_metadata", "count_metadata", "total_metadata"));
    assertEquals(0, countIn("upper_failure", "count_failure", "total_failure"));
    Object total = repo.butler().get(repo.butler().find("total_text", DataId.of(Map.of("instrument", "Toy")),
        List.of(plan.run())).orElseThrow());
    assertEquals("4:V1D1|V1D2|V1D3|V1D4\n4:V2D1|V2D2|V2D3|V2D4\n4:V3D1|V3D2|V3D3|V3D4", total);
    ExecutionReport report = storedReport();
    assertEquals(ExecutionReport.of(plan.run(), graph.tasks().labels(), expected), report);
    assertTrue(report.ok());
    assertEquals(16, report.total());
  }

  @Test
  public void aBadInputFailsOnlyItsQuantumAndTheGatherOfItsVisitRunsWithoutIt() throws IOException {
    Execution execution = prepare(Set.of("2,3"));
    QuantumGraph graph = plan.graph();
    Quantum bad = graph.quantum(6);
    assertEquals(ToyRepo.dataId(2, 3), bad.dataId());
    Quantum count2 = graph.quantum(13);
    assertEquals(visit(2), count2.dataId());
    Quantum total = graph.quantum(15);
    assertEquals("total", total.task());

    List<QuantumOutcome> expected = allSucceeded(graph);
    expected.set(6, new QuantumOutcome(6, "upper", "{instrument: 'Toy', visit: 2, detector: 3}",
        QuantumOutcome.Status.FAILED, FAILED_TEXT, "text 'bad23' is bad"));
    PCollection<QuantumOutcome> outcomes = QuantumPipeline.expand(p, execution, graph);
    PAssert.that(outcomes).containsInAnyOrder(expected);

    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());

    for (Quantum q : graph.quanta()) {
      if (q.task().equals("upper")) {
        assertEquals(q.describe(), q.index() != 6, exists("upper_text", q.dataId()));
        assertEquals(q.describe(), q.index() != 6, exists("upper_metadata", q.dataId()));
      }
    }
    assertEquals(3, countIn("visit_text"));
    assertEquals(11, countIn("upper_text"));
    /* The gather of visit 2 saw detectors 1, 2, 4 in graph order; the total saw all three visits. */
    assertEquals("4:V1D1|V1D2|V1D3|V1D4\n3:V2D1|V2D2|V2D4\n4:V3D1|V3D2|V3D3|V3D4", text("total_text",
        DataId.of(Map.of("instrument", "Toy"))));
    JsonNode meta = metadata("count", visit(2));
    assertEquals(3, meta.get("input_counts").get("upper_text").asInt());
    assertEquals("{\"upper_text\":[\"{instrument: 'Toy', visit: 2, detector: 3}\"]}",
        meta.get("missing_inputs").toString());
    assertFalse(metadata("count", visit(1)).has("missing_inputs"));

    List<DatasetRef> failures = repo.registry().queryDatasets(Set.of("upper_failure", "count_failure",
        "total_failure"), List.of(plan.run()), SqlPredicate.all());
    assertEquals(1, failures.size());
    assertEquals(bad.dataId(), failures.get(0).dataId());
    JsonNode failure = repo.butler().get(failures.get(0), JsonNode.class);
    assertEquals("upper", failure.get("task").asText());
    assertEquals(FAILED_TEXT, failure.get("exception").asText());
    assertEquals("text 'bad23' is bad", failure.get("message").asText());
    assertEquals(6, failure.get("quantum").asInt());
    assertEquals("test", failure.get("versions").get("labelfree").asText());

    ExecutionReport report = storedReport();
    assertEquals(ExecutionReport.of(plan.run(), graph.tasks().labels(), expected), report);
    assertEquals(List.of(expected.get(6)), report.problems());
    assertEquals(Integer.valueOf(11), report.counts().get("upper").get(QuantumOutcome.Status.SUCCEEDED));
    assertEquals(Integer.valueOf(1), report.counts().get("upper").get(QuantumOutcome.Status.FAILED));
    assertEquals(Integer.valueOf(3), report.counts().get("count").get(QuantumOutcome.Status.SUCCEEDED));
    assertEquals(Integer.valueOf(1), report.counts().get("total").get(QuantumOutcome.Status.SUCCEEDED));
    assertFalse(report.ok());
  }

  @Test
  public void aVisitWithEveryDetectorBadSkipsItsGatherAndTheTotalRunsWithoutIt() throws IOException {
    Execution execution = prepare(Set.of("2,1", "2,2", "2,3", "2,4"));
    QuantumGraph graph = plan.graph();
    List<QuantumOutcome> expected = allSucceeded(graph);
    List<String> missing = new ArrayList<>();
    for (int i = 4; i <= 7; i++) {
      int d = i - 3;
      expected.set(i, new QuantumOutcome(i, "upper", "{instrument: 'Toy', visit: 2, detector: " + d + "}",
          QuantumOutcome.Status.FAILED, FAILED_TEXT, "text 'bad2" + d + "' is bad"));
      missing.add("{instrument: 'Toy', visit: 2, detector: " + d + "} (upstream quantum " + i + " upper failed)");
    }
    expected.set(13, new QuantumOutcome(13, "count", "{instrument: 'Toy', visit: 2}", QuantumOutcome.Status.SKIPPED,
        "", "input upper_text: 0 of 4 datasets available, at least 1 needed; missing " + String.join(", ", missing)));
    PCollection<QuantumOutcome> outcomes = QuantumPipeline.expand(p, execution, graph);
    PAssert.that(outcomes).containsInAnyOrder(expected);

    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());

    assertFalse(exists("visit_text", visit(2)));
    assertFalse(exists("count_metadata", visit(2)));
    assertEquals("4:V1D1|V1D2|V1D3|V1D4\n4:V3D1|V3D2|V3D3|V3D4", text("total_text",
        DataId.of(Map.of("instrument", "Toy"))));
    JsonNode meta = metadata("total", DataId.of(Map.of("instrument", "Toy")));
    assertEquals(2, meta.get("input_counts").get("visit_text").asInt());
    assertEquals("{\"visit_text\":[\"{instrument: 'Toy', visit: 2}\"]}", meta.get("missing_inputs").toString());
    ExecutionReport report = storedReport();
    assertEquals(ExecutionReport.of(plan.run(), graph.tasks().labels(), expected), report);
    assertEquals(Integer.valueOf(1), report.counts().get("count").get(QuantumOutcome.Status.SKIPPED));
  }

  @Test(expected = IllegalArgumentException.class)
  public void anEmptyGraphIsRefused() throws IOException {
    Execution execution = prepare(Set.of());
    QuantumGraph empty = Pipetask.plan(repo, ToyRepo.pipeline("toy"),
        ToyRepo.options("u/me/none").withWhere("visit = 99"), ToyRepo.CLOCK).graph();
    assertEquals(0, empty.size());
    try {
      QuantumPipeline.expand(p, execution, empty);
    } finally {
      p.enableAbandonedNodeEnforcement(false);
    }
  }
}
