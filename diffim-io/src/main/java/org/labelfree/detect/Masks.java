package org.labelfree.detect;

import org.labelfree.image.MaskPlanes;

/** Mask-plane helpers that tolerate planes a file's registry lacks. */
final class Masks {
  private Masks() {}

  /** The OR of the bit masks of those named planes that exist in {@code planes}. */
  static int bits(MaskPlanes planes, String... names) {
    int m = 0;
    for (String n : names) {
      var b = planes.bit(n);
      if (b.isPresent()) {
        m |= 1 << b.getAsInt();
      }
    }
    return m;
  }
}
