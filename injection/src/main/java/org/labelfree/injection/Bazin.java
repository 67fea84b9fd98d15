package org.labelfree.injection;

/**
 * The Bazin et al. (2009, A&amp;A 499, 653, eq. 1) supernova light curve without its constant term,
 * {@code f(t) = exp(-(t - t0) / fall) / (1 + exp(-(t - t0) / rise))}, normalised to its peak and expressed in
 * magnitudes. Stateless.
 */
final class Bazin {
  private static final double MAG_PER_LN = 2.5 / Math.log(10.0);

  private Bazin() {
  }

  /** Days from t0 to the peak: {@code rise * ln(fall / rise - 1)} (needs fall > rise). */
  static double peakDelay(double rise, double fall) {
    return rise * Math.log(fall / rise - 1.0);
  }

  /**
   * The magnitude relative to the peak, {@code -2.5 log10(f(t) / f(t_peak))} (>= 0), at {@code dt = t - t0} days,
   * computed in logarithms so that it stays finite far into the tail.
   */
  static double magBelowPeak(double dt, double rise, double fall) {
    return -MAG_PER_LN * (logF(dt, rise, fall) - logF(peakDelay(rise, fall), rise, fall));
  }

  private static double logF(double dt, double rise, double fall) {
    double z = -dt / rise;
    double log1pExp = z > 30 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    return -dt / fall - log1pExp;
  }
}
