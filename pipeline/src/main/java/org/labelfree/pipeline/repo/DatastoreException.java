package org.labelfree.pipeline.repo;

/**
 * A datastore failure: a file that cannot be written or read, a formatter that failed, a stored file whose size or
 * checksum does not match the registry, a storage class without a formatter.
 *
 * <p>Unchecked; the message names the object (dataset type, collection, data ID, file) and what was expected.
 */
public final class DatastoreException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public DatastoreException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (may be null). */
  public DatastoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
