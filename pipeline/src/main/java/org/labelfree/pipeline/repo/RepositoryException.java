package org.labelfree.pipeline.repo;

/**
 * The root of the data repository's exceptions (registry, datastore, formatters).
 *
 * <p>Unchecked; the message names the object (dataset type, collection, data ID, file) and what was expected.
 */
public class RepositoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public RepositoryException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (may be null). */
  public RepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
