package org.labelfree.stamps;

import org.labelfree.image.InvalidDataException;

/**
 * An HDF5 file is not a valid stamp shard: not HDF5, {@code /stamps} missing or of the wrong rank or type, a column
 * of the wrong length or type, an attribute missing. The message names the file and the dataset or attribute.
 */
public class StampShardException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says where and what. */
  public StampShardException(String message) {
    super(message);
  }

  /** Creates an exception with a message that says where and what, and its cause. */
  public StampShardException(String message, Throwable cause) {
    super(message, cause);
  }
}
