package org.labelfree.pipeline.beam;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.labelfree.pipeline.graph.ConfigOverride;
import org.labelfree.pipeline.graph.PipelineDefinition;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Repository;

/** A repository with {@code raw_text} for visits x detectors of instrument Toy in run {@code raw}. */
final class ToyRepo {
  static final DatasetType RAW = new DatasetType("raw_text",
      Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR), ToyTasks.TEXT);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

  private ToyRepo() {}

  /** Creates the repository; the text of (visit, detector) is {@code v<visit>d<detector>}, or "bad..." where listed. */
  static Repository create(Path root, int visits, int detectors, Set<String> bad) {
    Map<String, String> special = new java.util.HashMap<>();
    bad.forEach(k -> special.put(k, "bad" + k.replace(",", "")));
    return create(root, visits, detectors, special);
  }

  /** Creates the repository; the text of (visit, detector) is {@code v<visit>d<detector>} or {@code special}'s. */
  static Repository create(Path root, int visits, int detectors, Map<String, String> special) {
    Repository repo = Repository.create(root);
    repo.registry().registerDatasetType(RAW);
    for (int v = 1; v <= visits; v++) {
      for (int d = 1; d <= detectors; d++) {
        String text = special.getOrDefault(v + "," + d, "v" + v + "d" + d);
        repo.butler().put(text, RAW, dataId(v, d), "raw");
      }
    }
    return repo;
  }

  static DataId dataId(int visit, int detector) {
    return DataId.of(Map.of("instrument", "Toy", "visit", visit, "detector", detector));
  }

  static TaskGraph pipeline(String location, String... overrides) {
    ClassLoader loader = ToyRepo.class.getClassLoader();
    return TaskGraph.build(PipelineDefinition.load(location, loader, "pipelines/"),
        java.util.Arrays.stream(overrides).map(ConfigOverride::parse).toList(), loader);
  }

  static PipetaskOptions options(String output) {
    return PipetaskOptions.of(List.of("raw"), output, null);
  }
}
