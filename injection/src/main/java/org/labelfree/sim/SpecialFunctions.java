package org.labelfree.sim;

/**
 * Special functions for the profile fits and the pixel integration of narrow Gaussians: log-gamma, the regularized
 * lower incomplete gamma function, the normal tail and its inverse. Stateless and thread-safe.
 */
final class SpecialFunctions {
  private static final double[] LANCZOS = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
      12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2.0 * Math.PI);
  private static final double EPS = 1e-15;

  private SpecialFunctions() {
  }

  /** ln Gamma(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
  static double lnGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1.0 - x);
    }
    double z = x - 1.0;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    double t = z + 7.5;
    return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  /**
   * The regularized lower incomplete gamma function P(s, x) = gamma(s, x) / Gamma(s) for s > 0, x >= 0: a power
   * series below x = s + 1, a continued fraction (modified Lentz) above.
   */
  static double gammaP(double s, double x) {
    if (x <= 0.0) {
      return 0.0;
    }
    double logPrefactor = -x + s * Math.log(x) - lnGamma(s);
    if (x < s + 1.0) {
      double term = 1.0 / s;
      double sum = term;
      for (int k = 1; k < 10_000; k++) {
        term *= x / (s + k);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPS) {
          break;
        }
      }
      return Math.min(1.0, sum * Math.exp(logPrefactor));
    }
    double tiny = 1e-300;
    double b = x + 1.0 - s;
    double c = 1.0 / tiny;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - s);
      b += 2.0;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1.0 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1.0) < EPS) {
        break;
      }
    }
    return Math.max(0.0, 1.0 - Math.exp(logPrefactor) * h);
  }

  /**
   * The complementary error function, with fractional error below 1.2e-7 everywhere (the Chebyshev-fitted form of
   * Press et al. 1992, Numerical Recipes section 6.2); one {@code exp} per call.
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277))))))));
    double r = t * Math.exp(poly);
    return x >= 0.0 ? r : 2.0 - r;
  }

  /** The standard normal upper tail Q(u) = P(U > u). */
  static double normalTail(double u) {
    return 0.5 * erfc(u * 0.7071067811865476);
  }

  /** The standard normal cumulative distribution Phi(u). */
  static double normalCdf(double u) {
    return 0.5 * erfc(-u * 0.7071067811865476);
  }

  private static final double[] IA = {
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
      -3.066479806614716e+01, 2.506628277459239e+00};
  private static final double[] IB = {
      -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
      -1.328068155288572e+01};
  private static final double[] IC = {
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
      4.374664141464968e+00, 2.938163982698783e+00};
  private static final double[] ID = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};

  /**
   * The inverse of {@link #normalCdf} for p in (0, 1) (rational approximation of Acklam 2003, relative error below
   * 1.2e-9); p at or beyond the ends gives -/+ 40.
   */
  static double inverseNormalCdf(double p) {
    if (p <= 0.0) {
      return -40.0;
    }
    if (p >= 1.0) {
      return 40.0;
    }
    if (p < 0.02425) {
      double q = Math.sqrt(-2.0 * Math.log(p));
      return (((((IC[0] * q + IC[1]) * q + IC[2]) * q + IC[3]) * q + IC[4]) * q + IC[5])
          / ((((ID[0] * q + ID[1]) * q + ID[2]) * q + ID[3]) * q + 1.0);
    }
    if (p > 1.0 - 0.02425) {
      double q = Math.sqrt(-2.0 * Math.log(1.0 - p));
      return -(((((IC[0] * q + IC[1]) * q + IC[2]) * q + IC[3]) * q + IC[4]) * q + IC[5])
          / ((((ID[0] * q + ID[1]) * q + ID[2]) * q + ID[3]) * q + 1.0);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((IA[0] * r + IA[1]) * r + IA[2]) * r + IA[3]) * r + IA[4]) * r + IA[5]) * q
        / (((((IB[0] * r + IB[1]) * r + IB[2]) * r + IB[3]) * r + IB[4]) * r + 1.0);
  }
}
