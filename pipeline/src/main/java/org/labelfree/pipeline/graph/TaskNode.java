package org.labelfree.pipeline.graph;

import org.labelfree.pipeline.Messages;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConfigs;
import org.labelfree.pipeline.task.TaskDescriptor;

/**
 * One resolved task of a {@link TaskGraph}: its label, checked task class, resolved config and the dataset type of
 * each connection (after renames from the pipeline's {@code connections:}).
 *
 * <p>Besides its connections, every task writes, as Gen3 does, {@code <label>_config} (storage class {@code Json},
 * no dimensions: the resolved config, the same for every quantum) and {@code <label>_metadata} (storage class
 * {@code Json}, the task's dimensions: timings, counts, versions per quantum).
 *
 * <p>Immutable and thread-safe; the tasks it makes are not (one per thread).
 */
public final class TaskNode {
  /** Storage class of {@code <label>_config} and {@code <label>_metadata}. */
  public static final String JSON_STORAGE_CLASS = "Json";

  private final String label;
  private final TaskDescriptor descriptor;
  private final Record config;
  private final Map<String, DatasetType> inputs;
  private final Map<String, DatasetType> outputs;

  TaskNode(String label, TaskDescriptor descriptor, Record config, Map<String, String> renames) {
    this.label = label;
    this.descriptor = descriptor;
    this.config = config;
    Map<String, DatasetType> in = new LinkedHashMap<>();
    Map<String, DatasetType> out = new LinkedHashMap<>();
    for (Connection c : descriptor.connections().connections()) {
      DatasetType t = c.datasetType(renames.getOrDefault(c.name(), c.name()));
      (c.isInput() ? in : out).put(c.name(), t);
    }
    this.inputs = Collections.unmodifiableMap(in);
    this.outputs = Collections.unmodifiableMap(out);
  }

  /** The task label (lower snake case). */
  public String label() {
    return label;
  }

  /** The checked task class, its connections and the input/output adapter. */
  public TaskDescriptor descriptor() {
    return descriptor;
  }

  /** The quantum dimensions of this task. */
  public Set<Dimension> dimensions() {
    return descriptor.connections().dimensions();
  }

  /** The resolved config (defaults, then YAML, then {@code -c} overrides), an instance of the config type. */
  public Record config() {
    return config;
  }

  /** The resolved config as a deterministic map, see {@link TaskConfigs#toMap}. */
  public Map<String, Object> configMap() {
    return TaskConfigs.toMap(config);
  }

  /** The resolved config as deterministic JSON (the content of {@code <label>_config}), see {@link TaskConfigs#toJson}. */
  public String configJson() {
    return TaskConfigs.toJson(config);
  }

  /** A new task instance with the resolved config; the executor makes one per thread. */
  public PipelineTask<?, ?> newTask() {
    return descriptor.newTask(config);
  }

  /** Input and prerequisite connection names to their dataset types, in declaration order; unmodifiable. */
  public Map<String, DatasetType> inputs() {
    return inputs;
  }

  /** Output connection names to their dataset types, in declaration order; unmodifiable. */
  public Map<String, DatasetType> outputs() {
    return outputs;
  }

  /**
   * The connection with this name.
   *
   * @param connectionName a connection name of this task
   * @return the connection
   * @throws IllegalArgumentException naming the task if it has no such connection
   */
  public Connection connection(String connectionName) {
    return descriptor.connections().connection(connectionName).orElseThrow(() -> new IllegalArgumentException(
        "task '" + label + "' has no connection '" + Messages.sanitize(connectionName) + "'"));
  }

  /** {@code <label>_config}: storage class Json, no dimensions. */
  public DatasetType configDatasetType() {
    return new DatasetType(label + "_config", Set.of(), JSON_STORAGE_CLASS);
  }

  /** {@code <label>_metadata}: storage class Json, the task's dimensions. */
  public DatasetType metadataDatasetType() {
    return new DatasetType(label + "_metadata", dimensions(), JSON_STORAGE_CLASS);
  }

  @Override
  public String toString() {
    return "TaskNode[" + label + ": " + descriptor.taskClass().getName() + "]";
  }
}
