package org.labelfree.pipeline.beam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.labelfree.pipeline.repo.DatasetType;

/**
 * The summary of one execution of a quantum graph: outcome counts per task and every quantum that did not succeed.
 * Written by the last Beam stage as the dataset {@code pipetask_report} (Json, no dimensions) of the output run,
 * and printed by {@code pipetask run}.
 *
 * @param run      the output run
 * @param total    the number of quanta executed
 * @param counts   task label to status to count (all four statuses, tasks in graph order)
 * @param problems the outcomes that are not SUCCEEDED, by quantum index
 */
public record ExecutionReport(String run, int total, Map<String, Map<QuantumOutcome.Status, Integer>> counts,
    List<QuantumOutcome> problems) {

  /** The dataset type of the report. */
  public static final DatasetType DATASET_TYPE = new DatasetType("pipetask_report", Set.of(), "Json");

  /** Copies. */
  public ExecutionReport {
    Map<String, Map<QuantumOutcome.Status, Integer>> c = new LinkedHashMap<>();
    counts.forEach((k, v) -> c.put(k, Collections.unmodifiableMap(new EnumMap<>(v))));
    counts = Collections.unmodifiableMap(c);
    problems = List.copyOf(problems);
  }

  /**
   * The report of a set of outcomes.
   *
   * @param run      the output run
   * @param labels   task labels in graph order
   * @param outcomes the outcomes, any order
   * @return the report, problems sorted by index
   */
  public static ExecutionReport of(String run, List<String> labels, Iterable<QuantumOutcome> outcomes) {
    Map<String, Map<QuantumOutcome.Status, Integer>> counts = new LinkedHashMap<>();
    for (String l : labels) {
      Map<QuantumOutcome.Status, Integer> m = new EnumMap<>(QuantumOutcome.Status.class);
      for (QuantumOutcome.Status s : QuantumOutcome.Status.values()) {
        m.put(s, 0);
      }
      counts.put(l, m);
    }
    TreeMap<Integer, QuantumOutcome> problems = new TreeMap<>();
    int total = 0;
    for (QuantumOutcome o : outcomes) {
      total++;
      counts.get(o.task()).merge(o.status(), 1, Integer::sum);
      if (!o.succeeded()) {
        problems.put(o.index(), o);
      }
    }
    return new ExecutionReport(run, total, counts, new ArrayList<>(problems.values()));
  }

  /** The number of quanta with this status. */
  public int count(QuantumOutcome.Status status) {
    int n = 0;
    for (Map<QuantumOutcome.Status, Integer> m : counts.values()) {
      n += m.getOrDefault(status, 0);
    }
    return n;
  }

  /**
   * True if no quantum failed. Quanta skipped because their data were unprocessable (and their dependents) do not
   * count: unprocessable data are a property of the data, not a failure of the run.
   */
  public boolean ok() {
    return count(QuantumOutcome.Status.FAILED) == 0;
  }

  /** The report as a JSON-ready map (deterministic order). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", run);
    m.put("total", total);
    Map<String, Object> c = new LinkedHashMap<>();
    counts.forEach((task, byStatus) -> {
      Map<String, Integer> s = new LinkedHashMap<>();
      byStatus.forEach((k, v) -> s.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
      c.put(task, s);
    });
    m.put("counts", c);
    List<Map<String, Object>> p = new ArrayList<>();
    for (QuantumOutcome o : problems) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("index", o.index());
      e.put("task", o.task());
      e.put("data_id", o.dataId());
      e.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
      e.put("exception", o.exception());
      e.put("message", o.message());
      p.add(e);
    }
    m.put("problems", p);
    return m;
  }

  /**
   * Reads a report from its JSON form ({@link #toMap}).
   *
   * @param n the JSON tree
   * @return the report
   */
  public static ExecutionReport fromJson(JsonNode n) {
    Map<String, Map<QuantumOutcome.Status, Integer>> counts = new LinkedHashMap<>();
    n.get("counts").fields().forEachRemaining(e -> {
      Map<QuantumOutcome.Status, Integer> m = new EnumMap<>(QuantumOutcome.Status.class);
      e.getValue().fields().forEachRemaining(s -> m.put(
          QuantumOutcome.Status.valueOf(s.getKey().toUpperCase(java.util.Locale.ROOT)), s.getValue().asInt()));
      counts.put(e.getKey(), m);
    });
    List<QuantumOutcome> problems = new ArrayList<>();
    for (JsonNode p : n.get("problems")) {
      problems.add(new QuantumOutcome(p.get("index").asInt(), p.get("task").asText(), p.get("data_id").asText(),
          QuantumOutcome.Status.valueOf(p.get("status").asText().toUpperCase(java.util.Locale.ROOT)),
          p.get("exception").asText(), p.get("message").asText()));
    }
    return new ExecutionReport(n.get("run").asText(), n.get("total").asInt(), counts, problems);
  }
}
