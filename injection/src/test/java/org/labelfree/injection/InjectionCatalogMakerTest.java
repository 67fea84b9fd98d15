package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.ColumnSpec;

/**
 * Statistics of INDEPENDENT-mode catalogues on 5,000 synthetic hosts over four detectors. KS tests use p > 0.01 (a
 * true law fails it 1% of the time; the seeds are fixed, so a pass is reproducible, and a wrong law, e.g. a and b
 * swapped or offsets in pixels, gives p << 1e-6 at these sample sizes).
 */
class InjectionCatalogMakerTest {
  private static final List<DetectorFootprint> FPS = Fixtures.footprints(150.0, 2.0);
  private static final List<Host> HOSTS = Fixtures.hosts(FPS, 5000, 42);
  private static final InjectionCatalogConfig CONFIG = InjectionCatalogConfig.defaults().withSeed(2024);
  /** Every host gets a fake: 5,000 offsets and 250 host-less positions for the distribution tests. */
  private static final InjectionCatalogConfig ALL = CONFIG.withHostFraction(1.0);

  private static Map<Long, Host> byId() {
    Map<Long, Host> m = new HashMap<>();
    for (Host h : HOSTS) {
      m.put(h.id(), h);
    }
    return m;
  }

  @Test
  void schemaAndCounts() {
    Catalog cat = InjectionCatalogMaker.make(12, "r", 60100.0, HOSTS, FPS, CONFIG);
    List<String> names = new ArrayList<>();
    for (ColumnSpec s : InjectionCatalogs.schema(InjectionMode.INDEPENDENT)) {
      names.add(s.name());
    }
    assertEquals(names, cat.columnNames());
    long[] hostId = cat.longColumn("host_id");
    int hosted = 0;
    for (long h : hostId) {
      hosted += h >= 0 ? 1 : 0;
    }
    assertEquals(Math.round(0.03 * 5000), hosted);
    assertEquals(Math.round(0.05 * hosted), cat.rowCount() - hosted);
    long[] ids = cat.longColumn("injection_id");
    for (int i = 0; i < ids.length; i++) {
      assertEquals(12 * 1_000_000L + i, ids[i]);
    }
    for (String t : cat.stringColumn("source_type")) {
      assertEquals("Star", t);
    }
    for (String b : cat.stringColumn("band")) {
      assertEquals("r", b);
    }
    /* Hosts are distinct (chosen without replacement). */
    assertEquals(hosted, java.util.Arrays.stream(hostId).filter(h -> h >= 0).distinct().count());
  }

  @Test
  void minHostsAppliesToSmallHostLists() {
    Catalog cat = InjectionCatalogMaker.make(1, "g", Double.NaN, HOSTS.subList(0, 10), FPS,
        CONFIG.withMinHosts(4));
    assertEquals(4, cat.rowCount());
    Catalog none = InjectionCatalogMaker.make(1, "g", Double.NaN, List.of(), FPS, CONFIG);
    assertEquals(0, none.rowCount());
    assertEquals(InjectionCatalogs.schema(InjectionMode.INDEPENDENT), none.schema());
  }

  @Test
  void offsetsFollowTheHostAxes() {
    Catalog cat = InjectionCatalogMaker.make(7, "i", Double.NaN, HOSTS, FPS, ALL);
    Map<Long, Host> hosts = byId();
    double[] ra = cat.doubleColumn("ra");
    double[] dec = cat.doubleColumn("dec");
    double[] off = cat.doubleColumn("offset_arcsec");
    long[] hostId = cat.longColumn("host_id");
    List<Double> us = new ArrayList<>();
    List<Double> vs = new ArrayList<>();
    for (int i = 0; i < cat.rowCount(); i++) {
      if (hostId[i] < 0) {
        continue;
      }
      Host h = hosts.get(hostId[i]);
      double[] en = Fixtures.tangentOffset(h.ra(), h.dec(), ra[i], dec[i]);
      double t = Math.toRadians(h.thetaDeg());
      us.add((en[0] * Math.sin(t) + en[1] * Math.cos(t)) / h.aArcsec());
      vs.add((en[0] * Math.cos(t) - en[1] * Math.sin(t)) / h.bArcsec());
      /* offset_arcsec is the angular distance; at arcsec scales it equals the tangent distance to 1e-9. */
      assertEquals(Math.hypot(en[0], en[1]), off[i], 1e-6);
    }
    assertEquals(5000, us.size());
    double pu = Ks.test(unbox(us), Ks::normalCdf);
    double pv = Ks.test(unbox(vs), Ks::normalCdf);
    assertTrue(pu > 0.01, "u / a is not N(0, 1): p = " + pu);
    assertTrue(pv > 0.01, "v / b is not N(0, 1): p = " + pv);
  }

  @Test
  void isotropicOffsetsAreHalfNormalInA() {
    Catalog cat = InjectionCatalogMaker.make(7, "i", Double.NaN, HOSTS, FPS, ALL.withIsotropic(true));
    double[] off = cat.doubleColumn("offset_arcsec");
    double[] a = cat.doubleColumn("host_a_arcsec");
    List<Double> r = new ArrayList<>();
    List<Double> angle = new ArrayList<>();
    double[] ra = cat.doubleColumn("ra");
    double[] dec = cat.doubleColumn("dec");
    Map<Long, Host> hosts = byId();
    long[] hostId = cat.longColumn("host_id");
    for (int i = 0; i < off.length; i++) {
      if (hostId[i] >= 0) {
        r.add(off[i] / a[i]);
        Host h = hosts.get(hostId[i]);
        double[] en = Fixtures.tangentOffset(h.ra(), h.dec(), ra[i], dec[i]);
        angle.add(Math.atan2(en[1], en[0]));
      }
    }
    double p = Ks.test(unbox(r), Ks::halfNormalCdf);
    assertTrue(p > 0.01, "offset / a is not half-normal: p = " + p);
    double pa = Ks.test(unbox(angle), x -> (x + Math.PI) / (2 * Math.PI));
    assertTrue(pa > 0.01, "direction is not uniform: p = " + pa);
    /* The anisotropic law must fail the isotropic test at this size: b/a averages 0.65. */
    Catalog aniso = InjectionCatalogMaker.make(7, "i", Double.NaN, HOSTS, FPS, ALL);
    double[] off2 = aniso.doubleColumn("offset_arcsec");
    double[] a2 = aniso.doubleColumn("host_a_arcsec");
    double[] r2 = new double[5000];
    for (int i = 0; i < 5000; i++) {
      r2[i] = off2[i] / a2[i];
    }
    assertTrue(Ks.test(r2, Ks::halfNormalCdf) < 1e-6);
  }

  @Test
  void magnitudesAreUniformRelativeToTheHost() {
    Catalog cat = InjectionCatalogMaker.make(3, "z", Double.NaN, HOSTS, FPS, ALL);
    double[] mag = cat.doubleColumn("mag");
    double[] hostMag = cat.doubleColumn("host_mag");
    List<Double> dm = new ArrayList<>();
    for (int i = 0; i < mag.length; i++) {
      if (!Double.isNaN(hostMag[i])) {
        dm.add(mag[i] - hostMag[i]);
        assertTrue(mag[i] - hostMag[i] >= -1 && mag[i] - hostMag[i] < 3);
      }
    }
    double p = Ks.test(unbox(dm), x -> Math.min(1, Math.max(0, (x + 1) / 4)));
    assertTrue(p > 0.01, "mag - host_mag is not U(-1, 3): p = " + p);
  }

  @Test
  void hostlessFakesAreUniformOverTheDetectors() {
    Catalog cat = InjectionCatalogMaker.make(5, "g", Double.NaN, HOSTS, FPS, ALL);
    double[] ra = cat.doubleColumn("ra");
    double[] dec = cat.doubleColumn("dec");
    long[] hostId = cat.longColumn("host_id");
    int[] hostDet = cat.intColumn("host_detector");
    double[] mag = cat.doubleColumn("mag");
    java.util.Set<Double> hostedMags = new java.util.HashSet<>();
    for (int i = 0; i < mag.length; i++) {
      if (hostId[i] >= 0) {
        hostedMags.add(mag[i]);
      }
    }
    List<Double> ux = new ArrayList<>();
    List<Double> uy = new ArrayList<>();
    int[] perDetector = new int[4];
    for (int i = 0; i < ra.length; i++) {
      if (hostId[i] >= 0) {
        continue;
      }
      assertEquals(-1, hostDet[i]);
      assertTrue(hostedMags.contains(mag[i]), "host-less mag is resampled from the hosted fakes'");
      int found = 0;
      for (DetectorFootprint fp : FPS) {
        double[] p = fp.wcs().skyToPixel(ra[i], dec[i]);
        if (fp.contains(p[0], p[1])) {
          found++;
          perDetector[fp.detector()]++;
          ux.add((p[0] + 0.5) / Fixtures.SIZE);
          uy.add((p[1] + 0.5) / Fixtures.SIZE);
        }
      }
      assertEquals(1, found);
    }
    assertEquals(250, ux.size());
    assertTrue(Ks.test(unbox(ux), x -> x) > 0.01);
    assertTrue(Ks.test(unbox(uy), x -> x) > 0.01);
    /* Equal areas: each detector gets Binomial(250, 1/4), mean 62.5, sd 6.8; 4 sd = 27. */
    for (int c : perDetector) {
      assertTrue(Math.abs(c - 62.5) < 27, "detector count " + c);
    }
  }

  @Test
  void deterministicAndIndependentOfInputOrder() {
    Catalog a = InjectionCatalogMaker.make(12, "r", Double.NaN, HOSTS, FPS, CONFIG);
    List<Host> shuffled = new ArrayList<>(HOSTS);
    Collections.shuffle(shuffled, new Random(3));
    List<DetectorFootprint> fps = new ArrayList<>(FPS);
    Collections.reverse(fps);
    Catalog b = InjectionCatalogMaker.make(12, "r", Double.NaN, shuffled, fps, CONFIG);
    assertEquals(a, b);
    Catalog otherVisit = InjectionCatalogMaker.make(13, "r", Double.NaN, HOSTS, FPS, CONFIG);
    assertFalse(java.util.Arrays.equals(a.doubleColumn("ra"), otherVisit.doubleColumn("ra")));
    assertNotEquals(java.util.Arrays.stream(a.longColumn("host_id")).boxed().toList(),
        java.util.Arrays.stream(otherVisit.longColumn("host_id")).boxed().toList());
    Catalog otherBand = InjectionCatalogMaker.make(12, "g", Double.NaN, HOSTS, FPS, CONFIG);
    assertFalse(java.util.Arrays.equals(a.doubleColumn("ra"), otherBand.doubleColumn("ra")));
    assertArrayEquals(a.longColumn("injection_id"), otherBand.longColumn("injection_id"));
  }

  @Test
  void offsetsAreExactNearThePole() {
    /* At dec 89.99 a flat-sky ra offset of east / cos(dec) would be off by far more than the 1e-6" allowed. */
    List<DetectorFootprint> polar = Fixtures.footprints(10.0, 89.9);
    List<Host> hosts = Fixtures.hosts(polar, 300, 5);
    Catalog cat = InjectionCatalogMaker.make(1, "r", Double.NaN, hosts, polar, ALL);
    Map<Long, Host> byId = new HashMap<>();
    hosts.forEach(h -> byId.put(h.id(), h));
    double[] ra = cat.doubleColumn("ra");
    double[] dec = cat.doubleColumn("dec");
    double[] off = cat.doubleColumn("offset_arcsec");
    long[] hostId = cat.longColumn("host_id");
    for (int i = 0; i < ra.length; i++) {
      if (hostId[i] >= 0) {
        Host h = byId.get(hostId[i]);
        double[] en = Fixtures.tangentOffset(h.ra(), h.dec(), ra[i], dec[i]);
        assertEquals(Math.hypot(en[0], en[1]), off[i], 1e-6);
      }
    }
  }

  @Test
  void unknownBandIsRejected() {
    InvalidInjectionCatalogException e = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidInjectionCatalogException.class,
        () -> InjectionCatalogMaker.make(1, "q", Double.NaN, HOSTS, FPS, CONFIG));
    assertTrue(e.getMessage().contains("unknown band 'q'; expected one of u, g, r, i, z, y"), e.getMessage());
  }

  static double[] unbox(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
