package org.labelfree.labeling.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DiaObjectAssociator} on constructed cases: across RA = 0, near and at the pole, the running-mean position
 * (a source that only the updated mean reaches), nearest-object choice and ties, one source per visit-detector, and
 * on 10^5 seeded sources: the same objects for shuffled input and the same as a brute-force reference of the
 * documented algorithm.
 */
class DiaObjectAssociatorTest {
  private static final double ARCSEC = 1.0 / 3600;
  private static final DiaObjectAssociator ONE_ARCSEC = new DiaObjectAssociator(1.0);

  /** A list of sources built in a test; mjd = visit. */
  private static final class Src {
    final List<long[]> rows = new ArrayList<>();
    final List<double[]> pos = new ArrayList<>();

    Src add(long id, long visit, int detector, double ra, double dec) {
      rows.add(new long[] {id, visit, detector});
      pos.add(new double[] {ra, dec});
      return this;
    }

    DiaObjectAssociator.Association run(DiaObjectAssociator a) {
      int n = rows.size();
      long[] id = new long[n];
      long[] visit = new long[n];
      int[] det = new int[n];
      double[] mjd = new double[n];
      double[] ra = new double[n];
      double[] dec = new double[n];
      for (int i = 0; i < n; i++) {
        id[i] = rows.get(i)[0];
        visit[i] = rows.get(i)[1];
        det[i] = (int) rows.get(i)[2];
        mjd[i] = 60000 + visit[i];
        ra[i] = pos.get(i)[0];
        dec[i] = pos.get(i)[1];
      }
      return a.associate(id, visit, det, mjd, ra, dec);
    }
  }

  /** Angular separation, arcsec (haversine; exact enough at these scales). */
  private static double sepArcsec(double ra1, double dec1, double ra2, double dec2) {
    double p1 = Math.toRadians(dec1);
    double p2 = Math.toRadians(dec2);
    double dl = Math.toRadians(ra2 - ra1);
    double h = Math.pow(Math.sin((p2 - p1) / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
    return Math.toDegrees(2 * Math.asin(Math.sqrt(h))) * 3600;
  }

  @Test
  void acrossRaZeroOneObjectWithMeanNearZero() {
    /* 0.36 arcsec either side of RA = 0 at dec 10: 0.71 arcsec apart on the sky, one object. */
    double d = 0.36 * ARCSEC / Math.cos(Math.toRadians(10));
    DiaObjectAssociator.Association a = new Src().add(1, 1, 0, 360 - d, 10).add(2, 2, 0, d, 10).run(ONE_ARCSEC);
    assertEquals(1, a.objectCount());
    assertArrayEquals(new long[] {1, 1}, a.diaObjectIdOfSource());
    double ra = a.ra()[0];
    assertTrue(ra >= 0 && ra < 360, "ra in [0, 360): " + ra);
    /* The mean of the two directions is RA 0, dec 10 (within 1e-6 arcsec: rounding of the unit vectors). */
    assertEquals(0, sepArcsec(ra, a.dec()[0], 0, 10), 1e-6);
  }

  @Test
  void nearAndAtThePoleOneObject() {
    /* Four sources 0.4 arcsec from the north pole at RA 0, 90, 180, 270: at most 0.8 arcsec apart. */
    double dec = 90 - 0.4 * ARCSEC;
    Src s = new Src().add(1, 1, 0, 0, dec).add(2, 2, 0, 90, dec).add(3, 3, 0, 180, dec).add(4, 4, 0, 270, dec)
        .add(5, 5, 0, 123.4, 90);
    DiaObjectAssociator.Association a = s.run(ONE_ARCSEC);
    assertEquals(1, a.objectCount());
    /* The mean of the five directions is the pole itself (1e-6 arcsec). */
    assertEquals(90, a.dec()[0], 1e-6 * ARCSEC);
    /* South pole, 0.6 arcsec apart across RA 0 -> 180: also one object; 1.2 arcsec apart: two. */
    assertEquals(1, new Src().add(1, 1, 0, 0, -90 + 0.3 * ARCSEC).add(2, 2, 0, 180, -90 + 0.3 * ARCSEC)
        .run(ONE_ARCSEC).objectCount());
    assertEquals(2, new Src().add(1, 1, 0, 0, -90 + 0.6 * ARCSEC).add(2, 2, 0, 180, -90 + 0.6 * ARCSEC)
        .run(ONE_ARCSEC).objectCount());
  }

  @Test
  void runningMeanReachesASourceTheFirstPositionDoesNot() {
    /* Sources at dec 0, 0.9 and 1.7 arcsec (RA 30, visits 1, 2, 3). The third is 1.7 arcsec from the first source
       but 1.25 from the mean of the first two (0.45): it starts its own object. With the mean at 0.45, a source at
       1.4 (0.95 from the mean, 1.4 from the first) joins: only a moving position reaches it. */
    DiaObjectAssociator.Association far = new Src().add(1, 1, 0, 30, 0).add(2, 2, 0, 30, 0.9 * ARCSEC)
        .add(3, 3, 0, 30, 1.7 * ARCSEC).run(ONE_ARCSEC);
    assertArrayEquals(new long[] {1, 1, 3}, far.diaObjectIdOfSource());
    DiaObjectAssociator.Association near = new Src().add(1, 1, 0, 30, 0).add(2, 2, 0, 30, 0.9 * ARCSEC)
        .add(3, 3, 0, 30, 1.4 * ARCSEC).run(ONE_ARCSEC);
    assertArrayEquals(new long[] {1, 1, 1}, near.diaObjectIdOfSource());
    /* Position: the mean of 0, 0.9, 1.4 arcsec = 0.7667 arcsec (to 1e-6 arcsec). */
    assertEquals(30, near.ra()[0], 1e-9);
    assertEquals((0 + 0.9 + 1.4) / 3, near.dec()[0] / ARCSEC, 1e-6);
  }

  @Test
  void nearestObjectWinsAndTiesGoToTheFirstCreated() {
    /* Objects 1 (dec 0) and 2 (dec 1.5"), created in visit 1; a visit-2 source at dec 0.9" is 0.6" from 2. */
    DiaObjectAssociator.Association a = new Src().add(1, 1, 0, 50, 0).add(2, 1, 0, 50, 1.5 * ARCSEC)
        .add(3, 2, 0, 50, 0.9 * ARCSEC).run(ONE_ARCSEC);
    assertArrayEquals(new long[] {1, 2, 2}, a.diaObjectIdOfSource());
    /* Exactly between them (0.75"): the object created first (id 1) wins. */
    DiaObjectAssociator.Association tie = new Src().add(1, 1, 0, 50, 0).add(2, 1, 0, 50, 1.5 * ARCSEC)
        .add(3, 2, 0, 50, 0.75 * ARCSEC).run(ONE_ARCSEC);
    assertEquals(1, tie.diaObjectIdOfSource()[2]);
  }

  @Test
  void oneSourcePerVisitDetector() {
    /* Two sources of visit 1 detector 0, 0.3" apart: two objects. A visit-2 source next to both joins the nearer;
       a second visit-2 source then joins the other one (its visit-detector is free there). */
    DiaObjectAssociator.Association a = new Src().add(10, 1, 0, 100, 20).add(11, 1, 0, 100, 20 + 0.3 * ARCSEC)
        .add(20, 2, 0, 100, 20 + 0.05 * ARCSEC).add(21, 2, 0, 100, 20 + 0.1 * ARCSEC).run(ONE_ARCSEC);
    assertArrayEquals(new long[] {10, 11, 10, 11}, a.diaObjectIdOfSource());
    /* Another detector of the same visit is another image: it may join. */
    DiaObjectAssociator.Association b = new Src().add(10, 1, 0, 100, 20).add(11, 1, 1, 100, 20 + 0.3 * ARCSEC)
        .run(ONE_ARCSEC);
    assertEquals(1, b.objectCount());
  }

  @Test
  void radiusIsConfigurable() {
    Src s = new Src().add(1, 1, 0, 200, -30).add(2, 2, 0, 200, -30 + 1.5 * ARCSEC);
    assertEquals(2, s.run(ONE_ARCSEC).objectCount());
    assertEquals(1, s.run(new DiaObjectAssociator(2.0)).objectCount());
    assertThrows(IllegalArgumentException.class, () -> new DiaObjectAssociator(0));
    assertThrows(IllegalArgumentException.class, () -> new DiaObjectAssociator(Double.NaN));
  }

  @Test
  void badInputIsRejectedByRow() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Src().add(1, 1, 0, 10, 0).add(2, 1, 0, Double.NaN, 0).run(ONE_ARCSEC));
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("diaSourceId 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Src().add(7, 1, 0, 10, 0).add(7, 2, 0, 10, 0).run(ONE_ARCSEC));
    assertTrue(e.getMessage().contains("diaSourceId 7 appears more than once"), e.getMessage());
  }

  /** Seeded sources: objects on a patch straddling RA = 0 near dec 85, seen in 20 visits with scatter + noise. */
  private static Object[] survey(int objects, int visits, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] ora = new double[objects];
    double[] odec = new double[objects];
    for (int k = 0; k < objects; k++) {
      ora[k] = rng.nextDouble(-0.5, 0.5);
      odec[k] = rng.nextDouble(84.9, 85.1);
    }
    List<double[]> rows = new ArrayList<>();
    for (int v = 0; v < visits; v++) {
      for (int k = 0; k < objects; k++) {
        if (rng.nextDouble() < 0.5) {
          double dec = odec[k] + rng.nextGaussian() * 0.2 * ARCSEC;
          double ra = ora[k] + rng.nextGaussian() * 0.2 * ARCSEC / Math.cos(Math.toRadians(dec));
          rows.add(new double[] {v, (ra + 360) % 360, dec});
        }
      }
      /* Noise: unrelated detections. */
      for (int j = 0; j < objects / 10; j++) {
        rows.add(new double[] {v, (rng.nextDouble(-0.5, 0.5) + 360) % 360, rng.nextDouble(84.9, 85.1)});
      }
    }
    int n = rows.size();
    long[] id = new long[n];
    long[] visit = new long[n];
    int[] det = new int[n];
    double[] mjd = new double[n];
    double[] ra = new double[n];
    double[] dec = new double[n];
    for (int i = 0; i < n; i++) {
      double[] r = rows.get(i);
      visit[i] = (long) r[0];
      id[i] = visit[i] * 1_000_000L + i;
      mjd[i] = 60000 + 0.5 * visit[i];
      ra[i] = r[1];
      dec[i] = r[2];
    }
    return new Object[] {id, visit, det, mjd, ra, dec};
  }

  private static DiaObjectAssociator.Association run(Object[] s, int[] perm) {
    long[] id = (long[]) s[0];
    long[] visit = (long[]) s[1];
    int[] det = (int[]) s[2];
    double[] mjd = (double[]) s[3];
    double[] ra = (double[]) s[4];
    double[] dec = (double[]) s[5];
    int n = id.length;
    long[] id2 = new long[n];
    long[] v2 = new long[n];
    int[] d2 = new int[n];
    double[] m2 = new double[n];
    double[] r2 = new double[n];
    double[] de2 = new double[n];
    for (int i = 0; i < n; i++) {
      int j = perm[i];
      id2[i] = id[j];
      v2[i] = visit[j];
      d2[i] = det[j];
      m2[i] = mjd[j];
      r2[i] = ra[j];
      de2[i] = dec[j];
    }
    return ONE_ARCSEC.associate(id2, v2, d2, m2, r2, de2);
  }

  @Test
  void hundredThousandSourcesDeterministicAndIndependentOfInputOrder() {
    Object[] s = survey(10_000, 20, 11);
    int n = ((long[]) s[0]).length;
    assertTrue(n > 100_000, n + " sources");
    int[] identity = new int[n];
    for (int i = 0; i < n; i++) {
      identity[i] = i;
    }
    int[] shuffled = identity.clone();
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    DiaObjectAssociator.Association a = run(s, identity);
    DiaObjectAssociator.Association b = run(s, shuffled);
    long[] ia = a.diaObjectIdOfSource();
    long[] ib = b.diaObjectIdOfSource();
    for (int i = 0; i < n; i++) {
      assertEquals(ia[shuffled[i]], ib[i], "source " + i);
    }
    assertArrayEquals(sorted(a.diaObjectIds()), sorted(b.diaObjectIds()));
    System.out.printf("%d sources -> %d objects%n", n, a.objectCount());
    /* 10,000 objects seen in ~10 visits each plus 20,000 noise detections: about 10,000 + 20,000 objects. */
    assertTrue(a.objectCount() > 25_000 && a.objectCount() < 35_000, a.objectCount() + " objects");
  }

  private static long[] sorted(long[] a) {
    long[] c = a.clone();
    java.util.Arrays.sort(c);
    return c;
  }

  @Test
  void gridGivesTheSameObjectsAsBruteForce() {
    /* 3,000 sources straddling RA = 0 at dec 85, and the same algorithm without a grid. */
    Object[] s = survey(300, 10, 21);
    long[] id = (long[]) s[0];
    long[] visit = (long[]) s[1];
    double[] ra = (double[]) s[4];
    double[] dec = (double[]) s[5];
    int n = id.length;
    int[] identity = new int[n];
    for (int i = 0; i < n; i++) {
      identity[i] = i;
    }
    long[] grid = run(s, identity).diaObjectIdOfSource();

    /* Reference: input is already in (mjd, visit, id) order; nearest eligible object by chord, ties to first. */
    double c = 2 * Math.sin(Math.toRadians(ARCSEC) / 2);
    List<double[]> sum = new ArrayList<>();
    List<List<Long>> visits = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    long[] ref = new long[n];
    for (int i = 0; i < n; i++) {
      double[] u = unit(ra[i], dec[i]);
      int best = -1;
      double bestD = Double.POSITIVE_INFINITY;
      for (int k = 0; k < sum.size(); k++) {
        double[] p = sum.get(k);
        double norm = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        double d2 = sq(p[0] / norm - u[0]) + sq(p[1] / norm - u[1]) + sq(p[2] / norm - u[2]);
        if (d2 <= c * c && d2 < bestD && !visits.get(k).contains(visit[i])) {
          best = k;
          bestD = d2;
        }
      }
      if (best < 0) {
        sum.add(u.clone());
        visits.add(new ArrayList<>(List.of(visit[i])));
        ids.add(id[i]);
        ref[i] = id[i];
      } else {
        double[] p = sum.get(best);
        p[0] += u[0];
        p[1] += u[1];
        p[2] += u[2];
        visits.get(best).add(visit[i]);
        ref[i] = ids.get(best);
      }
    }
    assertArrayEquals(ref, grid);
    assertNotEquals(n, ids.size(), "some sources were associated");
  }

  private static double sq(double x) {
    return x * x;
  }

  private static double[] unit(double raDeg, double decDeg) {
    double r = Math.toRadians(raDeg);
    double d = Math.toRadians(decDeg);
    return new double[] {Math.cos(d) * Math.cos(r), Math.cos(d) * Math.sin(r), Math.sin(d)};
  }
}
