package org.labelfree.wcs;

import java.util.stream.IntStream;

/**
 * Runs a per-point kernel over index ranges of bulk arrays, split across cores for large inputs. Each point is
 * computed independently by the same code, so results are bit-identical however the work is split.
 */
final class Bulk {
  /** Points per chunk; inputs shorter than two chunks run on the calling thread. */
  static final int CHUNK = 1 << 16;

  private Bulk() {}

  /** A kernel over the index range [from, to). */
  @FunctionalInterface
  interface RangeKernel {
    void run(int from, int to);
  }

  static void checkLengths(double[] a, double[] b, double[] outA, double[] outB) {
    int n = a.length;
    if (b.length != n || outA.length != n || outB.length != n) {
      throw new IllegalArgumentException("bulk arrays must have equal lengths, but were " + a.length + ", "
          + b.length + ", " + outA.length + ", " + outB.length);
    }
  }

  static void run(int n, RangeKernel kernel) {
    if (n < 2 * CHUNK) {
      kernel.run(0, n);
      return;
    }
    int chunks = (n + CHUNK - 1) / CHUNK;
    IntStream.range(0, chunks).parallel().forEach(c -> kernel.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
  }
}
