package org.labelfree.sim;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The Sersic (1963) surface-brightness profile I(r) proportional to exp(-b_n (r / rEff)^(1/n)) and its
 * enclosed-flux curve, in units of the half-light radius, plus the Gaussian-mixture approximations that
 * {@link GaussianMixture#sersic} draws with. Stateless apart from a lazily filled, thread-safe cache of the fits.
 *
 * <p>The mixtures follow Hogg and Lang (2013, PASP 125, 719, "Replacing standard galaxy profiles with mixtures of
 * Gaussians"): the component variances are fixed on a log-spaced grid shared by all indices, so fitting the
 * amplitudes is a linear non-negative least-squares problem. They are fitted here to the enclosed-flux curve
 * L(&lt;r) = P(2n, b_n (r / rEff)^(1/n)) at radii up to 10 rEff with the total flux constrained to 1, once per index
 * on a grid, and interpolated linearly in amplitude between grid indices.
 */
public final class SersicProfiles {
  /** The smallest supported Sersic index. */
  public static final double MIN_INDEX = 0.5;
  /** The largest supported Sersic index. */
  public static final double MAX_INDEX = 6.0;

  /** Indices at which mixtures are fitted. */
  static final double[] GRID = {0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0};
  /**
   * Component variances in units of rEff^2, shared by all indices: 2.3e-7 .. 721 in steps of 10^0.5, anchored at
   * 1 / (2 ln 2), the variance of the n = 0.5 profile (a Gaussian), which is thus represented exactly.
   */
  static final double[] VARIANCES = anchoredGrid(0.5 / Math.log(2.0), 0.5, -13, 6);

  private static final int FIT_RADII = 320;
  private static final double FIT_R_MIN = 1e-3;
  private static final double FIT_R_MAX = 10.0;
  private static final double TOTAL_WEIGHT = 300.0;
  private static final double HALF_LIGHT_WEIGHT = 30.0;
  /** Grid components below this amplitude are dropped and the rest refitted, to keep the mixtures small. */
  private static final double DROP_BELOW = 1e-3;
  private static final ConcurrentHashMap<Integer, double[]> FITS = new ConcurrentHashMap<>();

  private SersicProfiles() {
  }

  /**
   * The Sersic constant b_n, defined by gamma(2n, b_n) = Gamma(2n) / 2 so that rEff encloses half the flux, solved
   * numerically (to ~1e-13 relative).
   *
   * @param n Sersic index, in [{@value #MIN_INDEX}, {@value #MAX_INDEX}]
   * @throws IllegalArgumentException if n is outside that range or not finite
   */
  public static double bn(double n) {
    checkIndex(n);
    double lo = 0.0;
    double hi = 2.0 * n + 1.0;
    while (SpecialFunctions.gammaP(2.0 * n, hi) < 0.5) {
      hi *= 2.0;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (SpecialFunctions.gammaP(2.0 * n, mid) < 0.5) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /**
   * The fraction of a Sersic profile's total flux enclosed within radius r (circular profile; for an elliptical one,
   * within the elliptical aperture of geometric-mean radius r).
   *
   * @param n               Sersic index, in [{@value #MIN_INDEX}, {@value #MAX_INDEX}]
   * @param radiusOverReff  r / rEff, >= 0
   * @return L(&lt;r) in [0, 1]; 0.5 at radiusOverReff = 1
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static double enclosedFraction(double n, double radiusOverReff) {
    checkIndex(n);
    if (!(radiusOverReff >= 0.0) || Double.isInfinite(radiusOverReff)) {
      throw new IllegalArgumentException("radiusOverReff must be finite and >= 0, but was " + radiusOverReff);
    }
    return enclosed(n, bn(n), radiusOverReff);
  }

  /**
   * The surface brightness of a unit-flux circular Sersic profile with rEff = 1 at radius r (flux per unit area;
   * multiply by flux / rEff^2 for a profile of another size and flux).
   *
   * @param n               Sersic index, in [{@value #MIN_INDEX}, {@value #MAX_INDEX}]
   * @param radiusOverReff  r / rEff, >= 0
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static double surfaceBrightness(double n, double radiusOverReff) {
    checkIndex(n);
    if (!(radiusOverReff >= 0.0) || Double.isInfinite(radiusOverReff)) {
      throw new IllegalArgumentException("radiusOverReff must be finite and >= 0, but was " + radiusOverReff);
    }
    double b = bn(n);
    double twoN = 2.0 * n;
    double logNorm = Math.log(2.0 * Math.PI * n) + SpecialFunctions.lnGamma(twoN) - twoN * Math.log(b);
    return Math.exp(-b * Math.pow(radiusOverReff, 1.0 / n) - logNorm);
  }

  /**
   * The mixture amplitudes on {@link #VARIANCES} for index n, interpolated linearly between the two neighbouring
   * grid fits. The returned array is fresh.
   */
  static double[] amplitudes(double n) {
    checkIndex(n);
    int hi = 1;
    while (hi < GRID.length - 1 && GRID[hi] < n) {
      hi++;
    }
    int lo = hi - 1;
    double t = (n - GRID[lo]) / (GRID[hi] - GRID[lo]);
    double[] a = fit(lo);
    double[] b = fit(hi);
    double[] out = new double[VARIANCES.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = t == 0.0 ? a[k] : t == 1.0 ? b[k] : (1.0 - t) * a[k] + t * b[k];
    }
    return out;
  }

  private static double[] fit(int gridIndex) {
    return FITS.computeIfAbsent(gridIndex, i -> fitIndex(GRID[i]));
  }

  /**
   * Fits the amplitudes for one index to its enclosed-flux curve (see the class comment), with heavily weighted rows
   * for the total flux (1) and the half-light radius (L(&lt;rEff) = 1/2); then drops the grid components below
   * {@link #DROP_BELOW} and refits the rest.
   */
  static double[] fitIndex(double n) {
    double b = bn(n);
    double[] radii = java.util.Arrays.copyOf(logGrid(Math.log10(FIT_R_MIN), Math.log10(FIT_R_MAX), FIT_RADII),
        FIT_RADII + 1);
    radii[FIT_RADII] = 1.0;
    double[] target = new double[radii.length];
    double[] weight = new double[radii.length];
    for (int i = 0; i < radii.length; i++) {
      target[i] = enclosed(n, b, radii[i]);
      weight[i] = 1.0;
    }
    target[radii.length - 1] = 0.5;
    weight[radii.length - 1] = HALF_LIGHT_WEIGHT;
    return fitSparse(radii, target, weight, VARIANCES, TOTAL_WEIGHT, DROP_BELOW);
  }

  /**
   * Non-negative amplitudes a_k of unit-flux circular Gaussians with the given variances minimising
   * sum_i w_i^2 (sum_k a_k (1 - exp(-r_i^2 / 2 v_k)) - L_i)^2 + totalWeight^2 (sum_k a_k - 1)^2; then the
   * components below dropBelow are dropped, the rest refitted and normalised to sum exactly 1. Zero amplitudes mark
   * dropped components.
   */
  static double[] fitSparse(double[] radii, double[] target, double[] weight, double[] variances,
      double totalWeight, double dropBelow) {
    double[] amp = fitEnclosed(radii, target, weight, variances, totalWeight);
    int kept = 0;
    for (double a : amp) {
      if (a >= dropBelow) {
        kept++;
      }
    }
    int[] index = new int[kept];
    double[] keptVariances = new double[kept];
    kept = 0;
    for (int k = 0; k < amp.length; k++) {
      if (amp[k] >= dropBelow) {
        index[kept] = k;
        keptVariances[kept++] = variances[k];
      }
    }
    double[] refit = fitEnclosed(radii, target, weight, keptVariances, totalWeight);
    double sum = 0.0;
    for (double a : refit) {
      sum += a;
    }
    double[] out = new double[variances.length];
    for (int k = 0; k < kept; k++) {
      out[index[k]] = refit[k] / sum;
    }
    return out;
  }

  private static double[] fitEnclosed(double[] radii, double[] target, double[] weight, double[] variances,
      double totalWeight) {
    int m = radii.length;
    int k = variances.length;
    double[][] a = new double[m + 1][k];
    double[] rhs = new double[m + 1];
    for (int i = 0; i < m; i++) {
      double r2 = radii[i] * radii[i];
      for (int j = 0; j < k; j++) {
        a[i][j] = -weight[i] * Math.expm1(-r2 / (2.0 * variances[j]));
      }
      rhs[i] = weight[i] * target[i];
    }
    for (int j = 0; j < k; j++) {
      a[m][j] = totalWeight;
    }
    rhs[m] = totalWeight;
    return Nnls.solve(a, rhs);
  }

  static double enclosed(double n, double b, double radiusOverReff) {
    return SpecialFunctions.gammaP(2.0 * n, b * Math.pow(radiusOverReff, 1.0 / n));
  }

  /** anchor * 10^(step * j) for j = jMin .. jMax. */
  static double[] anchoredGrid(double anchor, double step, int jMin, int jMax) {
    double[] v = new double[jMax - jMin + 1];
    for (int j = jMin; j <= jMax; j++) {
      v[j - jMin] = anchor * Math.pow(10.0, step * j);
    }
    return v;
  }

  /** count values 10^lo .. 10^hi, log-spaced. */
  static double[] logGrid(double lo, double hi, int count) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = Math.pow(10.0, lo + (hi - lo) * i / (count - 1));
    }
    return v;
  }

  static void checkIndex(double n) {
    if (!(n >= MIN_INDEX && n <= MAX_INDEX)) {
      throw new IllegalArgumentException(
          "n (Sersic index) must be in [" + MIN_INDEX + ", " + MAX_INDEX + "], but was " + n);
    }
  }
}
