package org.labelfree.pipeline.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.StoredFile;

/**
 * The work of one pipeline run: its quanta in execution order (task by task in topological order, data IDs in
 * canonical order), each with its inputs, predicted outputs and upstream quanta. Made by {@link
 * QuantumGraphBuilder}; saved and read back as JSON ({@code pipetask qgraph --save-qgraph}), which also carries the
 * resolved pipeline (task classes, full configs, connection renames), so a worker in another JVM rebuilds the same
 * {@link TaskGraph} from the JSON alone.
 *
 * <p>Immutable and thread-safe.
 */
public final class QuantumGraph {
  /** The {@code format} value of saved graphs. */
  public static final String FORMAT = "labelfree-quantum-graph";
  /** The {@code version} of the saved format. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final TaskGraph tasks;
  private final String run;
  private final List<String> inputCollections;
  private final String where;
  private final List<Quantum> quanta;
  private final Map<String, Integer> skippedExisting;
  private final List<List<Integer>> downstream;

  QuantumGraph(TaskGraph tasks, String run, List<String> inputCollections, String where, List<Quantum> quanta,
      Map<String, Integer> skippedExisting) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.run = Objects.requireNonNull(run, "run");
    this.inputCollections = List.copyOf(inputCollections);
    this.where = Objects.requireNonNull(where, "where");
    this.quanta = List.copyOf(quanta);
    this.skippedExisting = Collections.unmodifiableMap(new LinkedHashMap<>(skippedExisting));
    List<List<Integer>> down = new ArrayList<>(quanta.size());
    for (int i = 0; i < quanta.size(); i++) {
      down.add(new ArrayList<>());
      if (quanta.get(i).index() != i) {
        throw new IllegalArgumentException("quantum " + i + " has index " + quanta.get(i).index());
      }
    }
    for (Quantum q : quanta) {
      for (int u : q.upstream()) {
        if (u >= q.index()) {
          throw new IllegalArgumentException("quantum " + q.index() + " depends on later quantum " + u);
        }
        down.get(u).add(q.index());
      }
    }
    List<List<Integer>> frozen = new ArrayList<>(down.size());
    down.forEach(d -> frozen.add(List.copyOf(d)));
    this.downstream = Collections.unmodifiableList(frozen);
  }

  /** The resolved pipeline. */
  public TaskGraph tasks() {
    return tasks;
  }

  /** The RUN collection the quanta write to. */
  public String run() {
    return run;
  }

  /** The input search path as given. */
  public List<String> inputCollections() {
    return inputCollections;
  }

  /** The data-ID expression as given (empty for all). */
  public String where() {
    return where;
  }

  /** All quanta, in execution order; {@code quanta().get(i).index() == i}. */
  public List<Quantum> quanta() {
    return quanta;
  }

  /** The number of quanta. */
  public int size() {
    return quanta.size();
  }

  /** One quantum. */
  public Quantum quantum(int index) {
    return quanta.get(index);
  }

  /** Indices of the quanta that read an output of quantum {@code index}, ascending. */
  public List<Integer> downstream(int index) {
    return downstream.get(index);
  }

  /** Task label to number of quanta, in task order (tasks without quanta included, with 0). */
  public Map<String, Integer> counts() {
    Map<String, Integer> out = new LinkedHashMap<>();
    tasks.labels().forEach(l -> out.put(l, 0));
    quanta.forEach(q -> out.merge(q.task(), 1, Integer::sum));
    return Collections.unmodifiableMap(out);
  }

  /** Task label to number of quanta left out because their outputs exist ({@code --skip-existing}). */
  public Map<String, Integer> skippedExisting() {
    return skippedExisting;
  }

  /* -------------------------------------------- JSON -------------------------------------------------------- */

  /**
   * The graph as deterministic JSON: the same graph always gives the same text.
   *
   * @return JSON text
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("run", run);
    ArrayNode ins = root.putArray("input_collections");
    inputCollections.forEach(ins::add);
    root.put("where", where);
    root.set("pipeline", pipelineJson(tasks));
    ObjectNode skipped = root.putObject("skipped_existing");
    skippedExisting.forEach(skipped::put);
    ArrayNode qs = root.putArray("quanta");
    for (Quantum q : quanta) {
      ObjectNode n = qs.addObject();
      n.put("index", q.index());
      n.put("task", q.task());
      n.set("data_id", dataIdJson(q.dataId()));
      ObjectNode in = n.putObject("inputs");
      q.inputs().forEach((conn, refs) -> {
        ArrayNode a = in.putArray(conn);
        refs.forEach(r -> a.add(refJson(r)));
      });
      ObjectNode out = n.putObject("outputs");
      q.outputs().forEach((conn, r) -> out.set(conn, refJson(r)));
      ArrayNode up = n.putArray("upstream");
      q.upstream().forEach(up::add);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the quantum graph", e);
    }
  }

  /**
   * Reads a graph saved by {@link #toJson}, rebuilding its pipeline with task classes from {@code loader}.
   *
   * @param json   the saved text
   * @param source where it came from, for messages
   * @param loader class loader of the task classes
   * @return the graph
   * @throws QuantumGraphException naming {@code source} for malformed JSON, another format or version, or
   *                               inconsistent content
   */
  public static QuantumGraph fromJson(String json, String source, ClassLoader loader) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new QuantumGraphException(source + ": not a quantum graph (malformed JSON: "
          + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
      throw new QuantumGraphException(source + ": not a quantum graph of format " + FORMAT + " version " + VERSION);
    }
    try {
      TaskGraph tasks = TaskGraph.build(pipelineFromJson(root.get("pipeline"), source), List.of(), loader);
      String run = root.get("run").asText();
      List<String> ins = new ArrayList<>();
      root.get("input_collections").forEach(n -> ins.add(n.asText()));
      Map<String, Integer> skipped = new LinkedHashMap<>();
      root.get("skipped_existing").fields().forEachRemaining(e -> skipped.put(e.getKey(), e.getValue().asInt()));
      List<Quantum> quanta = new ArrayList<>();
      for (JsonNode n : root.get("quanta")) {
        TaskNode node = tasks.task(n.get("task").asText());
        Map<String, List<DatasetRef>> inputs = new LinkedHashMap<>();
        n.get("inputs").fields().forEachRemaining(e -> {
          List<DatasetRef> refs = new ArrayList<>();
          e.getValue().forEach(r -> refs.add(refFromJson(r, node.inputs().get(e.getKey()))));
          inputs.put(e.getKey(), refs);
        });
        Map<String, DatasetRef> outputs = new LinkedHashMap<>();
        n.get("outputs").fields().forEachRemaining(e ->
            outputs.put(e.getKey(), refFromJson(e.getValue(), node.outputs().get(e.getKey()))));
        List<Integer> up = new ArrayList<>();
        n.get("upstream").forEach(u -> up.add(u.asInt()));
        quanta.add(new Quantum(n.get("index").asInt(), node.label(), dataIdFromJson(n.get("data_id")), inputs,
            outputs, up));
      }
      return new QuantumGraph(tasks, run, ins, root.get("where").asText(), quanta, skipped);
    } catch (RuntimeException e) {
      if (e instanceof PipelineDefinitionException) {
        throw e;
      }
      if (e instanceof QuantumGraphException) {
        throw new QuantumGraphException(source + ": " + e.getMessage(), e);
      }
      throw new QuantumGraphException(source + ": inconsistent quantum graph: " + e, e);
    }
  }

  /** The resolved pipeline as JSON: a pipeline definition whose configs are complete and need no overrides. */
  static ObjectNode pipelineJson(TaskGraph tasks) {
    ObjectNode p = JSON.createObjectNode();
    p.put("source", tasks.source());
    p.put("description", tasks.description());
    ArrayNode ts = p.putArray("tasks");
    for (TaskNode n : tasks.tasks()) {
      ObjectNode t = ts.addObject();
      t.put("label", n.label());
      t.put("class", n.descriptor().taskClass().getName());
      try {
        t.set("config", JSON.readTree(n.configJson()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      ObjectNode renames = t.putObject("connections");
      Map<String, DatasetType> all = new LinkedHashMap<>(n.inputs());
      all.putAll(n.outputs());
      all.forEach((conn, type) -> {
        if (!conn.equals(type.name())) {
          renames.put(conn, type.name());
        }
      });
    }
    return p;
  }

  private static PipelineDefinition pipelineFromJson(JsonNode p, String source) {
    List<TaskEntry> entries = new ArrayList<>();
    for (JsonNode t : p.get("tasks")) {
      Map<String, Object> config = JSON.convertValue(t.get("config"), LinkedHashMap.class);
      Map<String, String> renames = new LinkedHashMap<>();
      t.get("connections").fields().forEachRemaining(e -> renames.put(e.getKey(), e.getValue().asText()));
      entries.add(new TaskEntry(t.get("label").asText(), t.get("class").asText(), config, renames));
    }
    return new PipelineDefinition(p.get("source").asText(source), p.get("description").asText(""), entries,
        List.of(), Map.of());
  }

  private static ObjectNode refJson(DatasetRef r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", r.id().toString());
    n.put("dataset_type", r.datasetType().name());
    n.put("run", r.run());
    n.set("data_id", dataIdJson(r.dataId()));
    n.put("exists", r.file() != null);
    if (r.file() != null) {
      ObjectNode f = n.putObject("file");
      f.put("path", r.file().path());
      f.put("size_bytes", r.file().sizeBytes());
      f.put("sha256", r.file().sha256());
    }
    return n;
  }

  private static DatasetRef refFromJson(JsonNode n, DatasetType type) {
    if (type == null || !type.name().equals(n.get("dataset_type").asText())) {
      throw new QuantumGraphException("dataset " + n + " does not match its connection's dataset type " + type);
    }
    JsonNode f = n.get("file");
    if (n.path("exists").asBoolean(false) != (f != null)) {
      throw new QuantumGraphException("dataset " + n + " has \"exists\" " + n.path("exists") + " but "
          + (f == null ? "no" : "a") + " \"file\"");
    }
    StoredFile file = f == null ? null
        : new StoredFile(f.get("path").asText(), f.get("size_bytes").asLong(), f.get("sha256").asText());
    return new DatasetRef(UUID.fromString(n.get("id").asText()), type, n.get("run").asText(),
        dataIdFromJson(n.get("data_id")), file);
  }

  static ObjectNode dataIdJson(DataId id) {
    ObjectNode n = JSON.createObjectNode();
    id.values().forEach((d, v) -> {
      if (v instanceof Number num) {
        n.put(d.key(), num.longValue());
      } else {
        n.put(d.key(), v.toString());
      }
    });
    return n;
  }

  static DataId dataIdFromJson(JsonNode n) {
    Map<String, Object> m = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(),
        e.getValue().isNumber() ? (Object) e.getValue().asLong() : e.getValue().asText()));
    return DataId.of(m);
  }

  @Override
  public String toString() {
    return "QuantumGraph[" + quanta.size() + " quanta into " + run + ", tasks " + new TreeSet<>(counts().keySet())
        + "]";
  }
}
