package org.labelfree.training;

/**
 * A model directory that cannot be used: {@code model.json} missing or of the wrong format or version, parameters
 * missing, or a shape that does not match the stamps. The message names the directory and what was expected.
 */
public class ModelDirectoryException extends org.labelfree.image.InvalidDataException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the directory. */
  public ModelDirectoryException(String message) {
    super(message);
  }

  /** With a message naming the directory and the cause. */
  public ModelDirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
