package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-to-one matching of fakes to detected sources. */
class FakeMatcherTest {
  private static boolean[] all(int n) {
    boolean[] b = new boolean[n];
    java.util.Arrays.fill(b, true);
    return b;
  }

  @Test
  void nearestSourceWithinTheRadiusOnly() {
    double[] fx = {10, 50, 90};
    double[] fy = {10, 50, 90};
    double[] sx = {11.5, 52.1, 90.3};
    double[] sy = {10, 50, 90.4};
    int[] m = FakeMatcher.match(fx, fy, new double[] {20, 21, 22}, all(3), sx, sy, all(3), 2.0);
    /* 1.5 px and 0.5 px are in, 2.1 px is out. */
    assertArrayEquals(new int[] {0, -1, 2}, m);
  }

  @Test
  void oneToOneBrightestFakeFirst() {
    /* Two fakes 1 px either side of one source: the brighter (fainter magnitude loses) takes it. */
    double[] fx = {9, 11};
    double[] fy = {5, 5};
    double[] sx = {10};
    double[] sy = {5};
    assertArrayEquals(new int[] {-1, 0}, FakeMatcher.match(fx, fy, new double[] {22, 21}, all(2), sx, sy, all(1),
        2.0));
    assertArrayEquals(new int[] {0, -1}, FakeMatcher.match(fx, fy, new double[] {21, 22}, all(2), sx, sy, all(1),
        2.0));
    /* Equal magnitudes: the lower row goes first. */
    assertArrayEquals(new int[] {0, -1}, FakeMatcher.match(fx, fy, new double[] {21, 21}, all(2), sx, sy, all(1),
        2.0));
    /* With a second source in reach the other fake takes that one. */
    int[] m = FakeMatcher.match(fx, fy, new double[] {22, 21}, all(2), new double[] {10, 8}, new double[] {5, 5.5},
        all(2), 2.0);
    assertArrayEquals(new int[] {1, 0}, m);
  }

  @Test
  void equalDistancesGoToTheLowerSourceRow() {
    int[] m = FakeMatcher.match(new double[] {10}, new double[] {10}, new double[] {20}, all(1),
        new double[] {11, 9}, new double[] {10, 10}, all(2), 2.0);
    assertArrayEquals(new int[] {0}, m);
  }

  @Test
  void flaggedFakesAndExcludedSourcesTakeNoPart() {
    double[] fx = {10, 10.5};
    double[] fy = {10, 10};
    /* The bright fake is flagged: it neither matches nor claims, so the faint one gets the source. */
    int[] m = FakeMatcher.match(fx, fy, new double[] {18, 22}, new boolean[] {false, true}, new double[] {10.2},
        new double[] {10}, all(1), 2.0);
    assertArrayEquals(new int[] {-1, 0}, m);
    /* An excluded source (a negative one) is never matched. */
    m = FakeMatcher.match(fx, fy, new double[] {18, 22}, all(2), new double[] {10.2}, new double[] {10},
        new boolean[] {false}, 2.0);
    assertArrayEquals(new int[] {-1, -1}, m);
  }

  @Test
  void agreesWithABruteForceGreedyMatchOnARandomField() {
    SplittableRandom rng = new SplittableRandom(42);
    int nf = 300;
    int ns = 500;
    double[] fx = new double[nf];
    double[] fy = new double[nf];
    double[] fm = new double[nf];
    double[] sx = new double[ns];
    double[] sy = new double[ns];
    for (int i = 0; i < nf; i++) {
      fx[i] = rng.nextDouble(0, 200);
      fy[i] = rng.nextDouble(0, 200);
      fm[i] = rng.nextDouble(18, 26);
    }
    for (int k = 0; k < ns; k++) {
      sx[k] = rng.nextDouble(0, 200);
      sy[k] = rng.nextDouble(0, 200);
    }
    int[] m = FakeMatcher.match(fx, fy, fm, all(nf), sx, sy, all(ns), 3.0);
    /* The same greedy rule without the y index. */
    Integer[] order = new Integer[nf];
    for (int i = 0; i < nf; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(fm[a], fm[b]));
    boolean[] taken = new boolean[ns];
    int[] expect = new int[nf];
    java.util.Arrays.fill(expect, -1);
    for (int i : order) {
      double best = 9.0;
      for (int k = 0; k < ns; k++) {
        double d2 = (sx[k] - fx[i]) * (sx[k] - fx[i]) + (sy[k] - fy[i]) * (sy[k] - fy[i]);
        if (!taken[k] && d2 <= best && (expect[i] < 0 || d2 < best)) {
          best = d2;
          expect[i] = k;
        }
      }
      if (expect[i] >= 0) {
        taken[expect[i]] = true;
      }
    }
    assertArrayEquals(expect, m);
    int matched = 0;
    for (int v : m) {
      matched += v >= 0 ? 1 : 0;
    }
    assertTrue(matched > 20 && matched < nf, matched + " matches");
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FakeMatcher.match(
        new double[1], new double[1], new double[1], all(1), new double[1], new double[1], all(1), 0));
    assertTrue(e.getMessage().contains("radiusPx"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FakeMatcher.match(new double[2], new double[1],
        new double[2], all(2), new double[1], new double[1], all(1), 2));
    assertTrue(e.getMessage().contains("fakeY"), e.getMessage());
    assertEquals(2.0, FakeMatcher.DEFAULT_RADIUS_PX);
  }
}
