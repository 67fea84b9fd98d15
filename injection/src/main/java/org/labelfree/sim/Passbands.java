package org.labelfree.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The survey's passbands u, g, r, i, z, y (LSST), by name and index. Stateless. */
final class Passbands {
  /** The band names in wavelength order; the index of a band is its position here. */
  static final List<String> ALL = List.of("u", "g", "r", "i", "z", "y");

  private Passbands() {
  }

  /**
   * The index of a band in {@link #ALL}.
   *
   * @throws IllegalArgumentException naming {@code parameter} if the band is not one of u, g, r, i, z, y
   */
  static int index(String band, String parameter) {
    int k = band == null ? -1 : ALL.indexOf(band);
    if (k < 0) {
      throw new IllegalArgumentException(parameter + " must be one of " + ALL + ", but was '"
          + org.labelfree.image.InvalidDataException.sanitize(String.valueOf(band)) + "'");
    }
    return k;
  }

  /**
   * An immutable copy of a band list after checking each band and that none repeats.
   *
   * @throws IllegalArgumentException if a band is unknown or repeated
   */
  static List<String> checkList(List<String> bands, String parameter) {
    Objects.requireNonNull(bands, parameter);
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>(bands.size());
    for (String b : bands) {
      index(b, parameter + " entry");
      if (!seen.add(b)) {
        throw new IllegalArgumentException(parameter + " must not repeat a band, but '" + b + "' occurs twice in "
            + bands);
      }
      out.add(b);
    }
    return List.copyOf(out);
  }
}
