package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.query.SqlPredicate;

/** Two independently opened repositories (as two processes would) writing one SQLite registry at once. */
class SharedRepositoryTest {
  @TempDir
  Path dir;

  @Test
  void twoOpenersWriteConcurrentlyWithoutLosingDatasets() throws Exception {
    Repository.create(dir).close();
    List<Repository> repos = List.of(Repository.open(dir), Repository.open(dir));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (Repository r : repos) {
        r.formatters().register("Text", new TestFormatters.Text());
        r.registry().registerDatasetType(RegistryTest.CALEXP);
      }
      List<Future<DatasetRef>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        Repository r = repos.get(w % 2);
        int worker = w;
        for (int i = 0; i < 10; i++) {
          int visit = i;
          futures.add(pool.submit(() -> r.butler().put("w" + worker + "v" + visit, RegistryTest.CALEXP,
              RegistryTest.id(visit, worker), "run")));
        }
      }
      for (Future<DatasetRef> f : futures) {
        f.get();
      }
      try (Repository check = Repository.open(dir)) {
        check.formatters().register("Text", new TestFormatters.Text());
        List<DatasetRef> all = check.registry().queryDatasets(List.of(), List.of("run"), SqlPredicate.all());
        assertEquals(40, all.size());
        for (DatasetRef ref : all) {
          assertEquals("w" + ref.dataId().getLong(Dimension.DETECTOR) + "v" + ref.dataId().getLong(Dimension.VISIT),
              check.butler().get(ref, true));
        }
      }
    } finally {
      pool.shutdownNow();
      for (Repository r : repos) {
        r.close();
      }
    }
  }
}
