package org.labelfree.diffim;

/**
 * Tabulated, normalised weights of the separable Lanczos kernel of order {@code a} for the {@code 2a} taps around a
 * fractional position, so that the inner loops of a warp need no trigonometry.
 *
 * <p>For a position {@code p = floor(p) + f} ({@code 0 <= f < 1}) the taps are the pixels
 * {@code floor(p) - a + 1 ... floor(p) + a}; tap {@code t} has weight {@code L(t - a + 1 - f)} with
 * {@code L(x) = sinc(x) sinc(x / a)}, and the {@code 2a} weights are divided by their sum. The table holds these
 * normalised weights at {@value #STEPS} + 1 equally spaced values of {@code f} and interpolates linearly in between
 * (error below 2e-6 per weight; the interpolated weights still sum to 1). At {@code f = 0} the weights are exactly
 * one at the centre tap and zero elsewhere. Immutable and thread-safe.
 */
final class LanczosTable {
  /** Intervals of the fractional position in the table. */
  static final int STEPS = 1024;

  private final int order;
  private final int taps;
  private final double[] base;
  private final double[] slope;
  private final float[] baseF;
  private final float[] slopeF;

  LanczosTable(int order) {
    this.order = order;
    this.taps = 2 * order;
    this.base = new double[(STEPS + 1) * taps];
    this.slope = new double[STEPS * taps];
    for (int k = 0; k <= STEPS; k++) {
      double f = (double) k / STEPS;
      double sum = 0;
      for (int t = 0; t < taps; t++) {
        double w = lanczos(t - order + 1 - f, order);
        base[k * taps + t] = w;
        sum += w;
      }
      for (int t = 0; t < taps; t++) {
        base[k * taps + t] /= sum;
      }
    }
    for (int k = 0; k < STEPS; k++) {
      for (int t = 0; t < taps; t++) {
        slope[k * taps + t] = base[(k + 1) * taps + t] - base[k * taps + t];
      }
    }
    baseF = new float[base.length];
    slopeF = new float[slope.length];
    for (int i = 0; i < base.length; i++) {
      baseF[i] = (float) base[i];
    }
    for (int i = 0; i < slope.length; i++) {
      slopeF[i] = (float) slope[i];
    }
  }

  /** The table entries as floats, {@code taps} per row, {@value #STEPS} + 1 rows (for unrolled hot loops). */
  float[] baseFloat() {
    return baseF;
  }

  /** The differences between consecutive rows, as floats, {@value #STEPS} rows. */
  float[] slopeFloat() {
    return slopeF;
  }

  /** The kernel order {@code a}. */
  int order() {
    return order;
  }

  /** Number of taps per axis, {@code 2a}. */
  int taps() {
    return taps;
  }

  /** Writes the normalised weights of the {@code 2a} taps for fractional position {@code f} in [0, 1] to {@code out}. */
  void weights(double f, double[] out) {
    double pos = f * STEPS;
    int k = (int) pos;
    if (k >= STEPS) {
      k = STEPS - 1;
    } else if (k < 0) {
      k = 0;
    }
    double r = pos - k;
    int o = k * taps;
    for (int t = 0; t < taps; t++) {
      out[t] = base[o + t] + r * slope[o + t];
    }
  }

  /** The Lanczos function {@code sinc(x) sinc(x / a)}, exactly 0 at non-zero integers and outside (-a, a). */
  static double lanczos(double x, int a) {
    if (x == 0) {
      return 1;
    }
    if (x <= -a || x >= a || x == Math.rint(x)) {
      return 0;
    }
    double px = Math.PI * x;
    return a * Math.sin(px) * Math.sin(px / a) / (px * px);
  }
}
