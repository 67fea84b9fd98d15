package org.labelfree.labeling;

/**
 * The outcome of {@link InjectionMatcher#match}: for each DIA source its matched fake row, distance and
 * {@link MatchFlags}; for each fake its matched source row and distance. Rows refer to the arrays given to the
 * matcher; -1 marks "none" (row and distance). Accessors return copies. Immutable and thread-safe.
 */
public final class MatchResult {
  private final int[] sourceFake;
  private final double[] sourceDistArcsec;
  private final int[] sourceFlags;
  private final int[] fakeSource;
  private final double[] fakeDistArcsec;

  MatchResult(int[] sourceFake, double[] sourceDistArcsec, int[] sourceFlags, int[] fakeSource,
      double[] fakeDistArcsec) {
    this.sourceFake = sourceFake;
    this.sourceDistArcsec = sourceDistArcsec;
    this.sourceFlags = sourceFlags;
    this.fakeSource = fakeSource;
    this.fakeDistArcsec = fakeDistArcsec;
  }

  /** The number of DIA sources. */
  public int sourceCount() {
    return sourceFake.length;
  }

  /** The number of fakes. */
  public int fakeCount() {
    return fakeSource.length;
  }

  /** The number of matched pairs. */
  public int matchCount() {
    int n = 0;
    for (int f : sourceFake) {
      n += f >= 0 ? 1 : 0;
    }
    return n;
  }

  /** Per source: the row of its matched fake, or -1. */
  public int[] sourceFake() {
    return sourceFake.clone();
  }

  /** Per source: the distance to its matched fake, arcsec, or -1. */
  public double[] sourceDistArcsec() {
    return sourceDistArcsec.clone();
  }

  /** Per source: its {@link MatchFlags} bits. */
  public int[] sourceFlags() {
    return sourceFlags.clone();
  }

  /** Per source: its label, 1 when it matched a fake (injected), else 0 (real). */
  public int[] labels() {
    int[] out = new int[sourceFake.length];
    for (int s = 0; s < out.length; s++) {
      out[s] = sourceFake[s] >= 0 ? 1 : 0;
    }
    return out;
  }

  /** Per fake: the row of its matched source, or -1. */
  public int[] fakeSource() {
    return fakeSource.clone();
  }

  /** Per fake: the distance to its matched source, arcsec, or -1. */
  public double[] fakeDistArcsec() {
    return fakeDistArcsec.clone();
  }
}
