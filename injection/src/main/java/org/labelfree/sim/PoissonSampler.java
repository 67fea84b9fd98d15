package org.labelfree.sim;

import java.util.SplittableRandom;

/**
 * Poisson deviates: exact by inversion of the cumulative distribution below a mean of 50, the Gaussian
 * approximation (rounded to an integer, clipped at 0) above, where its error (skewness 1/sqrt(mean) < 0.15, extra
 * variance 1/12) is far below anything the simulation measures. Shared by the simulation and the injection engine. Stateless; thread-safe given one generator per thread.
 */
public final class PoissonSampler {
  /** Means below this are drawn exactly. */
  static final double EXACT_BELOW = 50;

  private PoissonSampler() {
  }

  /** One deviate of mean {@code mean}; 0 for a mean <= 0 or NaN. Uses one uniform or one Gaussian draw of rng. */
  public static double sample(SplittableRandom rng, double mean) {
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

  /** An integer count of mean {@code mean} (for numbers of objects). */
  static int count(SplittableRandom rng, double mean) {
    double x = sample(rng, mean);
    if (x > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Poisson mean too large for a count: " + mean);
    }
    return (int) x;
  }
}
