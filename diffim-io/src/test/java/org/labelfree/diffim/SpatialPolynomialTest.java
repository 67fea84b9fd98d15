package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link SpatialPolynomial}: the separable evaluation over an image agrees with the term-by-term one. */
class SpatialPolynomialTest {
  @Test
  void rowCoefficientsTimesColumnPowersIsTheEvaluation() {
    for (int order = 0; order <= 4; order++) {
      SpatialPolynomial p = new SpatialPolynomial(order, 100, -50, 640, 480);
      double[] c = new double[p.termCount()];
      for (int k = 0; k < c.length; k++) {
        c[k] = Math.sin(1.7 * k + 0.3) * (k + 1);
      }
      double[][] pow = p.columnPowers(90, 700);
      double[] row = new double[order + 1];
      for (int y = -60; y < 440; y += 37) {
        p.rowCoefficients(c, y, row);
        for (int x = 90; x < 790; x += 41) {
          double sep = 0;
          for (int a = 0; a <= order; a++) {
            sep += row[a] * pow[a][x - 90];
          }
          double direct = p.evaluate(c, x, y);
          assertEquals(direct, sep, 1e-12 * Math.max(1, Math.abs(direct)), "order " + order + " at " + x + "," + y);
        }
      }
    }
  }

  @Test
  void rowCoefficientsChecksLengths() {
    SpatialPolynomial p = new SpatialPolynomial(2, 0, 0, 10, 10);
    assertThrows(IllegalArgumentException.class, () -> p.rowCoefficients(new double[5], 0, new double[3]));
    assertThrows(IllegalArgumentException.class, () -> p.rowCoefficients(new double[6], 0, new double[2]));
  }
}
