package org.labelfree.pipeline.task;

/**
 * A task class, its connections or its config break the task contract (see {@link PipelineTask}), a config value
 * cannot be converted or is rejected by the config record, or inputs/outputs handed to {@link TaskDescriptor} do not
 * match the connections. The message names the task class or config type, the connection or config key, and what
 * was expected.
 */
public class TaskDefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, where, and what was expected
   */
  public TaskDefinitionException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, where, and what was expected
   * @param cause   the underlying exception
   */
  public TaskDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
