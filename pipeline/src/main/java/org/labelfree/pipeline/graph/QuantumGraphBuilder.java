package org.labelfree.pipeline.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.labelfree.pipeline.query.Expr;
import org.labelfree.pipeline.query.QueryExpressions;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.DimensionRecord;
import org.labelfree.pipeline.repo.NotFoundException;
import org.labelfree.pipeline.repo.Registry;
import org.labelfree.pipeline.repo.SkyBox;
import org.labelfree.pipeline.task.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link QuantumGraph} of a {@link TaskGraph} from what the registry holds, as Gen3's graph builder
 * does in spirit:
 *
 * <ol>
 *   <li>Every overall input dataset type is looked up in the input collections, first match per data ID along
 *       the flattened search path. A dataset for which the {@code where} expression is FALSE is dropped; one for
 *       which it is UNKNOWN (the expression names a dimension the dataset lacks, e.g. {@code detector} for a
 *       visit-level catalogue) is kept. Data IDs are expanded with the visit records first, so {@code band = 'g'}
 *       applies to a dataset of dimensions (instrument, visit, detector).</li>
 *   <li>Tasks are taken in topological order. A task's quantum data IDs are the join, on shared dimensions, of
 *       the data IDs of its required single inputs; a task with only {@code multiple} (gather) inputs gets one
 *       quantum per distinct projection of the gathered data IDs onto its dimensions (one quantum with an empty
 *       data ID for a task without dimensions). A gathered input matches the quantum on their shared dimensions,
 *       band included when the quantum has a visit (band is implied by the visit record), and a gathered
 *       patch-level input (e.g. {@code template_coadd}) is also joined spatially: only the patches whose sky box
 *       overlaps the visit's are given. A quantum for which {@code where} is FALSE is dropped, as is one
 *       whose required gathered input has fewer datasets than its {@link Connection#minimum() minimum}.</li>
 *   <li>Each quantum predicts its outputs in the output run; they become available to downstream tasks.
 *       Dataset types produced by the pipeline are never taken from the input collections.</li>
 *   <li>With {@code skipExistingIn}, a quantum whose outputs and {@code <label>_metadata} all exist in those
 *       collections is left out and the existing outputs are used downstream (those for which {@code where} is
 *       FALSE are not, as for inputs).</li>
 * </ol>
 *
 * <p>Deterministic: quanta are ordered by task (topological order), then data ID in canonical order.
 */
public final class QuantumGraphBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(QuantumGraphBuilder.class);

  /**
   * What to build.
   *
   * @param inputCollections the input search path (CHAINED collections allowed), not empty
   * @param outputRun        the RUN the quanta write to (it need not exist yet)
   * @param where            the data-ID expression text (empty for all)
   * @param skipExistingIn   collections whose existing outputs let a quantum be skipped; empty for none
   */
  public record Request(List<String> inputCollections, String outputRun, String where, List<String> skipExistingIn) {
    /** Validates and copies. */
    public Request {
      inputCollections = List.copyOf(inputCollections);
      Objects.requireNonNull(outputRun, "outputRun");
      Objects.requireNonNull(where, "where");
      skipExistingIn = List.copyOf(skipExistingIn);
      if (inputCollections.isEmpty()) {
        throw new IllegalArgumentException("at least one input collection is needed");
      }
    }
  }

  private final TaskGraph tasks;
  private final Registry registry;
  private final Request request;
  private final Expr where;
  private final Map<String, DimensionRecord.Visit> visits = new HashMap<>();
  private final Map<String, DimensionRecord.Patch> patches = new HashMap<>();
  /* Dataset type name -> data ID -> the dataset a consumer gets (existing or predicted). */
  private final Map<String, Map<DataId, DatasetRef>> available = new HashMap<>();
  /* Predicted dataset ID -> index of the quantum that writes it. */
  private final Map<UUID, Integer> producedBy = new HashMap<>();
  private final Set<String> existing = new HashSet<>();

  private QuantumGraphBuilder(TaskGraph tasks, Registry registry, Request request) {
    this.tasks = tasks;
    this.registry = registry;
    this.request = request;
    this.where = QueryExpressions.parse(request.where());
  }

  /**
   * Builds the graph.
   *
   * @param tasks    the resolved pipeline
   * @param registry the registry to search
   * @param request  collections, output run, expression, skip-existing collections
   * @return the graph (possibly with no quanta)
   * @throws org.labelfree.pipeline.query.QueryException if {@code where} does not parse or names no dimension
   * @throws NotFoundException      if an input or skip-existing collection does not exist (named)
   * @throws QuantumGraphException  if a task's dimensions are not determined by its inputs (naming the task)
   */
  public static QuantumGraph build(TaskGraph tasks, Registry registry, Request request) {
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(request, "request");
    return new QuantumGraphBuilder(tasks, registry, request).build();
  }

  private QuantumGraph build() {
    List<String> search = registry.resolveCollections(request.inputCollections());
    List<String> skipIn = request.skipExistingIn().isEmpty() ? List.of()
        : registry.resolveCollections(request.skipExistingIn());
    for (DimensionRecord.Visit v : registry.queryDimensionRecords(DimensionRecord.Visit.class)) {
      visits.put(v.instrument() + "\u0000" + v.id(), v);
    }
    for (DimensionRecord.Patch p : registry.queryDimensionRecords(DimensionRecord.Patch.class)) {
      patches.put(patchKey(p.skymap(), p.tract(), p.id()), p);
    }
    Set<String> registered = new HashSet<>();
    registry.queryDatasetTypes().forEach(t -> registered.add(t.name()));

    Map<String, DatasetType> overall = new TreeMap<>(tasks.inputDatasetTypes());
    for (DatasetType t : overall.values()) {
      Map<DataId, DatasetRef> found = new HashMap<>();
      if (registered.contains(t.name())) {
        for (String collection : search) {
          for (DatasetRef ref : registry.queryDatasets(List.of(t.name()), List.of(collection), SqlPredicate.all())) {
            if (!QueryExpressions.excludes(where, expand(ref.dataId()))) {
              found.putIfAbsent(ref.dataId(), ref);
            }
          }
        }
      }
      LOG.debug("{} {} dataset(s) found in {}", found.size(), t.name(), request.inputCollections());
      available.put(t.name(), found);
    }
    if (!skipIn.isEmpty()) {
      Set<String> outputs = new TreeSet<>();
      for (TaskNode n : tasks.tasks()) {
        n.outputs().values().forEach(t -> outputs.add(t.name()));
        outputs.add(n.metadataDatasetType().name());
      }
      outputs.retainAll(registered);
      for (String collection : skipIn) {
        if (outputs.isEmpty()) {
          break;
        }
        for (DatasetRef ref : registry.queryDatasets(outputs, List.of(collection), SqlPredicate.all())) {
          /* The where expression filters existing outputs as it filters inputs: a re-run gather must not pick up
             data IDs that -d excludes. */
          if (existing.add(key(ref.datasetType().name(), ref.dataId()))
              && !QueryExpressions.excludes(where, expand(ref.dataId()))) {
            available.computeIfAbsent(ref.datasetType().name(), k -> new HashMap<>()).putIfAbsent(ref.dataId(), ref);
          }
        }
      }
    }

    List<Quantum> quanta = new ArrayList<>();
    Map<String, Integer> skipped = new LinkedHashMap<>();
    for (TaskNode node : tasks.tasks()) {
      int skippedHere = 0;
      for (DataId dataId : quantumDataIds(node)) {
        if (QueryExpressions.excludes(where, expand(dataId))) {
          continue;
        }
        Map<String, List<DatasetRef>> inputs = inputsOf(node, dataId);
        if (inputs == null) {
          continue;
        }
        if (!skipIn.isEmpty() && outputsExist(node, dataId)) {
          skippedHere++;
          continue;
        }
        int index = quanta.size();
        Map<String, DatasetRef> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, DatasetType> out : node.outputs().entrySet()) {
          DatasetType t = out.getValue();
          DatasetRef ref = DatasetRef.of(t, request.outputRun(), dataId.subset(t.dimensions()));
          outputs.put(out.getKey(), ref);
          available.computeIfAbsent(t.name(), k -> new HashMap<>()).put(ref.dataId(), ref);
          producedBy.put(ref.id(), index);
        }
        Set<Integer> upstream = new TreeSet<>();
        inputs.values().forEach(refs -> refs.forEach(r -> {
          Integer p = producedBy.get(r.id());
          if (p != null && r.file() == null) {
            upstream.add(p);
          }
        }));
        quanta.add(new Quantum(index, node.label(), dataId, inputs, outputs, new ArrayList<>(upstream)));
      }
      skipped.put(node.label(), skippedHere);
    }
    return new QuantumGraph(tasks, request.outputRun(), request.inputCollections(), request.where(),
        quanta, skipped);
  }

  private boolean outputsExist(TaskNode node, DataId dataId) {
    if (!existing.contains(key(node.metadataDatasetType().name(), dataId))) {
      return false;
    }
    for (DatasetType t : node.outputs().values()) {
      if (!existing.contains(key(t.name(), dataId.subset(t.dimensions())))) {
        return false;
      }
    }
    return true;
  }

  private static String key(String datasetType, DataId dataId) {
    return datasetType + " " + dataId;
  }

  /** The candidate data IDs of a task's quanta, sorted. */
  private List<DataId> quantumDataIds(TaskNode node) {
    Set<Dimension> dims = node.dimensions();
    List<Connection> singles = new ArrayList<>();
    List<Connection> gathers = new ArrayList<>();
    for (Connection c : node.descriptor().connections().inputs()) {
      if (!c.optional()) {
        (c.multiple() ? gathers : singles).add(c);
      }
    }
    Set<DataId> rows = new HashSet<>();
    if (!singles.isEmpty()) {
      singles.sort((a, b) -> Integer.compare(b.dimensions().size(), a.dimensions().size()));
      Set<Dimension> covered = new LinkedHashSet<>();
      List<DataId> joined = null;
      for (Connection c : singles) {
        Collection<DataId> ids = availableOf(node, c).keySet();
        joined = joined == null ? new ArrayList<>(ids) : join(joined, covered, ids, c.dimensions());
        covered.addAll(c.dimensions());
      }
      if (!covered.containsAll(dims)) {
        Set<Dimension> missing = new TreeSet<>(dims);
        missing.removeAll(covered);
        throw new QuantumGraphException("task '" + node.label() + "': its dimensions " + missing
            + " are not given by any of its required single inputs; add an input with them or drop them from"
            + " the task's dimensions");
      }
      rows.addAll(joined);
    } else if (!gathers.isEmpty()) {
      Set<DataId> first = null;
      for (Connection c : gathers) {
        Set<DataId> projected = new HashSet<>();
        for (DataId id : availableOf(node, c).keySet()) {
          if (id.dimensions().containsAll(dims)) {
            projected.add(id.subset(dims));
          }
        }
        if (!c.dimensions().containsAll(dims)) {
          continue;
        }
        if (first == null) {
          first = projected;
        } else {
          first.retainAll(projected);
        }
      }
      if (first == null) {
        if (!dims.isEmpty()) {
          throw new QuantumGraphException("task '" + node.label() + "': its dimensions " + dims
              + " are not given by any of its required inputs");
        }
        rows.add(DataId.empty());
      } else {
        rows.addAll(first);
      }
    } else {
      if (!dims.isEmpty()) {
        throw new QuantumGraphException("task '" + node.label() + "' has dimensions " + dims
            + " but no required input to enumerate them");
      }
      rows.add(DataId.empty());
    }
    List<DataId> out = new ArrayList<>(rows.size());
    for (DataId r : rows) {
      out.add(r.subset(dims));
    }
    out.sort(DataIdOrder.COMPARATOR);
    return out;
  }

  private static List<DataId> join(List<DataId> left, Set<Dimension> leftDims, Collection<DataId> right,
      Set<Dimension> rightDims) {
    Set<Dimension> shared = new HashSet<>(leftDims);
    shared.retainAll(rightDims);
    Map<DataId, List<DataId>> byShared = new HashMap<>();
    for (DataId r : right) {
      byShared.computeIfAbsent(r.subset(shared), k -> new ArrayList<>()).add(r);
    }
    List<DataId> out = new ArrayList<>();
    for (DataId l : left) {
      for (DataId r : byShared.getOrDefault(l.subset(shared), List.of())) {
        DataId merged = l;
        for (Map.Entry<Dimension, Object> e : r.values().entrySet()) {
          merged = merged.with(e.getKey(), e.getValue());
        }
        out.add(merged);
      }
    }
    return out;
  }

  /** The inputs of a quantum, or null if a required one is missing or a gather has fewer than its minimum. */
  private Map<String, List<DatasetRef>> inputsOf(TaskNode node, DataId dataId) {
    Map<String, List<DatasetRef>> inputs = new LinkedHashMap<>();
    for (Connection c : node.descriptor().connections().inputs()) {
      Map<DataId, DatasetRef> pool = availableOf(node, c);
      List<DatasetRef> refs;
      if (c.multiple()) {
        DataId expanded = expand(dataId);
        Set<Dimension> shared = new HashSet<>(c.dimensions());
        shared.retainAll(expanded.dimensions());
        DataId want = expanded.subset(shared);
        SkyBox visitRegion = c.dimensions().contains(Dimension.PATCH) ? visitRegion(dataId) : null;
        refs = new ArrayList<>();
        for (DatasetRef r : pool.values()) {
          if (r.dataId().subset(shared).equals(want) && overlapsVisit(r.dataId(), visitRegion)) {
            refs.add(r);
          }
        }
        refs.sort((a, b) -> DataIdOrder.COMPARATOR.compare(a.dataId(), b.dataId()));
      } else {
        DatasetRef r = pool.get(dataId.subset(c.dimensions()));
        refs = r == null ? List.of() : List.of(r);
      }
      if (refs.size() < c.requiredCount()) {
        return null;
      }
      inputs.put(c.name(), refs);
    }
    return inputs;
  }

  private Map<DataId, DatasetRef> availableOf(TaskNode node, Connection c) {
    return available.getOrDefault(node.inputs().get(c.name()).name(), Map.of());
  }

  /** The sky region of the quantum's visit, or null when the quantum has no visit or the visit has no region. */
  private SkyBox visitRegion(DataId dataId) {
    if (dataId.get(Dimension.INSTRUMENT).isEmpty() || dataId.get(Dimension.VISIT).isEmpty()) {
      return null;
    }
    DimensionRecord.Visit v = visits.get(dataId.getString(Dimension.INSTRUMENT) + "\u0000"
        + dataId.getLong(Dimension.VISIT));
    return v == null ? null : v.region();
  }

  /**
   * The spatial join of a gathered patch-level dataset with a visit: true when either region is unknown, else
   * whether the patch's sky box overlaps the visit's.
   */
  private boolean overlapsVisit(DataId patchId, SkyBox visitRegion) {
    if (visitRegion == null || patchId.get(Dimension.PATCH).isEmpty()) {
      return true;
    }
    DimensionRecord.Patch p = patches.get(patchKey(patchId.getString(Dimension.SKYMAP),
        patchId.getLong(Dimension.TRACT), patchId.getLong(Dimension.PATCH)));
    return p == null || p.region() == null || p.region().overlaps(visitRegion);
  }

  private static String patchKey(String skymap, long tract, long patch) {
    return skymap + "\u0000" + tract + "\u0000" + patch;
  }

  /** The data ID with band and physical_filter implied by its visit record, for evaluating {@code where}. */
  private DataId expand(DataId dataId) {
    if (dataId.get(Dimension.INSTRUMENT).isEmpty() || dataId.get(Dimension.VISIT).isEmpty()) {
      return dataId;
    }
    DimensionRecord.Visit v = visits.get(dataId.getString(Dimension.INSTRUMENT) + "\u0000"
        + dataId.getLong(Dimension.VISIT));
    if (v == null) {
      return dataId;
    }
    DataId out = dataId;
    if (out.get(Dimension.BAND).isEmpty()) {
      out = out.with(Dimension.BAND, v.band());
    }
    if (out.get(Dimension.PHYSICAL_FILTER).isEmpty()) {
      out = out.with(Dimension.PHYSICAL_FILTER, v.physicalFilter());
    }
    return out;
  }
}
