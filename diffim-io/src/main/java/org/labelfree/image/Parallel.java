package org.labelfree.image;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Parallel loops with dynamic scheduling on the common fork-join pool: every thread takes the next index from a
 * shared counter until none is left. A parallel stream over {@code n} indices splits them into four ranges per
 * thread beforehand, so a thread that is slowed (an expensive stretch of the image, or a virtual CPU the hypervisor
 * deschedules) holds a quarter of the work that the others cannot take over; here it holds one index. The result
 * does not depend on the schedule as long as {@code body(i)} writes only what belongs to index {@code i}. Stateless.
 */
public final class Parallel {
  private Parallel() {}

  /**
   * Runs {@code body} for every index in {@code [0, n)}, in parallel, each index once. An exception thrown by the
   * body propagates to the caller once the running threads have stopped taking indices.
   */
  public static void forEach(int n, IntConsumer body) {
    if (n <= 0) {
      return;
    }
    int threads = Math.min(n, ForkJoinPool.getCommonPoolParallelism() + 1);
    if (threads == 1) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    /* One task per thread; each drains the counter. A task that starts late finds it drained and returns. An index
       past n stops every task, so after a failure the others stop soon too. */
    IntStream.range(0, threads).parallel().forEach(t -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        try {
          body.accept(i);
        } catch (RuntimeException | Error e) {
          next.set(n);
          throw e;
        }
      }
    });
  }
}
