package org.labelfree.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  /* Rates are ratios of small integers: 1e-12 covers double rounding only. */
  private static final double EPS = 1e-12;

  @Test
  void ratesOfAHandMadeMatrix() {
    ConfusionMatrix m = new ConfusionMatrix(40, 10, 5, 45);
    assertEquals(100, m.total());
    assertEquals(0.8, m.sensitivity(), EPS);
    assertEquals(0.9, m.specificity(), EPS);
    assertEquals(40.0 / 45, m.precision(), EPS);
    assertEquals(45.0 / 55, m.npv(), EPS);
    assertEquals(0.85, m.accuracy(), EPS);
    assertEquals(40.0, m.percent(m.tp()), EPS);
    assertEquals(5.0, m.percent(m.fp()), EPS);
  }

  @Test
  void tableHasThePapersFieldsWithOneDecimal() {
    String t = new ConfusionMatrix(40, 10, 5, 45).toTable();
    assertTrue(t.contains("TP:  40.0% (40)"), t);
    assertTrue(t.contains("FN:  10.0% (10)"), t);
    assertTrue(t.contains("FP:   5.0% (5)"), t);
    assertTrue(t.contains("TN:  45.0% (45)"), t);
    assertTrue(t.contains("Sensitivity:  80.0%"), t);
    assertTrue(t.contains("Specificity:          90.0%"), t);
    assertTrue(t.contains("Precision:    88.9%"), t);
    assertTrue(t.contains("Negative predictive:  81.8%"), t);
    assertTrue(t.contains("Accuracy:     85.0%"), t);
    /* Fixed width: the two matrix rows are equally long. */
    String[] lines = t.split("\n");
    assertEquals(3, lines.length);
    assertEquals(lines[0].length(), lines[1].length());
  }

  @Test
  void ofCountsScoresAtTheThresholdAsPositive() {
    float[] score = {0.5f, 0.49999f, 0.8f, 0.5f, 0.1f, 1.0f};
    byte[] label = {1, 1, 1, 0, 0, 0};
    ConfusionMatrix m = ConfusionMatrix.of(score, label, 0.5);
    assertEquals(new ConfusionMatrix(2, 1, 2, 1), m);
    assertEquals(new ConfusionMatrix(1, 2, 1, 2), ConfusionMatrix.of(score, label, 0.8));
  }

  @Test
  void emptyClassesGiveNaN() {
    ConfusionMatrix onlyReal = ConfusionMatrix.of(new float[] {0.1f, 0.2f}, new byte[] {0, 0}, 0.5);
    assertTrue(Double.isNaN(onlyReal.sensitivity()));
    assertTrue(Double.isNaN(onlyReal.precision()));
    assertEquals(1.0, onlyReal.specificity(), EPS);
    ConfusionMatrix empty = new ConfusionMatrix(0, 0, 0, 0);
    assertTrue(Double.isNaN(empty.accuracy()));
    assertTrue(Double.isNaN(empty.percent(0)));
    assertTrue(empty.toTable().contains("n/a"));
    Map<String, Object> map = onlyReal.toMap();
    assertEquals(null, map.get("sensitivity"));
    assertEquals(List.of("tp", "fn", "fp", "tn", "n", "tp_percent", "fn_percent", "fp_percent", "tn_percent",
        "sensitivity", "specificity", "precision", "npv", "accuracy"), List.copyOf(map.keySet()));
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.of(new float[] {0.1f}, new byte[] {2}, 0.5));
    assertTrue(e.getMessage().contains("label[0] is 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(-1, 0, 0, 0));
    assertTrue(e.getMessage().contains("tp=-1"), e.getMessage());
  }
}
