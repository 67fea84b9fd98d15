package org.labelfree.pipeline.repo;

/**
 * A failure of the registry database (an SQL error, a schema problem), naming the operation.
 *
 * <p>Unchecked; the message names the object (dataset type, collection, data ID, file) and what was expected.
 */
public final class RegistryException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public RegistryException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (may be null). */
  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
