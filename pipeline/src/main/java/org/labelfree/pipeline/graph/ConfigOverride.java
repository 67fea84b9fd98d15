package org.labelfree.pipeline.graph;

import org.labelfree.pipeline.Messages;
import java.util.Objects;

/**
 * One {@code -c label:key=value} command-line config override. The value stays a string and is converted to the
 * component's type when the pipeline is resolved (see {@link org.labelfree.pipeline.task.TaskConfigs}); it may be
 * {@code parameters.NAME}.
 *
 * @param label the task label
 * @param key   the config key (component name or snake_case)
 * @param value the raw value, possibly empty
 */
public record ConfigOverride(String label, String key, String value) {

  /** Checks for nulls and blank label or key. */
  public ConfigOverride {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (label.isBlank() || key.isBlank()) {
      throw new IllegalArgumentException("config override needs a label and a key");
    }
  }

  /**
   * Parses {@code label:key=value}: the label ends at the first {@code :}, the key at the first {@code =} after it;
   * the value is the rest, unchanged. Label and key are stripped of surrounding spaces.
   *
   * @param text the override text
   * @return the override
   * @throws PipelineDefinitionException quoting the (sanitised) text if it has no label, key or {@code =}
   */
  public static ConfigOverride parse(String text) {
    Objects.requireNonNull(text, "text");
    int colon = text.indexOf(':');
    int eq = colon < 0 ? -1 : text.indexOf('=', colon + 1);
    if (colon <= 0 || eq < 0 || text.substring(0, colon).isBlank() || text.substring(colon + 1, eq).isBlank()) {
      throw new PipelineDefinitionException("config override '" + Messages.sanitize(text)
          + "' is malformed; expected label:key=value");
    }
    return new ConfigOverride(text.substring(0, colon).strip(), text.substring(colon + 1, eq).strip(),
        text.substring(eq + 1));
  }

  @Override
  public String toString() {
    return label + ":" + key + "=" + value;
  }
}
