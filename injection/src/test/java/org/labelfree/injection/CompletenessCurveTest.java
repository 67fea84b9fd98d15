package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Binned completeness, Wilson intervals and the maximum-likelihood logistic fit. */
class CompletenessCurveTest {

  /** Fakes uniform in [lo, hi) mag, each detected with probability cMax / (1 + exp((m - m50) / w)). */
  private static Object[] draw(long seed, int n, double lo, double hi, double m50, double w, double cMax) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] m = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      m[i] = rng.nextDouble(lo, hi);
      y[i] = rng.nextDouble() < cMax / (1 + Math.exp((m[i] - m50) / w));
    }
    return new Object[] {m, y};
  }

  @Test
  void binsCountFakesWithEdgesAtMultiplesOfTheWidth() {
    double[] m = {20.1, 20.4, 20.5, 21.7, 21.74, 23.2, Double.NaN};
    boolean[] y = {true, true, false, true, false, false, true};
    List<CompletenessCurve.Bin> bins = CompletenessCurve.bins(m, y, 0.5);
    /* 20.0-20.5: 2 of 2; 20.5-21.0: 0 of 1; 21.5-22.0: 1 of 2; 23.0-23.5: 0 of 1; empty bins and NaN left out. */
    assertEquals(4, bins.size(), bins.toString());
    assertEquals(20.0, bins.get(0).magLo(), 1e-12);
    assertEquals(20.5, bins.get(0).magHi(), 1e-12);
    assertEquals(2, bins.get(0).injected());
    assertEquals(2, bins.get(0).detected());
    assertEquals(20.5, bins.get(1).magLo(), 1e-12);
    assertEquals(0, bins.get(1).detected());
    assertEquals(21.5, bins.get(2).magLo(), 1e-12);
    assertEquals(2, bins.get(2).injected());
    assertEquals(0.5, bins.get(2).fraction(), 1e-12);
    assertEquals(23.0, bins.get(3).magLo(), 1e-12);
    int total = 0;
    for (CompletenessCurve.Bin b : bins) {
      total += b.injected();
      assertTrue(b.lower68() <= b.fraction() && b.fraction() <= b.upper68(), b.toString());
    }
    assertEquals(6, total);
  }

  @Test
  void wilsonIntervalMatchesAHandComputation() {
    /* k = 8, n = 10, z = 1: centre (0.8 + 0.05) / 1.1 = 0.7727273, half sqrt(0.016 + 0.0025) / 1.1 = 0.1236498. */
    double[] ci = CompletenessCurve.wilson(8, 10, 1.0);
    assertEquals(0.7727273 - 0.1236498, ci[0], 1e-6);
    assertEquals(0.7727273 + 0.1236498, ci[1], 1e-6);
    /* All detected: the upper end is 1, the lower n / (n + z^2). */
    ci = CompletenessCurve.wilson(10, 10, 1.0);
    assertEquals(1.0, ci[1], 1e-12);
    assertEquals(10 / 11.0, ci[0], 1e-12);
    assertThrows(IllegalArgumentException.class, () -> CompletenessCurve.wilson(3, 2, 1.0));
  }

  @Test
  void logisticFitRecoversAKnownCurve() {
    Object[] d = draw(2024, 2000, 21, 26, 24.0, 0.25, 0.95);
    CompletenessCurve.Fit f = CompletenessCurve.fit((double[]) d[0], (boolean[]) d[1]);
    System.out.printf("fit of 2000 fakes (m50 24, w 0.25, cMax 0.95): m50 %.4f +- %.4f, w %.4f +- %.4f, cMax %.4f"
        + " +- %.4f%n", f.m50(), f.m50Err(), f.width(), f.widthErr(), f.cMax(), f.cMaxErr());
    assertTrue(f.converged(), f.note());
    assertEquals(2000, f.fakes());
    /* Within 2 sigma of the reported error, and within 0.1 mag for 2000 fakes (the error is about 0.02 mag). */
    assertEquals(24.0, f.m50(), Math.min(0.1, 2 * f.m50Err()));
    assertTrue(f.m50Err() > 0.005 && f.m50Err() < 0.05, "m50 error " + f.m50Err());
    /* The width is the loosest parameter (its Fisher error is ~20% below its scatter at 500 fakes, see below) and
       this draw sits 2.4 of its errors high: checked at 3 sigma here, and for bias over 40 draws below. */
    assertEquals(0.25, f.width(), 3 * f.widthErr());
    assertEquals(0.95, f.cMax(), 2 * f.cMaxErr());
  }

  @Test
  void reportedErrorsMatchTheScatterOverDraws() {
    /* 40 draws of 500 fakes: the spread of m50 agrees with the mean reported error within 30% (the standard error of a
       standard deviation from 40 draws is 11%), and the mean m50 and width are unbiased within 3 standard errors. */
    int draws = 40;
    double sum = 0;
    double sum2 = 0;
    double errSum = 0;
    double wSum = 0;
    double wSum2 = 0;
    double wErrSum = 0;
    for (int s = 0; s < draws; s++) {
      Object[] d = draw(100 + s, 500, 21, 26, 23.5, 0.3, 0.95);
      CompletenessCurve.Fit f = CompletenessCurve.fit((double[]) d[0], (boolean[]) d[1]);
      assertTrue(f.converged(), f.note());
      sum += f.m50();
      sum2 += f.m50() * f.m50();
      errSum += f.m50Err();
      wSum += f.width();
      wSum2 += f.width() * f.width();
      wErrSum += f.widthErr();
    }
    double wMean = wSum / draws;
    double wSd = Math.sqrt((wSum2 - draws * wMean * wMean) / (draws - 1));
    System.out.printf("width over %d draws: mean %.4f, scatter %.4f, mean reported error %.4f%n", draws, wMean, wSd,
        wErrSum / draws);
    double mean = sum / draws;
    double sd = Math.sqrt((sum2 - draws * mean * mean) / (draws - 1));
    double err = errSum / draws;
    System.out.printf("m50 over %d draws: mean %.4f, scatter %.4f, mean reported error %.4f%n", draws, mean, sd, err);
    assertEquals(err, sd, 0.3 * err);
    assertEquals(23.5, mean, 3 * sd / Math.sqrt(draws));
    assertEquals(0.3, wMean, 3 * wSd / Math.sqrt(draws));
  }

  @Test
  void fullBrightCompletenessFixesCmaxAtOne() {
    /* A sharp, complete curve: every fake brighter than m50 - 1 is found, so the likelihood wants cMax at its bound. */
    Object[] d = draw(7, 400, 20, 25, 23.0, 0.15, 1.0);
    CompletenessCurve.Fit f = CompletenessCurve.fit((double[]) d[0], (boolean[]) d[1]);
    assertTrue(f.converged(), f.note());
    assertEquals(1.0, f.cMax(), 1e-12);
    assertEquals(0.0, f.cMaxErr());
    assertEquals(23.0, f.m50(), 3 * f.m50Err());
    assertEquals(f.m50(), f.mHalfOfOne(), 1e-12);
  }

  @Test
  void tooFewFakesOrOnlyOneOutcomeGivesNoFit() {
    Object[] d = draw(3, 15, 21, 26, 24.0, 0.25, 1.0);
    CompletenessCurve.Fit f = CompletenessCurve.fit((double[]) d[0], (boolean[]) d[1]);
    assertFalse(f.converged());
    assertTrue(Double.isNaN(f.m50()));
    assertTrue(f.note().contains("too few fakes"), f.note());
    /* 100 fakes all detected: the faint end is never seen. */
    double[] m = new double[100];
    boolean[] y = new boolean[100];
    for (int i = 0; i < 100; i++) {
      m[i] = 20 + 0.01 * i;
      y[i] = true;
    }
    f = CompletenessCurve.fit(m, y);
    assertFalse(f.converged());
    assertTrue(f.note().contains("0 missed"), f.note());
  }
}
