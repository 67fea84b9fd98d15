package org.labelfree.pipeline.repo;

/**
 * A collection or run name that is not allowed, e.g. one that could escape the datastore folder ({@code ..}, an
 * absolute path, an empty segment, a backslash, NUL or another control character).
 *
 * <p>Unchecked; the message names the object (dataset type, collection, data ID, file) and what was expected.
 */
public final class InvalidNameException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public InvalidNameException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause (may be null). */
  public InvalidNameException(String message, Throwable cause) {
    super(message, cause);
  }
}
