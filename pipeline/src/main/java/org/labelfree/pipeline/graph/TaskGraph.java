package org.labelfree.pipeline.graph;

import org.labelfree.pipeline.Messages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.TaskConfigs;
import org.labelfree.pipeline.task.TaskDefinitionException;
import org.labelfree.pipeline.task.TaskDescriptor;

/**
 * A resolved pipeline: every task loaded and checked, its config resolved, and the graph between tasks inferred
 * from their connections (not from YAML order). The quantum graph and the executor start from here.
 *
 * <p>Rules: an input whose dataset type some task outputs makes an edge from that task; an input no task outputs
 * is an overall input, to be found in the input collections. Errors: a dataset type output by two tasks (including
 * the framework's {@code <label>_config} and {@code <label>_metadata}); a prerequisite input that a task outputs;
 * one dataset type name used with different dimensions or storage classes by two tasks (an inconsistent
 * connection); a cycle. Tasks are in a deterministic topological order: among tasks whose upstream tasks are all
 * placed, the smallest label first.
 *
 * <p>Immutable and thread-safe.
 */
public final class TaskGraph {
  private final String source;
  private final String description;
  private final List<TaskNode> tasks;
  private final Map<String, TaskNode> byLabel;
  private final Map<String, Set<String>> upstream;
  private final Map<String, Set<String>> downstream;
  private final Map<String, DatasetType> inputTypes;
  private final Map<String, DatasetType> prerequisiteTypes;
  private final Map<String, DatasetType> outputTypes;
  private final Map<String, String> producers;
  private final Map<String, Set<String>> consumers;

  private TaskGraph(String source, String description, List<TaskNode> tasks, Map<String, Set<String>> upstream,
      Map<String, Set<String>> downstream, Map<String, DatasetType> inputTypes,
      Map<String, DatasetType> prerequisiteTypes, Map<String, DatasetType> outputTypes,
      Map<String, String> producers, Map<String, Set<String>> consumers) {
    this.source = source;
    this.description = description;
    this.tasks = List.copyOf(tasks);
    Map<String, TaskNode> m = new LinkedHashMap<>();
    for (TaskNode t : tasks) {
      m.put(t.label(), t);
    }
    this.byLabel = Collections.unmodifiableMap(m);
    this.upstream = frozen(upstream);
    this.downstream = frozen(downstream);
    this.inputTypes = Collections.unmodifiableMap(new TreeMap<>(inputTypes));
    this.prerequisiteTypes = Collections.unmodifiableMap(new TreeMap<>(prerequisiteTypes));
    this.outputTypes = Collections.unmodifiableMap(new TreeMap<>(outputTypes));
    this.producers = Collections.unmodifiableMap(new TreeMap<>(producers));
    this.consumers = frozen(consumers);
  }

  /**
   * Resolves a pipeline: loads each task class, resolves its config (defaults, then the YAML {@code config}, then
   * the overrides for its label in order; {@code parameters.NAME} values substituted), applies connection renames,
   * then infers, checks and orders the graph.
   *
   * @param pipeline  the pipeline definition (already restricted to a subset, if any)
   * @param overrides {@code -c} overrides in command-line order; each must name a task of {@code pipeline}
   * @param loader    the class loader to load task classes from
   * @return the graph
   * @throws PipelineDefinitionException naming the source and task label for: an override of an unknown task or
   *                                     key; an unknown task class or one breaking the task contract; a bad config
   *                                     key or value or one the config record rejects; an unknown parameter; a bad
   *                                     connection rename; two producers; an inconsistent connection; a produced
   *                                     prerequisite; a cycle (naming the tasks around it)
   */
  public static TaskGraph build(PipelineDefinition pipeline, List<ConfigOverride> overrides, ClassLoader loader) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(overrides, "overrides");
    Objects.requireNonNull(loader, "loader");
    String src = pipeline.source();
    for (ConfigOverride o : overrides) {
      if (!pipeline.tasks().containsKey(o.label())) {
        throw new PipelineDefinitionException(src + ": config override -c " + Messages.sanitize(o)
            + " names unknown task '" + Messages.sanitize(o.label()) + "'; tasks are " + pipeline.tasks().keySet());
      }
    }

    /* Load the tasks and resolve their configs, in file order. */
    List<TaskNode> nodes = new ArrayList<>();
    for (TaskEntry e : pipeline.tasks().values()) {
      nodes.add(resolveTask(pipeline, e, overrides, loader));
    }

    /* Producers: each dataset type is written by at most one task (framework outputs included). */
    Map<String, String> producer = new LinkedHashMap<>();
    Map<String, DatasetType> outputTypes = new LinkedHashMap<>();
    for (TaskNode n : nodes) {
      List<DatasetType> written = new ArrayList<>(n.outputs().values());
      written.add(n.configDatasetType());
      written.add(n.metadataDatasetType());
      for (DatasetType t : written) {
        String other = producer.putIfAbsent(t.name(), n.label());
        if (other != null) {
          throw new PipelineDefinitionException(src + ": dataset type '" + t.name() + "' is produced by two tasks: '"
              + other + "' and '" + n.label() + "'; rename one output with 'connections:' or remove a task");
        }
        outputTypes.put(t.name(), t);
      }
    }

    /* Edges from producers to consumers; overall inputs; consistency of every dataset type. */
    Map<String, Set<String>> up = new TreeMap<>();
    Map<String, Set<String>> down = new TreeMap<>();
    Map<String, Set<String>> consumers = new TreeMap<>();
    Map<String, DatasetType> inputTypes = new LinkedHashMap<>();
    Map<String, String> inputDefinedBy = new LinkedHashMap<>();
    Map<String, DatasetType> prerequisites = new LinkedHashMap<>();
    for (TaskNode n : nodes) {
      up.put(n.label(), new TreeSet<>());
      down.put(n.label(), new TreeSet<>());
    }
    for (TaskNode n : nodes) {
      for (Map.Entry<String, DatasetType> in : n.inputs().entrySet()) {
        Connection c = n.connection(in.getKey());
        DatasetType t = in.getValue();
        consumers.computeIfAbsent(t.name(), k -> new TreeSet<>()).add(n.label());
        String p = producer.get(t.name());
        if (p != null) {
          if (c.kind() == Connection.Kind.PREREQUISITE) {
            throw new PipelineDefinitionException(src + ": task '" + n.label() + "' prerequisite input connection '"
                + c.name() + "' (dataset type '" + t.name() + "') is produced by task '" + p
                + "'; a prerequisite must already exist in the input collections");
          }
          DatasetType written = outputTypes.get(t.name());
          if (!written.equals(t)) {
            throw inconsistent(src, t, n.label(), c.name(), written, p);
          }
          up.get(n.label()).add(p);
          down.get(p).add(n.label());
        } else {
          DatasetType seen = inputTypes.putIfAbsent(t.name(), t);
          String other = inputDefinedBy.putIfAbsent(t.name(), n.label());
          if (seen != null && !seen.equals(t)) {
            throw inconsistent(src, t, n.label(), c.name(), seen, other);
          }
          if (c.kind() == Connection.Kind.PREREQUISITE) {
            prerequisites.put(t.name(), t);
          }
        }
      }
    }

    List<TaskNode> ordered = order(src, nodes, up);
    return new TaskGraph(src, pipeline.description(), ordered, up, down, inputTypes, prerequisites, outputTypes,
        producer, consumers);
  }

  /** Where the pipeline came from (file, resource, {@code #subset}). */
  public String source() {
    return source;
  }

  /** The pipeline description, empty if none. */
  public String description() {
    return description;
  }

  /** The tasks in topological order (ties by label); unmodifiable. */
  public List<TaskNode> tasks() {
    return tasks;
  }

  /** The task labels in topological order. */
  public List<String> labels() {
    return List.copyOf(byLabel.keySet());
  }

  /**
   * The task with this label.
   *
   * @param label a task label
   * @return the task
   * @throws IllegalArgumentException naming the label and the known ones if there is none
   */
  public TaskNode task(String label) {
    TaskNode t = byLabel.get(label);
    if (t == null) {
      throw new IllegalArgumentException("no task '" + Messages.sanitize(label) + "' in " + source + "; tasks are "
          + byLabel.keySet());
    }
    return t;
  }

  /**
   * The labels of the tasks that produce this task's inputs (its direct upstream tasks).
   *
   * @param label a task label
   * @return labels, sorted; unmodifiable
   * @throws IllegalArgumentException for an unknown label
   */
  public Set<String> upstream(String label) {
    task(label);
    return upstream.get(label);
  }

  /**
   * The labels of the tasks that consume this task's outputs (its direct downstream tasks).
   *
   * @param label a task label
   * @return labels, sorted; unmodifiable
   * @throws IllegalArgumentException for an unknown label
   */
  public Set<String> downstream(String label) {
    task(label);
    return downstream.get(label);
  }

  /**
   * The task that produces a dataset type.
   *
   * @param datasetTypeName a dataset type name
   * @return its producer's label, or empty if no task of the pipeline produces it
   */
  public Optional<String> producer(String datasetTypeName) {
    return Optional.ofNullable(producers.get(datasetTypeName));
  }

  /**
   * The tasks that read a dataset type.
   *
   * @param datasetTypeName a dataset type name
   * @return labels, sorted; empty if none; unmodifiable
   */
  public Set<String> consumers(String datasetTypeName) {
    return consumers.getOrDefault(datasetTypeName, Set.of());
  }

  /** The overall inputs: dataset types read but produced by no task (prerequisites included), by name, sorted. */
  public Map<String, DatasetType> inputDatasetTypes() {
    return inputTypes;
  }

  /** The overall inputs read by at least one task as a prerequisite, by name, sorted. */
  public Map<String, DatasetType> prerequisiteDatasetTypes() {
    return prerequisiteTypes;
  }

  /**
   * The dataset types the pipeline writes: every output connection plus each task's {@code <label>_config} and
   * {@code <label>_metadata}, by name, sorted.
   */
  public Map<String, DatasetType> outputDatasetTypes() {
    return outputTypes;
  }

  /** Every dataset type the pipeline reads or writes, by name, sorted. */
  public Map<String, DatasetType> datasetTypes() {
    Map<String, DatasetType> all = new TreeMap<>(inputTypes);
    all.putAll(outputTypes);
    return Collections.unmodifiableMap(all);
  }

  @Override
  public String toString() {
    return "TaskGraph[" + source + ", " + labels() + "]";
  }

  /* ---------------------------------------------------------------------------------------------------------- */

  private static TaskNode resolveTask(PipelineDefinition pipeline, TaskEntry e, List<ConfigOverride> overrides,
      ClassLoader loader) {
    String where = pipeline.source() + ": task '" + e.label() + "'";
    TaskDescriptor d;
    try {
      d = TaskDescriptor.forName(e.className(), loader);
    } catch (TaskDefinitionException ex) {
      throw new PipelineDefinitionException(where + ": " + ex.getMessage(), ex);
    }
    Class<? extends Record> type = d.configType();

    /* Merge YAML config and -c overrides by component name; later wins, parameters substituted. */
    Map<String, Object> merged = new LinkedHashMap<>();
    Map<String, String> yamlKeys = new LinkedHashMap<>();
    for (Map.Entry<String, Object> c : e.config().entrySet()) {
      String context = where + " config";
      String name = componentName(context, type, c.getKey());
      String previous = yamlKeys.put(name, c.getKey());
      if (previous != null) {
        throw new PipelineDefinitionException(context + ": keys '" + Messages.sanitize(previous) + "' and '"
            + Messages.sanitize(c.getKey()) + "' both set " + name);
      }
      merged.put(name, substitute(context, pipeline.parameters(), c.getKey(), c.getValue()));
    }
    for (ConfigOverride o : overrides) {
      if (o.label().equals(e.label())) {
        String context = where + ": -c " + Messages.sanitize(o);
        String name = componentName(context, type, o.key());
        merged.put(name, substitute(context, pipeline.parameters(), o.key(), o.value()));
      }
    }
    Record config;
    try {
      config = d.resolveConfig(merged);
    } catch (TaskDefinitionException ex) {
      throw new PipelineDefinitionException(where + ": " + ex.getMessage(), ex);
    }

    /* Connection renames. */
    for (Map.Entry<String, String> r : e.connections().entrySet()) {
      Optional<Connection> c = d.connections().connection(r.getKey());
      if (c.isEmpty()) {
        List<String> names = new ArrayList<>();
        d.connections().connections().forEach(x -> names.add(x.name()));
        throw new PipelineDefinitionException(where + ": connections: unknown connection '"
            + Messages.sanitize(r.getKey()) + "'; connections are " + names);
      }
      try {
        c.get().datasetType(r.getValue());
      } catch (IllegalArgumentException ex) {
        throw new PipelineDefinitionException(where + ": connections." + r.getKey() + ": " + ex.getMessage(), ex);
      }
    }
    return new TaskNode(e.label(), d, config, e.connections());
  }

  private static String componentName(String context, Class<? extends Record> type, String key) {
    try {
      return TaskConfigs.componentName(type, key);
    } catch (TaskDefinitionException ex) {
      throw new PipelineDefinitionException(context + ": " + ex.getMessage(), ex);
    }
  }

  private static Object substitute(String context, Map<String, Object> parameters, String key, Object value) {
    if (value instanceof String s && s.startsWith("parameters.")) {
      String name = s.substring("parameters.".length());
      if (!parameters.containsKey(name)) {
        throw new PipelineDefinitionException(context + ": key '" + Messages.sanitize(key) + "' refers to unknown parameter '"
            + Messages.sanitize(name) + "'; parameters are " + parameters.keySet());
      }
      return parameters.get(name);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object item : l) {
        out.add(substitute(context, parameters, key, item));
      }
      return out;
    }
    return value;
  }

  private static PipelineDefinitionException inconsistent(String src, DatasetType t, String label, String connection,
      DatasetType other, String otherLabel) {
    return new PipelineDefinitionException(src + ": inconsistent connection for dataset type '" + t.name()
        + "': task '" + label + "' connection '" + connection + "' declares it " + describe(t) + ", but task '"
        + otherLabel + "' declares it " + describe(other));
  }

  private static String describe(DatasetType t) {
    return t.storageClass() + " with dimensions " + t.dimensions();
  }

  private static List<TaskNode> order(String src, List<TaskNode> nodes, Map<String, Set<String>> up) {
    Map<String, TaskNode> byLabel = new TreeMap<>();
    Map<String, Integer> pending = new TreeMap<>();
    for (TaskNode n : nodes) {
      byLabel.put(n.label(), n);
      pending.put(n.label(), up.get(n.label()).size());
    }
    TreeSet<String> ready = new TreeSet<>();
    pending.forEach((label, count) -> {
      if (count == 0) {
        ready.add(label);
      }
    });
    List<TaskNode> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      String label = ready.pollFirst();
      out.add(byLabel.get(label));
      pending.remove(label);
      for (Map.Entry<String, Integer> p : pending.entrySet()) {
        if (up.get(p.getKey()).contains(label)) {
          p.setValue(p.getValue() - 1);
          if (p.getValue() == 0) {
            ready.add(p.getKey());
          }
        }
      }
    }
    if (!pending.isEmpty()) {
      throw new PipelineDefinitionException(src + ": the tasks form a cycle: " + cycle(pending.keySet(), up)
          + " (each arrow: a task whose output the next one reads)");
    }
    return out;
  }

  private static String cycle(Set<String> remaining, Map<String, Set<String>> up) {
    /* Every remaining task has a remaining upstream task: walk upstream until a task repeats. */
    List<String> walk = new ArrayList<>();
    String at = remaining.iterator().next();
    while (!walk.contains(at)) {
      walk.add(at);
      String next = null;
      for (String u : up.get(at)) {
        if (remaining.contains(u)) {
          next = u;
          break;
        }
      }
      at = next;
    }
    List<String> loop = new ArrayList<>(walk.subList(walk.indexOf(at), walk.size()));
    Collections.reverse(loop);
    Collections.rotate(loop, -loop.indexOf(Collections.min(loop)));
    loop.add(loop.get(0));
    return String.join(" -> ", loop);
  }

  private static Map<String, Set<String>> frozen(Map<String, Set<String>> m) {
    Map<String, Set<String>> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, Collections.unmodifiableSet(new TreeSet<>(v))));
    return Collections.unmodifiableMap(out);
  }
}
