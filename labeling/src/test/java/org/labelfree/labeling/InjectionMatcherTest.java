package org.labelfree.labeling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Mutual nearest-neighbour matching on constructed cases: one-way pairs, ties, radius edge, RA = 0, the poles. */
class InjectionMatcherTest {
  private static final double AS = 1.0 / 3600;
  /** Distances are exact to far below this (unit-vector chords: ~1e-10 arcsec at these separations). */
  private static final double DIST_TOL = 1e-7;

  /** Sources and fakes of one case; sources get ids 1000 + row, fakes 1 + row unless given. */
  private static final class Case {
    double[] sRa = new double[0];
    double[] sDec = new double[0];
    long[] sId = new long[0];
    boolean[] core = new boolean[0];
    double[] fRa = new double[0];
    double[] fDec = new double[0];
    long[] fId = new long[0];
    boolean[] usable = new boolean[0];

    Case source(double ra, double dec, long id, boolean coreBit) {
      int n = sRa.length;
      sRa = Arrays.copyOf(sRa, n + 1);
      sDec = Arrays.copyOf(sDec, n + 1);
      sId = Arrays.copyOf(sId, n + 1);
      core = Arrays.copyOf(core, n + 1);
      sRa[n] = ra;
      sDec[n] = dec;
      sId[n] = id;
      core[n] = coreBit;
      return this;
    }

    Case source(double ra, double dec) {
      return source(ra, dec, 1000 + sRa.length, false);
    }

    Case fake(double ra, double dec, long id, boolean ok) {
      int n = fRa.length;
      fRa = Arrays.copyOf(fRa, n + 1);
      fDec = Arrays.copyOf(fDec, n + 1);
      fId = Arrays.copyOf(fId, n + 1);
      usable = Arrays.copyOf(usable, n + 1);
      fRa[n] = ra;
      fDec[n] = dec;
      fId[n] = id;
      usable[n] = ok;
      return this;
    }

    Case fake(double ra, double dec) {
      return fake(ra, dec, 1 + fRa.length, true);
    }

    MatchResult match(double radius) {
      return InjectionMatcher.match(sRa, sDec, sId, core, fRa, fDec, fId, usable, radius);
    }
  }

  @Test
  void oneWayNearestIsNoMatch() {
    /* A's nearest fake is B (0.3"), but B's nearest source is C (0.1"): B-C match, A stays real. */
    MatchResult r = new Case().source(10, 0).source(10 + 0.4 * AS, 0).fake(10 + 0.3 * AS, 0).match(0.5);
    assertArrayEquals(new int[] {-1, 0}, r.sourceFake());
    assertArrayEquals(new int[] {1}, r.fakeSource());
    assertArrayEquals(new int[] {0, 1}, r.labels());
    assertEquals(-1, r.sourceDistArcsec()[0]);
    assertEquals(0.1, r.sourceDistArcsec()[1], DIST_TOL);
    assertEquals(0.1, r.fakeDistArcsec()[0], DIST_TOL);
    assertArrayEquals(new int[] {0, 0}, r.sourceFlags());
  }

  @Test
  void mutualPairsAllMatch() {
    /* Two well separated pairs, listed in opposite orders on the two sides. */
    MatchResult r = new Case().source(10, 0).source(10, 1 * AS).fake(10, 1.2 * AS).fake(10 + 0.1 * AS, 0)
        .match(0.5);
    assertArrayEquals(new int[] {1, 0}, r.sourceFake());
    assertArrayEquals(new int[] {1, 0}, r.fakeSource());
    assertEquals(2, r.matchCount());
  }

  @Test
  void equidistantFakesGoToTheSmallerInjectionId() {
    /* Fakes at dec +-0.2" are exactly equidistant (cos is even, sin odd); ids 7 (row 0) and 3 (row 1). */
    MatchResult r = new Case().source(10, 0).fake(10, 0.2 * AS, 7, true).fake(10, -0.2 * AS, 3, true).match(0.5);
    assertArrayEquals(new int[] {1}, r.sourceFake());
    assertArrayEquals(new int[] {-1, 0}, r.fakeSource());
    assertEquals(MatchFlags.MULTIPLE_FAKES, r.sourceFlags()[0]);
  }

  @Test
  void equidistantSourcesGoToTheSmallerDiaSourceId() {
    /* Sources at dec +-0.2" of one fake: ids 100 (row 0) and 50 (row 1); the fake takes 50, 100 stays real. */
    MatchResult r = new Case().source(20, 0.2 * AS, 100, false).source(20, -0.2 * AS, 50, false).fake(20, 0)
        .match(0.5);
    assertArrayEquals(new int[] {-1, 0}, r.sourceFake());
    assertArrayEquals(new int[] {1}, r.fakeSource());
    assertArrayEquals(new int[] {0, 0}, r.sourceFlags(), "one fake each: not MULTIPLE_FAKES");
  }

  @Test
  void twoFakesNearOneSourceAreFlaggedAndTheNearestMatches() {
    MatchResult r = new Case().source(30, -20).fake(30, -20 + 0.3 * AS).fake(30, -20 - 0.1 * AS).match(0.5);
    assertArrayEquals(new int[] {1}, r.sourceFake());
    assertEquals(0.1, r.sourceDistArcsec()[0], DIST_TOL);
    assertEquals(MatchFlags.MULTIPLE_FAKES, r.sourceFlags()[0]);
    assertArrayEquals(new int[] {-1, 0}, r.fakeSource());
  }

  @Test
  void aSecondFakeBeyondTheRadiusIsNoMultiple() {
    MatchResult r = new Case().source(30, -20).fake(30, -20 + 0.6 * AS).fake(30, -20 - 0.1 * AS).match(0.5);
    assertEquals(0, r.sourceFlags()[0]);
    assertArrayEquals(new int[] {1}, r.sourceFake());
  }

  @Test
  void aSourceAtExactlyTheRadiusMatchesAndJustBeyondDoesNot() {
    /* Along dec, along RA on the equator, and with another radius; 1e-4 arcsec beyond is out. */
    MatchResult r = new Case().source(10, 0).fake(10, 0.5 * AS)
        .source(50, 0).fake(50 + 0.5 * AS, 0)
        .source(80, 0).fake(80, 0.5001 * AS)
        .source(120, 0).fake(120 + 0.5001 * AS, 0)
        .match(0.5);
    assertArrayEquals(new int[] {0, 1, -1, -1}, r.sourceFake());
    assertEquals(0.5, r.sourceDistArcsec()[0], 1e-9);
    assertEquals(0.5, r.sourceDistArcsec()[1], 1e-9);
    MatchResult r2 = new Case().source(10, 0).fake(10, 0.3 * AS).source(20, 0).fake(20, 0.30001 * AS).match(0.3);
    assertArrayEquals(new int[] {0, -1}, r2.sourceFake());
  }

  @Test
  void sourcesAcrossRaZeroMatch() {
    /* 359.9999 vs 0.0001 on the equator: 0.72" apart (a flat dRA would say 1295999"). */
    Case c = new Case().source(359.9999, 0).fake(0.0001, 0);
    MatchResult wide = c.match(1.0);
    assertArrayEquals(new int[] {0}, wide.sourceFake());
    assertEquals(0.72, wide.sourceDistArcsec()[0], 1e-6);
    assertArrayEquals(new int[] {-1}, c.match(0.5).sourceFake());
    /* Half as far: 0.36", within the default radius; and the fake on the other side. */
    MatchResult near = new Case().source(0.00005, 10).fake(359.99995, 10).match(0.5);
    assertEquals(0.36 * Math.cos(Math.toRadians(10)), near.sourceDistArcsec()[0], 1e-6);
  }

  @Test
  void sourcesNearAPoleMatchByTheirTrueSeparation() {
    /* Both 0.36" from the pole with RA 90 deg apart: 0.36 * sqrt(2) = 0.50912" (flat dRA cos(dec): 0.5655"). */
    double colat = 0.0001 * 3600;
    Case c = new Case().source(0, 89.9999).fake(90, 89.9999);
    MatchResult r = c.match(0.6);
    assertArrayEquals(new int[] {0}, r.sourceFake());
    assertEquals(colat * Math.sqrt(2), r.sourceDistArcsec()[0], 1e-6);
    assertArrayEquals(new int[] {-1}, c.match(0.5).sourceFake());
    /* Across the south pole (RA 180 deg apart): 0.72"; and a near pair 0.1" apart at the pole itself. */
    MatchResult south = new Case().source(10, -89.9999).fake(190, -89.9999).match(1.0);
    assertEquals(2 * colat, south.sourceDistArcsec()[0], 1e-6);
    MatchResult atPole = new Case().source(0, 90).fake(237, 90 - 0.1 * AS).match(0.5);
    assertEquals(0.1, atPole.sourceDistArcsec()[0], 1e-6);
  }

  @Test
  void unusableFakesAreNeitherMatchedNorCounted() {
    /* A NO_OVERLAP fake exactly on the source: ignored; the usable one at 0.3" matches; no MULTIPLE_FAKES. */
    MatchResult r = new Case().source(40, 5).fake(40, 5, 1, false).fake(40, 5 + 0.3 * AS, 2, true).match(0.5);
    assertArrayEquals(new int[] {1}, r.sourceFake());
    assertArrayEquals(new int[] {-1, 0}, r.fakeSource());
    assertEquals(-1, r.fakeDistArcsec()[0]);
    assertEquals(0, r.sourceFlags()[0]);
    MatchResult alone = new Case().source(40, 5).fake(40, 5, 1, false).match(0.5);
    assertArrayEquals(new int[] {-1}, alone.sourceFake());
  }

  @Test
  void injectedCoreWithoutAMatchIsAmbiguous() {
    MatchResult r = new Case().source(60, 0, 1, true).source(61, 0, 2, true).source(62, 0, 3, false)
        .fake(60, 0.1 * AS).match(0.5);
    assertArrayEquals(new int[] {0, MatchFlags.AMBIGUOUS_MASK, 0}, r.sourceFlags());
    assertEquals("AMBIGUOUS_MASK|MULTIPLE_FAKES", MatchFlags.describe(3));
  }

  @Test
  void nonFinitePositionsTakeNoPart() {
    MatchResult r = new Case().source(Double.NaN, 0).source(70, 0).fake(70, Double.NaN).fake(70, 0.1 * AS)
        .match(0.5);
    assertArrayEquals(new int[] {-1, 1}, r.sourceFake());
    assertArrayEquals(new int[] {-1, 1}, r.fakeSource());
  }

  @Test
  void agreesWithBruteForceOnADenseRandomField() {
    /* 3000 sources and 1500 fakes in 60" x 60" around (359.99, 45.0), crossing RA = 0: about 0.5 neighbours per
       1" radius, so conflicts (shared nearest neighbours, multiples) are common. Fixed seed. */
    SplittableRandom rnd = new SplittableRandom(42);
    int ns = 3000;
    int nf = 1500;
    Case c = new Case();
    double cosd = Math.cos(Math.toRadians(45));
    for (int i = 0; i < ns; i++) {
      double ra = 359.99 + 60 * AS * (rnd.nextDouble() - 0.5) / cosd;
      c.source(ra < 360 ? ra : ra - 360, 45 + 60 * AS * (rnd.nextDouble() - 0.5), 5000 - i, rnd.nextInt(4) == 0);
    }
    for (int i = 0; i < nf; i++) {
      double ra = 359.99 + 60 * AS * (rnd.nextDouble() - 0.5) / cosd;
      c.fake(ra < 360 ? ra : ra - 360, 45 + 60 * AS * (rnd.nextDouble() - 0.5), rnd.nextLong(100000),
          rnd.nextInt(10) != 0);
    }
    double radius = 1.0;
    MatchResult r = c.match(radius);

    /* Brute force over all pairs with haversine distances. */
    int[] srcBest = new int[ns];
    int[] within = new int[ns];
    int[] fakeBest = new int[nf];
    Arrays.fill(srcBest, -1);
    Arrays.fill(fakeBest, -1);
    double[][] d = new double[ns][nf];
    for (int s = 0; s < ns; s++) {
      for (int f = 0; f < nf; f++) {
        d[s][f] = haversineArcsec(c.sRa[s], c.sDec[s], c.fRa[f], c.fDec[f]);
        if (!c.usable[f] || d[s][f] > radius) {
          continue;
        }
        within[s]++;
        int b = srcBest[s];
        if (b < 0 || d[s][f] < d[s][b] || (d[s][f] == d[s][b] && c.fId[f] < c.fId[b])) {
          srcBest[s] = f;
        }
        int a = fakeBest[f];
        if (a < 0 || d[s][f] < d[a][f] || (d[s][f] == d[a][f] && c.sId[s] < c.sId[a])) {
          fakeBest[f] = s;
        }
      }
    }
    int[] sf = r.sourceFake();
    int[] flags = r.sourceFlags();
    double[] dist = r.sourceDistArcsec();
    int matched = 0;
    int multiple = 0;
    for (int s = 0; s < ns; s++) {
      int expect = srcBest[s] >= 0 && fakeBest[srcBest[s]] == s ? srcBest[s] : -1;
      assertEquals(expect, sf[s], "source row " + s);
      int ef = (within[s] >= 2 ? MatchFlags.MULTIPLE_FAKES : 0) | (c.core[s] && expect < 0 ? MatchFlags.AMBIGUOUS_MASK : 0);
      assertEquals(ef, flags[s], "flags of source row " + s);
      if (expect >= 0) {
        assertEquals(d[s][expect], dist[s], 1e-6);
        matched++;
      }
      multiple += within[s] >= 2 ? 1 : 0;
    }
    System.out.printf("dense field: %d of %d fakes matched, %d sources with multiple fakes%n", matched, nf, multiple);
    assertEquals(matched, r.matchCount());
  }

  @Test
  void badArgumentsAreRejectedByName() {
    Case c = new Case().source(0, 0).fake(0, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.match(0));
    assertEquals("radiusArcsec must be in (0, 3600.0] arcsec, but was 0.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.match(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> InjectionMatcher.match(new double[1], new double[2],
        new long[1], new boolean[1], new double[0], new double[0], new long[0], new boolean[0], 0.5));
  }

  /** Haversine great-circle distance, arcsec (an independent formula from the matcher's chords). */
  static double haversineArcsec(double ra1, double dec1, double ra2, double dec2) {
    double p1 = Math.toRadians(dec1);
    double p2 = Math.toRadians(dec2);
    double sdp = Math.sin(0.5 * (p2 - p1));
    double sdl = Math.sin(0.5 * Math.toRadians(ra2 - ra1));
    double h = sdp * sdp + Math.cos(p1) * Math.cos(p2) * sdl * sdl;
    return Math.toDegrees(2 * Math.asin(Math.sqrt(h))) * 3600;
  }
}
