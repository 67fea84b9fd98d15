package org.labelfree.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link Parallel}: every index once, and a failing body stops the loop and reaches the caller. */
class ParallelTest {
  @Test
  void everyIndexIsVisitedOnce() {
    for (int n : new int[] {0, 1, 2, 3, 17, 10_000}) {
      AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
      Parallel.forEach(n, seen::incrementAndGet);
      for (int i = 0; i < n; i++) {
        assertEquals(1, seen.get(i), "index " + i + " of " + n);
      }
    }
  }

  @Test
  void aFailingBodyStopsTheLoopAndReachesTheCaller() {
    IllegalStateException boom = new IllegalStateException("index 5");
    AtomicInteger ran = new AtomicInteger();
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.forEach(100_000, i -> {
      ran.incrementAndGet();
      if (i == 5) {
        throw boom;
      }
    }));
    /* Thrown on the caller's thread it is the body's exception itself; on a pool thread, the fork-join framework
       rethrows a copy of the same type whose cause is the original. */
    assertTrue(thrown == boom || thrown.getCause() == boom, "got " + thrown);
    /* The other threads stop taking indices once the counter is set past the end. */
    assertTrue(ran.get() < 100_000, "ran " + ran.get() + " bodies");
  }
}
