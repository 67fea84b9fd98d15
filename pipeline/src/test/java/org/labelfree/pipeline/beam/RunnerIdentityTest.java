package org.labelfree.pipeline.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Repository;

/**
 * The same pipeline on DirectRunner and on FlinkRunner with an embedded Flink ({@code --flink-master [local]})
 * writes byte-identical datasets, a gather that runs without a failed detector's input included. {@code
 * <label>_metadata} holds wall-clock timings and is compared for its presence only.
 */
class RunnerIdentityTest {
  @TempDir
  Path dir;

  @Test
  void directAndEmbeddedFlinkWriteIdenticalBytes() throws Exception {
    Map<String, String> direct = runOn("DirectRunner", dir.resolve("direct"));
    Map<String, String> flink = runOn("FlinkRunner", dir.resolve("flink"));
    assertEquals(direct.keySet(), flink.keySet());
    int compared = 0;
    for (Map.Entry<String, String> e : direct.entrySet()) {
      if (!e.getKey().contains("_metadata/")) {
        assertEquals(e.getValue(), flink.get(e.getKey()), e.getKey());
        compared++;
      }
    }
    /* 11 upper + 3 count outputs (visit 3 gathers the 3 good detectors) + the total, 1 failure record, 3 configs,
       1 report. */
    assertEquals(20, compared, direct.keySet().toString());
  }

  private static Map<String, String> runOn(String runner, Path root) throws IOException {
    try (Repository repo = ToyRepo.create(root, 3, 4, Set.of("3,1"))) {
      TaskGraph tasks = ToyRepo.pipeline("toy");
      PipetaskOptions options = ToyRepo.options("u/me/same").withRunner(runner).withParallelism(2);
      Pipetask.Plan plan = Pipetask.plan(repo, tasks, options, ToyRepo.CLOCK);
      ExecutionReport report = Pipetask.run(repo, plan, options, null).report();
      assertEquals(1, report.count(QuantumOutcome.Status.FAILED), runner);
      assertEquals(1, report.problems().size(), runner);
      /* The gather of visit 3 runs without detector 1, in graph order, and its metadata names what it missed. */
      DataId visit3 = DataId.of(Map.of("instrument", "Toy", "visit", 3));
      assertEquals("3:V3D2|V3D3|V3D4", repo.butler().get(repo.butler().find("visit_text", visit3,
          List.of(plan.run())).orElseThrow()), runner);
      JsonNode meta = repo.butler().get(repo.butler().find("count_metadata", visit3, List.of(plan.run()))
          .orElseThrow(), JsonNode.class);
      assertEquals("[\"{instrument: 'Toy', visit: 3, detector: 1}\"]",
          meta.get("missing_inputs").get("upper_text").toString(), runner);
      return checksums(repo.datastore().root().resolve(plan.run()));
    }
  }

  /** Relative path (without the run) to SHA-256 of every file under a run's folder. */
  static Map<String, String> checksums(Path runFolder) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(runFolder)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.put(runFolder.relativize(p).toString(), sha256(Files.readAllBytes(p)));
      }
    }
    assertTrue(!out.isEmpty(), "no files under " + runFolder);
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
