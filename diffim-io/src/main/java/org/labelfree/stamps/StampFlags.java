package org.labelfree.stamps;

import java.util.ArrayList;
import java.util.List;

/**
 * The bits of the per-stamp {@code flags} column of a {@link StampShard} (int32; 0 = nothing to report).
 *
 * <ul>
 *   <li>{@link #EDGE} (1): the stamp reaches outside the image; the missing pixels were padded with 0;</li>
 *   <li>{@link #MASKED_PIXELS} (2): some pixels were NaN or NO_DATA and were set to 0;</li>
 *   <li>{@link #AMBIGUOUS_MASK} (4): copied from {@code match_flags} bit 1 of {@code matched_dia_source} (the
 *       source's INJECTED_CORE mask bit is set but it matched no fake);</li>
 *   <li>{@link #MULTIPLE_FAKES} (8): copied from {@code match_flags} bit 2 (two or more usable fakes within the match
 *       radius of this source).</li>
 * </ul>
 * Bits above 8 are reserved and read back unchanged. Stateless constants and functions; thread-safe.
 */
public final class StampFlags {
  /** The stamp was padded with 0 where it reaches outside the image. */
  public static final int EDGE = 1;
  /** Some NaN or NO_DATA pixels were set to 0. */
  public static final int MASKED_PIXELS = 2;
  /** Matching was ambiguous: INJECTED_CORE set but no fake matched ({@code match_flags} 1, shifted left by 2). */
  public static final int AMBIGUOUS_MASK = 4;
  /** Two or more fakes within the match radius ({@code match_flags} 2, shifted left by 2). */
  public static final int MULTIPLE_FAKES = 8;

  private static final String[] NAMES = {"EDGE", "MASKED_PIXELS", "AMBIGUOUS_MASK", "MULTIPLE_FAKES"};

  private StampFlags() {}

  /**
   * The stamp bits of a {@code matched_dia_source} {@code match_flags} value: its two defined bits (AMBIGUOUS_MASK
   * = 1, MULTIPLE_FAKES = 2) shifted left by 2; other bits are dropped.
   *
   * @param matchFlags the {@code match_flags} of a DIA source
   * @return {@code (matchFlags & 3) << 2}
   */
  public static int fromMatchFlags(int matchFlags) {
    return (matchFlags & 3) << 2;
  }

  /**
   * The names of the set bits, lowest first ({@code "BIT<n>"} for reserved bits), e.g. {@code [EDGE,
   * MULTIPLE_FAKES]}; empty for 0.
   *
   * @param flags a flags value
   * @return the names, in bit order
   */
  public static List<String> names(int flags) {
    List<String> out = new ArrayList<>();
    for (int bit = 0; bit < 32; bit++) {
      if ((flags & (1 << bit)) != 0) {
        out.add(bit < NAMES.length ? NAMES[bit] : "BIT" + bit);
      }
    }
    return out;
  }
}
