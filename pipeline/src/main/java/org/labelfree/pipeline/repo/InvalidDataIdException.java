package org.labelfree.pipeline.repo;

/**
 * A data ID that does not fit a dataset type (other dimensions than the type declares).
 *
 * <p>Unchecked; the message names the object (dataset type, collection, data ID, file) and what was expected.
 */
public final class InvalidDataIdException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public InvalidDataIdException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (may be null). */
  public InvalidDataIdException(String message, Throwable cause) {
    super(message, cause);
  }
}
