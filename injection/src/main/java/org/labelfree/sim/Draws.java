package org.labelfree.sim;

import java.util.SplittableRandom;

/**
 * Random variates the sky and transient models need, drawn from a caller's {@link SplittableRandom}. Stateless; the
 * generator is not thread-safe, so each thread passes its own.
 *
 * <p>Poisson variates with mean >= 10 use the transformed rejection method PTRS of Hoermann (1993, "The transformed
 * rejection method for generating Poisson random variables"); gamma variates use Marsaglia and Tsang (2000,
 * "A simple method for generating gamma variables").
 */
final class Draws {
  private static final double HALF_LOG_TWO_PI = 0.5 * StrictMath.log(2.0 * Math.PI);
  private static final double[] LOG_FACTORIAL = new double[10];

  static {
    for (int k = 1; k < LOG_FACTORIAL.length; k++) {
      LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + StrictMath.log(k);
    }
  }

  private Draws() {
  }

  /** A uniform variate in [lo, hi). */
  static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  /** A log-uniform variate in [lo, hi) (lo > 0). */
  static double logUniform(SplittableRandom rng, double lo, double hi) {
    return lo * StrictMath.exp(StrictMath.log(hi / lo) * rng.nextDouble());
  }

  /** A normal variate of the given mean and standard deviation. */
  static double normal(SplittableRandom rng, double mean, double sigma) {
    return mean + sigma * rng.nextGaussian();
  }

  /**
   * A magnitude from {@code dN/dm ~ 10^(slope m)} truncated to [bright, faint) by inversion of its CDF.
   */
  static double powerLawMagnitude(SplittableRandom rng, double slope, double bright, double faint) {
    double u = rng.nextDouble();
    if (Math.abs(slope) < 1e-12) {
      return bright + (faint - bright) * u;
    }
    double k = slope * StrictMath.log(10.0);
    /* Work relative to the bright limit: exp(k (m - bright)) is uniform between 1 and exp(k (faint - bright)). */
    double span = StrictMath.expm1(k * (faint - bright));
    double m = bright + StrictMath.log1p(u * span) / k;
    return Math.min(m, Math.nextDown(faint));
  }

  /** A Poisson variate of the given mean (>= 0, finite). */
  static long poisson(SplittableRandom rng, double mean) {
    if (!(mean >= 0.0 && mean < 1.0e15)) {
      throw new IllegalArgumentException("Poisson mean must be in [0, 1e15), but was " + mean);
    }
    if (mean == 0.0) {
      return 0;
    }
    if (mean < 10.0) {
      /* Multiply uniforms until the product falls below exp(-mean) (Knuth). */
      double limit = StrictMath.exp(-mean);
      double p = rng.nextDouble();
      long k = 0;
      while (p > limit) {
        p *= rng.nextDouble();
        k++;
      }
      return k;
    }
    /* PTRS: a transformed-rejection envelope with a squeeze; about 1.1 uniforms pairs per variate. */
    double slam = Math.sqrt(mean);
    double logMean = StrictMath.log(mean);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2.0);
    while (true) {
      double u = rng.nextDouble() - 0.5;
      double v = rng.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2.0 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      double lhs = StrictMath.log(v) + StrictMath.log(invAlpha) - StrictMath.log(a / (us * us) + b);
      if (lhs <= -mean + k * logMean - logFactorial(k)) {
        return k;
      }
    }
  }

  /** A gamma variate of the given shape (>= 1) and unit scale. */
  static double gamma(SplittableRandom rng, double shape) {
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1.0 + c * x;
      if (v <= 0.0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2) {
        return d * v;
      }
      if (StrictMath.log(u) < 0.5 * x2 + d * (1.0 - v + StrictMath.log(v))) {
        return d * v;
      }
    }
  }

  /** ln(k!) exactly for small k, by Stirling's series (error < 1e-12) otherwise. */
  static double logFactorial(long k) {
    if (k < LOG_FACTORIAL.length) {
      return LOG_FACTORIAL[(int) k];
    }
    double x = k + 1.0;
    double ix = 1.0 / x;
    double ix2 = ix * ix;
    return (x - 0.5) * StrictMath.log(x) - x + HALF_LOG_TWO_PI
        + ix * (1.0 / 12.0 - ix2 * (1.0 / 360.0 - ix2 * (1.0 / 1260.0 - ix2 / 1680.0)));
  }
}
