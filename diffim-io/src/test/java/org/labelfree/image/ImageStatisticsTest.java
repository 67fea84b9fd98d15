package org.labelfree.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageStatisticsTest {

  @Test
  void medianMatchesSortedArrayForOddAndEvenCounts() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int n : new int[] {1, 2, 3, 10, 101, 1000, 4097}) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) Math.floor(rng.nextDouble(-50, 50)); // many ties
      }
      float[] sorted = v.clone();
      Arrays.sort(sorted);
      double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
      assertEquals(expected, ImageStatistics.median(v.clone(), n), 0.0, "n=" + n);
    }
  }

  @Test
  void ignoresNonFiniteAndReportsCounts() {
    float[] v = {1, Float.NaN, 3, Float.POSITIVE_INFINITY, 2, Float.NEGATIVE_INFINITY};
    ImageStatistics s = ImageStatistics.of(v);
    assertEquals(3, s.finiteCount());
    assertEquals(6, s.totalCount());
    assertEquals(1, s.min());
    assertEquals(3, s.max());
    assertEquals(2, s.mean(), 1e-12);
    assertEquals(2, s.median());
    assertEquals(ImageStatistics.MAD_TO_SIGMA * 1, s.robustSigma(), 1e-12);
  }

  @Test
  void robustSigmaOfGaussianNoiseIsItsSigma() {
    SplittableRandom rng = new SplittableRandom(11);
    int n = 200_000;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (100 + 5 * gaussian(rng));
    }
    /* 1% outliers must not move the robust estimate much. */
    for (int i = 0; i < n / 100; i++) {
      v[i] = 1e6f;
    }
    ImageStatistics s = ImageStatistics.of(v);
    assertEquals(100, s.median(), 0.1);
    // Standard error of MAD-based sigma for n=2e5 is ~0.013 sigma; the 1% outliers bias it by ~1.3%.
    assertEquals(5.0, s.robustSigma(), 0.15);
  }

  @Test
  void emptyOrAllNanGivesNan() {
    ImageStatistics s = ImageStatistics.of(ImageF.filled(4, 4, Float.NaN));
    assertEquals(0, s.finiteCount());
    assertTrue(Double.isNaN(s.median()) && Double.isNaN(s.robustSigma()) && Double.isNaN(s.min()));
  }

  private static double gaussian(SplittableRandom rng) {
    double u = rng.nextDouble();
    double w = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
  }
}
