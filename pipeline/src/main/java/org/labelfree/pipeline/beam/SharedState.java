package org.labelfree.pipeline.beam;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.labelfree.pipeline.graph.QuantumGraph;
import org.labelfree.pipeline.repo.Repository;

/**
 * Per-JVM state of the Beam workers: one open {@link Repository} per root and one parsed {@link QuantumGraph} per
 * graph digest, shared by all DoFn instances and reference-counted (DoFn {@code @Setup} acquires, {@code
 * @Teardown} releases). One SQLite connection per JVM avoids lock contention between the runner's threads; the
 * registry serialises its calls.
 */
final class SharedState {
  private static final Map<String, Entry> ENTRIES = new HashMap<>();

  /** What a DoFn holds while it lives. */
  record Handle(String key, Repository repository, QuantumGraph graph) {}

  private static final class Entry {
    final Repository repository;
    final QuantumGraph graph;
    int users;

    Entry(Repository repository, QuantumGraph graph) {
      this.repository = repository;
      this.graph = graph;
    }
  }

  private SharedState() {}

  static synchronized Handle acquire(Execution execution) {
    String key = execution.repositoryRoot() + "\u0000" + execution.graphDigest();
    Entry e = ENTRIES.get(key);
    if (e == null) {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = SharedState.class.getClassLoader();
      }
      QuantumGraph graph = QuantumGraph.fromJson(execution.graphJson(), "quantum graph " + execution.graphDigest(),
          loader);
      Repository repository = Repository.open(Path.of(execution.repositoryRoot()));
      e = new Entry(repository, graph);
      ENTRIES.put(key, e);
    }
    e.users++;
    return new Handle(key, e.repository, e.graph);
  }

  static synchronized void release(Handle handle) {
    if (handle == null) {
      return;
    }
    Entry e = ENTRIES.get(handle.key());
    if (e != null && --e.users <= 0) {
      ENTRIES.remove(handle.key());
      e.repository.close();
    }
  }
}
