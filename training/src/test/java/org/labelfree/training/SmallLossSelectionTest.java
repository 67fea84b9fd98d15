package org.labelfree.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SmallLossSelectionTest {
  private static final float[] LOSSES = {0.9f, 0.1f, 0.5f, 0.1f, 2.0f, 0.3f, 0.7f, 0.05f, 1.5f, 0.2f};
  private static final byte[] LABELS = {0, 1, 0, 0, 1, 1, 0, 0, 1, 0};

  @Test
  void coteachingKeepsTheSmallestLossesSortedByIndex() {
    // floor(0.7 * 10) = 7: the 7 smallest are 0.05 (7), 0.1 (1, 3), 0.2 (9), 0.3 (5), 0.5 (2), 0.7 (6).
    assertArrayEquals(new int[] {1, 2, 3, 5, 6, 7, 9}, SmallLossSelection.select(LOSSES, 0.7));
    // floor(0.25 * 10) = 2: 7 and the tie 0.1 broken by index (1 before 3).
    assertArrayEquals(new int[] {1, 7}, SmallLossSelection.select(LOSSES, 0.25));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, SmallLossSelection.select(LOSSES, 1.0));
    assertArrayEquals(new int[0], SmallLossSelection.select(LOSSES, 0.0));
    // 1 - 0.1 * 3 is 0.7 - 1e-16 in doubles; floor(x * 10 + 1e-9) still keeps 7.
    assertEquals(7, SmallLossSelection.select(LOSSES, 1 - 0.1 * 3).length);
  }

  @Test
  void asymmetricSelectsWithinEachClass() {
    // Class 0: indices 0 (0.9), 2 (0.5), 3 (0.1), 6 (0.7), 7 (0.05), 9 (0.2); class 1: 1 (0.1), 4 (2.0), 5 (0.3), 8 (1.5).
    // keep0 = 0.5: floor(3) smallest of class 0 = 7, 3, 9; keep1 = 1: all of class 1.
    assertArrayEquals(new int[] {1, 3, 4, 5, 7, 8, 9}, SmallLossSelection.selectPerClass(LOSSES, LABELS, 0.5, 1.0));
    // keep1 = 0.5: floor(2) smallest of class 1 = 1, 5; keep0 = 0: none of class 0.
    assertArrayEquals(new int[] {1, 5}, SmallLossSelection.selectPerClass(LOSSES, LABELS, 0.0, 0.5));
    // keep0 = 0.9: floor(5.4) = 5 of class 0 (all but index 0, the largest).
    assertArrayEquals(new int[] {2, 3, 6, 7, 9}, SmallLossSelection.selectPerClass(LOSSES, LABELS, 0.9, 0.0));
  }

  @Test
  void emptyClassAndTies() {
    float[] l = {1f, 1f, 1f, 1f};
    byte[] allZero = {0, 0, 0, 0};
    assertArrayEquals(new int[] {0, 1}, SmallLossSelection.selectPerClass(l, allZero, 0.5, 0.5));
    assertArrayEquals(new int[] {0, 1, 2}, SmallLossSelection.select(l, 0.75));
    assertArrayEquals(new int[0], SmallLossSelection.select(new float[0], 0.9));
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SmallLossSelection.selectPerClass(LOSSES, new byte[] {0, 2, 0, 0, 1, 1, 0, 0, 1, 0}, 1, 1));
    assertEquals("labels[1] is 2; expected 0 or 1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SmallLossSelection.select(LOSSES, 1.5));
    assertThrows(IllegalArgumentException.class, () -> SmallLossSelection.selectPerClass(LOSSES, new byte[3], 1, 1));
  }
}
