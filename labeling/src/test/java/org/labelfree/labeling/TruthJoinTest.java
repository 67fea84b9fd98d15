package org.labelfree.labeling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** is_true_transient: 1 within the radius (inclusive), 0 beyond, -1 without truth. */
class TruthJoinTest {
  private static final double AS = 1.0 / 3600;

  @Test
  void sourcesNearATruthRowAreTrueTransients() {
    double[] ra = {10, 10, 10, 359.99999, 20, Double.NaN};
    double[] dec = {0, 1.0 * AS, 1.0001 * AS, 5, 20, 0};
    /* Truth at (10, 0) and (0.0001, 5) (RA = 0 crossing: 0.39" from 359.99999); one NaN row ignored. */
    double[] tra = {10, 0.0001, Double.NaN};
    double[] tdec = {0, 5, 0};
    int[] got = TruthJoin.isTrueTransient(ra, dec, tra, tdec, 1.0);
    assertArrayEquals(new int[] {1, 1, 0, 1, 0, 0}, got);
    /* Two sources may join one truth row. */
    assertArrayEquals(new int[] {1, 1}, TruthJoin.isTrueTransient(new double[] {10, 10}, new double[] {0.2 * AS,
        -0.2 * AS}, new double[] {10}, new double[] {0}, 1.0));
  }

  @Test
  void noTruthGivesMinusOneAndEmptyTruthGivesZero() {
    assertArrayEquals(new int[] {-1, -1, -1}, TruthJoin.unknown(3));
    assertArrayEquals(new int[] {0, 0}, TruthJoin.isTrueTransient(new double[] {1, 2}, new double[] {0, 0},
        new double[0], new double[0], 1.0));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> TruthJoin.isTrueTransient(new double[1], new double[1],
        new double[1], new double[1], -1));
    assertThrows(IllegalArgumentException.class, () -> TruthJoin.isTrueTransient(new double[1], new double[2],
        new double[1], new double[1], 1));
  }
}
