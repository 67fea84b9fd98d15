package org.labelfree.pipeline.graph;

import java.util.List;
import java.util.Objects;

/**
 * A named subset of a pipeline's tasks, selected with {@code -p pipeline.yaml#name}.
 *
 * @param name        the subset name
 * @param labels      the task labels, in the order written (copied)
 * @param description a description, empty if none
 */
public record Subset(String name, List<String> labels, String description) {

  /** Copies. */
  public Subset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    labels = List.copyOf(labels);
  }
}
