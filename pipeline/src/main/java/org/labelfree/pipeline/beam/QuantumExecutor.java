package org.labelfree.pipeline.beam;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.labelfree.pipeline.Messages;
import org.labelfree.pipeline.graph.Quantum;
import org.labelfree.pipeline.graph.QuantumGraph;
import org.labelfree.pipeline.graph.TaskNode;
import org.labelfree.pipeline.repo.Butler;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.repo.RepositoryException;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.AlgorithmException;
import org.labelfree.pipeline.task.DataErrorRoots;
import org.labelfree.pipeline.task.NoWorkFoundException;
import org.labelfree.pipeline.task.TaskRunException;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.labelfree.pipeline.task.PipelineTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs single quanta against a repository: reads the inputs through the butler, calls the task's {@code run},
 * writes the outputs (idempotently: an identical existing output is kept, a different one is a conflict) and the
 * quantum's {@code <label>_metadata}. Exceptions are classified as STYLE.md's error table says:
 *
 * <ul>
 *   <li>{@link NoWorkFoundException}: NO_WORK, metadata written, no outputs, not a failure;</li>
 *   <li>{@link UnprocessableDataException}: SKIPPED with the reason (metadata status {@code unprocessable}); its
 *       dependents are skipped; not a failure;</li>
 *   <li>{@link org.labelfree.pipeline.task.AlgorithmException} (its metadata is kept), a {@link
 *       RepositoryException} (an input that cannot be read, an output that cannot be written), an {@link
 *       java.io.UncheckedIOException}, or an exception of a {@link DataErrorRoots} class (bad input files): FAILED,
 *       recorded as {@code <label>_failure} and in the run report;</li>
 *   <li>anything else is a bug: it propagates as a {@link QuantumBugException} naming the quantum, and the bundle
 *       (so the run) fails.</li>
 * </ul>
 *
 * <p>Before reading, the inputs are adjusted as Gen3's executor does: a dataset whose producing upstream quantum
 * did not succeed (FAILED, SKIPPED, NO_WORK), or that does not exist in the registry, is dropped. The quantum runs
 * with the remaining inputs, in graph order, when every connection keeps at least its {@link
 * Connection#requiredCount() required count} (a {@code multiple} input its {@code minimum}, default 1; a single
 * input its one dataset; an optional input nothing); its metadata then lists the dropped data IDs under {@code
 * missing_inputs}. Otherwise it is SKIPPED with a reason naming the connection and the missing data IDs, no
 * metadata is written, and its dependents are handled the same way in turn.
 *
 * <p>This is the one place where tasks are executed; the Beam stages of {@link QuantumPipeline} call it. Not
 * thread-safe (it caches one task instance per label): use one executor per thread. {@link #close} closes the
 * task instances that are {@link AutoCloseable} (a task holding a native model, say).
 */
public final class QuantumExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QuantumExecutor.class);
  private static final int MAX_MESSAGE = 2000;
  private static final int MAX_FRAMES = 12;
  private static final List<Class<? extends Throwable>> DATA_ERROR_ROOTS = loadRoots();
  private static final String EXECUTOR_PACKAGE = QuantumExecutor.class.getPackageName() + ".";

  private final Repository repository;
  private final QuantumGraph graph;
  private final Map<String, String> versions;
  private final Map<String, PipelineTask<?, ?>> tasks = new HashMap<>();

  /**
   * An executor.
   *
   * @param repository the repository to read and write
   * @param graph      the graph whose quanta it runs
   * @param versions   software versions recorded in every metadata dataset (name to version)
   */
  public QuantumExecutor(Repository repository, QuantumGraph graph, Map<String, String> versions) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.graph = Objects.requireNonNull(graph, "graph");
    this.versions = Map.copyOf(versions);
  }

  /**
   * Closes the cached task instances that are {@link AutoCloseable} and forgets all of them (a later quantum makes a
   * new instance). A task whose close fails is logged, not thrown: the quanta have already been recorded.
   */
  @Override
  public void close() {
    for (Map.Entry<String, PipelineTask<?, ?>> e : new java.util.TreeMap<>(tasks).entrySet()) {
      if (e.getValue() instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ex) {
          LOG.warn("Closing the instance of task {} failed: {}", e.getKey(), ex.toString());
        }
      }
    }
    tasks.clear();
  }

  /** The {@code <label>_failure} dataset type of a task: Json, the task's dimensions. */
  public static DatasetType failureDatasetType(TaskNode node) {
    return new DatasetType(node.label() + "_failure", node.dimensions(), TaskNode.JSON_STORAGE_CLASS);
  }

  /**
   * Runs one quantum whose upstream quanta all succeeded (or that has none).
   *
   * @param index the quantum's index in the graph
   * @return SUCCEEDED, NO_WORK, FAILED, or SKIPPED (unprocessable data, or an input missing from the registry)
   * @throws org.labelfree.pipeline.repo.RepositoryException if even the failure cannot be recorded
   */
  public QuantumOutcome execute(int index) {
    return execute(index, Map.of());
  }

  /**
   * Runs one quantum once its upstream quanta have finished, without the outputs of those that did not succeed.
   *
   * @param index        the quantum's index in the graph
   * @param unsuccessful upstream quantum index to its outcome, for the upstream quanta that did not succeed (their
   *                     outputs are treated as missing even if a stale copy exists); the others must have succeeded
   * @return SUCCEEDED (possibly with fewer inputs), NO_WORK, FAILED, or SKIPPED (unprocessable data, or a connection
   *         left with fewer datasets than it needs)
   * @throws org.labelfree.pipeline.repo.RepositoryException if even the failure cannot be recorded
   */
  public QuantumOutcome execute(int index, Map<Integer, QuantumOutcome.Status> unsuccessful) {
    Quantum q = graph.quantum(index);
    TaskNode node = graph.tasks().task(q.task());
    Butler butler = repository.butler();
    long t0 = System.nanoTime();
    long t1 = t0;
    long t2 = t0;
    try {
      AvailableInputs available = availableInputs(q, node, unsuccessful);
      if (!available.shortfalls().isEmpty()) {
        String reason = Messages.sanitize(String.join("; ", available.shortfalls()), MAX_MESSAGE);
        LOG.info("Quantum {} skipped: {}", q.describe(), reason);
        return new QuantumOutcome(index, q.task(), q.dataId().toString(), QuantumOutcome.Status.SKIPPED, "",
            reason);
      }
      if (!available.missing().isEmpty()) {
        List<String> parts = new ArrayList<>();
        available.missing().forEach((conn, ids) -> parts.add(available.refs().get(conn).size() + " of "
            + q.inputs().get(conn).size() + " `" + conn + "` inputs (missing: " + ids + ")"));
        LOG.info("Quantum {} runs with {}", q.describe(), Messages.sanitize(String.join("; ", parts), MAX_MESSAGE));
      }
      Map<String, Object> inputs = new LinkedHashMap<>();
      Map<String, Integer> inputCounts = new LinkedHashMap<>();
      for (Map.Entry<String, List<DatasetRef>> e : available.refs().entrySet()) {
        Connection c = node.connection(e.getKey());
        List<Object> values = new ArrayList<>(e.getValue().size());
        for (DatasetRef ref : e.getValue()) {
          values.add(butler.get(ref));
        }
        inputCounts.put(c.name(), values.size());
        if (c.multiple()) {
          inputs.put(c.name(), values);
        } else if (!values.isEmpty()) {
          inputs.put(c.name(), values.get(0));
        }
      }
      t1 = System.nanoTime();
      PipelineTask<?, ?> task = tasks.computeIfAbsent(node.label(), l -> node.newTask());
      Map<String, Object> outputs;
      try {
        outputs = node.descriptor().run(task, inputs, repository.registry().expandDataId(q.dataId()));
      } catch (NoWorkFoundException e) {
        t2 = System.nanoTime();
        writeMetadata(node, q, "no_work", Messages.sanitize(e.getMessage(), MAX_MESSAGE), inputCounts,
            available.missing(), Map.of(), t0, t1, t2);
        return new QuantumOutcome(index, q.task(), q.dataId().toString(), QuantumOutcome.Status.NO_WORK, "",
            Messages.sanitize(e.getMessage(), MAX_MESSAGE));
      } catch (UnprocessableDataException e) {
        t2 = System.nanoTime();
        String reason = Messages.sanitize(e.getMessage(), MAX_MESSAGE);
        LOG.warn("Quantum {} skipped: unprocessable data: {}", q.describe(), reason);
        writeMetadata(node, q, "unprocessable", reason, inputCounts, available.missing(), Map.of(), t0, t1, t2);
        return new QuantumOutcome(index, q.task(), q.dataId().toString(), QuantumOutcome.Status.SKIPPED,
            e.getClass().getName(), "unprocessable data: " + reason);
      }
      t2 = System.nanoTime();
      Map<String, String> written = new LinkedHashMap<>();
      for (Map.Entry<String, DatasetRef> out : q.outputs().entrySet()) {
        DatasetRef predicted = out.getValue();
        DatasetRef stored = butler.put(outputs.get(out.getKey()), predicted.datasetType(), predicted.dataId(),
            predicted.run(), Butler.OnExisting.KEEP_IDENTICAL);
        written.put(out.getKey(), stored.file().sha256());
      }
      writeMetadata(node, q, "succeeded", "", inputCounts, available.missing(), written, t0, t1, t2);
      return new QuantumOutcome(index, q.task(), q.dataId().toString(), QuantumOutcome.Status.SUCCEEDED, "", "");
    } catch (RuntimeException e) {
      if (!isDataError(e)) {
        throw new QuantumBugException("bug in task " + q.task() + " (" + node.descriptor().taskClass().getName()
            + ") on " + q.dataId() + ": " + e.getClass().getName() + ": " + Messages.sanitize(e.getMessage(),
            MAX_MESSAGE), e);
      }
      String message = Messages.sanitize(e.getMessage(), MAX_MESSAGE);
      LOG.warn("Quantum {} failed: {}: {}", q.describe(), e.getClass().getName(), message);
      LOG.debug("Quantum {} failure", q.describe(), e);
      writeFailure(node, q, e, message);
      return new QuantumOutcome(index, q.task(), q.dataId().toString(), QuantumOutcome.Status.FAILED,
          e.getClass().getName(), message);
    }
  }

  private void writeMetadata(TaskNode node, Quantum q, String status, String message,
      Map<String, Integer> inputCounts, Map<String, List<String>> missingInputs, Map<String, String> outputs,
      long t0, long t1, long t2) {
    long t3 = System.nanoTime();
    Map<String, Object> m = header(node, q);
    m.put("status", status);
    if (!message.isEmpty()) {
      m.put("message", message);
    }
    Map<String, Object> timings = new LinkedHashMap<>();
    timings.put("read_s", (t1 - t0) * 1e-9);
    timings.put("run_s", (t2 - t1) * 1e-9);
    timings.put("write_s", (t3 - t2) * 1e-9);
    timings.put("total_s", (t3 - t0) * 1e-9);
    m.put("timings", timings);
    m.put("input_counts", inputCounts);
    if (!missingInputs.isEmpty()) {
      m.put("missing_inputs", missingInputs);
    }
    m.put("output_sha256", outputs);
    m.put("versions", versions);
    DatasetType type = node.metadataDatasetType();
    repository.butler().put(m, type, q.dataId(), graph.run(), Butler.OnExisting.REPLACE);
  }

  /**
   * The inputs a quantum can read.
   *
   * @param refs       connection name to the datasets that exist, in graph order, as stored
   * @param missing    connection name to the data IDs (canonical text, graph order) of the dropped datasets; only
   *                   connections that lost some
   * @param shortfalls one reason per connection left with fewer datasets than it needs; empty if the quantum can run
   */
  record AvailableInputs(Map<String, List<DatasetRef>> refs, Map<String, List<String>> missing,
      List<String> shortfalls) {}

  /** Drops the inputs that were not produced or do not exist, and checks each connection's required count. */
  AvailableInputs availableInputs(Quantum q, TaskNode node, Map<Integer, QuantumOutcome.Status> unsuccessful) {
    Map<java.util.UUID, Integer> producer = new HashMap<>();
    for (int u : q.upstream()) {
      graph.quantum(u).outputs().values().forEach(r -> producer.put(r.id(), u));
    }
    Map<String, List<DatasetRef>> refs = new LinkedHashMap<>();
    Map<String, List<String>> missing = new LinkedHashMap<>();
    List<String> shortfalls = new ArrayList<>();
    for (Map.Entry<String, List<DatasetRef>> e : q.inputs().entrySet()) {
      Connection c = node.connection(e.getKey());
      List<DatasetRef> present = new ArrayList<>(e.getValue().size());
      List<String> gone = new ArrayList<>();
      List<String> why = new ArrayList<>();
      for (DatasetRef ref : e.getValue()) {
        Integer u = producer.get(ref.id());
        QuantumOutcome.Status status = u == null ? null : unsuccessful.get(u);
        Optional<DatasetRef> stored = status == null ? repository.registry().getDataset(ref.id())
            : Optional.empty();
        if (stored.isPresent()) {
          present.add(stored.get());
          continue;
        }
        gone.add(ref.dataId().toString());
        why.add(ref.dataId() + (status != null
            ? " (upstream quantum " + u + " " + graph.quantum(u).task() + " "
                + status.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"
            : " (" + ref.datasetType().name() + " not in the repository)"));
      }
      refs.put(c.name(), present);
      if (!gone.isEmpty()) {
        missing.put(c.name(), List.copyOf(gone));
      }
      if (present.size() < c.requiredCount()) {
        shortfalls.add("input " + c.name() + ": " + present.size() + " of " + e.getValue().size()
            + " datasets available, " + (c.multiple() ? "at least " : "") + c.requiredCount() + " needed; missing "
            + String.join(", ", why));
      }
    }
    return new AvailableInputs(refs, missing, shortfalls);
  }

  private void writeFailure(TaskNode node, Quantum q, Throwable e, String message) {
    Map<String, Object> m = header(node, q);
    m.put("exception", e.getClass().getName());
    m.put("message", message);
    List<String> frames = new ArrayList<>();
    for (Throwable t = e; t != null && frames.size() < 3 * MAX_FRAMES; t = t.getCause()) {
      if (t != e) {
        frames.add("caused by " + t.getClass().getName() + ": " + Messages.sanitize(t.getMessage()));
      }
      StackTraceElement[] st = t.getStackTrace();
      for (int i = 0; i < st.length && i < MAX_FRAMES; i++) {
        /* Frames below the executor belong to the runner: leaving them out keeps the record runner-independent. */
        if (st[i].getClassName().startsWith(EXECUTOR_PACKAGE)) {
          break;
        }
        frames.add("at " + st[i]);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    m.put("stack", frames);
    if (e instanceof AlgorithmException a) {
      m.put("algorithm_metadata", a.metadata());
    }
    m.put("versions", versions);
    repository.butler().put(m, failureDatasetType(node), q.dataId(), graph.run(), Butler.OnExisting.REPLACE);
  }

  /** True for the exceptions that fail one quantum (bad data, algorithm, repository, I/O), false for bugs. */
  static boolean isDataError(Throwable e) {
    if (e instanceof TaskRunException || e instanceof RepositoryException || e instanceof UncheckedIOException) {
      return true;
    }
    for (Class<? extends Throwable> root : DATA_ERROR_ROOTS) {
      if (root.isInstance(e)) {
        return true;
      }
    }
    return false;
  }

  private static List<Class<? extends Throwable>> loadRoots() {
    List<Class<? extends Throwable>> roots = new ArrayList<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = QuantumExecutor.class.getClassLoader();
    }
    for (DataErrorRoots provider : ServiceLoader.load(DataErrorRoots.class, loader)) {
      roots.addAll(provider.roots());
    }
    return List.copyOf(roots);
  }

  /** The fields every metadata and failure record starts with: task, class, data ID, run, quantum index. */
  private Map<String, Object> header(TaskNode node, Quantum q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", node.label());
    m.put("task_class", node.descriptor().taskClass().getName());
    m.put("data_id", plain(q.dataId()));
    m.put("run", graph.run());
    m.put("quantum", q.index());
    return m;
  }

  private static Map<String, Object> plain(DataId id) {
    Map<String, Object> m = new LinkedHashMap<>();
    id.values().forEach((d, v) -> m.put(d.key(), v));
    return m;
  }

  /** The dataset types an executor may write for a task: outputs, {@code <label>_metadata}, {@code <label>_failure}. */
  static Set<DatasetType> written(TaskNode node) {
    java.util.LinkedHashSet<DatasetType> s = new java.util.LinkedHashSet<>(node.outputs().values());
    s.add(node.metadataDatasetType());
    s.add(failureDatasetType(node));
    return s;
  }
}
