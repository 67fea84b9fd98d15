package org.labelfree.injection;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/** Test support: the one-sample Kolmogorov-Smirnov test and the distribution functions the tests need. */
final class Ks {
  private Ks() {
  }

  /** The KS statistic D of the sample against the CDF. */
  static double statistic(double[] sample, DoubleUnaryOperator cdf) {
    double[] s = sample.clone();
    Arrays.sort(s);
    int n = s.length;
    double d = 0;
    for (int i = 0; i < n; i++) {
      double f = cdf.applyAsDouble(s[i]);
      d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
    }
    return d;
  }

  /**
   * The asymptotic p-value of D for n points: the Kolmogorov series Q(lambda) = 2 sum (-1)^(k-1) exp(-2 k^2
   * lambda^2) with Stephens' (1970) small-sample correction lambda = (sqrt n + 0.12 + 0.11 / sqrt n) D.
   */
  static double pValue(double d, int n) {
    double sn = Math.sqrt(n);
    double lambda = (sn + 0.12 + 0.11 / sn) * d;
    if (lambda < 0.2) {
      return 1.0;
    }
    double sum = 0;
    double sign = 1;
    for (int k = 1; k <= 100; k++) {
      double term = sign * Math.exp(-2.0 * k * k * lambda * lambda);
      sum += term;
      if (Math.abs(term) < 1e-12) {
        break;
      }
      sign = -sign;
    }
    return Math.max(0.0, Math.min(1.0, 2.0 * sum));
  }

  /** The KS p-value of the sample against the CDF. */
  static double test(double[] sample, DoubleUnaryOperator cdf) {
    return pValue(statistic(sample, cdf), sample.length);
  }

  /** erf by Abramowitz &amp; Stegun 7.1.26 (absolute error below 1.5e-7, far below KS resolution here). */
  static double erf(double x) {
    double t = 1.0 / (1.0 + 0.3275911 * Math.abs(x));
    double y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
        * t * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }

  /** The standard normal CDF. */
  static double normalCdf(double x) {
    return 0.5 * (1.0 + erf(x / Math.sqrt(2.0)));
  }

  /** The CDF of |N(0, 1)|. */
  static double halfNormalCdf(double x) {
    return x <= 0 ? 0.0 : erf(x / Math.sqrt(2.0));
  }
}
