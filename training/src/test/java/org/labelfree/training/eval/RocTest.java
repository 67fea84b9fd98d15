package org.labelfree.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocTest {
  /* Exact rationals from small counts: 1e-12 covers double rounding only. */
  private static final double EPS = 1e-12;

  @Test
  void handComputedCaseWithTies() {
    /* Positives 0.9, 0.5, 0.3; negatives 0.5, 0.2. Pairs (pos > neg): 0.9 beats both (2), 0.5 ties 0.5 (1/2) and
       beats 0.2 (1), 0.3 beats 0.2 (1): U = 4.5 of 6 pairs. */
    float[] score = {0.9f, 0.5f, 0.3f, 0.5f, 0.2f};
    byte[] label = {1, 1, 1, 0, 0};
    assertEquals(4.5 / 6, Roc.auc(score, label), EPS);
  }

  @Test
  void perfectRandomAndInverted() {
    byte[] label = {0, 0, 1, 1};
    assertEquals(1.0, Roc.auc(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, label), EPS);
    assertEquals(0.0, Roc.auc(new float[] {0.8f, 0.9f, 0.1f, 0.2f}, label), EPS);
    assertEquals(0.5, Roc.auc(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, label), EPS);
    assertTrue(Double.isNaN(Roc.auc(new float[] {0.1f, 0.2f}, new byte[] {0, 0})));
  }

  @Test
  void curveRunsFromOriginToOneOneAndMatchesTheArea(@TempDir Path dir) throws Exception {
    float[] score = {0.9f, 0.5f, 0.3f, 0.5f, 0.2f};
    byte[] label = {1, 1, 1, 0, 0};
    List<Roc.Point> c = Roc.curve(score, label);
    assertEquals(new Roc.Point(0, 0, Double.POSITIVE_INFINITY), c.get(0));
    assertEquals(new Roc.Point(0, 1.0 / 3, 0.9f), c.get(1));
    assertEquals(new Roc.Point(0.5, 2.0 / 3, 0.5f), c.get(2));
    assertEquals(new Roc.Point(1, 1, 0.2f), c.get(c.size() - 1));
    /* The trapezoid area of the curve equals the Mann-Whitney area (ties are the diagonal steps). */
    double area = 0;
    for (int i = 1; i < c.size(); i++) {
      area += (c.get(i).fpr() - c.get(i - 1).fpr()) * (c.get(i).tpr() + c.get(i - 1).tpr()) / 2;
    }
    assertEquals(Roc.auc(score, label), area, EPS);
    Path csv = dir.resolve("roc.csv");
    Roc.writeCsv(csv, c);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("fpr,tpr,threshold", lines.get(0));
    assertEquals("0.0,0.0,inf", lines.get(1));
    assertEquals(c.size() + 1, lines.size());
  }

  @Test
  void nanScoreIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Roc.auc(new float[] {Float.NaN, 0.1f}, new byte[] {1, 0}));
    assertTrue(e.getMessage().contains("score[0] is NaN"), e.getMessage());
  }
}
