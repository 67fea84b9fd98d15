package org.labelfree.pipeline.task;

import org.labelfree.pipeline.Messages;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;

/**
 * One declared connection of a task: a dataset that flows in or out, declared once as a typed constant, e.g.
 *
 * <pre>{@code
 * static final Connection CALEXP = Connection.input("calexp", "Exposure",
 *     Set.of(INSTRUMENT, VISIT, DETECTOR), "the calibrated exposure");
 * }</pre>
 *
 * <p>The connection name is LSST snake_case; it is also the default dataset type name (a pipeline may rename the
 * dataset type, never the connection) and, in lower camel case, the record component of the task's inputs or
 * outputs ({@link #componentName()}).
 *
 * @param name         snake_case connection name: a lower-case letter, then lower-case letters, digits and single
 *                     underscores (at most 64)
 * @param kind         input, prerequisite input or output
 * @param storageClass storage class name (which formatter reads and writes it), e.g. {@code Exposure}
 * @param dimensions   the dataset's dimensions (copied; may be empty)
 * @param multiple     for inputs: the quantum receives a list of all datasets of this type whose data IDs match the
 *                     quantum's on the shared dimensions (a gather); always false for outputs
 * @param optional     for inputs: the quantum runs even if no dataset exists (the component is then null, or an
 *                     empty list if {@code multiple}); always false for outputs
 * @param minimum      for {@code multiple} inputs: the fewest datasets the quantum runs with (at least 1, default 1;
 *                     as Gen3's {@code minimum}): a quantum is not built with fewer, and at execution, when the
 *                     quanta producing some of them did not succeed, it runs with the rest only if at least this
 *                     many remain; ignored for optional inputs (they may be empty); always 1 for single inputs and
 *                     outputs
 * @param doc          one-line description, not blank
 */
public record Connection(String name, Kind kind, String storageClass, Set<Dimension> dimensions, boolean multiple,
    boolean optional, int minimum, String doc) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

  /** What a connection is to its task. */
  public enum Kind {
    /** A regular input; may be produced by an upstream task or come from the input collections. */
    INPUT,
    /** An input that must already exist in the input collections; never produced by a task of the pipeline. */
    PREREQUISITE,
    /** An output the task produces. */
    OUTPUT
  }

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException for a malformed name or storage class, a blank doc, {@code multiple}/{@code
   *                                  optional} on an output, or a {@code minimum} below 1 or other than 1 on a
   *                                  connection that is not a multiple input
   */
  public Connection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(storageClass, "storageClass");
    Objects.requireNonNull(dimensions, "dimensions");
    Objects.requireNonNull(doc, "doc");
    if (name.length() > 64 || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("connection name must be lower snake case ([a-z][a-z0-9]*(_[a-z0-9]+)*,"
          + " at most 64), but was '" + Messages.sanitize(name) + "'");
    }
    /* Reuse DatasetType's validation of the storage class. */
    new DatasetType(name, dimensions, storageClass);
    if (doc.isBlank()) {
      throw new IllegalArgumentException("connection " + name + " needs a one-line doc");
    }
    if (kind == Kind.OUTPUT && (multiple || optional)) {
      throw new IllegalArgumentException("output connection " + name + " cannot be multiple or optional");
    }
    if (minimum < 1 || (!multiple && minimum != 1)) {
      throw new IllegalArgumentException("connection " + name + ": minimum must be >= 1"
          + (multiple ? "" : " and is 1 unless the input is multiple") + ", but was " + minimum);
    }
    dimensions = dimensions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(dimensions));
  }

  /**
   * A regular input connection (single, required).
   *
   * @param name         snake_case connection name
   * @param storageClass storage class name
   * @param dimensions   the dataset's dimensions
   * @param doc          one-line description
   * @return the connection
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static Connection input(String name, String storageClass, Set<Dimension> dimensions, String doc) {
    return new Connection(name, Kind.INPUT, storageClass, dimensions, false, false, 1, doc);
  }

  /**
   * A prerequisite input: must exist in the input collections before the run; no task of the pipeline may produce
   * it.
   *
   * @param name         snake_case connection name
   * @param storageClass storage class name
   * @param dimensions   the dataset's dimensions
   * @param doc          one-line description
   * @return the connection
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static Connection prerequisite(String name, String storageClass, Set<Dimension> dimensions, String doc) {
    return new Connection(name, Kind.PREREQUISITE, storageClass, dimensions, false, false, 1, doc);
  }

  /**
   * An output connection.
   *
   * @param name         snake_case connection name
   * @param storageClass storage class name
   * @param dimensions   the dataset's dimensions (a subset of the task's dimensions)
   * @param doc          one-line description
   * @return the connection
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static Connection output(String name, String storageClass, Set<Dimension> dimensions, String doc) {
    return new Connection(name, Kind.OUTPUT, storageClass, dimensions, false, false, 1, doc);
  }

  /**
   * This input as a gather: the task receives a {@code List} of every matching dataset.
   *
   * @return a copy with {@code multiple = true}
   * @throws IllegalArgumentException if this is an output
   */
  public Connection asMultiple() {
    return new Connection(name, kind, storageClass, dimensions, true, optional, minimum, doc);
  }

  /**
   * This multiple input with another minimum number of datasets, e.g. a gather that makes sense only with at least
   * 3 detectors.
   *
   * @param minimum the fewest datasets the quantum runs with (>= 1)
   * @return a copy with this {@code minimum}
   * @throws IllegalArgumentException if this is not a multiple input or {@code minimum < 1}
   */
  public Connection withMinimum(int minimum) {
    return new Connection(name, kind, storageClass, dimensions, multiple, optional, minimum, doc);
  }

  /**
   * The fewest datasets of this input with which a quantum can run: 0 for an optional input, {@link #minimum()}
   * for a multiple one, 1 for a single one.
   *
   * @return the required count (0 for outputs)
   */
  public int requiredCount() {
    if (!isInput() || optional) {
      return 0;
    }
    return multiple ? minimum : 1;
  }

  /**
   * This input as optional: the quantum runs without it.
   *
   * @return a copy with {@code optional = true}
   * @throws IllegalArgumentException if this is an output
   */
  public Connection asOptional() {
    return new Connection(name, kind, storageClass, dimensions, multiple, true, minimum, doc);
  }

  /** True for inputs and prerequisite inputs. */
  public boolean isInput() {
    return kind != Kind.OUTPUT;
  }

  /** The record component that carries this connection: lower camel case of the name ({@code a_bc_d -> aBcD}). */
  public String componentName() {
    StringBuilder b = new StringBuilder(name.length());
    boolean up = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return b.toString();
  }

  /** The dataset type this connection reads or writes under its default name (the connection name). */
  public DatasetType datasetType() {
    return datasetType(name);
  }

  /**
   * The dataset type this connection reads or writes when the pipeline renames it.
   *
   * @param datasetTypeName the dataset type name to use
   * @return the dataset type with this connection's dimensions and storage class
   * @throws IllegalArgumentException if the name is not a valid dataset type name
   */
  public DatasetType datasetType(String datasetTypeName) {
    return new DatasetType(datasetTypeName, dimensions, storageClass);
  }
}
