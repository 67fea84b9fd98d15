package org.labelfree.sim;

import java.util.SplittableRandom;

/**
 * Derives seeds for independent random streams from a base seed and identifiers (visit, detector, stream, index),
 * so that every random draw of the simulation is fixed by the configuration alone and independent of the order in
 * which work is scheduled. Stateless and thread-safe.
 */
public final class Seeds {
  private Seeds() {
  }

  /**
   * A 64-bit hash of the parts, in order (SplitMix64 finaliser applied after each part): different part lists give
   * statistically independent seeds.
   */
  public static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h = finalise(h ^ finalise(p + 0x632BE59BD9B4E019L));
    }
    return h;
  }

  /** A generator seeded with {@link #mix(long...)} of the parts. */
  public static SplittableRandom rng(long... parts) {
    return new SplittableRandom(mix(parts));
  }

  private static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
