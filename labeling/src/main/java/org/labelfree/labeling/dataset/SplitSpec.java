package org.labelfree.labeling.dataset;

import java.util.List;
import java.util.Locale;

/**
 * How a dataset is split into train, validation and test: what is shuffled and cut ({@link Unit}) and the three
 * fractions. Written {@code visit:0.7,0.15,0.15} (the default) or {@code object:0.8,0.1,0.1}.
 *
 * @param unit       what is shuffled and cut by cumulative fraction
 * @param train      fraction for training, in [0, 1]
 * @param validation fraction for validation, in [0, 1]
 * @param test       fraction for testing, in [0, 1]; the three sum to 1 (within 1e-9)
 */
public record SplitSpec(Unit unit, double train, double validation, double test) {
  /** The split names, by split code (0 train, 1 validation, 2 test): the {@code split_names} attribute. */
  public static final List<String> NAMES = List.of("train", "validation", "test");

  /** What the split shuffles. */
  public enum Unit {
    /**
     * Visits are shuffled and cut; each DIA object then goes, with all its stamps, to the split that holds most of
     * its stamps (ties: the split of its earliest visit).
     */
    VISIT,
    /** DIA objects are shuffled and cut directly. */
    OBJECT
  }

  /** Validates; throws {@link IllegalArgumentException} naming the bad fraction or the sum. */
  public SplitSpec {
    if (unit == null) {
      throw new IllegalArgumentException("split unit is null; expected visit or object");
    }
    double[] f = {train, validation, test};
    for (int i = 0; i < 3; i++) {
      if (!(f[i] >= 0 && f[i] <= 1)) {
        throw new IllegalArgumentException(NAMES.get(i) + " fraction is " + f[i] + "; expected [0, 1]");
      }
    }
    double sum = train + validation + test;
    if (Math.abs(sum - 1) > 1e-9) {
      throw new IllegalArgumentException("split fractions " + train + "," + validation + "," + test + " sum to "
          + sum + "; expected 1");
    }
  }

  /** {@code visit:0.7,0.15,0.15}. */
  public static SplitSpec defaults() {
    return new SplitSpec(Unit.VISIT, 0.7, 0.15, 0.15);
  }

  /**
   * Parses {@code UNIT:F1,F2,F3} with UNIT {@code visit} or {@code object}.
   *
   * @throws IllegalArgumentException naming the text and what was expected
   */
  public static SplitSpec parse(String text) {
    String t = text == null ? "" : text.strip();
    String shown = org.labelfree.image.InvalidDataException.sanitize(text);
    int colon = t.indexOf(':');
    String[] parts = colon < 0 ? new String[0] : t.substring(colon + 1).split(",", -1);
    if (colon < 0 || parts.length != 3) {
      throw new IllegalArgumentException("split '" + shown + "' is not valid; expected visit:F1,F2,F3 or"
          + " object:F1,F2,F3, e.g. visit:0.7,0.15,0.15");
    }
    Unit unit;
    switch (t.substring(0, colon).strip().toLowerCase(Locale.ROOT)) {
      case "visit" -> unit = Unit.VISIT;
      case "object" -> unit = Unit.OBJECT;
      default -> throw new IllegalArgumentException("split '" + shown + "': unit '"
          + org.labelfree.image.InvalidDataException.sanitize(t.substring(0, colon)) + "' is not visit or object");
    }
    double[] f = new double[3];
    for (int i = 0; i < 3; i++) {
      try {
        f[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("split '" + shown + "': fraction '"
            + org.labelfree.image.InvalidDataException.sanitize(parts[i]) + "' is not a number", e);
      }
    }
    return new SplitSpec(unit, f[0], f[1], f[2]);
  }

  /** The fraction of split {@code code} (0 train, 1 validation, 2 test). */
  public double fraction(int code) {
    return switch (code) {
      case 0 -> train;
      case 1 -> validation;
      case 2 -> test;
      default -> throw new IllegalArgumentException("split code " + code + "; expected 0, 1 or 2");
    };
  }

  /** {@code visit:0.7,0.15,0.15} as parsed by {@link #parse}. */
  @Override
  public String toString() {
    return unit.name().toLowerCase(Locale.ROOT) + ":" + train + "," + validation + "," + test;
  }
}
