package org.labelfree.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest {

  @Test
  void recoversTheTemperatureOfTheLabelModel() {
    /* Logits z ~ N(0, 3^2) per class; labels drawn from softmax(z / 2.5). With n = 20000 the maximum-likelihood T
       has a standard error of a few hundredths, so 0.1 is a safe bound. */
    int n = 20000;
    double trueT = 2.5;
    SplittableRandom rng = new SplittableRandom(42);
    float[] logits = new float[2 * n];
    byte[] label = new byte[n];
    for (int i = 0; i < n; i++) {
      logits[2 * i] = (float) (3 * gaussian(rng));
      logits[2 * i + 1] = (float) (3 * gaussian(rng));
      double p1 = org.labelfree.training.Predictions.logistic((logits[2 * i + 1] - logits[2 * i]) / trueT);
      label[i] = (byte) (rng.nextDouble() < p1 ? 1 : 0);
    }
    double t = TemperatureScaling.fit(logits, label);
    assertEquals(trueT, t, 0.1);
    /* The fitted T is the NLL minimum: nudging it either way does not lower the NLL. */
    double at = TemperatureScaling.nll(logits, label, t);
    assertTrue(at <= TemperatureScaling.nll(logits, label, t * 1.01));
    assertTrue(at <= TemperatureScaling.nll(logits, label, t / 1.01));
    /* Calibration improves on these over-confident logits. */
    float[] before = scores(logits, 1.0);
    float[] after = scores(logits, t);
    double eceBefore = Calibration.ece(before, label, 15);
    double eceAfter = Calibration.ece(after, label, 15);
    assertTrue(eceAfter <= eceBefore, eceAfter + " > " + eceBefore);
    assertTrue(eceAfter < 0.02, "ECE after " + eceAfter);
  }

  @Test
  void sameInputSameTemperature() {
    float[] logits = {2f, -1f, 0.5f, 1.5f, -3f, 3f, 1f, 0f};
    byte[] label = {0, 1, 0, 1};
    assertEquals(TemperatureScaling.fit(logits, label), TemperatureScaling.fit(logits, label), 0.0);
  }

  @Test
  void separableDataHitsTheLowerBound() {
    /* Perfectly separated labels: the NLL keeps falling as T shrinks, so the fit stops at MIN_T. */
    float[] logits = {-1f, 1f, 1f, -1f};
    byte[] label = {1, 0};
    assertEquals(TemperatureScaling.MIN_T, TemperatureScaling.fit(logits, label), 1e-5);
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TemperatureScaling.fit(new float[3], new byte[2]));
    assertTrue(e.getMessage().contains("logits has length 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TemperatureScaling.fit(new float[0], new byte[0]));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  static float[] scores(float[] logits, double t) {
    float[] s = new float[logits.length / 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) org.labelfree.training.Predictions.logistic((logits[2 * i + 1] - logits[2 * i]) / t);
    }
    return s;
  }

  static double gaussian(SplittableRandom rng) {
    /* Box-Muller, one value per call: deterministic for a seeded stream. */
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
