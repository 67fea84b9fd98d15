package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SkyBoxTest {
  @Test
  void overlapIsSymmetricAndCountsTouchingEdges() {
    SkyBox a = new SkyBox(10, 20, -5, 5);
    assertTrue(a.overlaps(new SkyBox(15, 25, 0, 10)));
    assertTrue(new SkyBox(15, 25, 0, 10).overlaps(a));
    assertTrue(a.overlaps(new SkyBox(20, 30, 5, 6)), "touching corner");
    assertFalse(a.overlaps(new SkyBox(20.001, 30, -5, 5)), "disjoint in RA");
    assertFalse(a.overlaps(new SkyBox(10, 20, 5.001, 6)), "disjoint in Dec");
  }

  @Test
  void overlapHandlesBoxesThatCrossRaZero() {
    SkyBox wrap = new SkyBox(359, 1, 0, 1);
    assertTrue(wrap.overlaps(new SkyBox(0.5, 2, 0, 1)));
    assertTrue(wrap.overlaps(new SkyBox(358, 359.5, 0, 1)));
    assertTrue(new SkyBox(358, 359.5, 0, 1).overlaps(wrap));
    assertFalse(wrap.overlaps(new SkyBox(1.5, 358.5, 0, 1)));
    assertTrue(wrap.overlaps(new SkyBox(358, 2, 0.5, 0.6)), "two wrapping boxes");
  }
}
