package org.labelfree.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ForgetScheduleTest {
  // Closed-form values; 1e-12 covers the rounding of pow and the subtraction.
  private static final double TOL = 1e-12;

  @Test
  void linearRampReachesOneMinusTauAtTk() {
    assertEquals(1.0, ForgetSchedule.keepRate(0.2, 0, 10, 1.0), TOL);
    assertEquals(0.9, ForgetSchedule.keepRate(0.2, 5, 10, 1.0), TOL);
    assertEquals(0.8, ForgetSchedule.keepRate(0.2, 10, 10, 1.0), TOL);
    assertEquals(0.8, ForgetSchedule.keepRate(0.2, 20, 10, 1.0), TOL);
  }

  @Test
  void quadraticRamp() {
    assertEquals(1.0, ForgetSchedule.keepRate(0.2, 0, 10, 2.0), TOL);
    assertEquals(0.95, ForgetSchedule.keepRate(0.2, 5, 10, 2.0), TOL);
    assertEquals(0.8, ForgetSchedule.keepRate(0.2, 10, 10, 2.0), TOL);
    assertEquals(0.8, ForgetSchedule.keepRate(0.2, 20, 10, 2.0), TOL);
  }

  @Test
  void trainConfigUsesOneRatePerClassForAsymmetric() {
    TrainConfig a = TrainConfig.defaults(TrainingMethod.ASYMMETRIC).withTaus(0.0, 0.3);
    assertEquals(1.0, a.keepRate(1, 15), TOL);
    assertEquals(0.85, a.keepRate(0, 5), TOL);
    TrainConfig c = TrainConfig.defaults(TrainingMethod.COTEACHING);
    assertEquals(0.9, c.keepRate(0, 12), TOL);
    assertEquals(0.9, c.keepRate(1, 12), TOL);
    assertEquals(1.0, TrainConfig.defaults(TrainingMethod.STANDARD).keepRate(0, 12), TOL);
  }

  @Test
  void rejectsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> ForgetSchedule.keepRate(1.5, 0, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> ForgetSchedule.keepRate(0.1, -1, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> ForgetSchedule.keepRate(0.1, 0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> ForgetSchedule.keepRate(0.1, 0, 10, 0));
  }
}
