package org.labelfree.sim;

/**
 * Configuration of the true transients of {@link Transients#generate}: how many of each kind and the supernova peak
 * brightness range. Immutable.
 *
 * @param supernovaFraction        probability that a galaxy hosts a supernova during the survey ([0, 1]; default 0.02)
 * @param agnFraction              probability that a galaxy has a variable nucleus ([0, 1]; default 0.03)
 * @param variableStarFraction     probability that a star is a periodic variable ([0, 1]; default 0.05)
 * @param asteroidsPerDeg2PerVisit mean number of asteroids per deg^2 in each visit ([0, 1e5]; default 150, near the
 *                                 ecliptic)
 * @param snPeakMagBright          brightest supernova peak, reference band (AB mag, [5, 35]; default 21.5)
 * @param snPeakMagFaint           faintest supernova peak, reference band (AB mag, >= snPeakMagBright, [5, 35];
 *                                 default 25.0)
 */
public record TransientConfig(
    double supernovaFraction,
    double agnFraction,
    double variableStarFraction,
    double asteroidsPerDeg2PerVisit,
    double snPeakMagBright,
    double snPeakMagFaint) {

  /** Validates the components; throws {@link IllegalArgumentException} naming the bad one. */
  public TransientConfig {
    checkFraction("supernovaFraction", supernovaFraction);
    checkFraction("agnFraction", agnFraction);
    checkFraction("variableStarFraction", variableStarFraction);
    if (!(asteroidsPerDeg2PerVisit >= 0.0 && asteroidsPerDeg2PerVisit <= 1.0e5)) {
      throw new IllegalArgumentException(
          "asteroidsPerDeg2PerVisit must be in [0, 1e5] per deg^2, but was " + asteroidsPerDeg2PerVisit);
    }
    if (!(snPeakMagBright >= 5.0 && snPeakMagBright <= 35.0)) {
      throw new IllegalArgumentException("snPeakMagBright must be in [5, 35] mag, but was " + snPeakMagBright);
    }
    if (!(snPeakMagFaint >= snPeakMagBright && snPeakMagFaint <= 35.0)) {
      throw new IllegalArgumentException("snPeakMagFaint must be in [snPeakMagBright = " + snPeakMagBright
          + ", 35] mag, but was " + snPeakMagFaint);
    }
  }

  /** The defaults: 2% of galaxies with a supernova, 3% with an AGN, 5% of stars variable, 150 asteroids per deg^2. */
  public static TransientConfig defaults() {
    return new TransientConfig(0.02, 0.03, 0.05, 150.0, 21.5, 25.0);
  }

  private static void checkFraction(String name, double v) {
    if (!(v >= 0.0 && v <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], but was " + v);
    }
  }
}
