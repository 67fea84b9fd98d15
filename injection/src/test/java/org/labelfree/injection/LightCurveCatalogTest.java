package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;

/** LIGHTCURVE mode: persistence across visits, the Bazin curve, the faint flag and the counts. */
class LightCurveCatalogTest {
  private static final List<DetectorFootprint> FPS = Fixtures.footprints(150.0, 2.0);
  private static final List<Host> HOSTS = Fixtures.hosts(FPS, 5000, 42);
  private static final double RISE = 3.0;
  private static final double FALL = 20.0;
  private static final InjectionCatalogConfig LC = InjectionCatalogConfig.defaults().withSeed(77)
      .withMode(InjectionMode.LIGHTCURVE).withLightCurve(RISE, FALL).withSurveySpan(60000, 60100);

  /** The Bazin flux, written apart from the code under test. */
  private static double bazin(double dt) {
    return Math.exp(-dt / FALL) / (1 + Math.exp(-dt / RISE));
  }

  private static Map<Long, Integer> rowsById(Catalog cat) {
    Map<Long, Integer> m = new HashMap<>();
    long[] ids = cat.longColumn("injection_id");
    for (int i = 0; i < ids.length; i++) {
      m.put(ids[i], i);
    }
    return m;
  }

  @Test
  void sameHostSameFakeInEveryVisit() {
    Catalog v1 = InjectionCatalogMaker.make(1, "r", 60050, HOSTS, FPS, LC);
    /* The second visit detects only 4,000 of the hosts, in another order, on other detectors' order. */
    List<Host> some = new ArrayList<>(HOSTS.subList(0, 4000));
    Collections.shuffle(some, new Random(1));
    Catalog v2 = InjectionCatalogMaker.make(2, "r", 60080, some, FPS, LC);
    Map<Long, Integer> r2 = rowsById(v2);
    long[] ids = v1.longColumn("injection_id");
    int common = 0;
    for (int i = 0; i < ids.length; i++) {
      Integer j = r2.get(ids[i]);
      if (j == null || v1.column("host_id").getLong(i) < 0) {
        continue;
      }
      common++;
      for (String c : List.of("ra", "dec", "t_explosion", "peak_mag", "offset_arcsec", "host_mag")) {
        assertEquals(v1.column(c).getDouble(i), v2.column(c).getDouble(j), 0.0, c);
      }
      assertEquals(v1.column("host_id").getLong(i), v2.column("host_id").getLong(j));
      assertEquals(1L, v1.column("visit").getLong(i));
      assertEquals(2L, v2.column("visit").getLong(j));
    }
    /* Hosted fakes (host-less peaks follow the visit's host magnitudes, see the next tests). About 0.03 * 4000 = 120
       hosted fakes are shared, less those not yet exploded at 60050. */
    assertTrue(common > 60, "shared fakes: " + common);
    /* Another band gives another set. */
    Catalog g = InjectionCatalogMaker.make(1, "g", 60050, HOSTS, FPS, LC);
    Map<Long, Integer> rg = rowsById(g);
    int shared = 0;
    for (long id : ids) {
      shared += rg.containsKey(id) ? 1 : 0;
    }
    assertTrue(shared < 10, "fakes shared between bands: " + shared);
  }

  @Test
  void magnitudeFollowsTheBazinCurve() {
    double mjd = 60060;
    Catalog cat = InjectionCatalogMaker.make(3, "i", mjd, HOSTS, FPS, LC.withDepthMag(22.5));
    double tPeak = RISE * Math.log(FALL / RISE - 1);
    /* The closed-form peak is the maximum: check it against a fine grid (the curve is flat there). */
    for (double dt = -15; dt < 100; dt += 0.01) {
      assertTrue(bazin(dt) <= bazin(tPeak) * (1 + 1e-12));
    }
    double[] mag = cat.doubleColumn("mag");
    double[] peak = cat.doubleColumn("peak_mag");
    double[] t0 = cat.doubleColumn("t_explosion");
    boolean[] faint = cat.booleanColumn("faint");
    int nFaint = 0;
    for (int i = 0; i < mag.length; i++) {
      assertTrue(mjd >= t0[i] - 5 * RISE, "row present before t0 - 5 rise");
      assertTrue(t0[i] >= 60000 - 30 && t0[i] <= 60100);
      double expected = peak[i] - 2.5 * Math.log10(bazin(mjd - t0[i]) / bazin(tPeak));
      /* 1e-9 mag: the code works in logarithms, the test in fluxes; both are exact to ~1e-13 here. */
      assertEquals(expected, mag[i], 1e-9);
      assertEquals(mag[i] > 22.5, faint[i]);
      nFaint += faint[i] ? 1 : 0;
    }
    assertTrue(nFaint > 0 && nFaint < mag.length, "faint " + nFaint + " of " + mag.length);
  }

  @Test
  void hostedFractionAndAbsenceBeforeExplosion() {
    /* After the survey every fake has exploded: the hosted count is Binomial(5000, 0.03), mean 150, sd 12;
       4 sd = 48 (hosts sharing a 1" cell are too rare here to matter). */
    Catalog after = InjectionCatalogMaker.make(9, "z", 60101, HOSTS, FPS, LC.withHostlessFraction(0));
    assertTrue(Math.abs(after.rowCount() - 150) < 48, "hosted " + after.rowCount());
    /* Before start - 30 d - 5 rise nothing exists yet, and the schema is complete. */
    Catalog before = InjectionCatalogMaker.make(9, "z", 60000 - 46, HOSTS, FPS, LC);
    assertEquals(0, before.rowCount());
    assertEquals(InjectionCatalogs.schema(InjectionMode.LIGHTCURVE), before.schema());
  }

  @Test
  void hostlessCellsPersistAndCoverTheDetectorsUniformly() {
    /* Cell probability hostlessFraction * hostFraction * 10 / arcmin^2 = 0.5; the four detectors cover
       4 * (2048 * 0.2 / 60)^2 = 186.4 arcmin^2, so ~93 host-less fakes, sd ~ 7; 5 sd = 35. */
    InjectionCatalogConfig cfg = LC.withHostFraction(0.1).withHostlessFraction(0.5);
    Catalog v1 = InjectionCatalogMaker.make(1, "r", 60101, HOSTS, FPS, cfg);
    Catalog v2 = InjectionCatalogMaker.make(2, "r", 60102, HOSTS.subList(0, 2500), FPS, cfg);
    long[] hostId = v1.longColumn("host_id");
    double[] ra = v1.doubleColumn("ra");
    double[] dec = v1.doubleColumn("dec");
    Map<Long, Integer> r2 = rowsById(v2);
    long[] ids = v1.longColumn("injection_id");
    List<Double> ux = new ArrayList<>();
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (hostId[i] >= 0) {
        continue;
      }
      n++;
      Integer j = r2.get(ids[i]);
      assertTrue(j != null, "host-less fake " + ids[i] + " persists");
      assertEquals(ra[i], v2.column("ra").getDouble(j), 0.0);
      assertEquals(v1.column("peak_mag").getDouble(i), v2.column("peak_mag").getDouble(j), 0.5,
          "peak from the host-magnitude quantile moves little when half the hosts are missing");
      int inside = 0;
      for (DetectorFootprint fp : FPS) {
        double[] p = fp.wcs().skyToPixel(ra[i], dec[i]);
        if (fp.contains(p[0], p[1])) {
          inside++;
          ux.add((p[0] + 0.5) / Fixtures.SIZE);
        }
      }
      assertEquals(1, inside);
    }
    assertTrue(Math.abs(n - 93.2) < 35, "host-less " + n);
    double p = Ks.test(InjectionCatalogMakerTest.unbox(ux), x -> x);
    assertTrue(p > 0.01, "host-less x not uniform: p = " + p);
  }
}
