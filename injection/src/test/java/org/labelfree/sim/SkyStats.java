package org.labelfree.sim;

import java.util.Arrays;

/** Statistics the sky and transient tests share. */
final class SkyStats {
  private SkyStats() {
  }

  /** The p-value of the one-sample Kolmogorov-Smirnov test of values against U(lo, hi) (asymptotic). */
  static double ksUniformP(double[] values, double lo, double hi) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    double d = 0.0;
    for (int i = 0; i < n; i++) {
      double cdf = (v[i] - lo) / (hi - lo);
      d = Math.max(d, Math.max((i + 1.0) / n - cdf, cdf - (double) i / n));
    }
    double sqrtN = Math.sqrt(n);
    double lambda = (sqrtN + 0.12 + 0.11 / sqrtN) * d;
    double q = 0.0;
    for (int j = 1; j <= 100; j++) {
      q += 2.0 * ((j & 1) == 1 ? 1 : -1) * Math.exp(-2.0 * j * j * lambda * lambda);
    }
    return Math.max(0.0, Math.min(1.0, q));
  }

  /** The median of the values. */
  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }

  /** The mean of the values. */
  static double mean(double[] values) {
    double s = 0.0;
    for (double x : values) {
      s += x;
    }
    return s / values.length;
  }

  /** The sample standard deviation of the values. */
  static double sd(double[] values) {
    double m = mean(values);
    double s = 0.0;
    for (double x : values) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (values.length - 1));
  }

  /**
   * The maximum-likelihood slope d log10 N / dm of magnitudes drawn from dN/dm ~ 10^(s m) truncated to [a, b], and
   * its standard error from the Fisher information: {slope, error}.
   */
  static double[] powerLawSlope(double[] mags, double a, double b) {
    double target = mean(mags) - a;
    double length = b - a;
    double lo = 1e-6;
    double hi = 20.0;
    for (int it = 0; it < 200; it++) {
      double mid = 0.5 * (lo + hi);
      if (meanOffset(mid, length) < target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double beta = 0.5 * (lo + hi);
    double e = Math.exp(beta * length);
    double variance = 1.0 / (beta * beta) - length * length * e / ((e - 1.0) * (e - 1.0));
    double ln10 = Math.log(10.0);
    return new double[] {beta / ln10, 1.0 / (ln10 * Math.sqrt(mags.length * variance))};
  }

  /** E[m - a] for density ~ exp(beta m) on [a, a + length]. */
  private static double meanOffset(double beta, double length) {
    return length / (-Math.expm1(-beta * length)) - 1.0 / beta;
  }
}
