package org.labelfree.labeling.dataset;

import org.labelfree.image.InvalidDataException;

/**
 * Stamp shards that cannot be merged into one training dataset: shards with different channels, stamp size or
 * normalisation (the message names both files), a stamp whose DIA source has no DIA object, a {@code flags} column
 * of the wrong type, nothing left to write.
 */
public class DatasetException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says where and what. */
  public DatasetException(String message) {
    super(message);
  }

  /** Creates an exception with a message that says where and what, and its cause. */
  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
