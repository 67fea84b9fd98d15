package org.labelfree.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CalibrationTest {
  /* Sums of a few float-rounded probabilities: 1e-7 covers the float inputs. */
  private static final double EPS = 1e-7;

  @Test
  void handMadeCase() {
    /* 10 bins. Bin 0: p 0.05, label 0 -> |0 - 0.05| share 1/4. Bin 1: p 0.15, label 1 -> 0.85, share 1/4.
       Bin 9: p 0.95 twice, labels 1 and 0 -> |0.5 - 0.95| = 0.45, share 1/2. ECE = 0.0125 + 0.2125 + 0.225. */
    float[] p = {0.05f, 0.15f, 0.95f, 0.95f};
    byte[] y = {0, 1, 1, 0};
    assertEquals(0.45, Calibration.ece(p, y, 10), EPS);
  }

  @Test
  void perfectAndWorstCalibration() {
    assertEquals(0.0, Calibration.ece(new float[] {0f, 1f, 1f}, new byte[] {0, 1, 1}, 15), EPS);
    assertEquals(1.0, Calibration.ece(new float[] {0f, 1f}, new byte[] {1, 0}, 15), EPS);
    assertTrue(Double.isNaN(Calibration.ece(new float[0], new byte[0], 15)));
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Calibration.ece(new float[] {1.5f}, new byte[] {1}, 15));
    assertTrue(e.getMessage().contains("prob[0] is 1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Calibration.ece(new float[] {0.5f}, new byte[] {1}, 0));
    assertTrue(e.getMessage().contains("bins is 0"), e.getMessage());
  }
}
