package org.labelfree.labeling.objects;

import org.labelfree.image.InvalidDataException;

/**
 * DIA sources that cannot be associated: a required column missing or of the wrong type, a repeated
 * {@code diaSourceId}, a position that is not finite. The message names the catalogue, column and row.
 */
public class DiaObjectException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says where and what. */
  public DiaObjectException(String message) {
    super(message);
  }

  /** Creates an exception with a message that says where and what, and its cause. */
  public DiaObjectException(String message, Throwable cause) {
    super(message, cause);
  }
}
