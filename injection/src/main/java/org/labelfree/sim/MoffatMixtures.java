package org.labelfree.sim;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Gaussian-mixture fits to the Moffat (1969) profile I(r) proportional to (1 + r^2 / alpha^2)^-beta, in units of
 * its FWHM, for {@link GaussianMixture#moffat}: amplitudes of circular Gaussians with fixed log-spaced variances,
 * fitted by non-negative least squares to the enclosed fraction 1 - (1 + r^2 / alpha^2)^(1 - beta) up to 10 FWHM
 * with the total flux constrained to 1 (Hogg and Lang 2013's approach). Fits are memoised per beta; thread-safe.
 */
final class MoffatMixtures {
  /** The smallest supported beta (the flux beyond 10 FWHM grows quickly below it). */
  static final double MIN_BETA = 2.0;
  /** The largest supported beta. */
  static final double MAX_BETA = 20.0;
  /** Component variances in units of FWHM^2: 10^-1.75 .. 10^2.45 in steps of 10^0.35 (4-6 survive the fit). */
  static final double[] VARIANCES = SersicProfiles.anchoredGrid(1.0, 0.35, -5, 7);

  private static final int FIT_RADII = 240;
  private static final double FIT_R_MIN = 0.02;
  private static final double FIT_R_MAX = 10.0;
  private static final double TOTAL_WEIGHT = 300.0;
  private static final double DROP_BELOW = 1e-2;
  private static final int MAX_MEMO = 4096;
  private static final ConcurrentHashMap<Double, double[]> MEMO = new ConcurrentHashMap<>();

  private MoffatMixtures() {
  }

  /** alpha / FWHM for the given beta. */
  static double alphaOverFwhm(double beta) {
    return 0.5 / Math.sqrt(Math.pow(2.0, 1.0 / beta) - 1.0);
  }

  /** The enclosed flux fraction within r (in FWHM) of a unit-flux circular Moffat profile. */
  static double enclosed(double beta, double radiusOverFwhm) {
    double x = radiusOverFwhm / alphaOverFwhm(beta);
    return -Math.expm1((1.0 - beta) * Math.log1p(x * x));
  }

  /** The amplitudes on {@link #VARIANCES} for beta (zero for unused components); do not modify the array. */
  static double[] amplitudes(double beta) {
    if (!(beta >= MIN_BETA && beta <= MAX_BETA)) {
      throw new IllegalArgumentException("beta must be in [" + MIN_BETA + ", " + MAX_BETA + "], but was " + beta);
    }
    double[] cached = MEMO.get(beta);
    if (cached != null) {
      return cached;
    }
    double[] fit = fit(beta);
    if (MEMO.size() < MAX_MEMO) {
      MEMO.putIfAbsent(beta, fit);
    }
    return fit;
  }

  private static double[] fit(double beta) {
    double[] radii = SersicProfiles.logGrid(Math.log10(FIT_R_MIN), Math.log10(FIT_R_MAX), FIT_RADII);
    double[] target = new double[radii.length];
    double[] weight = new double[radii.length];
    for (int i = 0; i < radii.length; i++) {
      target[i] = enclosed(beta, radii[i]);
      /* Relative weight in the core, where the enclosed flux is small but fixes the central intensity and FWHM. */
      weight[i] = 1.0 / Math.sqrt(target[i] + 0.05);
    }
    return SersicProfiles.fitSparse(radii, target, weight, VARIANCES, TOTAL_WEIGHT, DROP_BELOW);
  }
}
