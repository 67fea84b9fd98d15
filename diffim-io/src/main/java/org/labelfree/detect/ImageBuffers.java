package org.labelfree.detect;

import java.lang.ref.SoftReference;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Full-size work arrays reused from one detection run to the next. A 4096x4096 run needs about 250 MB of them, and
 * a fresh array is zeroed by the allocating thread alone (about 30 ms for that much on the 2-core development
 * machine), while the run overwrites every element anyway. An array is lent to one run at a time; a borrower must
 * write every element before it reads it. The pool keeps a few arrays through soft references, so the collector
 * drops them under memory pressure. Thread-safe; package-private.
 */
final class ImageBuffers {
  /** The most arrays of each type kept. */
  private static final int KEEP = 4;
  private static final List<SoftReference<float[]>> FLOATS = new ArrayList<>();
  private static final List<SoftReference<boolean[]>> BOOLEANS = new ArrayList<>();
  private static final List<SoftReference<byte[]>> BYTES = new ArrayList<>();

  private ImageBuffers() {}

  /** A float array of length {@code n} with arbitrary contents: a kept one, or a new one. */
  static float[] floats(int n) {
    float[] a = take(FLOATS, n);
    return a != null ? a : new float[n];
  }

  /** A boolean array of length {@code n} with arbitrary contents: a kept one, or a new one. */
  static boolean[] booleans(int n) {
    boolean[] a = take(BOOLEANS, n);
    return a != null ? a : new boolean[n];
  }

  /** A byte array of length {@code n} with arbitrary contents: a kept one, or a new one. */
  static byte[] bytes(int n) {
    byte[] a = take(BYTES, n);
    return a != null ? a : new byte[n];
  }

  /** Returns arrays for reuse; the caller must not touch them afterwards. */
  static void recycle(float[]... arrays) {
    for (float[] a : arrays) {
      keep(FLOATS, a);
    }
  }

  /** Returns an array for reuse; the caller must not touch it afterwards. */
  static void recycle(boolean[] a) {
    keep(BOOLEANS, a);
  }

  /** Returns an array for reuse; the caller must not touch it afterwards. */
  static void recycle(byte[] a) {
    keep(BYTES, a);
  }

  /** Removes and returns a kept array of length {@code n}, dropping the ones the collector cleared; null if none. */
  private static <T> T take(List<SoftReference<T>> pool, int n) {
    synchronized (pool) {
      for (Iterator<SoftReference<T>> it = pool.iterator(); it.hasNext(); ) {
        T a = it.next().get();
        if (a == null) {
          it.remove();
        } else if (Array.getLength(a) == n) {
          it.remove();
          return a;
        }
      }
    }
    return null;
  }

  /** Keeps an array, dropping the oldest one when {@link #KEEP} are kept. */
  private static <T> void keep(List<SoftReference<T>> pool, T a) {
    synchronized (pool) {
      pool.removeIf(r -> r.get() == null);
      if (pool.size() >= KEEP) {
        pool.remove(0);
      }
      pool.add(new SoftReference<>(a));
    }
  }
}
