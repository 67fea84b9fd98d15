package org.labelfree.pipeline.repo;

/**
 * A folder that is not a labelfree repository: {@code butler.yaml} or the registry is missing, malformed or of
 * another schema version.
 *
 * <p>Unchecked; the message names the object (dataset type, collection, data ID, file) and what was expected.
 */
public final class NotARepositoryException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public NotARepositoryException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (may be null). */
  public NotARepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
