package org.labelfree.wcs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pure-Java arc tangent must equal {@link StrictMath#atan} bit for bit, so WCS results do not depend on it. */
class AtanTest {

  private static void same(double x) {
    assertEquals(Double.doubleToRawLongBits(StrictMath.atan(x)), Double.doubleToRawLongBits(Atan.atan(x)),
        () -> "atan(" + x + "): StrictMath " + StrictMath.atan(x) + ", ours " + Atan.atan(x));
  }

  @Test
  void specialValuesAndBreakpoints() {
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 0x1p-29, Math.nextDown(0x1p-29), 0x1p66,
        Math.nextDown(0x1p66), 0.4375, Math.nextDown(0.4375), 0.6875, Math.nextDown(0.6875), 1.1875,
        Math.nextDown(1.1875), 2.4375, Math.nextDown(2.4375), 1.0, -1.0, 0.5, 1.5};
    for (double x : special) {
      same(x);
      same(-x);
    }
  }

  @Test
  void randomArgumentsOverEveryRange() {
    SplittableRandom rnd = new SplittableRandom(20261121);
    for (int i = 0; i < 2_000_000; i++) {
      /* Log-uniform magnitudes from 1e-12 to 1e25 cover every reduction branch, signs both ways. */
      double x = Math.pow(10, rnd.nextDouble(-12, 25)) * (rnd.nextBoolean() ? 1 : -1);
      same(x);
    }
    for (int i = 0; i < 1_000_000; i++) {
      same(rnd.nextDouble(-3, 3));
    }
  }
}
