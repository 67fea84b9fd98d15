package org.labelfree.catalog;

import org.labelfree.image.InvalidDataException;

/**
 * A catalogue file (Parquet, FITS binary table or CSV) is not what it must be. The message names the file and where
 * in it (HDU and keyword, line and column, or column name) and what was expected; text from the file is sanitised.
 */
public class CatalogFormatException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says where and what. */
  public CatalogFormatException(String message) {
    super(message);
  }

  /** Creates an exception with a message that says where and what, and its cause. */
  public CatalogFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
