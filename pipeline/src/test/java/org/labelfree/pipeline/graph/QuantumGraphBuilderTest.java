package org.labelfree.pipeline.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.beam.ExecutionReport;
import org.labelfree.pipeline.beam.Pipetask;
import org.labelfree.pipeline.beam.PipetaskOptions;
import org.labelfree.pipeline.beam.QuantumOutcome;
import org.labelfree.pipeline.beam.ToyTasks;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.DimensionRecord;
import org.labelfree.pipeline.repo.Repository;

class QuantumGraphBuilderTest {
  private static final ClassLoader LOADER = QuantumGraphBuilderTest.class.getClassLoader();
  private static final DatasetType RAW = new DatasetType("raw_text",
      Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR), ToyTasks.TEXT);
  private static final DatasetType UPPER = new DatasetType("upper_text", RAW.dimensions(), ToyTasks.TEXT);
  private static final String OUT = "u/me/out/run";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  /* ------------------------------------------------ fixtures ------------------------------------------------ */

  /** raw_text {@code v<visit>d<detector>} (or {@code bad<visit><detector>} where listed) in RUN {@code raw}. */
  private Repository toyRepo(int visits, int detectors, Set<String> bad) {
    Repository repo = Repository.create(dir.resolve("repo"));
    repo.registry().registerDatasetType(RAW);
    for (int v = 1; v <= visits; v++) {
      for (int d = 1; d <= detectors; d++) {
        repo.butler().put(bad.contains(v + "," + d) ? "bad" + v + d : "v" + v + "d" + d, RAW, dataId(v, d), "raw");
      }
    }
    return repo;
  }

  private static DataId dataId(int visit, int detector) {
    return DataId.of(Map.of("instrument", "Toy", "visit", visit, "detector", detector));
  }

  private static DataId visitId(int visit) {
    return DataId.of(Map.of("instrument", "Toy", "visit", visit));
  }

  private static TaskGraph toy() {
    return toy("toy");
  }

  private static TaskGraph toy(String location) {
    return TaskGraph.build(PipelineDefinition.load(location, LOADER, "pipelines/"), List.of(), LOADER);
  }

  private static QuantumGraph build(Repository repo, String where) {
    return QuantumGraphBuilder.build(toy(), repo.registry(),
        new QuantumGraphBuilder.Request(List.of("raw"), OUT, where, List.of()));
  }

  private static Map<String, Integer> counts(int upper, int count, int total) {
    return Map.of("upper", upper, "count", count, "total", total);
  }

  private static List<Quantum> of(QuantumGraph g, String task) {
    return g.quanta().stream().filter(q -> q.task().equals(task)).toList();
  }

  private static List<DataId> dataIds(List<DatasetRef> refs) {
    return refs.stream().map(DatasetRef::dataId).toList();
  }

  private static List<DataId> quantumIds(QuantumGraph g, String task) {
    return of(g, task).stream().map(Quantum::dataId).toList();
  }

  /* ------------------------------------------------- counts ------------------------------------------------- */

  @Test
  void oneQuantumPerTaskAndDataIdInTaskThenDataIdOrder() {
    try (Repository repo = toyRepo(3, 4, Set.of())) {
      QuantumGraph g = build(repo, "");
      assertEquals(counts(12, 3, 1), g.counts());
      assertEquals(List.of("upper", "count", "total"), List.copyOf(g.counts().keySet()));
      assertEquals(counts(0, 0, 0), g.skippedExisting());
      assertEquals(16, g.size());
      assertEquals(OUT, g.run());
      assertEquals(dataId(1, 1), g.quantum(0).dataId());
      assertEquals(dataId(1, 4), g.quantum(3).dataId());
      assertEquals(dataId(3, 4), g.quantum(11).dataId());
      assertEquals(List.of(visitId(1), visitId(2), visitId(3)), quantumIds(g, "count"));
      assertEquals(List.of(DataId.of(Map.of("instrument", "Toy"))), quantumIds(g, "total"));
      for (Quantum q : g.quanta()) {
        assertEquals(q, g.quantum(q.index()));
        q.outputs().values().forEach(r -> {
          assertEquals(OUT, r.run());
          assertNull(r.file(), "outputs are predicted");
        });
      }
      Quantum u = g.quantum(6);
      assertEquals(dataId(2, 3), u.dataId());
      DatasetRef raw = u.inputs().get("raw_text").get(0);
      assertEquals("raw", raw.run());
      assertNotNull(raw.file(), "overall inputs exist");
      assertEquals(DatasetRef.of(UPPER, OUT, dataId(2, 3)).id(), u.outputs().get("upper_text").id());
    }
  }

  @Test
  void upstreamAndDownstreamIndicesFollowTheDatasets() {
    try (Repository repo = toyRepo(3, 4, Set.of())) {
      QuantumGraph g = build(repo, "");
      for (int i = 0; i < 12; i++) {
        assertEquals(List.of(), g.quantum(i).upstream(), "upper " + i);
        assertEquals(List.of(12 + i / 4), g.downstream(i), "upper " + i);
      }
      assertEquals(List.of(0, 1, 2, 3), g.quantum(12).upstream());
      assertEquals(List.of(4, 5, 6, 7), g.quantum(13).upstream());
      assertEquals(List.of(8, 9, 10, 11), g.quantum(14).upstream());
      assertEquals(List.of(12, 13, 14), g.quantum(15).upstream());
      assertEquals(List.of(15), g.downstream(13));
      assertEquals(List.of(), g.downstream(15));
    }
  }

  @Test
  void gathersAreSortedByDataIdNumerically() {
    try (Repository repo = toyRepo(2, 11, Set.of())) {
      QuantumGraph g = build(repo, "");
      List<DataId> want = new ArrayList<>();
      for (int d = 1; d <= 11; d++) {
        want.add(dataId(2, d));
      }
      Quantum count2 = of(g, "count").get(1);
      assertEquals(visitId(2), count2.dataId());
      assertEquals(want, dataIds(count2.inputs().get("upper_text")), "detector 10 after 9, not after 1");
      assertEquals(List.of(visitId(1), visitId(2)), dataIds(of(g, "total").get(0).inputs().get("visit_text")));
    }
  }

  /* ------------------------------------------------ -d filters ---------------------------------------------- */

  @Test
  void whereVisitKeepsOneVisit() {
    try (Repository repo = toyRepo(3, 4, Set.of())) {
      QuantumGraph g = build(repo, "visit = 2");
      assertEquals(counts(4, 1, 1), g.counts());
      assertEquals(List.of(dataId(2, 1), dataId(2, 2), dataId(2, 3), dataId(2, 4)), quantumIds(g, "upper"));
      assertEquals(List.of(visitId(2)), dataIds(of(g, "total").get(0).inputs().get("visit_text")));
      assertEquals("visit = 2", g.where());
    }
  }

  @Test
  void whereRangeAndInequality() {
    try (Repository repo = toyRepo(3, 4, Set.of())) {
      QuantumGraph g = build(repo, "visit IN (1..2) AND detector != 3");
      assertEquals(counts(6, 2, 1), g.counts());
      assertEquals(List.of(dataId(1, 1), dataId(1, 2), dataId(1, 4), dataId(2, 1), dataId(2, 2), dataId(2, 4)),
          quantumIds(g, "upper"));
      assertEquals(List.of(dataId(2, 1), dataId(2, 2), dataId(2, 4)),
          dataIds(of(g, "count").get(1).inputs().get("upper_text")));
      assertEquals(List.of(visitId(1), visitId(2)), dataIds(of(g, "total").get(0).inputs().get("visit_text")));
    }
  }

  @Test
  void whereDetectorKeepsTheVisitLevelGathers() {
    try (Repository repo = toyRepo(3, 4, Set.of())) {
      QuantumGraph g = build(repo, "detector = 3");
      assertEquals(counts(3, 3, 1), g.counts());
      List<Quantum> counts = of(g, "count");
      for (int v = 1; v <= 3; v++) {
        assertEquals(visitId(v), counts.get(v - 1).dataId());
        assertEquals(List.of(dataId(v, 3)), dataIds(counts.get(v - 1).inputs().get("upper_text")),
            "count of visit " + v + " gathers only detector 3");
      }
    }
  }

  @Test
  void whereBandUsesTheVisitRecords() {
    try (Repository repo = Repository.create(dir.resolve("repo"))) {
      repo.registry().insertDimensionRecords(List.of(new DimensionRecord.Instrument("Toy")));
      String[] bands = {"g", "r", "g"};
      List<DimensionRecord> visits = new ArrayList<>();
      for (int v = 1; v <= 3; v++) {
        visits.add(new DimensionRecord.Visit("Toy", v, bands[v - 1], "TOY-" + bands[v - 1], 60000.0 + v, 30.0, null));
      }
      repo.registry().insertDimensionRecords(visits);
      repo.registry().registerDatasetType(RAW);
      for (int v = 1; v <= 3; v++) {
        for (int d = 1; d <= 2; d++) {
          repo.butler().put("v" + v + "d" + d, RAW, dataId(v, d), "raw");
        }
      }
      QuantumGraph g = build(repo, "band = 'g'");
      assertEquals(counts(4, 2, 1), g.counts());
      assertEquals(List.of(dataId(1, 1), dataId(1, 2), dataId(3, 1), dataId(3, 2)), quantumIds(g, "upper"));
      assertEquals(List.of(visitId(1), visitId(3)), quantumIds(g, "count"));
      assertEquals(List.of(visitId(1), visitId(3)), dataIds(of(g, "total").get(0).inputs().get("visit_text")));
      assertEquals(counts(2, 1, 1), build(repo, "band = 'r'").counts());
      assertEquals(counts(0, 0, 0), build(repo, "band = 'i'").counts());
    }
  }

  /* ----------------------------------------------- collections ---------------------------------------------- */

  @Test
  void theFirstCollectionOfAChainWins() {
    try (Repository repo = toyRepo(2, 2, Set.of())) {
      repo.butler().put("newer", RAW, dataId(1, 1), "raw_new");
      repo.registry().setChain("inputs", List.of("raw_new", "raw"));
      repo.registry().setChain("inputs_old_first", List.of("raw", "raw_new"));
      TaskGraph tasks = toy();
      QuantumGraph g = QuantumGraphBuilder.build(tasks, repo.registry(),
          new QuantumGraphBuilder.Request(List.of("inputs"), OUT, "", List.of()));
      assertEquals(counts(4, 2, 1), g.counts());
      assertEquals("raw_new", g.quantum(0).inputs().get("raw_text").get(0).run());
      assertEquals(DatasetRef.of(RAW, "raw_new", dataId(1, 1)).id(), g.quantum(0).inputs().get("raw_text").get(0).id());
      assertEquals("raw", g.quantum(1).inputs().get("raw_text").get(0).run(), "only in raw: found there");
      assertEquals(List.of("inputs"), g.inputCollections());

      QuantumGraph old = QuantumGraphBuilder.build(tasks, repo.registry(),
          new QuantumGraphBuilder.Request(List.of("inputs_old_first"), OUT, "", List.of()));
      assertEquals("raw", old.quantum(0).inputs().get("raw_text").get(0).run());
      QuantumGraph flat = QuantumGraphBuilder.build(tasks, repo.registry(),
          new QuantumGraphBuilder.Request(List.of("raw_new", "raw"), OUT, "", List.of()));
      assertEquals("raw_new", flat.quantum(0).inputs().get("raw_text").get(0).run());
    }
  }

  @Test
  void aDatasetTypeThePipelineProducesIsNotTakenFromTheInputs() {
    try (Repository repo = toyRepo(2, 2, Set.of())) {
      repo.registry().registerDatasetType(UPPER);
      repo.butler().put("STALE", UPPER, dataId(1, 1), "raw");
      repo.butler().put("STALE", UPPER, dataId(1, 2), "raw");
      assertEquals(2, repo.registry().queryDatasets(Set.of("upper_text"), List.of("raw"),
          org.labelfree.pipeline.query.SqlPredicate.all()).size());
      QuantumGraph g = build(repo, "");
      assertEquals(counts(4, 2, 1), g.counts(), "upper still runs where upper_text exists in the inputs");
      Quantum count1 = of(g, "count").get(0);
      for (DatasetRef r : count1.inputs().get("upper_text")) {
        assertEquals(OUT, r.run(), r.describe());
        assertNull(r.file(), r.describe());
      }
      assertEquals(List.of(0, 1), count1.upstream());
    }
  }

  /* ---------------------------------------------- skip-existing --------------------------------------------- */

  @Test
  void skipExistingLeavesOutFinishedQuantaAndUsesTheirOutputs() {
    try (Repository repo = toyRepo(3, 4, Set.of("2,3"))) {
      /* Only upper has run (subset "first"), with one failure: no gather has run yet. */
      PipetaskOptions options = PipetaskOptions.of(List.of("raw"), "u/me/toy", null);
      Pipetask.Plan plan = Pipetask.plan(repo, toy("toy#first"), options, CLOCK);
      ExecutionReport report = Pipetask.run(repo, plan, options, null).report();
      assertEquals(1, report.count(QuantumOutcome.Status.FAILED));
      String run = plan.run();

      QuantumGraph g = QuantumGraphBuilder.build(toy(), repo.registry(),
          new QuantumGraphBuilder.Request(List.of("raw"), run, "", List.of(run)));
      assertEquals(counts(1, 3, 1), g.counts());
      assertEquals(counts(11, 0, 0), g.skippedExisting());
      Quantum upper = g.quantum(0);
      assertEquals(dataId(2, 3), upper.dataId());

      Quantum count = of(g, "count").get(1);
      assertEquals(visitId(2), count.dataId());
      List<DatasetRef> gathered = count.inputs().get("upper_text");
      assertEquals(List.of(dataId(2, 1), dataId(2, 2), dataId(2, 3), dataId(2, 4)), dataIds(gathered));
      for (DatasetRef r : gathered) {
        assertEquals(run, r.run());
        if (r.dataId().equals(dataId(2, 3))) {
          assertNull(r.file(), "predicted by quantum 0");
        } else {
          assertNotNull(r.file(), "existing " + r.describe());
          assertEquals(repo.butler().find("upper_text", r.dataId(), List.of(run)).orElseThrow(), r);
        }
      }
      assertEquals(List.of(0), count.upstream(), "only the quantum that is re-run is upstream");
      assertEquals(List.of(), of(g, "count").get(0).upstream(), "visit 1's upper_text all exist");

      Quantum total = of(g, "total").get(0);
      List<DatasetRef> visits = total.inputs().get("visit_text");
      assertEquals(List.of(visitId(1), visitId(2), visitId(3)), dataIds(visits));
      visits.forEach(v -> assertNull(v.file(), v.describe()));
      assertEquals(List.of(1, 2, 3), total.upstream());

      QuantumGraph again = QuantumGraphBuilder.build(toy(), repo.registry(),
          new QuantumGraphBuilder.Request(List.of("raw"), run, "visit != 2", List.of(run)));
      assertEquals(counts(0, 2, 1), again.counts(), "no gather has succeeded, so none is skipped");
      assertEquals(counts(8, 0, 0), again.skippedExisting());

      /* Running that graph: upper (2,3) fails again, the gather of visit 2 runs with the other 3 and is finished;
         a further resume re-runs only the failed detector. */
      ExecutionReport second = Pipetask.run(repo, new Pipetask.Plan(g, run, null, List.of()), options, null)
          .report();
      assertEquals(1, second.count(QuantumOutcome.Status.FAILED));
      assertEquals(4, second.count(QuantumOutcome.Status.SUCCEEDED));
      QuantumGraph third = QuantumGraphBuilder.build(toy(), repo.registry(),
          new QuantumGraphBuilder.Request(List.of("raw"), run, "", List.of(run)));
      assertEquals(counts(1, 0, 0), third.counts());
      assertEquals(counts(11, 3, 1), third.skippedExisting());
    }
  }

  @Test
  void skipExistingDoesNotBypassTheWhereExpression() {
    try (Repository repo = toyRepo(3, 2, Set.of("2,2"))) {
      /* upper and count run (subset "no_total"); the gather of visit 2 runs without detector 2. */
      PipetaskOptions options = PipetaskOptions.of(List.of("raw"), "u/me/toy", null);
      Pipetask.Plan plan = Pipetask.plan(repo, toy("toy#no_total"), options, CLOCK);
      assertEquals(1, Pipetask.run(repo, plan, options, null).report().count(QuantumOutcome.Status.FAILED));
      QuantumGraph resumed = QuantumGraphBuilder.build(toy(), repo.registry(),
          new QuantumGraphBuilder.Request(List.of("raw"), plan.run(), "visit != 1", List.of(plan.run())));
      QuantumGraph fresh = QuantumGraphBuilder.build(toy(), repo.registry(),
          new QuantumGraphBuilder.Request(List.of("raw"), "u/me/other", "visit != 1", List.of()));
      assertEquals(List.of(visitId(2), visitId(3)), dataIds(of(fresh, "total").get(0).inputs().get("visit_text")));
      assertEquals(List.of(visitId(2), visitId(3)), dataIds(of(resumed, "total").get(0).inputs().get("visit_text")),
          "the existing visit_text of visit 1 is excluded by -d as in a fresh graph");
      assertEquals(counts(1, 0, 1), resumed.counts());
      assertEquals(counts(3, 2, 0), resumed.skippedExisting());
    }
  }

  /* ------------------------------------------------- errors ------------------------------------------------- */

  @Test
  void aTaskWhoseDimensionsNoInputGivesIsRefusedByName() {
    try (Repository repo = toyRepo(2, 2, Set.of())) {
      String yaml = "description: spread needs detectors no input gives\n"
          + "tasks:\n"
          + "  upper: org.labelfree.pipeline.beam.ToyTasks$UpperTask\n"
          + "  count: org.labelfree.pipeline.beam.ToyTasks$CountTask\n"
          + "  spread: org.labelfree.pipeline.graph.GraphTestTasks$SpreadVisitTask\n";
      TaskGraph tasks = TaskGraph.build(PipelineDefinition.parse(yaml, "spread.yaml"), List.of(), LOADER);
      QuantumGraphException e = assertThrows(QuantumGraphException.class, () -> QuantumGraphBuilder.build(tasks,
          repo.registry(), new QuantumGraphBuilder.Request(List.of("raw"), OUT, "", List.of())));
      assertTrue(e.getMessage().contains("'spread'"), e.getMessage());
      assertTrue(e.getMessage().contains("detector"), e.getMessage());
    }
  }

  /* -------------------------------------------------- JSON -------------------------------------------------- */

  @Test
  void jsonRoundTripGivesIdenticalText() {
    try (Repository repo = toyRepo(3, 4, Set.of())) {
      QuantumGraph g = QuantumGraphBuilder.build(
          TaskGraph.build(PipelineDefinition.load("toy", LOADER, "pipelines/"),
              List.of(ConfigOverride.parse("upper:suffix=!")), LOADER),
          repo.registry(), new QuantumGraphBuilder.Request(List.of("raw"), OUT, "detector != 2", List.of()));
      String json = g.toJson();
      QuantumGraph back = QuantumGraph.fromJson(json, "saved.json", LOADER);
      assertEquals(json, back.toJson());
      assertEquals(g.counts(), back.counts());
      assertEquals(g.quanta(), back.quanta());
      assertEquals("!", back.tasks().task("upper").configMap().get("suffix"));
      assertEquals(json, g.toJson(), "deterministic");
    }
  }

  @Test
  void fromJsonRejectsAnExistingInputWithoutItsFile() throws Exception {
    try (Repository repo = toyRepo(1, 1, Set.of())) {
      com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.node.ObjectNode root =
          (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(build(repo, "").toJson());
      com.fasterxml.jackson.databind.node.ObjectNode raw = (com.fasterxml.jackson.databind.node.ObjectNode)
          root.get("quanta").get(0).get("inputs").get("raw_text").get(0);
      assertTrue(raw.get("exists").asBoolean());
      raw.remove("file");
      QuantumGraphException e = assertThrows(QuantumGraphException.class,
          () -> QuantumGraph.fromJson(mapper.writeValueAsString(root), "edited.json", LOADER));
      assertTrue(e.getMessage().startsWith("edited.json: "), e.getMessage());
      assertTrue(e.getMessage().contains("raw_text"), e.getMessage());
    }
  }

  @Test
  void fromJsonRejectsMalformedJsonNamingTheSource() {
    QuantumGraphException e = assertThrows(QuantumGraphException.class,
        () -> QuantumGraph.fromJson("{\"format\": \"labelfree-quantum-graph\", ", "saved.json", LOADER));
    assertTrue(e.getMessage().contains("saved.json"), e.getMessage());
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
  }

  @Test
  void fromJsonRejectsAnotherFormat() {
    QuantumGraphException e = assertThrows(QuantumGraphException.class,
        () -> QuantumGraph.fromJson("{\"format\": \"labelfree-report\", \"version\": 1}", "other.json", LOADER));
    assertTrue(e.getMessage().contains("other.json"), e.getMessage());
    assertTrue(e.getMessage().contains(QuantumGraph.FORMAT), e.getMessage());
  }

  @Test
  void fromJsonRejectsAnotherVersion() {
    QuantumGraphException e = assertThrows(QuantumGraphException.class,
        () -> QuantumGraph.fromJson("{\"format\": \"labelfree-quantum-graph\", \"version\": 2}", "v2.json", LOADER));
    assertTrue(e.getMessage().contains("v2.json"), e.getMessage());
    assertTrue(e.getMessage().contains("version 1"), e.getMessage());
  }

  @Test
  void fromJsonRejectsATruncatedGraphNamingTheSource() {
    QuantumGraphException e = assertThrows(QuantumGraphException.class,
        () -> QuantumGraph.fromJson("{\"format\": \"labelfree-quantum-graph\", \"version\": 1}", "cut.json", LOADER));
    assertTrue(e.getMessage().contains("cut.json"), e.getMessage());
  }

  @Test
  void theOutputRunNeedNotExistButTheInputsMust() {
    try (Repository repo = toyRepo(1, 1, Set.of())) {
      assertEquals(CollectionType.RUN, repo.registry().getCollection("raw").type());
      org.labelfree.pipeline.repo.NotFoundException e = assertThrows(
          org.labelfree.pipeline.repo.NotFoundException.class, () -> QuantumGraphBuilder.build(toy(),
              repo.registry(), new QuantumGraphBuilder.Request(List.of("nope"), OUT, "", List.of())));
      assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
  }
}
