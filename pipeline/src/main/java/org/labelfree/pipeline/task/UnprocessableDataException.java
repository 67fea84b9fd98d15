package org.labelfree.pipeline.task;

/**
 * Thrown by a task whose inputs are too bad for any algorithm (e.g. all pixels masked). The executor reports the
 * quantum as skipped, with this message as the reason.
 */
public final class UnprocessableDataException extends TaskRunException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong with which data, and what was expected
   */
  public UnprocessableDataException(String message) {
    super(message, null);
  }

  /**
   * @param message what is wrong with which data, and what was expected
   * @param cause   the underlying exception, may be null
   */
  public UnprocessableDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
