package org.labelfree.catalog;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The declaration of one catalogue column: name, type, unit and one-line description (no values).
 *
 * <p>Names are safe as SQL and FITS identifiers: an ASCII letter or underscore, then letters, digits or underscores,
 * at most 64 characters ({@code [A-Za-z_][A-Za-z0-9_]{0,63}}). Units and descriptions are printable ASCII
 * (0x20-0x7E), so that they fit in a FITS header; the empty string means "none".
 *
 * @param name        column name (see above)
 * @param type        value type
 * @param unit        unit, e.g. {@code "deg"}, {@code "nJy"}, {@code "pix"}; {@code ""} for none
 * @param description one-line description; {@code ""} for none
 */
public record ColumnSpec(String name, ColumnType type, String unit, String description) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /** Validates every component; throws {@link IllegalArgumentException} naming the bad one. */
  public ColumnSpec {
    checkName(name);
    Objects.requireNonNull(type, "type");
    checkText("unit of column " + name, unit);
    checkText("description of column " + name, description);
  }

  /** A column without unit or description. */
  public static ColumnSpec of(String name, ColumnType type) {
    return new ColumnSpec(name, type, "", "");
  }

  /** True when {@code name} is a valid column name (see the class comment). */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Checks a column name.
   *
   * @throws IllegalArgumentException if it is null, blank or not {@code [A-Za-z_][A-Za-z0-9_]{0,63}}
   */
  public static void checkName(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "column name '" + org.labelfree.image.InvalidDataException.sanitize(name)
              + "' is not valid; expected an ASCII letter or '_' then letters, digits or '_', at most 64 characters");
    }
  }

  /** True when {@code text} is non-null printable ASCII (0x20-0x7E). */
  static boolean isPrintableAscii(String text) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static void checkText(String what, String text) {
    Objects.requireNonNull(text, what);
    if (!isPrintableAscii(text)) {
      throw new IllegalArgumentException(
          what + " '" + org.labelfree.image.InvalidDataException.sanitize(text)
              + "' is not valid; expected printable ASCII on one line");
    }
  }
}
