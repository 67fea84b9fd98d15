package org.labelfree.workflows.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuTimesTest {
  @Test
  void parsesTheAggregateLineOfProcStat() {
    long[] v = CpuTimes.parse("cpu  4705 356 584 3699 23 23 0 12 0 0");
    assertArrayEquals(new long[] {4705, 356, 584, 3699, 23, 23, 0, 12}, v);
    assertNull(CpuTimes.parse("cpu0 4705 356 584 3699 23 23 0 12 0 0"), "a per-CPU line is not the aggregate");
    assertNull(CpuTimes.parse("intr 12345"));
    assertNull(CpuTimes.parse(""));
  }

  @Test
  void stealIsItsShareOfAllTicksBetweenReadings() {
    long[] a = {100, 0, 50, 800, 0, 0, 0, 50};
    // 1000 ticks pass: 600 user, 100 system, 200 idle, 100 steal.
    long[] b = {700, 0, 150, 1000, 0, 0, 0, 150};
    assertEquals(10.0, CpuTimes.stealPercent(a, b), 1e-12);
    assertTrue(Double.isNaN(CpuTimes.stealPercent(null, b)));
    assertTrue(Double.isNaN(CpuTimes.stealPercent(a, a)), "no time passed");
  }

  @Test
  void processCpuTimeAdvancesWithWork() {
    long t0 = CpuTimes.processCpuNanos();
    double s = 0;
    for (int i = 0; i < 20_000_000; i++) {
      s += Math.sqrt(i);
    }
    long t1 = CpuTimes.processCpuNanos();
    assertTrue(s > 0);
    assertTrue(t0 >= 0 && t1 > t0, t0 + " -> " + t1);
  }
}
