package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checks the test helper itself: it accepts a true law and rejects a wrong one. */
class KsTest {

  @Test
  void knownValuesOfTheKolmogorovSeries() {
    /* Tabulated Q(lambda): Q(1.36) = 0.0494, Q(1.63) = 0.0098 (the 5% and 1% critical values); the
       tolerance 1e-3 covers the table's rounding. */
    assertEquals(0.0494, Ks.pValue(1.36 / 100.12011, 10000), 1e-3);
    assertEquals(0.0098, Ks.pValue(1.63 / 100.12011, 10000), 1e-3);
  }

  @Test
  void acceptsTheTrueLawAndRejectsAShiftedOne() {
    SplittableRandom rng = new SplittableRandom(7);
    double[] x = new double[2000];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    assertTrue(Ks.test(x, Ks::normalCdf) > 0.01);
    /* A 0.2-sigma shift with 2000 points gives D ~ 0.08, lambda ~ 3.5: p ~ 1e-10. */
    assertTrue(Ks.test(x, v -> Ks.normalCdf(v - 0.2)) < 1e-6);
  }
}
