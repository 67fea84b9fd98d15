package org.labelfree.labeling;

/**
 * Bits of the {@code match_flags} column of {@code matched_dia_source}: why a DIA source's label is doubtful. A
 * source with any bit set is left out of training by default. Constants only; thread-safe.
 */
public final class MatchFlags {
  /** The source's INJECTED_CORE mask bit is set, but it matched no fake. */
  public static final int AMBIGUOUS_MASK = 1;
  /** Two or more usable fakes lie within the match radius of the source (it keeps its mutual match, if any). */
  public static final int MULTIPLE_FAKES = 2;

  private MatchFlags() {}

  /**
   * The names of the bits set in {@code flags}, in bit order, joined by {@code |}: e.g.
   * {@code "AMBIGUOUS_MASK|MULTIPLE_FAKES"}; the empty string when none is set; unknown bits as {@code BIT<n>}.
   *
   * @param flags a {@code match_flags} value
   * @return the description, never null
   */
  public static String describe(int flags) {
    StringBuilder sb = new StringBuilder();
    for (int b = 0; b < 32; b++) {
      int bit = 1 << b;
      if ((flags & bit) == 0) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('|');
      }
      sb.append(bit == AMBIGUOUS_MASK ? "AMBIGUOUS_MASK" : bit == MULTIPLE_FAKES ? "MULTIPLE_FAKES" : "BIT" + b);
    }
    return sb.toString();
  }
}
