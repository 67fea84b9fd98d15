package org.labelfree.pipeline.repo;

/**
 * A definition or content that contradicts what the repository already holds: a dataset type registered with other
 * dimensions or storage class, a collection of another type, different bytes for an existing dataset, a collection
 * chain that would form a cycle, two datasets mapping to one file.
 *
 * <p>Unchecked; the message names the object (dataset type, collection, data ID, file) and what was expected.
 */
public final class ConflictException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public ConflictException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (may be null). */
  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
