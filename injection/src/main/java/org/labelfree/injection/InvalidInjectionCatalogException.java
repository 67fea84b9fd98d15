package org.labelfree.injection;

import org.labelfree.image.InvalidDataException;

/**
 * An injection catalogue (or a band name given with it) that is not valid input: a missing or non-numeric required
 * column, a value out of range, an unknown band. The message names the file, the column and the first bad row.
 */
public class InvalidInjectionCatalogException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says where and what. */
  public InvalidInjectionCatalogException(String message) {
    super(message);
  }
}
