package org.labelfree.wcs;

import org.labelfree.image.InvalidDataException;

/** A WCS that cannot be parsed or used: unknown or malformed CTYPE, singular CD matrix, NaN cards, ... */
public class WcsException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names where (file, HDU), the keyword, and what was expected. */
  public WcsException(String message) {
    super(message);
  }

  /** Creates an exception with a where/keyword/expected message and its cause. */
  public WcsException(String message, Throwable cause) {
    super(message, cause);
  }
}
