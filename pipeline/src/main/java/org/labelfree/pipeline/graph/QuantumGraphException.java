package org.labelfree.pipeline.graph;

/**
 * A quantum graph cannot be built or read: a task whose dimensions its inputs do not determine, an unreadable saved
 * graph. The message names the task, connection or file.
 */
public class QuantumGraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public QuantumGraphException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public QuantumGraphException(String message, Throwable cause) {
    super(message, cause);
  }
}
