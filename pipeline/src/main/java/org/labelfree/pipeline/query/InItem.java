package org.labelfree.pipeline.query;

/**
 * One item of an {@code IN (...)} list: a {@link Operand.Literal} or an integer {@link Range}. Immutable values;
 * {@code toString()} gives the canonical query text.
 */
public sealed interface InItem permits Operand.Literal, InItem.Range {

  /**
   * The inclusive integer range {@code start..stop:stride} of Gen3: the values {@code start + k * stride} that are
   * {@code <= stop}, for {@code k >= 0}. It is never expanded: SQL gets {@code BETWEEN} and a modulo test.
   *
   * @param start  first value
   * @param stop   last value allowed (inclusive), {@code >= start}
   * @param stride step, {@code >= 1} (1 when not written)
   */
  record Range(long start, long stop, long stride) implements InItem {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the values if {@code stop < start} or {@code stride < 1}
     */
    public Range {
      String problem = TypeRules.rangeProblem(start, stop, stride);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }

    /** True if {@code value} is one of this range's values. */
    public boolean contains(long value) {
      return value >= start && value <= stop && Math.floorMod(value, stride) == Math.floorMod(start, stride);
    }

    @Override
    public String toString() {
      return start + ".." + stop + (stride == 1 ? "" : ":" + stride);
    }
  }
}
