package org.labelfree.labeling.stamps;

import org.labelfree.image.InvalidDataException;

/**
 * Bad input to stamp cutting: a DIA source catalogue without a required column, or with a value that cannot be
 * stored (non-finite position, label out of int8). The message names the dataset, the row and the column.
 */
public class StampInputException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says where and what. */
  public StampInputException(String message) {
    super(message);
  }
}
