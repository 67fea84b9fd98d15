package org.labelfree.sim;

import java.util.Objects;

/**
 * Configuration of the static sky of {@link SkyModel}: differential number counts of galaxies and stars and the
 * magnitude ranges they are drawn from.
 *
 * <p>Each population has differential counts {@code dN/dm = countAtRef * 10^(slope * (m - refMag))} per deg^2 per
 * magnitude in the reference band, truncated to {@code [magBright, magFaint]}. Immutable.
 *
 * @param referenceBand    band the counts and magnitude limits refer to (one of u, g, r, i, z, y; default "r")
 * @param galaxyCountAtRef galaxy dN/dm at {@code galaxyRefMag} (per deg^2 per mag, >= 0; default 4.0e4)
 * @param galaxyRefMag     magnitude where {@code galaxyCountAtRef} applies (AB mag, finite; default 24.0)
 * @param galaxySlope      d log10 N / dm of galaxies (per mag, in [-1, 1]; default 0.33, realistic 0.3-0.4)
 * @param galaxyMagBright  brightest galaxy drawn (AB mag; default 18.0)
 * @param galaxyMagFaint   faintest galaxy drawn (AB mag, > galaxyMagBright; default 26.5, about depth + 1.5)
 * @param starCountAtRef   star dN/dm at {@code starRefMag} (per deg^2 per mag, >= 0; default 2.0e3, high latitude)
 * @param starRefMag       magnitude where {@code starCountAtRef} applies (AB mag, finite; default 22.0)
 * @param starSlope        d log10 N / dm of stars (per mag, in [-1, 1]; default 0.12)
 * @param starMagBright    brightest star drawn (AB mag; default 14.0, saturated in a visit)
 * @param starMagFaint     faintest star drawn (AB mag, > starMagBright; default 26.0)
 */
public record SkyConfig(
    String referenceBand,
    double galaxyCountAtRef,
    double galaxyRefMag,
    double galaxySlope,
    double galaxyMagBright,
    double galaxyMagFaint,
    double starCountAtRef,
    double starRefMag,
    double starSlope,
    double starMagBright,
    double starMagFaint) {

  /** Validates the components; throws {@link IllegalArgumentException} naming the bad one. */
  public SkyConfig {
    Objects.requireNonNull(referenceBand, "referenceBand");
    Passbands.index(referenceBand, "referenceBand");
    checkCount("galaxyCountAtRef", galaxyCountAtRef);
    checkMag("galaxyRefMag", galaxyRefMag);
    checkSlope("galaxySlope", galaxySlope);
    checkMag("galaxyMagBright", galaxyMagBright);
    checkMag("galaxyMagFaint", galaxyMagFaint);
    checkRange("galaxyMagFaint", galaxyMagBright, galaxyMagFaint);
    checkCount("starCountAtRef", starCountAtRef);
    checkMag("starRefMag", starRefMag);
    checkSlope("starSlope", starSlope);
    checkMag("starMagBright", starMagBright);
    checkMag("starMagFaint", starMagFaint);
    checkRange("starMagFaint", starMagBright, starMagFaint);
  }

  /** The defaults: r band; galaxies 4.0e4 at 24.0, slope 0.33, 18.0-26.5; stars 2.0e3 at 22.0, slope 0.12, 14-26. */
  public static SkyConfig defaults() {
    return new SkyConfig("r", 4.0e4, 24.0, 0.33, 18.0, 26.5, 2.0e3, 22.0, 0.12, 14.0, 26.0);
  }

  /**
   * The expected number of galaxies per deg^2: the integral of the galaxy counts over
   * {@code [galaxyMagBright, galaxyMagFaint]}.
   */
  public double galaxiesPerDeg2() {
    return integral(galaxyCountAtRef, galaxyRefMag, galaxySlope, galaxyMagBright, galaxyMagFaint);
  }

  /** The expected number of stars per deg^2: the integral of the star counts over the star magnitude range. */
  public double starsPerDeg2() {
    return integral(starCountAtRef, starRefMag, starSlope, starMagBright, starMagFaint);
  }

  /** The integral of {@code c * 10^(s (m - ref))} over [a, b]. */
  static double integral(double c, double ref, double s, double a, double b) {
    if (Math.abs(s) < 1e-12) {
      return c * (b - a);
    }
    double k = s * StrictMath.log(10.0);
    return c * (StrictMath.exp(k * (b - ref)) - StrictMath.exp(k * (a - ref))) / k;
  }

  private static void checkCount(String name, double v) {
    if (!(v >= 0.0 && v < 1.0e9)) {
      throw new IllegalArgumentException(name + " must be in [0, 1e9) per deg^2 per mag, but was " + v);
    }
  }

  private static void checkMag(String name, double v) {
    if (!(v >= -5.0 && v <= 40.0)) {
      throw new IllegalArgumentException(name + " must be in [-5, 40] mag, but was " + v);
    }
  }

  private static void checkSlope(String name, double v) {
    if (!(v >= -1.0 && v <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [-1, 1] per mag, but was " + v);
    }
  }

  private static void checkRange(String faintName, double bright, double faint) {
    if (!(faint > bright)) {
      throw new IllegalArgumentException(faintName + " must be > the bright limit " + bright + ", but was " + faint);
    }
  }
}
