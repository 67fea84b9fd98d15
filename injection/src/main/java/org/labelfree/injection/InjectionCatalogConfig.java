package org.labelfree.injection;

import java.util.Objects;

/**
 * Configuration of {@link InjectionCatalogMaker}.
 *
 * @param hostFraction     fraction of the hosts that get a fake ([0, 1]; default 0.03). In LIGHTCURVE mode the
 *                         probability that a host's sky cell takes part
 * @param minHosts         at least {@code min(minHosts, hosts)} hosted fakes per visit and band (>= 0; default 1;
 *                         INDEPENDENT mode only)
 * @param magOffsetMin     lower end of the fake's magnitude relative to its host, mag (finite; default -1)
 * @param magOffsetMax     upper end of the fake's magnitude relative to its host, mag (finite, >= magOffsetMin;
 *                         default +3)
 * @param hostlessFraction host-less fakes per hosted fake (finite, >= 0; default 0.05)
 * @param isotropic        offsets as in the paper: distance r ~ N(0, a) in a uniform direction, instead of
 *                         (N(0, a), N(0, b)) along the host's axes (default false)
 * @param mode             INDEPENDENT (default) or LIGHTCURVE (not null)
 * @param seed             base seed; the seeds used mix it with visit and band (default 1)
 * @param riseDays         LIGHTCURVE: Bazin rise time, days (finite, > 0; default 3)
 * @param fallDays         LIGHTCURVE: Bazin decline time, days (finite, > riseDays so that the curve has a peak;
 *                         default 20)
 * @param surveyStartMjd   LIGHTCURVE: start of the survey, MJD (finite; default 60000); explosion times are uniform
 *                         in [start - 30 d, end]
 * @param surveyEndMjd     LIGHTCURVE: end of the survey, MJD (finite, >= surveyStartMjd; default 60365)
 * @param depthMag         LIGHTCURVE: rows fainter than this AB magnitude are flagged {@code faint} (NaN: unknown,
 *                         nothing flagged; default NaN)
 */
public record InjectionCatalogConfig(double hostFraction, int minHosts, double magOffsetMin, double magOffsetMax,
    double hostlessFraction, boolean isotropic, InjectionMode mode, long seed, double riseDays, double fallDays,
    double surveyStartMjd, double surveyEndMjd, double depthMag) {

  /** Validates the fields; throws {@link IllegalArgumentException} naming the bad one, its value and range. */
  public InjectionCatalogConfig {
    Objects.requireNonNull(mode, "mode");
    if (!(hostFraction >= 0 && hostFraction <= 1)) {
      throw new IllegalArgumentException("hostFraction must be in [0, 1], but was " + hostFraction);
    }
    if (minHosts < 0) {
      throw new IllegalArgumentException("minHosts must be >= 0, but was " + minHosts);
    }
    if (!Double.isFinite(magOffsetMin) || !Double.isFinite(magOffsetMax) || magOffsetMax < magOffsetMin) {
      throw new IllegalArgumentException("magOffsetMin and magOffsetMax must be finite with min <= max, but were "
          + magOffsetMin + ", " + magOffsetMax);
    }
    if (!(hostlessFraction >= 0) || Double.isInfinite(hostlessFraction)) {
      throw new IllegalArgumentException("hostlessFraction must be finite and >= 0, but was " + hostlessFraction);
    }
    if (!(riseDays > 0) || !Double.isFinite(fallDays) || !(fallDays > riseDays)) {
      throw new IllegalArgumentException("riseDays and fallDays must be finite with 0 < riseDays < fallDays, but were "
          + riseDays + ", " + fallDays);
    }
    if (!Double.isFinite(surveyStartMjd) || !Double.isFinite(surveyEndMjd) || surveyEndMjd < surveyStartMjd) {
      throw new IllegalArgumentException("surveyStartMjd and surveyEndMjd must be finite with start <= end, but were "
          + surveyStartMjd + ", " + surveyEndMjd);
    }
    if (Double.isInfinite(depthMag)) {
      throw new IllegalArgumentException("depthMag must be finite or NaN (unknown), but was " + depthMag);
    }
  }

  /** The defaults: the paper's recipe (3% of hosts, mag offsets [-1, +3], 5% host-less), independent visits. */
  public static InjectionCatalogConfig defaults() {
    return new InjectionCatalogConfig(0.03, 1, -1.0, 3.0, 0.05, false, InjectionMode.INDEPENDENT, 1L, 3.0, 20.0,
        60000.0, 60365.0, Double.NaN);
  }

  /** A copy with another {@code hostFraction}. */
  public InjectionCatalogConfig withHostFraction(double value) {
    return new InjectionCatalogConfig(value, minHosts, magOffsetMin, magOffsetMax, hostlessFraction, isotropic, mode,
        seed, riseDays, fallDays, surveyStartMjd, surveyEndMjd, depthMag);
  }

  /** A copy with another {@code minHosts}. */
  public InjectionCatalogConfig withMinHosts(int value) {
    return new InjectionCatalogConfig(hostFraction, value, magOffsetMin, magOffsetMax, hostlessFraction, isotropic,
        mode, seed, riseDays, fallDays, surveyStartMjd, surveyEndMjd, depthMag);
  }

  /** A copy with other magnitude offsets relative to the host. */
  public InjectionCatalogConfig withMagOffsets(double min, double max) {
    return new InjectionCatalogConfig(hostFraction, minHosts, min, max, hostlessFraction, isotropic, mode, seed,
        riseDays, fallDays, surveyStartMjd, surveyEndMjd, depthMag);
  }

  /** A copy with another {@code hostlessFraction}. */
  public InjectionCatalogConfig withHostlessFraction(double value) {
    return new InjectionCatalogConfig(hostFraction, minHosts, magOffsetMin, magOffsetMax, value, isotropic, mode,
        seed, riseDays, fallDays, surveyStartMjd, surveyEndMjd, depthMag);
  }

  /** A copy with another {@code isotropic}. */
  public InjectionCatalogConfig withIsotropic(boolean value) {
    return new InjectionCatalogConfig(hostFraction, minHosts, magOffsetMin, magOffsetMax, hostlessFraction, value,
        mode, seed, riseDays, fallDays, surveyStartMjd, surveyEndMjd, depthMag);
  }

  /** A copy with another {@code mode}. */
  public InjectionCatalogConfig withMode(InjectionMode value) {
    return new InjectionCatalogConfig(hostFraction, minHosts, magOffsetMin, magOffsetMax, hostlessFraction, isotropic,
        value, seed, riseDays, fallDays, surveyStartMjd, surveyEndMjd, depthMag);
  }

  /** A copy with another {@code seed}. */
  public InjectionCatalogConfig withSeed(long value) {
    return new InjectionCatalogConfig(hostFraction, minHosts, magOffsetMin, magOffsetMax, hostlessFraction, isotropic,
        mode, value, riseDays, fallDays, surveyStartMjd, surveyEndMjd, depthMag);
  }

  /** A copy with other Bazin rise and decline times, days. */
  public InjectionCatalogConfig withLightCurve(double rise, double fall) {
    return new InjectionCatalogConfig(hostFraction, minHosts, magOffsetMin, magOffsetMax, hostlessFraction, isotropic,
        mode, seed, rise, fall, surveyStartMjd, surveyEndMjd, depthMag);
  }

  /** A copy with another survey span, MJD. */
  public InjectionCatalogConfig withSurveySpan(double startMjd, double endMjd) {
    return new InjectionCatalogConfig(hostFraction, minHosts, magOffsetMin, magOffsetMax, hostlessFraction, isotropic,
        mode, seed, riseDays, fallDays, startMjd, endMjd, depthMag);
  }

  /** A copy with another {@code depthMag} (NaN: unknown). */
  public InjectionCatalogConfig withDepthMag(double value) {
    return new InjectionCatalogConfig(hostFraction, minHosts, magOffsetMin, magOffsetMax, hostlessFraction, isotropic,
        mode, seed, riseDays, fallDays, surveyStartMjd, surveyEndMjd, value);
  }
}
