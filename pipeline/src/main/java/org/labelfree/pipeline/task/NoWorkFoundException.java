package org.labelfree.pipeline.task;

/**
 * Thrown by a task that finds nothing to do for its quantum (e.g. no fakes overlap this detector). The executor
 * counts it and writes no outputs; it is not a failure, and dependents see no outputs from this quantum.
 */
public final class NoWorkFoundException extends TaskRunException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message why there is no work, naming the data (e.g. {@code "no fakes overlap visit=12 detector=3"})
   */
  public NoWorkFoundException(String message) {
    super(message, null);
  }
}
