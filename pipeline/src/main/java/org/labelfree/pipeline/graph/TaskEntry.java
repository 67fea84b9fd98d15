package org.labelfree.pipeline.graph;

import org.labelfree.pipeline.Messages;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One task of a pipeline as written in YAML, before its class is loaded.
 *
 * <pre>
 * tasks:
 *   summary: org.example.SummaryTask            # short form
 *   detect:
 *     class: org.example.DetectTask
 *     config: {threshold: 5.0, polarity: both}  # keys: component names or their snake_case
 *     connections: {calexp: injected_calexp}    # optional: connection name to dataset type name
 * </pre>
 *
 * @param label       the task label: lower snake case, at most 55 characters (so {@code <label>_metadata} is a
 *                    valid dataset type name)
 * @param className   the fully qualified task class name
 * @param config      config keys to raw values (numbers, booleans, strings, lists; {@code parameters.NAME} strings
 *                    not yet substituted); copied, order kept
 * @param connections connection names to dataset type names, for renamed connections; copied, order kept
 */
public record TaskEntry(String label, String className, Map<String, Object> config,
    Map<String, String> connections) {

  /** Validates the label and copies the maps. */
  public TaskEntry {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(className, "className");
    if (!PipelineDefinition.LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("task label must be lower snake case ([a-z][a-z0-9_]*, at most 55), but was '"
          + Messages.sanitize(label) + "'");
    }
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    connections = Collections.unmodifiableMap(new LinkedHashMap<>(connections));
  }
}
