package org.labelfree.pipeline.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Repository;

/**
 * A run killed with SIGKILL in the middle, then resumed with {@code --extend-run --skip-existing}, ends with the
 * same bytes as an uninterrupted run (outputs and configs; metadata holds timings and the report covers the last
 * execution only), every registered file intact and no stray file in the datastore.
 */
class KillResumeTest {
  private static final int VISITS = 3;
  private static final int DETECTORS = 8;
  private static final String SLEEP_MS = "150";

  @TempDir
  Path dir;

  static PipetaskOptions options() {
    return ToyRepo.options("u/me/kill").withParallelism(2);
  }

  @Test
  void killedRunResumesToIdenticalOutputs() throws Exception {
    /* Reference: uninterrupted, in this JVM. */
    Path reference = dir.resolve("reference");
    String referenceRun;
    Path referenceStore;
    try (Repository repo = ToyRepo.create(reference, VISITS, DETECTORS, Set.of())) {
      Pipetask.Plan plan = Pipetask.plan(repo, ToyRepo.pipeline("toy", "upper:sleep_ms=" + SLEEP_MS), options(),
          ToyRepo.CLOCK);
      assertTrue(Pipetask.run(repo, plan, options(), null).report().ok());
      referenceRun = plan.run();
      referenceStore = repo.datastore().root();
    }

    /* Killed: a child JVM, SIGKILLed once a few quanta are done. */
    Path killed = dir.resolve("killed");
    ToyRepo.create(killed, VISITS, DETECTORS, Set.of()).close();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ToyPipetaskMain.class.getName(), killed.toString(), SLEEP_MS)
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    int doneAtKill;
    try (Repository repo = Repository.open(killed)) {
      doneAtKill = waitForQuanta(repo, 5, child);
    }
    assertTrue(child.isAlive(), "the child finished before it could be killed; log:\n" + log());
    child.destroyForcibly();
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertTrue(doneAtKill < VISITS * DETECTORS, "killed after " + doneAtKill + " quanta");

    /* Resume in this JVM. */
    String resumedRun;
    Path killedStore;
    try (Repository repo = Repository.open(killed)) {
      PipetaskOptions resume = options().withResume(true, true);
      Pipetask.Plan plan = Pipetask.plan(repo, ToyRepo.pipeline("toy", "upper:sleep_ms=" + SLEEP_MS), resume,
          ToyRepo.CLOCK);
      assertTrue(plan.graph().size() < VISITS * DETECTORS + VISITS + 1, "nothing was skipped on resume");
      assertTrue(Pipetask.run(repo, plan, resume, null).report().ok());
      resumedRun = plan.run();
      assertEquals(referenceRun, resumedRun);
      /* Every registered file exists with its registered size and checksum. */
      for (DatasetRef ref : repo.registry().queryDatasets(List.of(), List.of(resumedRun), SqlPredicate.all())) {
        Path f = repo.datastore().resolve(ref.file().path());
        assertEquals(ref.file().sizeBytes(), Files.size(f), ref.describe());
        assertEquals(ref.file().sha256(), RunnerIdentityTest.sha256(Files.readAllBytes(f)), ref.describe());
      }
      assertNoStrayFiles(repo, resumedRun);
      killedStore = repo.datastore().root();
    }

    Map<String, String> expected = RunnerIdentityTest.checksums(referenceStore.resolve(referenceRun));
    Map<String, String> actual = RunnerIdentityTest.checksums(killedStore.resolve(resumedRun));
    assertEquals(expected.keySet(), actual.keySet());
    int compared = 0;
    for (Map.Entry<String, String> e : expected.entrySet()) {
      /* Metadata (timings) and the report (of the last execution only) describe executions, not results. */
      if (!e.getKey().contains("_metadata/") && !e.getKey().startsWith("pipetask_report/")) {
        assertEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
        compared++;
      }
    }
    /* 24 upper + 3 count + 1 total outputs, 3 configs. */
    assertEquals(31, compared);
  }

  private int waitForQuanta(Repository repo, int atLeast, Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && child.isAlive()) {
      try {
        int n = repo.registry().queryDatasets(Set.of("upper_metadata"), List.of(), SqlPredicate.all()).size();
        if (n >= atLeast) {
          return n;
        }
      } catch (RuntimeException e) {
        /* The child has not registered the dataset type yet. */
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the child did not get " + atLeast + " quanta done; log:\n" + log());
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("child.log"));
  }

  /** Every file under the run's folder is a registered dataset (no orphan, no temporary file). */
  private static void assertNoStrayFiles(Repository repo, String run) throws IOException {
    Set<String> registered = new HashSet<>();
    for (DatasetRef ref : repo.registry().queryDatasets(List.of(), List.of(run), SqlPredicate.all())) {
      registered.add(ref.file().path());
    }
    Path root = repo.datastore().root();
    try (Stream<Path> files = Files.walk(root.resolve(run))) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String rel = root.relativize(p).toString();
        assertTrue(registered.contains(rel), "stray file " + rel);
      }
    }
  }
}
