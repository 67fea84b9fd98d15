package org.labelfree.workflows.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bench's warm-up rule: at least the minimum, then until the JIT is quiet, at most the maximum. */
class DiffimBenchWarmupTest {
  @Test
  void runsAtLeastTheMinimumEvenWhenTheJitIsQuiet() {
    assertFalse(DiffimBench.warmedUp(2, 3, 30, 0.4, 0.0));
    assertTrue(DiffimBench.warmedUp(3, 3, 30, 0.4, 0.0));
    assertTrue(DiffimBench.warmedUp(1, 0, 30, 0.4, 0.0), "at least one run");
    assertFalse(DiffimBench.warmedUp(0, 0, 30, 0.4, 0.0));
  }

  @Test
  void goesOnWhileTheJitCompilesForTwoPercentOfARunOrMore() {
    assertFalse(DiffimBench.warmedUp(5, 3, 30, 0.4, 0.008), "2.0% of the run");
    assertTrue(DiffimBench.warmedUp(5, 3, 30, 0.4, 0.0079), "just under 2%");
    assertFalse(DiffimBench.warmedUp(29, 3, 30, 0.4, 0.2));
  }

  @Test
  void stopsAtTheMaximumButNeverBeforeTheMinimum() {
    assertTrue(DiffimBench.warmedUp(30, 3, 30, 0.4, 0.2));
    assertFalse(DiffimBench.warmedUp(4, 5, 2, 0.4, 0.2), "a maximum below the minimum yields to it");
    assertTrue(DiffimBench.warmedUp(5, 5, 2, 0.4, 0.2));
  }
}
