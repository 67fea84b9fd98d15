package org.labelfree.pipeline.beam;

/**
 * A task raised an exception that is not a data, algorithm or repository error: a bug. It fails the Beam bundle and
 * so the run (STYLE.md: bugs are not hidden in failure reports); the message names the task and data ID.
 */
public class QuantumBugException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message and the bug's exception. */
  public QuantumBugException(String message, Throwable cause) {
    super(message, cause);
  }
}
