package org.labelfree.training;

import java.util.Locale;

/** How the real/bogus network is trained from noisy labels. */
public enum TrainingMethod {
  /** One network, (weighted, focal) cross-entropy on every sample. */
  STANDARD,
  /** Two networks exchanging their small-loss samples (Han et al. 2018), one forget rate for the batch. */
  COTEACHING,
  /** Co-teaching with one forget rate per class, applied within each class of the batch. */
  ASYMMETRIC;

  /**
   * The method named as on the command line: {@code standard}, {@code coteaching} or {@code asymmetric}
   * (case-insensitive).
   *
   * @throws IllegalArgumentException naming the value and the valid names
   */
  public static TrainingMethod parse(String name) {
    if (name != null) {
      for (TrainingMethod m : values()) {
        if (m.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException("method must be one of standard, coteaching, asymmetric, but was " + name);
  }

  /** The command-line name (lower case). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
