package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DrawsTest {
  @Test
  void poissonHasItsMeanAndVariance() {
    /* 40,000 draws per mean: the sample mean within 4 standard errors sqrt(mu / n); the variance ratio within
     * 4 sqrt(2 / n) (its standard error for a near-normal distribution; 0.03). Covers both the multiplication
     * method (mu < 10) and PTRS. */
    int n = 40_000;
    for (double mu : new double[] {0.7, 6.5, 10.0, 47.3, 12_000.0}) {
      SplittableRandom rng = new SplittableRandom(11L);
      double s = 0.0;
      double s2 = 0.0;
      for (int k = 0; k < n; k++) {
        double x = Draws.poisson(rng, mu);
        s += x;
        s2 += x * x;
      }
      double mean = s / n;
      double var = s2 / n - mean * mean;
      assertEquals(mu, mean, 4.0 * Math.sqrt(mu / n), "mean for mu " + mu);
      assertEquals(1.0, var / mu, 4.0 * Math.sqrt(2.0 / n) + 4.0 * Math.sqrt(1.0 / (mu * n)), "var for mu " + mu);
    }
  }

  @Test
  void gammaHasItsMeanAndVariance() {
    /* Gamma(k): mean k, variance k; 40,000 draws, 4 standard errors. */
    int n = 40_000;
    for (double k : new double[] {1.0, 2.0, 7.3}) {
      SplittableRandom rng = new SplittableRandom(12L);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = Draws.gamma(rng, k);
      }
      assertEquals(k, SkyStats.mean(x), 4.0 * Math.sqrt(k / n), "mean for k " + k);
      double sd = SkyStats.sd(x);
      assertEquals(k, sd * sd, 4.0 * k * Math.sqrt((2.0 + 6.0 / k) / n), "variance for k " + k);
    }
  }

  @Test
  void logFactorialMatchesTheProduct() {
    double exact = 0.0;
    for (int k = 1; k <= 200; k++) {
      exact += Math.log(k);
      assertEquals(exact, Draws.logFactorial(k), 1e-10 * Math.max(1.0, exact), "ln " + k + "!");
    }
  }

  @Test
  void powerLawMagnitudesStayInTheirRange() {
    SplittableRandom rng = new SplittableRandom(13L);
    for (int i = 0; i < 10_000; i++) {
      double m = Draws.powerLawMagnitude(rng, 0.33, 18.0, 26.5);
      assertEquals(22.25, m, 4.25, "m in [18, 26.5]");
    }
  }
}
