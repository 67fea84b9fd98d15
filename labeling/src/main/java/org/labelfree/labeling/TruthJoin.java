package org.labelfree.labeling;

import java.util.Arrays;

/**
 * Joins DIA sources to the true transients of their visit-detector (simulated surveys only): a source is a true
 * transient when some truth position lies within the join radius (great-circle distance, inclusive as in {@link
 * InjectionMatcher}). Many sources may join one truth row (a dipole's lobes, a deblended pair); no mutual rule, as
 * the flag says only "something real varies here". Takes plain arrays, so that it needs no simulation code. Static
 * and thread-safe.
 */
public final class TruthJoin {
  /** The default join radius, arcsec. */
  public static final double DEFAULT_RADIUS_ARCSEC = 1.0;
  /** The {@code is_true_transient} value of every source when no truth catalogue exists. */
  public static final int UNKNOWN = -1;

  private TruthJoin() {}

  /**
   * The {@code is_true_transient} value of each source: 1 when a truth position lies within the radius, else 0.
   * Sources with a non-finite position get 0; truth rows with one are ignored.
   *
   * @param srcRa        source right ascension, degrees
   * @param srcDec       source declination, degrees; same length
   * @param truthRa      truth right ascension, degrees
   * @param truthDec     truth declination, degrees; same length as {@code truthRa}
   * @param radiusArcsec the join radius, arcsec, in (0, 3600]
   * @return per source 1 or 0
   * @throws IllegalArgumentException if lengths differ or the radius is out of range
   */
  public static int[] isTrueTransient(double[] srcRa, double[] srcDec, double[] truthRa, double[] truthDec,
      double radiusArcsec) {
    if (srcRa.length != srcDec.length || truthRa.length != truthDec.length) {
      throw new IllegalArgumentException("ra and dec must have one length, but were " + srcRa.length + " and "
          + srcDec.length + " (sources), " + truthRa.length + " and " + truthDec.length + " (truth)");
    }
    InjectionMatcher.checkRadius("radiusArcsec", radiusArcsec);
    double maxChord = SkyGrid.chordOf((radiusArcsec + InjectionMatcher.ROUNDING_ARCSEC) * InjectionMatcher.ARCSEC);
    SkyGrid truth = new SkyGrid(truthRa, truthDec, null, maxChord);
    int[] out = new int[srcRa.length];
    for (int s = 0; s < out.length; s++) {
      if (!Double.isFinite(srcRa[s]) || !Double.isFinite(srcDec[s])) {
        continue;
      }
      double[] v = SkyGrid.unitVector(srcRa[s], srcDec[s]);
      int[] hit = new int[1];
      truth.forEachWithin(v[0], v[1], v[2], (row, c2) -> hit[0] = 1);
      out[s] = hit[0];
    }
    return out;
  }

  /**
   * The {@code is_true_transient} value of {@code n} sources when no truth catalogue exists: all {@link #UNKNOWN}.
   *
   * @param n the number of sources, >= 0
   * @return an array of -1
   */
  public static int[] unknown(int n) {
    int[] out = new int[n];
    Arrays.fill(out, UNKNOWN);
    return out;
  }
}
