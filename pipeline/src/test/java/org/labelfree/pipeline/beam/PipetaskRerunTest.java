package org.labelfree.pipeline.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.ConflictException;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Repository;

/** What a second {@code pipetask run} into the same {@code -o} does: a new run, a resume, or a refusal. */
class PipetaskRerunTest {
  private static final Clock LATER = Clock.fixed(Instant.parse("2026-11-21T11:30:05Z"), ZoneOffset.UTC);
  private static final DataId TOY = DataId.of(Map.of("instrument", "Toy"));

  @TempDir
  Path dir;

  private static Pipetask.Result run(Repository repo, TaskGraph tasks, PipetaskOptions options, Clock clock) {
    Pipetask.Plan plan = Pipetask.plan(repo, tasks, options, clock);
    return Pipetask.run(repo, plan, options, null);
  }

  /** Every registry row and every file (with size, checksum and modification time) of the repository. */
  private static String snapshot(Repository repo) throws IOException {
    Map<String, String> files = new TreeMap<>();
    Path root = repo.datastore().root();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        files.put(root.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + " "
            + RunnerIdentityTest.sha256(Files.readAllBytes(p)));
      }
    }
    return repo.registry().queryCollections() + "\n" + repo.registry().queryDatasetTypes() + "\n"
        + repo.registry().queryDatasets(List.of(), List.of(), SqlPredicate.all()) + "\n" + files;
  }

  @Test
  void aSecondRunGetsANewTimestampedRunAtTheHeadOfTheChain() {
    try (Repository repo = ToyRepo.create(dir.resolve("repo"), 2, 2, Set.of())) {
      TaskGraph tasks = ToyRepo.pipeline("toy");
      PipetaskOptions options = ToyRepo.options("u/me/toy");
      Pipetask.Result first = run(repo, tasks, options, ToyRepo.CLOCK);
      assertTrue(first.report().ok());
      String oldRun = first.plan().run();
      assertEquals("u/me/toy/20261121T100000Z", oldRun);

      TaskGraph changed = ToyRepo.pipeline("toy", "upper:suffix=?");
      Pipetask.Result second = run(repo, changed, options, LATER);
      assertTrue(second.report().ok(), second.report().toString());
      String newRun = second.plan().run();
      assertEquals("u/me/toy/20261121T113005Z", newRun);
      assertEquals(List.of(newRun, oldRun, "raw"), repo.registry().getCollection("u/me/toy").children());
      assertEquals(List.of(newRun, oldRun, "raw"), second.plan().chainMembers());
      assertEquals(7, second.report().count(QuantumOutcome.Status.SUCCEEDED), "nothing is skipped in a new run");

      List<String> chain = List.of("u/me/toy");
      assertEquals("2:V1D1?|V1D2?\n2:V2D1?|V2D2?",
          repo.butler().get(repo.butler().find("total_text", TOY, chain).orElseThrow()), "the new run wins");
      assertEquals("2:V1D1|V1D2\n2:V2D1|V2D2",
          repo.butler().get(repo.butler().find("total_text", TOY, List.of(oldRun)).orElseThrow()), "the old stays");
      assertEquals(4, repo.registry().queryDatasets(Set.of("upper_text"), List.of(oldRun), SqlPredicate.all()).size());
      assertEquals(4, repo.registry().queryDatasets(Set.of("upper_text"), List.of(newRun), SqlPredicate.all()).size());

      ConflictException same = assertThrows(ConflictException.class, () -> Pipetask.plan(repo, tasks, options,
          LATER));
      assertTrue(same.getMessage().contains(newRun), same.getMessage());
    }
  }

  @Test
  void extendRunWithSkipExistingAfterACompleteRunDoesNothing() throws IOException {
    try (Repository repo = ToyRepo.create(dir.resolve("repo"), 2, 3, Set.of())) {
      TaskGraph tasks = ToyRepo.pipeline("toy");
      Pipetask.Result first = run(repo, tasks, ToyRepo.options("u/me/toy"), ToyRepo.CLOCK);
      assertTrue(first.report().ok());
      String before = snapshot(repo);

      PipetaskOptions resume = ToyRepo.options("u/me/toy").withResume(true, true);
      Pipetask.Plan plan = Pipetask.plan(repo, tasks, resume, LATER);
      assertEquals(first.plan().run(), plan.run(), "--extend-run writes into the run heading the chain");
      assertEquals(List.of(first.plan().run(), "raw"), plan.chainMembers());
      assertEquals(0, plan.graph().size());
      assertEquals(Map.of("upper", 0, "count", 0, "total", 0), plan.graph().counts());
      assertEquals(Map.of("upper", 6, "count", 2, "total", 1), plan.graph().skippedExisting());

      Pipetask.Result again = Pipetask.run(repo, plan, resume, null);
      assertEquals(0, again.report().total());
      assertTrue(again.report().ok());
      assertEquals(before, snapshot(repo), "nothing new is written");
      DatasetRef report = repo.butler().find("pipetask_report", DataId.empty(), List.of(plan.run())).orElseThrow();
      assertEquals(first.report(), ExecutionReport.fromJson(repo.butler().get(report,
          com.fasterxml.jackson.databind.JsonNode.class)), "the first run's report is kept");
    }
  }

  @Test
  void extendRunWithAChangedConfigIsRefusedNamingTheTaskConfig() throws IOException {
    try (Repository repo = ToyRepo.create(dir.resolve("repo"), 2, 2, Set.of())) {
      Pipetask.Result first = run(repo, ToyRepo.pipeline("toy"), ToyRepo.options("u/me/toy"), ToyRepo.CLOCK);
      assertTrue(first.report().ok());
      String before = snapshot(repo);

      PipetaskOptions resume = ToyRepo.options("u/me/toy").withResume(false, true);
      ConflictException e = assertThrows(ConflictException.class,
          () -> run(repo, ToyRepo.pipeline("toy", "upper:suffix=?"), resume, LATER));
      for (String w : List.of("task upper", "upper_config", first.plan().run())) {
        assertTrue(e.getMessage().contains(w), "expected '" + w + "' in: " + e.getMessage());
      }
      assertEquals(before, snapshot(repo), "nothing is written");
      assertEquals("2:V1D1|V1D2\n2:V2D1|V2D2",
          repo.butler().get(repo.butler().find("total_text", TOY, List.of("u/me/toy")).orElseThrow()));
    }
  }
}
