package org.labelfree.fits;

import java.util.Locale;
import java.util.Objects;

/**
 * Which HDU of a FITS file to read, as cfitsio's extended file names say it: nothing ({@code FILE}), a 0-based index
 * ({@code FILE[2]}, 0 = primary) or an extension name with an optional version ({@code FILE[MASK]},
 * {@code FILE[SCI,2]}; names compare case-insensitively). A closed set; instances are immutable.
 */
public sealed interface HduSelector permits HduSelector.Default, HduSelector.Index, HduSelector.Name {

  /** No selector: the reader's default HDU (for example the first HDU with image data). */
  record Default() implements HduSelector {
    @Override
    public String toString() {
      return "";
    }
  }

  /**
   * The HDU at a 0-based index (0 = primary).
   *
   * @param index 0-based HDU index, >= 0
   */
  record Index(int index) implements HduSelector {
    public Index {
      if (index < 0) {
        throw new IllegalArgumentException("HDU index must be >= 0, but was " + index);
      }
    }

    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  /**
   * The HDU with this {@code EXTNAME} (case-insensitive) and, if {@code extver > 0}, this {@code EXTVER}.
   *
   * @param extname extension name, not blank; stored upper-case
   * @param extver  extension version, > 0, or 0 for any version
   */
  record Name(String extname, int extver) implements HduSelector {
    public Name {
      Objects.requireNonNull(extname, "extname");
      extname = extname.strip().toUpperCase(Locale.ROOT);
      if (extname.isEmpty()) {
        throw new IllegalArgumentException("extname must not be blank");
      }
      if (extver < 0) {
        throw new IllegalArgumentException("extver must be >= 0 (0 = any), but was " + extver);
      }
    }

    @Override
    public String toString() {
      return "[" + extname + (extver > 0 ? "," + extver : "") + "]";
    }
  }

  /** The default selector (no brackets). */
  static HduSelector none() {
    return new Default();
  }

  /** The HDU at a 0-based index. */
  static HduSelector index(int index) {
    return new Index(index);
  }

  /** The HDU with this extension name, any version. */
  static HduSelector name(String extname) {
    return new Name(extname, 0);
  }
}
