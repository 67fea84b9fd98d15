package org.labelfree.training;

/**
 * The co-teaching keep rate: the fraction of small-loss samples a network passes to its peer (Han et al. 2018,
 * "Co-teaching: robust training of deep neural networks with extremely noisy labels", NeurIPS, R(T) of Algorithm 1).
 */
public final class ForgetSchedule {
  private ForgetSchedule() {}

  /**
   * {@code R(T) = 1 - tau * min((T / tk)^c, 1)}: 1 at epoch 0, falling to {@code 1 - tau} at epoch {@code tk} and
   * flat after.
   *
   * @param tau   forget rate, in [0, 1]
   * @param epoch T, the 0-based epoch (>= 0)
   * @param tk    epochs to reach the full forget rate (>= 1)
   * @param c     exponent of the ramp (> 0; 1 is linear)
   * @throws IllegalArgumentException naming a parameter out of its range
   */
  public static double keepRate(double tau, int epoch, int tk, double c) {
    if (!(tau >= 0 && tau <= 1)) {
      throw new IllegalArgumentException("tau must be in [0, 1], but was " + tau);
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, but was " + epoch);
    }
    if (tk < 1) {
      throw new IllegalArgumentException("tk must be >= 1, but was " + tk);
    }
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException("c must be finite and > 0, but was " + c);
    }
    return 1.0 - tau * Math.min(Math.pow((double) epoch / tk, c), 1.0);
  }
}
