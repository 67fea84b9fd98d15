package org.labelfree.pipeline.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.labelfree.pipeline.repo.Dimension;

/**
 * A task's declared dimensions (those of its quantum's data ID, e.g. {instrument, visit, detector}) and its
 * connections, in declaration order.
 *
 * <p>Rules (checked here): connection names and their component names are unique; a single (non-{@link
 * Connection#multiple() multiple}) input's dimensions and every output's dimensions are a subset of (or equal to)
 * the task dimensions. A multiple input may have any dimensions: typically more than the task (a gather, e.g. all
 * stamp shards of the run into one training quantum with no dimensions); the quantum receives every dataset whose
 * data ID agrees with the quantum's on the shared dimensions. Other relations (a visit to the tract overlapping it)
 * are not supported yet.
 *
 * @param dimensions  the quantum's dimensions (copied; may be empty)
 * @param connections the connections (copied; order kept)
 */
public record TaskConnections(Set<Dimension> dimensions, List<Connection> connections) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException naming the connection for a duplicate name or dimensions not allowed above
   */
  public TaskConnections {
    Objects.requireNonNull(dimensions, "dimensions");
    connections = List.copyOf(connections);
    dimensions = dimensions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(dimensions));
    Set<String> names = new HashSet<>();
    Set<String> components = new HashSet<>();
    for (Connection c : connections) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("connection " + c.name() + " is declared twice");
      }
      if (!components.add(c.componentName())) {
        throw new IllegalArgumentException("connection " + c.name() + " has the same component name "
            + c.componentName() + " as another connection");
      }
      if (!c.multiple() && !dimensions.containsAll(c.dimensions())) {
        throw new IllegalArgumentException((c.isInput() ? "input " : "output ") + c.name() + " has dimensions "
            + c.dimensions() + " that are not a subset of the task dimensions " + dimensions
            + (c.isInput() ? "; declare it multiple (a gather) or change the task dimensions" : ""));
      }
    }
  }

  /**
   * Connections and dimensions as varargs.
   *
   * @param dimensions  the quantum's dimensions
   * @param connections the connections, in order
   * @return the bundle
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static TaskConnections of(Set<Dimension> dimensions, Connection... connections) {
    return new TaskConnections(dimensions, List.of(connections));
  }

  /** The input and prerequisite connections, in declaration order. */
  public List<Connection> inputs() {
    List<Connection> out = new ArrayList<>();
    for (Connection c : connections) {
      if (c.isInput()) {
        out.add(c);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The output connections, in declaration order. */
  public List<Connection> outputs() {
    List<Connection> out = new ArrayList<>();
    for (Connection c : connections) {
      if (!c.isInput()) {
        out.add(c);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The connection with this name.
   *
   * @param name a connection name
   * @return the connection, or empty
   */
  public Optional<Connection> connection(String name) {
    for (Connection c : connections) {
      if (c.name().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
