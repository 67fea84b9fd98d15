package org.labelfree.pipeline.repo;

/**
 * A dataset type, collection or dataset that the registry does not have.
 *
 * <p>Unchecked; the message names the object (dataset type, collection, data ID, file) and what was expected.
 */
public final class NotFoundException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public NotFoundException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (may be null). */
  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
