package org.labelfree.detect;

import java.lang.ref.SoftReference;
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

  private ImageBuffers() {}

  /** A float array of length {@code n} with arbitrary contents: a kept one, or a new one. */
  static float[] floats(int n) {
    synchronized (FLOATS) {
      for (Iterator<SoftReference<float[]>> it = FLOATS.iterator(); it.hasNext(); ) {
        float[] a = it.next().get();
        if (a == null) {
          it.remove();
        } else if (a.length == n) {
          it.remove();
          return a;
        }
      }
    }
    return new float[n];
  }

  /** A boolean array of length {@code n} with arbitrary contents: a kept one, or a new one. */
  static boolean[] booleans(int n) {
    synchronized (BOOLEANS) {
      for (Iterator<SoftReference<boolean[]>> it = BOOLEANS.iterator(); it.hasNext(); ) {
        boolean[] a = it.next().get();
        if (a == null) {
          it.remove();
        } else if (a.length == n) {
          it.remove();
          return a;
        }
      }
    }
    return new boolean[n];
  }

  /** Returns arrays for reuse; the caller must not touch them afterwards. */
  static void recycle(float[]... arrays) {
    synchronized (FLOATS) {
      for (float[] a : arrays) {
        FLOATS.removeIf(r -> r.get() == null);
        if (FLOATS.size() >= KEEP) {
          FLOATS.remove(0);
        }
        FLOATS.add(new SoftReference<>(a));
      }
    }
  }

  /** Returns an array for reuse; the caller must not touch it afterwards. */
  static void recycle(boolean[] a) {
    synchronized (BOOLEANS) {
      BOOLEANS.removeIf(r -> r.get() == null);
      if (BOOLEANS.size() >= KEEP) {
        BOOLEANS.remove(0);
      }
      BOOLEANS.add(new SoftReference<>(a));
    }
  }
}
