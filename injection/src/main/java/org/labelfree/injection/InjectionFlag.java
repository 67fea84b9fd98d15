package org.labelfree.injection;

import java.util.Locale;

/**
 * Per-source problems of an injection, as bits of the {@code injection_flag} column, in LSST source_injection's
 * order: bit {@code i} is {@code 1 << ordinal()}. A row with any bit set was not injected. Immutable and thread-safe.
 */
public enum InjectionFlag {
  /** The magnitude is not finite. */
  MAG_BAD,
  /** The {@code source_type} is not one this engine renders ({@code Star} or {@code DeltaFunction}). */
  TYPE_UNKNOWN,
  /** A Sersic index outside the renderable range (kept for source_injection's bit order; not set by this engine). */
  SERSIC_EXTREME,
  /** The rendered stamp does not touch the image, or the WCS cannot map the sky position to a pixel. */
  NO_OVERLAP,
  /** The FFT needed to draw the source is too large (kept for source_injection's bit order; not set here). */
  FFT_SIZE_ERROR,
  /** The PSF model throws or gives a non-finite or malformed kernel at the source's position. */
  PSF_COMPUTE_ERROR;

  /** This flag's bit, {@code 1 << ordinal()}. */
  public int bit() {
    return 1 << ordinal();
  }

  /**
   * The names of the flags set in {@code flags}, in bit order, joined by {@code |}: e.g. {@code "MAG_BAD|NO_OVERLAP"};
   * the empty string when none is set. Bits above the last flag are written as {@code BIT<n>}.
   */
  public static String describe(int flags) {
    StringBuilder sb = new StringBuilder();
    InjectionFlag[] all = values();
    for (int b = 0; b < 32; b++) {
      if ((flags & (1 << b)) == 0) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('|');
      }
      sb.append(b < all.length ? all[b].name() : String.format(Locale.ROOT, "BIT%d", b));
    }
    return sb.toString();
  }
}
