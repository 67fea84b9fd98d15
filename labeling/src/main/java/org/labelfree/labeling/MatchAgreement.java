package org.labelfree.labeling;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the match labels of one quantum (or a sum of quanta) agree with the INJECTED_CORE mask bit of the DIA
 * sources: the four cells of the 2x2 table (label 1 or 0) x (bit set or not). Sources of label 1 without the bit
 * and of label 0 with it are the disagreements.
 *
 * @param injectedCore   label 1 and the INJECTED_CORE bit set (>= 0)
 * @param injectedNoCore label 1 and the bit not set (>= 0)
 * @param realCore       label 0 and the bit set (>= 0)
 * @param realNoCore     label 0 and the bit not set (>= 0)
 */
public record MatchAgreement(long injectedCore, long injectedNoCore, long realCore, long realNoCore) {
  /** Validates. */
  public MatchAgreement {
    if (injectedCore < 0 || injectedNoCore < 0 || realCore < 0 || realNoCore < 0) {
      throw new IllegalArgumentException("counts must be >= 0, but were " + injectedCore + ", " + injectedNoCore
          + ", " + realCore + ", " + realNoCore);
    }
  }

  /**
   * Counts the table.
   *
   * @param labels       per source: 1 injected, 0 real
   * @param injectedCore per source: the INJECTED_CORE bit; same length
   * @return the counts
   * @throws IllegalArgumentException if lengths differ or a label is not 0 or 1
   */
  public static MatchAgreement of(int[] labels, boolean[] injectedCore) {
    if (labels.length != injectedCore.length) {
      throw new IllegalArgumentException("labels and injectedCore must have one length, but were " + labels.length
          + " and " + injectedCore.length);
    }
    long[] c = new long[4];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("label of row " + i + " is " + labels[i] + "; expected 0 or 1");
      }
      c[(1 - labels[i]) * 2 + (injectedCore[i] ? 0 : 1)]++;
    }
    return new MatchAgreement(c[0], c[1], c[2], c[3]);
  }

  /** Nothing counted. */
  public static MatchAgreement empty() {
    return new MatchAgreement(0, 0, 0, 0);
  }

  /** The cell-wise sum with {@code other} (e.g. over quanta). */
  public MatchAgreement plus(MatchAgreement other) {
    return new MatchAgreement(injectedCore + other.injectedCore, injectedNoCore + other.injectedNoCore,
        realCore + other.realCore, realNoCore + other.realNoCore);
  }

  /** All sources counted. */
  public long total() {
    return injectedCore + injectedNoCore + realCore + realNoCore;
  }

  /** The fraction of sources where label and bit agree; NaN when nothing was counted. */
  public double agreementFraction() {
    long t = total();
    return t == 0 ? Double.NaN : (double) (injectedCore + realNoCore) / t;
  }

  /** The four counts under stable snake_case keys, in table order (for metadata and JSON). */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("label1_core", injectedCore);
    m.put("label1_no_core", injectedNoCore);
    m.put("label0_core", realCore);
    m.put("label0_no_core", realNoCore);
    return m;
  }

  /**
   * One line for logs: {@code "label 1: 40 core / 2 no core; label 0: 3 core / 955 no core (agreement 99.5%)"};
   * the agreement reads {@code n/a} when nothing was counted.
   */
  public String summary() {
    String agree = total() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * agreementFraction());
    return String.format(Locale.ROOT, "label 1: %d core / %d no core; label 0: %d core / %d no core (agreement %s)",
        injectedCore, injectedNoCore, realCore, realNoCore, agree);
  }
}
