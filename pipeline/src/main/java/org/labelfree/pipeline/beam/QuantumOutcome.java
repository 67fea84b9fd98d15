package org.labelfree.pipeline.beam;

import java.io.Serializable;
import java.util.Objects;

/**
 * What became of one quantum. Serializable: it travels between Beam stages.
 *
 * @param index     the quantum's index in its graph
 * @param task      the task label
 * @param dataId    the quantum's data ID as canonical text
 * @param status    the outcome
 * @param exception for FAILED: the exception class name; for SKIPPED: empty
 * @param message   for FAILED: the exception message (sanitised); for SKIPPED (naming the short connection and its
 *                  missing data IDs) and NO_WORK: the reason; else empty
 */
public record QuantumOutcome(int index, String task, String dataId, Status status, String exception, String message)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The outcomes of a quantum. */
  public enum Status {
    /** Ran and wrote all its outputs and its metadata. */
    SUCCEEDED,
    /** Ran and found nothing to do ({@code NoWorkFoundException}): metadata written, no outputs. */
    NO_WORK,
    /** Raised an exception; recorded in {@code <label>_failure} and the run report. */
    FAILED,
    /**
     * Not run (or stopped with unprocessable data): an input connection was left with fewer datasets than it needs
     * because upstream quanta failed, were skipped or wrote no outputs. A quantum that ran with fewer gathered
     * inputs is SUCCEEDED.
     */
    SKIPPED
  }

  /** Checks the fields. */
  public QuantumOutcome {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(dataId, "dataId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(exception, "exception");
    Objects.requireNonNull(message, "message");
  }

  /** True if the quantum's outputs exist for its dependents. */
  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }
}
