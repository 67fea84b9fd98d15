package org.labelfree.wcs;

import org.labelfree.image.InvalidDataException;

/** A WCS that cannot be parsed or used: unknown or malformed CTYPE, singular CD matrix, NaN cards, ... */
public class WcsException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  public WcsException(String message) {
    super(message);
  }

  public WcsException(String message, Throwable cause) {
    super(message, cause);
  }
}
