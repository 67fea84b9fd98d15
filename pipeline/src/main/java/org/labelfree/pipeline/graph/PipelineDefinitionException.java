package org.labelfree.pipeline.graph;

/**
 * A pipeline cannot be loaded or resolved: malformed YAML (with line and column), an unknown or invalid task class,
 * a bad config key or value, a bad subset, a bad {@code -c} override, a cycle, two producers of one dataset type, or
 * an inconsistent connection. The message names the pipeline source, the task label and what was expected. Thrown
 * before any work starts.
 */
public class PipelineDefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, where, and what was expected
   */
  public PipelineDefinitionException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, where, and what was expected
   * @param cause   the underlying exception
   */
  public PipelineDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
