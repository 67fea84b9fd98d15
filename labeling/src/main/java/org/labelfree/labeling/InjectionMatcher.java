package org.labelfree.labeling;

import java.util.Arrays;

/**
 * Matches the DIA sources of one visit-detector to the fakes injected into it: a DIA source and a fake match when
 * each is the other's nearest neighbour on the sky within the match radius (mutual nearest neighbours), as the
 * labels of the label-free real/bogus method need: a one-way nearest neighbour (A's nearest fake is B, but B's
 * nearest source is C) is no match, so a fake never labels two sources and a source never takes a fake that lies
 * closer to another source.
 *
 * <p><b>Distances</b> are great-circle angles from unit vectors ({@code 2 asin(|u - v| / 2)}), exact across
 * RA = 0 and at the poles; no flat-sky shortcut. <b>The radius is inclusive</b>: a pair at exactly
 * {@code radiusArcsec} matches (to within {@link #ROUNDING_ARCSEC} of floating-point rounding). <b>Ties</b> are
 * broken deterministically: a source's nearest fake among equally distant ones is the one with the smaller
 * {@code injection_id} (then the lower row); a fake's nearest source the one with the smaller {@code diaSourceId}
 * (then the lower row).
 *
 * <p><b>Usable fakes</b> (those the caller marks, e.g. not flagged NO_OVERLAP) are the only ones matched or
 * counted; rows with a non-finite position take no part on either side. <b>Flags</b> per source ({@link
 * MatchFlags}): {@code MULTIPLE_FAKES} when two or more usable fakes lie within the radius (the source still gets
 * its mutual match, if any); {@code AMBIGUOUS_MASK} when its INJECTED_CORE bit is set but it matched no fake.
 *
 * <p>A spatial index on unit vectors makes a match of 10^5 sources against 10^4 fakes O(n log n). Static,
 * stateless and thread-safe; the result depends only on the inputs.
 */
public final class InjectionMatcher {
  /** The default match radius, arcsec (the method's 0.5 arcsec: about 2.5 LSST pixels). */
  public static final double DEFAULT_RADIUS_ARCSEC = 0.5;
  /** Slack added to the radius for floating-point rounding of positions, arcsec (1 nano-arcsec). */
  public static final double ROUNDING_ARCSEC = 1e-9;
  /** Largest radius accepted, arcsec (1 degree). */
  public static final double MAX_RADIUS_ARCSEC = 3600;

  static final double ARCSEC = Math.PI / (180 * 3600);

  private InjectionMatcher() {}

  /**
   * Matches sources and fakes.
   *
   * @param srcRa        DIA source right ascension, degrees
   * @param srcDec       DIA source declination, degrees; same length as {@code srcRa}
   * @param diaSourceId  DIA source ids (tie-break); same length
   * @param injectedCore whether each source's INJECTED_CORE mask bit is set; same length
   * @param fakeRa       fake right ascension, degrees
   * @param fakeDec      fake declination, degrees; same length as {@code fakeRa}
   * @param injectionId  fake ids (tie-break); same length
   * @param fakeUsable   which fakes take part (e.g. not NO_OVERLAP); same length
   * @param radiusArcsec the match radius, arcsec, inclusive: in (0, {@link #MAX_RADIUS_ARCSEC}]
   * @return the match, rows referring to the input arrays
   * @throws IllegalArgumentException if lengths differ or the radius is out of range
   */
  public static MatchResult match(double[] srcRa, double[] srcDec, long[] diaSourceId, boolean[] injectedCore,
      double[] fakeRa, double[] fakeDec, long[] injectionId, boolean[] fakeUsable, double radiusArcsec) {
    int ns = srcRa.length;
    int nf = fakeRa.length;
    if (srcDec.length != ns || diaSourceId.length != ns || injectedCore.length != ns) {
      throw new IllegalArgumentException("srcRa, srcDec, diaSourceId and injectedCore must have one length, but were "
          + ns + ", " + srcDec.length + ", " + diaSourceId.length + ", " + injectedCore.length);
    }
    if (fakeDec.length != nf || injectionId.length != nf || fakeUsable.length != nf) {
      throw new IllegalArgumentException("fakeRa, fakeDec, injectionId and fakeUsable must have one length, but were "
          + nf + ", " + fakeDec.length + ", " + injectionId.length + ", " + fakeUsable.length);
    }
    checkRadius("radiusArcsec", radiusArcsec);
    double maxChord = SkyGrid.chordOf((radiusArcsec + ROUNDING_ARCSEC) * ARCSEC);

    /* Each source's nearest usable fake within the radius, and how many usable fakes lie there. */
    SkyGrid fakes = new SkyGrid(fakeRa, fakeDec, fakeUsable, maxChord);
    int[] srcNearest = new int[ns];
    double[] srcChord2 = new double[ns];
    int[] fakesWithin = new int[ns];
    Arrays.fill(srcNearest, -1);
    for (int s = 0; s < ns; s++) {
      if (!Double.isFinite(srcRa[s]) || !Double.isFinite(srcDec[s])) {
        continue;
      }
      double[] v = SkyGrid.unitVector(srcRa[s], srcDec[s]);
      Nearest best = new Nearest(injectionId);
      fakes.forEachWithin(v[0], v[1], v[2], best);
      srcNearest[s] = best.row;
      srcChord2[s] = best.chord2;
      fakesWithin[s] = best.count;
    }

    /* Each usable fake's nearest source within the radius. */
    SkyGrid sources = new SkyGrid(srcRa, srcDec, null, maxChord);
    int[] fakeNearest = new int[nf];
    Arrays.fill(fakeNearest, -1);
    for (int f = 0; f < nf; f++) {
      if (!fakeUsable[f] || !Double.isFinite(fakeRa[f]) || !Double.isFinite(fakeDec[f])) {
        continue;
      }
      double[] v = SkyGrid.unitVector(fakeRa[f], fakeDec[f]);
      Nearest best = new Nearest(diaSourceId);
      sources.forEachWithin(v[0], v[1], v[2], best);
      fakeNearest[f] = best.row;
    }

    /* Mutual pairs, distances and flags. */
    int[] srcFake = new int[ns];
    double[] srcDist = new double[ns];
    int[] flags = new int[ns];
    int[] fakeSrc = new int[nf];
    double[] fakeDist = new double[nf];
    Arrays.fill(srcFake, -1);
    Arrays.fill(srcDist, -1);
    Arrays.fill(fakeSrc, -1);
    Arrays.fill(fakeDist, -1);
    for (int s = 0; s < ns; s++) {
      int f = srcNearest[s];
      if (f >= 0 && fakeNearest[f] == s) {
        double d = SkyGrid.angleOf(Math.sqrt(srcChord2[s])) / ARCSEC;
        srcFake[s] = f;
        srcDist[s] = d;
        fakeSrc[f] = s;
        fakeDist[f] = d;
      }
      if (fakesWithin[s] >= 2) {
        flags[s] |= MatchFlags.MULTIPLE_FAKES;
      }
      if (injectedCore[s] && srcFake[s] < 0) {
        flags[s] |= MatchFlags.AMBIGUOUS_MASK;
      }
    }
    return new MatchResult(srcFake, srcDist, flags, fakeSrc, fakeDist);
  }

  /** Checks a radius in arcsec is in (0, MAX_RADIUS_ARCSEC]. */
  static void checkRadius(String name, double radiusArcsec) {
    if (!(radiusArcsec > 0 && radiusArcsec <= MAX_RADIUS_ARCSEC)) {
      throw new IllegalArgumentException(name + " must be in (0, " + MAX_RADIUS_ARCSEC + "] arcsec, but was "
          + radiusArcsec);
    }
  }

  /** The nearest candidate of one query (smallest chord, then smallest id, then lowest row) and the count. */
  private static final class Nearest implements SkyGrid.Visitor {
    private final long[] ids;
    int row = -1;
    double chord2 = Double.POSITIVE_INFINITY;
    int count;

    Nearest(long[] ids) {
      this.ids = ids;
    }

    @Override
    public void visit(int r, double c2) {
      count++;
      if (row < 0 || c2 < chord2 || (c2 == chord2 && (ids[r] < ids[row] || (ids[r] == ids[row] && r < row)))) {
        row = r;
        chord2 = c2;
      }
    }
  }
}
