package org.labelfree.pipeline.beam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TupleTag;
import org.labelfree.pipeline.graph.Quantum;
import org.labelfree.pipeline.graph.QuantumGraph;
import org.labelfree.pipeline.repo.Butler;

/**
 * The one Beam adapter: turns a {@link QuantumGraph} into a Beam pipeline whose elements are quantum indices and
 * outcomes (datasets travel through the repository, not through Beam).
 *
 * <p>Per task, in topological order: the task's quanta are created and spread over workers; a task with upstream
 * quanta joins each quantum with the outcomes of its upstream quanta ({@code CoGroupByKey} on the quantum index),
 * so it runs only after they finished. Each quantum runs through {@link QuantumExecutor}, which drops the inputs
 * that upstream quanta did not produce (FAILED, SKIPPED, NO_WORK), runs the quantum with the rest if every
 * connection keeps its minimum (a gather over detectors survives one bad detector) and SKIPS it otherwise, and
 * turns an exception into a FAILED outcome: a bundle never swallows an error of the framework, and a task's error
 * never fails the bundle. All outcomes are gathered into an {@link
 * ExecutionReport} written as {@code pipetask_report} in the output run.
 *
 * <p>No code depends on the runner: DirectRunner and FlinkRunner run the same transforms.
 */
public final class QuantumPipeline {
  /** Beam metrics namespace of the quantum counters. */
  public static final String METRICS_NAMESPACE = "labelfree";

  private QuantumPipeline() {}

  /**
   * Adds the graph's transforms to a Beam pipeline.
   *
   * @param pipeline  the Beam pipeline
   * @param execution the repository and graph, serializable for the workers
   * @param graph     the same graph, parsed (to lay out the transforms)
   * @return the outcomes of all quanta (one per quantum); the report is written from them
   * @throws IllegalArgumentException if the graph is empty (nothing to run)
   */
  public static PCollection<QuantumOutcome> expand(Pipeline pipeline, Execution execution, QuantumGraph graph) {
    if (graph.size() == 0) {
      throw new IllegalArgumentException("the quantum graph is empty: nothing to run");
    }
    SerializableCoder<QuantumOutcome> outcomeCoder = SerializableCoder.of(QuantumOutcome.class);
    Map<String, List<Integer>> byTask = new LinkedHashMap<>();
    for (Quantum q : graph.quanta()) {
      byTask.computeIfAbsent(q.task(), k -> new ArrayList<>()).add(q.index());
    }
    Map<String, PCollection<QuantumOutcome>> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : byTask.entrySet()) {
      String label = e.getKey();
      List<Integer> indices = e.getValue();
      Set<String> upstreamTasks = new LinkedHashSet<>();
      for (int i : indices) {
        for (int u : graph.quantum(i).upstream()) {
          upstreamTasks.add(graph.quantum(u).task());
        }
      }
      PCollection<QuantumOutcome> out;
      if (upstreamTasks.isEmpty()) {
        out = pipeline
            .apply("Quanta " + label, Create.of(indices).withCoder(VarIntCoder.of()))
            .apply("Spread " + label, Reshuffle.viaRandomKey())
            .apply("Run " + label, ParDo.of(new RunFn(execution)))
            .setCoder(outcomeCoder);
      } else {
        List<PCollection<QuantumOutcome>> ups = new ArrayList<>();
        upstreamTasks.forEach(u -> ups.add(outcomes.get(u)));
        PCollection<KV<Integer, QuantumOutcome>> deps = PCollectionList.of(ups)
            .apply("Upstream of " + label, Flatten.pCollections())
            .apply("Route to " + label, ParDo.of(new RouteFn(execution, label)))
            .setCoder(KvCoder.of(VarIntCoder.of(), outcomeCoder));
        List<KV<Integer, Integer>> keyed = new ArrayList<>(indices.size());
        indices.forEach(i -> keyed.add(KV.of(i, i)));
        PCollection<KV<Integer, Integer>> self = pipeline.apply("Quanta " + label,
            Create.of(keyed).withCoder(KvCoder.of(VarIntCoder.of(), VarIntCoder.of())));
        TupleTag<Integer> selfTag = new TupleTag<>();
        TupleTag<QuantumOutcome> depTag = new TupleTag<>();
        out = KeyedPCollectionTuple.of(selfTag, self).and(depTag, deps)
            .apply("Join " + label, CoGroupByKey.create())
            .apply("Run " + label, ParDo.of(new RunJoinedFn(execution, selfTag, depTag)))
            .setCoder(outcomeCoder);
      }
      outcomes.put(label, out);
    }
    PCollection<QuantumOutcome> all = PCollectionList.of(new ArrayList<>(outcomes.values()))
        .apply("All outcomes", Flatten.pCollections());
    all.apply("Key report", ParDo.of(new KeyFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), outcomeCoder))
        .apply("Gather report", GroupByKey.create())
        .apply("Write report", ParDo.of(new ReportFn(execution)));
    return all;
  }

  /**
   * Base of the DoFns that hold the shared repository and graph, and (for those that run quanta) one
   * {@link QuantumExecutor}, hence one instance of each task, per DoFn instance; teardown closes the tasks that hold
   * resources ({@link AutoCloseable} ones).
   */
  abstract static class WithState<I, O> extends DoFn<I, O> {
    private static final long serialVersionUID = 1L;
    final Execution execution;
    transient SharedState.Handle state;
    private transient QuantumExecutor executor;

    WithState(Execution execution) {
      this.execution = execution;
    }

    @Setup
    public void setup() {
      state = SharedState.acquire(execution);
    }

    /** This DoFn instance's executor, made on first use. */
    QuantumExecutor executor() {
      if (executor == null) {
        executor = new QuantumExecutor(state.repository(), state.graph(), execution.versions());
      }
      return executor;
    }

    @Teardown
    public void teardown() {
      if (executor != null) {
        executor.close();
        executor = null;
      }
      SharedState.release(state);
      state = null;
    }
  }

  /** Runs quanta that have no upstream quanta. */
  static final class RunFn extends WithState<Integer, QuantumOutcome> {
    private static final long serialVersionUID = 1L;
    private final Counter succeeded = Metrics.counter(METRICS_NAMESPACE, "quanta_succeeded");
    private final Counter failed = Metrics.counter(METRICS_NAMESPACE, "quanta_failed");
    private final Counter skipped = Metrics.counter(METRICS_NAMESPACE, "quanta_skipped");

    RunFn(Execution execution) {
      super(execution);
    }

    @ProcessElement
    public void process(@Element Integer index, OutputReceiver<QuantumOutcome> out) {
      QuantumOutcome o = executor().execute(index);
      switch (o.status()) {
        case FAILED -> failed.inc();
        case SKIPPED -> skipped.inc();
        default -> succeeded.inc();
      }
      out.output(o);
    }
  }

  /** Sends each outcome to the quanta of one task that depend on it. */
  static final class RouteFn extends WithState<QuantumOutcome, KV<Integer, QuantumOutcome>> {
    private static final long serialVersionUID = 1L;
    private final String label;

    RouteFn(Execution execution, String label) {
      super(execution);
      this.label = label;
    }

    @ProcessElement
    public void process(@Element QuantumOutcome o, OutputReceiver<KV<Integer, QuantumOutcome>> out) {
      QuantumGraph g = state.graph();
      for (int d : g.downstream(o.index())) {
        if (g.quantum(d).task().equals(label)) {
          out.output(KV.of(d, o));
        }
      }
    }
  }

  /**
   * Runs a quantum once all its upstream outcomes are in; the executor drops the inputs of upstream quanta that did
   * not succeed and skips the quantum if a connection is left with fewer than it needs.
   */
  static final class RunJoinedFn extends WithState<KV<Integer, CoGbkResult>, QuantumOutcome> {
    private static final long serialVersionUID = 1L;
    private final TupleTag<Integer> selfTag;
    private final TupleTag<QuantumOutcome> depTag;
    private final Counter succeeded = Metrics.counter(METRICS_NAMESPACE, "quanta_succeeded");
    private final Counter failed = Metrics.counter(METRICS_NAMESPACE, "quanta_failed");
    private final Counter skipped = Metrics.counter(METRICS_NAMESPACE, "quanta_skipped");

    RunJoinedFn(Execution execution, TupleTag<Integer> selfTag, TupleTag<QuantumOutcome> depTag) {
      super(execution);
      this.selfTag = selfTag;
      this.depTag = depTag;
    }

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> e, OutputReceiver<QuantumOutcome> out) {
      if (!e.getValue().getAll(selfTag).iterator().hasNext()) {
        return;
      }
      int index = e.getKey();
      Quantum q = state.graph().quantum(index);
      /* A map keyed by upstream index: what the executor sees does not depend on the order outcomes arrived in. */
      Map<Integer, QuantumOutcome.Status> unsuccessful = new TreeMap<>();
      int seen = 0;
      for (QuantumOutcome up : e.getValue().getAll(depTag)) {
        seen++;
        if (!up.succeeded()) {
          unsuccessful.put(up.index(), up.status());
        }
      }
      if (seen != q.upstream().size()) {
        throw new IllegalStateException("quantum " + index + " received " + seen + " upstream outcomes, expected "
            + q.upstream().size());
      }
      QuantumOutcome o = executor().execute(index, unsuccessful);
      switch (o.status()) {
        case FAILED -> failed.inc();
        case SKIPPED -> skipped.inc();
        default -> succeeded.inc();
      }
      out.output(o);
    }
  }

  /** Puts every outcome under one key, for the report. */
  static final class KeyFn extends DoFn<QuantumOutcome, KV<Integer, QuantumOutcome>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element QuantumOutcome o, OutputReceiver<KV<Integer, QuantumOutcome>> out) {
      out.output(KV.of(0, o));
    }
  }

  /** Writes the run report. */
  static final class ReportFn extends WithState<KV<Integer, Iterable<QuantumOutcome>>, Void> {
    private static final long serialVersionUID = 1L;

    ReportFn(Execution execution) {
      super(execution);
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<QuantumOutcome>> e) {
      QuantumGraph g = state.graph();
      ExecutionReport report = ExecutionReport.of(g.run(), g.tasks().labels(), e.getValue());
      state.repository().butler().put(report.toMap(), ExecutionReport.DATASET_TYPE,
          org.labelfree.pipeline.repo.DataId.empty(), g.run(), Butler.OnExisting.REPLACE);
    }
  }
}
