package org.labelfree.pipeline.beam;

/**
 * A pipeline run cannot start or the runner itself failed (not a task: a failing task fails only its quantum and
 * is reported in the {@link ExecutionReport}). The message says what and where.
 */
public class PipetaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public PipetaskException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public PipetaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
