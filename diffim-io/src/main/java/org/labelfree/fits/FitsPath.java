package org.labelfree.fits;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * A FITS file and the HDU to read from it, parsed from cfitsio-style text: {@code calexp.fits},
 * {@code calexp.fits[1]}, {@code c4d_ooi.fits.fz[N6]}, {@code x.fits[SCI,2]}. Immutable.
 *
 * @param file     the file, never {@code null}
 * @param selector the HDU selector, never {@code null} ({@link HduSelector.Default} when none was given)
 */
public record FitsPath(Path file, HduSelector selector) {
  public FitsPath {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(selector, "selector");
  }

  /** The file with no selector. */
  public static FitsPath of(Path file) {
    return new FitsPath(file, HduSelector.none());
  }

  /**
   * Parses {@code FILE}, {@code FILE[N]} (0-based index), {@code FILE[EXTNAME]} or {@code FILE[EXTNAME,EXTVER]}. A
   * text that names an existing file literally (brackets in the file name) is taken literally.
   *
   * @throws IllegalArgumentException if the text is blank, or the bracket part is empty or malformed
   */
  public static FitsPath parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("FITS path must not be blank");
    }
    if (existsLiterally(t) || !t.endsWith("]")) {
      return of(Paths.get(t));
    }
    int open = t.lastIndexOf('[');
    if (open <= 0) {
      throw new IllegalArgumentException("FITS path '" + t + "': ']' without a matching '['");
    }
    Path file = Paths.get(t.substring(0, open));
    String inside = t.substring(open + 1, t.length() - 1).strip();
    if (inside.isEmpty()) {
      throw new IllegalArgumentException("FITS path '" + t + "': empty HDU selector []");
    }
    if (inside.chars().allMatch(Character::isDigit)) {
      return new FitsPath(file, new HduSelector.Index(Integer.parseInt(inside)));
    }
    int comma = inside.indexOf(',');
    if (comma >= 0) {
      String ver = inside.substring(comma + 1).strip();
      if (ver.isEmpty() || !ver.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("FITS path '" + t + "': EXTVER after ',' must be a positive integer");
      }
      return new FitsPath(file, new HduSelector.Name(inside.substring(0, comma), Integer.parseInt(ver)));
    }
    return new FitsPath(file, new HduSelector.Name(inside, 0));
  }

  private static boolean existsLiterally(String t) {
    try {
      return Files.exists(Paths.get(t));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** The cfitsio-style text, {@code file} followed by the selector in brackets (if any). */
  @Override
  public String toString() {
    return file + selector.toString();
  }
}
