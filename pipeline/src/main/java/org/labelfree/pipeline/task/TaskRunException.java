package org.labelfree.pipeline.task;

/**
 * A failure a task classifies itself, telling the executor what to do next (STYLE "Errors"): the closed set {@link
 * NoWorkFoundException}, {@link UnprocessableDataException} and {@link AlgorithmException}. Any other exception
 * from {@link PipelineTask#run} is a bug and propagates.
 */
public abstract sealed class TaskRunException extends RuntimeException
    permits NoWorkFoundException, UnprocessableDataException, AlgorithmException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure with a message naming what and where (data ID, file) and what was expected.
   *
   * @param message the message, not null
   * @param cause   the underlying exception, may be null
   */
  protected TaskRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
