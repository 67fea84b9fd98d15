package org.labelfree.pipeline.beam;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.labelfree.pipeline.graph.QuantumGraph;
import org.labelfree.pipeline.graph.QuantumGraphBuilder;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.graph.TaskNode;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.Butler;
import org.labelfree.pipeline.repo.CollectionInfo;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.ConflictException;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.NotFoundException;
import org.labelfree.pipeline.repo.Registry;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.task.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pipetask qgraph} and {@code pipetask run}: checks everything that can be checked before work starts, names
 * the output run, builds the quantum graph, prepares the repository (dataset types, run, output chain, {@code
 * <label>_config}) and runs the graph on Apache Beam.
 *
 * <p>Output collections follow Gen3: {@code -o u/me/x} writes to a new RUN {@code u/me/x/<UTC timestamp>} (or
 * {@code --output-run}) and (re)defines the CHAINED {@code u/me/x} as that run, then the runs it listed before, then
 * the inputs. {@code --extend-run} writes into the run heading the chain; with {@code --skip-existing} this resumes
 * an interrupted run.
 */
public final class Pipetask {
  private static final Logger LOG = LoggerFactory.getLogger(Pipetask.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper CONFIG_READER =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /** Progress of a run, as counts of quanta. Called from a background thread. */
  @FunctionalInterface
  public interface ProgressListener {
    /**
     * Called about once a second while quanta run, and once at the end.
     *
     * @param finished quanta that succeeded (or had no work) so far
     * @param failed   quanta that failed so far
     * @param total    quanta in the graph
     */
    void progress(int finished, int failed, int total);
  }

  /**
   * A planned run: the graph and the collections it will write.
   *
   * @param graph        the quantum graph (possibly empty)
   * @param run          the output RUN
   * @param output       the output CHAINED collection, or null
   * @param chainMembers the members the output chain will have, or empty if there is no {@code -o}
   */
  public record Plan(QuantumGraph graph, String run, String output, List<String> chainMembers) {}

  /**
   * What a run did.
   *
   * @param plan   the plan that ran
   * @param report the execution report (counts and problems); empty totals if the graph had no quanta
   */
  public record Result(Plan plan, ExecutionReport report) {}

  private Pipetask() {}

  /**
   * Plans a run without writing anything: checks collections and dataset types, names the run, builds the graph.
   *
   * @param repository the repository
   * @param tasks      the resolved pipeline
   * @param options    the options
   * @param clock      the clock that names a new run (UTC, to the second)
   * @return the plan
   * @throws NotFoundException     if an input collection does not exist
   * @throws ConflictException     if {@code -o} exists and is not CHAINED, {@code --extend-run} finds no run to
   *                               extend, or a dataset type of the pipeline is registered with other dimensions or
   *                               storage class
   * @throws PipetaskException     if an input dataset type that a task requires is not registered
   * @throws org.labelfree.pipeline.query.QueryException if {@code -d} does not parse
   * @throws org.labelfree.pipeline.graph.QuantumGraphException if a task's dimensions are not given by its inputs
   */
  public static Plan plan(Repository repository, TaskGraph tasks, PipetaskOptions options, Clock clock) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(clock, "clock");
    Registry registry = repository.registry();
    registry.resolveCollections(options.inputs());
    checkDatasetTypes(registry, tasks);

    Optional<CollectionInfo> existingOutput = Optional.empty();
    if (options.output() != null) {
      try {
        existingOutput = Optional.of(registry.getCollection(options.output()));
      } catch (NotFoundException e) {
        existingOutput = Optional.empty();
      }
      if (existingOutput.isPresent() && existingOutput.get().type() != CollectionType.CHAINED) {
        throw new ConflictException("output collection " + options.output() + " exists as a "
            + existingOutput.get().type() + "; -o needs a CHAINED collection (or a new name)");
      }
    }
    String run;
    if (options.outputRun() != null) {
      run = options.outputRun();
    } else if (options.extendRun()) {
      if (existingOutput.isEmpty() || existingOutput.get().children().isEmpty()) {
        throw new ConflictException("--extend-run: output collection " + options.output()
            + " does not exist yet; run once without --extend-run first");
      }
      run = existingOutput.get().children().get(0);
      if (registry.getCollection(run).type() != CollectionType.RUN) {
        throw new ConflictException("--extend-run: the first member of " + options.output() + " is " + run
            + ", which is not a RUN");
      }
    } else {
      run = options.output() + "/" + RUN_STAMP.format(clock.instant());
      if (existsCollection(registry, run)) {
        throw new ConflictException("output run " + run + " exists already; wait a second or use --output-run");
      }
    }

    List<String> chain = List.of();
    if (options.output() != null) {
      Set<String> members = new LinkedHashSet<>();
      members.add(run);
      if (existingOutput.isPresent()) {
        for (String c : existingOutput.get().children()) {
          if (!options.inputs().contains(c)) {
            members.add(c);
          }
        }
      }
      members.addAll(options.inputs());
      chain = new ArrayList<>(members);
    }

    List<String> skipIn = List.of();
    if (options.skipExisting()) {
      List<String> s = new ArrayList<>();
      if (existingOutput.isPresent()) {
        s.add(options.output());
      }
      if (existsCollection(registry, run)) {
        s.add(run);
      }
      skipIn = s;
    }
    QuantumGraph graph = QuantumGraphBuilder.build(tasks, registry,
        new QuantumGraphBuilder.Request(options.inputs(), run, options.where(), skipIn));
    return new Plan(graph, run, options.output(), chain);
  }

  /**
   * Prepares the repository for a plan and runs it on Beam.
   *
   * @param repository the repository (its root must be reachable from the workers)
   * @param plan       a plan from {@link #plan}
   * @param options    the same options
   * @param listener   progress callback (may be null)
   * @return what happened; failed quanta are in the report, not thrown
   * @throws ConflictException if a task's config differs from the {@code <label>_config} already in the run
   * @throws PipetaskException if the runner itself fails
   */
  public static Result run(Repository repository, Plan plan, PipetaskOptions options, ProgressListener listener) {
    Registry registry = repository.registry();
    QuantumGraph graph = plan.graph();
    TaskGraph tasks = graph.tasks();
    registerDatasetTypes(registry, tasks);
    registry.registerCollection(plan.run(), CollectionType.RUN, null);
    if (plan.output() != null) {
      registry.setChain(plan.output(), plan.chainMembers());
    }
    Butler butler = repository.butler();
    for (TaskNode n : tasks.tasks()) {
      try {
        butler.put(configTree(n), n.configDatasetType(), DataId.empty(), plan.run(),
            Butler.OnExisting.KEEP_IDENTICAL);
      } catch (ConflictException e) {
        throw new ConflictException("task " + n.label() + ": its config differs from the " + n.label()
            + "_config already in run " + plan.run() + "; write to a new run", e);
      }
    }
    if (graph.size() == 0) {
      LOG.info("Nothing to run: the quantum graph is empty");
      ExecutionReport empty = ExecutionReport.of(plan.run(), tasks.labels(), List.of());
      return new Result(plan, empty);
    }

    Execution execution = new Execution(repository.root().toAbsolutePath().toString(), graph, options.versions());
    Pipeline pipeline = Pipeline.create(beamOptions(options));
    QuantumPipeline.expand(pipeline, execution, graph);

    Set<String> progressTypes = new TreeSet<>();
    Set<String> failureTypes = new TreeSet<>();
    for (TaskNode n : tasks.tasks()) {
      progressTypes.add(n.metadataDatasetType().name());
      failureTypes.add(QuantumExecutor.failureDatasetType(n).name());
    }
    int[] baseline = count(registry, plan.run(), progressTypes, failureTypes);
    AtomicBoolean done = new AtomicBoolean();
    Thread poller = null;
    if (listener != null) {
      poller = new Thread(() -> {
        while (!done.get()) {
          try {
            Thread.sleep(1000);
            int[] now = count(registry, plan.run(), progressTypes, failureTypes);
            if (!done.get()) {
              listener.progress(now[0] - baseline[0], now[1] - baseline[1], graph.size());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } catch (RuntimeException e) {
            LOG.debug("progress poll failed", e);
          }
        }
      }, "labelfree-progress");
      poller.setDaemon(true);
      poller.start();
    }
    try {
      PipelineResult result = pipeline.run();
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new PipetaskException("the " + options.runner() + " run ended in state " + state);
      }
    } catch (PipetaskException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root && !(root instanceof QuantumBugException)) {
        root = root.getCause();
      }
      throw new PipetaskException("the " + options.runner() + " run failed: " + root.getClass().getName() + ": "
          + org.labelfree.pipeline.Messages.sanitize(root.getMessage(), 2000), e);
    } finally {
      done.set(true);
      if (poller != null) {
        poller.interrupt();
      }
    }
    DatasetRef ref = butler.find(ExecutionReport.DATASET_TYPE.name(), DataId.empty(), List.of(plan.run()))
        .orElseThrow(() -> new PipetaskException("the run finished but wrote no " + ExecutionReport.DATASET_TYPE.name()
            + " to " + plan.run()));
    ExecutionReport report = ExecutionReport.fromJson(butler.get(ref, JsonNode.class));
    if (listener != null) {
      listener.progress(report.count(QuantumOutcome.Status.SUCCEEDED) + report.count(QuantumOutcome.Status.NO_WORK),
          report.count(QuantumOutcome.Status.FAILED), graph.size());
    }
    return new Result(plan, report);
  }

  /** The Beam options of a run: runner, parallelism and Flink master from the options, nothing else. */
  static PipelineOptions beamOptions(PipetaskOptions options) {
    List<String> args = new ArrayList<>();
    args.add("--runner=" + options.runner());
    args.add("--targetParallelism=" + options.parallelism());
    args.add("--parallelism=" + options.parallelism());
    args.add("--flinkMaster=" + options.flinkMaster());
    /* Elements are immutable (indices and outcomes): Flink need not deep-copy them between operators. */
    args.add("--fasterCopy=true");
    args.add("--enforceImmutability=false");
    args.add("--enforceEncodability=false");
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).create();
  }

  private static int[] count(Registry registry, String run, Set<String> progressTypes, Set<String> failureTypes) {
    int ok = 0;
    int failed = 0;
    Set<String> all = new TreeSet<>(progressTypes);
    all.addAll(failureTypes);
    for (DatasetRef r : registry.queryDatasets(all, List.of(run), SqlPredicate.all())) {
      if (failureTypes.contains(r.datasetType().name())) {
        failed++;
      } else {
        ok++;
      }
    }
    return new int[] {ok, failed};
  }

  private static boolean existsCollection(Registry registry, String name) {
    try {
      registry.getCollection(name);
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Overall inputs must be registered (when required) and every registered type must match the pipeline's. */
  private static void checkDatasetTypes(Registry registry, TaskGraph tasks) {
    Map<String, DatasetType> registered = new java.util.HashMap<>();
    registry.queryDatasetTypes().forEach(t -> registered.put(t.name(), t));
    for (TaskNode n : tasks.tasks()) {
      for (Map.Entry<String, DatasetType> in : n.inputs().entrySet()) {
        DatasetType want = in.getValue();
        DatasetType have = registered.get(want.name());
        Connection c = n.connection(in.getKey());
        if (have == null && tasks.producer(want.name()).isEmpty() && !c.optional()) {
          throw new PipetaskException("task " + n.label() + " needs input dataset type '" + want.name()
              + "', which is not registered in the repository (ingest some first, e.g. `labelfree butler"
              + " ingest-files REPO " + want.name() + " RUN FILE...`)");
        }
        checkSame(have, want, n.label());
      }
      for (DatasetType t : written(n)) {
        checkSame(registered.get(t.name()), t, n.label());
      }
    }
  }

  private static void checkSame(DatasetType have, DatasetType want, String task) {
    if (have != null && !have.equals(want)) {
      throw new ConflictException("dataset type '" + want.name() + "' is registered as " + have + " but task "
          + task + " declares it as " + want);
    }
  }

  private static List<DatasetType> written(TaskNode n) {
    List<DatasetType> out = new ArrayList<>(QuantumExecutor.written(n));
    out.add(n.configDatasetType());
    return out;
  }

  private static void registerDatasetTypes(Registry registry, TaskGraph tasks) {
    for (TaskNode n : tasks.tasks()) {
      written(n).forEach(registry::registerDatasetType);
    }
    registry.registerDatasetType(ExecutionReport.DATASET_TYPE);
  }

  /** The content of {@code <label>_config}: the resolved config as a JSON tree (keys sorted by the formatter). */
  private static JsonNode configTree(TaskNode n) {
    try {
      return CONFIG_READER.readTree(n.configJson());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("config of task " + n.label() + " is not JSON", e);
    }
  }
}
