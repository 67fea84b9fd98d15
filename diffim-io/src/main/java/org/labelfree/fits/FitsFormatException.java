package org.labelfree.fits;

import org.labelfree.image.InvalidDataException;

/**
 * A FITS file that is not what it must be: not FITS at all, truncated, a missing or misnamed HDU, a wrong BITPIX, a
 * malformed or missing keyword. The root of every bad-input exception of {@code org.labelfree.fits}.
 *
 * <p>Messages say where and what was expected, in the shape {@code "<file> HDU[2] (MASK): BITPIX is 16; expected 32"};
 * header text is echoed only through {@link InvalidDataException#sanitize(String)}.
 */
public class FitsFormatException extends InvalidDataException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message says where and what. */
  public FitsFormatException(String message) {
    super(message);
  }

  /** Creates an exception whose message says where and what, with its cause. */
  public FitsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
