package org.labelfree.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link RowBands}: every row once, bands independent of the thread count. */
class RowBandsTest {
  @Test
  void everyRowIsVisitedOnceInFixedBands() {
    for (int height : new int[] {0, 1, 63, 64, 65, 1000}) {
      AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(height, 1));
      RowBands.forEach(height, 64, (from, to) -> {
        assertEquals(0, from % 64, "bands start on multiples of the band size");
        assertEquals(Math.min(height, from + 64), to);
        for (int y = from; y < to; y++) {
          seen.incrementAndGet(y);
        }
      });
      for (int y = 0; y < height; y++) {
        assertEquals(1, seen.get(y), "row " + y + " of " + height);
      }
      assertEquals((height + 63) / 64, RowBands.count(height, 64));
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> RowBands.forEach(10, 0, (a, b) -> { }));
    assertThrows(IllegalArgumentException.class, () -> RowBands.forEach(-1, 8, (a, b) -> { }));
  }
}
