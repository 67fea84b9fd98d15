package org.labelfree.injection;

import java.util.SplittableRandom;

/**
 * Poisson deviates for the injected electrons: exact by inversion of the cumulative distribution below a mean of
 * 50, the Gaussian approximation (rounded, clipped at 0) above, where its error (skewness below 0.15, an extra
 * variance of 1/12) is far below what any measurement of the injected noise resolves. Stateless.
 */
final class InjectionPoisson {
  /** Means below this are drawn exactly. */
  static final double EXACT_BELOW = 50;

  private InjectionPoisson() {}

  /** One deviate of mean {@code mean} (0 for a mean <= 0 or NaN); one uniform or one Gaussian draw of {@code rng}. */
  static double sample(SplittableRandom rng, double mean) {
    if (!(mean > 0)) {
      return 0;
    }
    if (mean < EXACT_BELOW) {
      double u = rng.nextDouble();
      double p = Math.exp(-mean);
      double cdf = p;
      int k = 0;
      while (u > cdf && k < 400) {
        k++;
        p *= mean / k;
        cdf += p;
      }
      return k;
    }
    double x = Math.floor(mean + Math.sqrt(mean) * rng.nextGaussian() + 0.5);
    return x < 0 ? 0 : x;
  }
}
