package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.sim.Transients.Epoch;

class TransientsTest {
  /** 0.03 deg^2: about 10,500 galaxies and 630 stars with the default counts. */
  private static final SkyRegion REGION = new SkyRegion(150.0, 2.0, 0.0866, 0.0866);
  private static final SkyConfig NO_STARS = new SkyConfig("r", 4.0e4, 24.0, 0.33, 18.0, 26.5, 0.0, 22.0, 0.12, 14.0,
      26.0);

  private static List<Epoch> grid(int n, double start, double step, long firstVisit, String band) {
    List<Epoch> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(new Epoch(firstVisit + k, start + k * step, band, 30.0));
    }
    return out;
  }

  private static int rowOf(Catalog c, long id) {
    long[] ids = c.longColumn("id");
    for (int j = 0; j < ids.length; j++) {
      if (ids[j] == id) {
        return j;
      }
    }
    throw new AssertionError("no row " + id);
  }

  @Test
  void supernovaeOccurAtTheConfiguredRateAndRiseAndFall() {
    Sky sky = SkyModel.generate(REGION, List.of("g", "r"), NO_STARS, 1L);
    List<Epoch> epochs = grid(400, 60000.0, 0.5, 1, "r");
    Transients t = Transients.generate(sky, REGION, epochs, new TransientConfig(0.02, 0, 0, 0, 21.5, 25.0), 2L);
    Catalog p = t.parameters();
    int nSn = p.rowCount();

    /* Fraction of galaxies with a supernova: within 4 binomial sigma of 0.02. */
    int galaxies = sky.count(SourceKind.GALAXY);
    assertEquals(0.02, (double) nSn / galaxies, 4.0 * Math.sqrt(0.02 * 0.98 / galaxies), "SN fraction");

    double[][] mag = new double[nSn][epochs.size()];
    for (int k = 0; k < epochs.size(); k++) {
      List<TransientInstance> seen = t.at(epochs.get(k));
      assertEquals(nSn, seen.size());
      for (int j = 0; j < nSn; j++) {
        TransientInstance s = seen.get(j);
        assertEquals(TransientKind.SUPERNOVA, s.kind());
        assertEquals(p.column("host_id").getLong(j), s.hostId());
        assertEquals(SourceKind.GALAXY, sky.kind((int) s.hostId() - 1));
        assertTrue(Double.isNaN(s.baselineMagnitude()) && s.trailLengthArcsec() == 0.0);
        mag[j][k] = s.magnitude();
      }
    }

    /* On a 0.5-d grid, the brightest point is within one step of peak_mjd and within 0.01 mag of peak_mag (the
     * curvature at the peak is below 0.01 mag per 0.25 d^2); strictly brighter towards the peak; the finite
     * magnitudes are one contiguous run no fainter than peak + 10 mag (flux floor 1e-4). */
    int checked = 0;
    int withNaN = 0;
    for (int j = 0; j < nSn; j++) {
      double peakMjd = p.column("peak_mjd").getDouble(j);
      double peakMag = p.column("peak_mag").getDouble(j);
      assertTrue(peakMag >= 21.5 && peakMag <= 25.0);
      double rise = p.column("rise_time").getDouble(j);
      double fall = p.column("fall_time").getDouble(j);
      assertTrue(rise >= 2 && rise <= 6 && fall >= 15 && fall <= 40, "time scales " + rise + ", " + fall);
      assertTrue(peakMjd >= 60000.0 - 30.0 && peakMjd <= 60199.5 + 10.0, "peak " + peakMjd);
      int first = -1;
      int last = -1;
      int best = -1;
      for (int k = 0; k < epochs.size(); k++) {
        if (!Double.isNaN(mag[j][k])) {
          assertTrue(mag[j][k] <= peakMag + 10.0 + 1e-9 && mag[j][k] >= peakMag - 1e-9, "mag " + mag[j][k]);
          first = first < 0 ? k : first;
          assertTrue(last < 0 || last == k - 1, "finite magnitudes are contiguous");
          last = k;
          best = best < 0 || mag[j][k] < mag[j][best] ? k : best;
        }
      }
      withNaN += first > 0 || last < epochs.size() - 1 ? 1 : 0;
      if (peakMjd < 60005.0 || peakMjd > 60195.0) {
        continue;
      }
      checked++;
      assertEquals(peakMjd, epochs.get(best).mjd(), 0.5, "time of the brightest point");
      assertEquals(peakMag, mag[j][best], 0.01, "peak magnitude");
      for (int k = first; k < best; k++) {
        assertTrue(mag[j][k] > mag[j][k + 1], "rising before the peak");
      }
      for (int k = best; k < last; k++) {
        assertTrue(mag[j][k] < mag[j][k + 1], "falling after the peak");
      }
    }
    assertTrue(checked > 100, "checked " + checked);
    assertTrue(withNaN > 10, "some light curves start or end below the flux floor: " + withNaN);
  }

  @Test
  void supernovaColourEvolvesFromBlueToRed() {
    /* Parameters depend on the epochs only through the first and last MJD: add g and r epochs at each peak and 45 d
     * after it, and read g-r = 0.1 at the peak and 1.0 after 45 d (the documented model, exactly). */
    Sky sky = SkyModel.generate(new SkyRegion(10.0, 5.0, 0.03, 0.03), List.of("r"), NO_STARS, 3L);
    TransientConfig config = new TransientConfig(0.05, 0, 0, 0, 21.5, 25.0);
    List<Epoch> base = List.of(new Epoch(1, 60000.0, "r", 30.0), new Epoch(2, 60200.0, "r", 30.0));
    Catalog p = Transients.generate(sky, REGION, base, config, 4L).parameters();
    List<Epoch> epochs = new ArrayList<>(base);
    List<Integer> rows = new ArrayList<>();
    for (int j = 0; j < p.rowCount(); j++) {
      double peak = p.column("peak_mjd").getDouble(j);
      if (peak > 60000.0 && peak + 45.0 < 60200.0) {
        rows.add(j);
        epochs.add(new Epoch(100 + 4L * j, peak, "g", 30.0));
        epochs.add(new Epoch(101 + 4L * j, peak, "r", 30.0));
        epochs.add(new Epoch(102 + 4L * j, peak + 45.0, "g", 30.0));
        epochs.add(new Epoch(103 + 4L * j, peak + 45.0, "r", 30.0));
      }
    }
    assertTrue(rows.size() > 5, "supernovae to check: " + rows.size());
    Transients t = Transients.generate(sky, REGION, epochs, config, 4L);
    assertEquals(p, t.parameters());
    for (int j : rows) {
      double[] m = new double[4];
      for (int e = 0; e < 4; e++) {
        m[e] = t.at(epochs.get(2 + 4 * rows.indexOf(j) + e)).get(j).magnitude();
      }
      assertEquals(p.column("peak_mag").getDouble(j), m[1], 1e-9, "r at peak");
      assertEquals(0.1, m[0] - m[1], 1e-9, "g-r at peak");
      assertEquals(1.0, m[2] - m[3], 1e-9, "g-r 45 d after peak");
    }
  }

  @Test
  void supernovaeFollowTheirHostsLight() {
    /* Every galaxy hosts one. The elliptical radius (host axis ratio and position angle) over the host's rEff has
     * median 1 for a Sersic profile (half the light inside rEff). Discs (n <= 1.5, ~1,350 here): the standard
     * error of the median is 1 / (2 f(1) sqrt(N)) ~ 0.026 with f(1) ~ 0.5, so the tolerance 0.1 is 4 sigma. */
    SkyRegion region = new SkyRegion(200.0, -10.0, 0.04, 0.04);
    Sky sky = SkyModel.generate(region, List.of("r"), NO_STARS, 5L);
    Transients t = Transients.generate(sky, region, List.of(new Epoch(1, 60000.0, "r", 30.0)),
        new TransientConfig(1.0, 0, 0, 0, 21.5, 25.0), 6L);
    Catalog p = t.parameters();
    assertEquals(sky.count(SourceKind.GALAXY), p.rowCount());
    List<Double> discRadii = new ArrayList<>();
    List<Double> flatDiscRadii = new ArrayList<>();
    for (int j = 0; j < p.rowCount(); j++) {
      int host = (int) p.column("host_id").getLong(j) - 1;
      SkyRegion frame = new SkyRegion(sky.ra(host), sky.dec(host), 1.0, 1.0);
      double[] offset = frame.toTangent(p.column("ra").getDouble(j), p.column("dec").getDouble(j));
      double east = offset[0] * 3600.0;
      double north = offset[1] * 3600.0;
      double pa = Math.toRadians(sky.positionAngleDeg(host));
      double major = east * Math.sin(pa) + north * Math.cos(pa);
      double minor = east * Math.cos(pa) - north * Math.sin(pa);
      double q = sky.axisRatio(host);
      double r = Math.hypot(major, minor / q) / sky.rEffArcsec(host);
      assertTrue(r <= 8.0 + 1e-6, "offsets are truncated at 8 rEff: " + r);
      if (sky.sersicN(host) <= 1.5) {
        discRadii.add(r);
        if (q < 0.4) {
          flatDiscRadii.add(r);
        }
      }
    }
    double median = SkyStats.median(discRadii.stream().mapToDouble(Double::doubleValue).toArray());
    assertEquals(1.0, median, 0.1, "median r / rEff of disc hosts");
    /* For flat discs a wrong orientation would inflate r by up to 1/q (> 2.5); ~300 of them: tolerance 0.2. */
    double flat = SkyStats.median(flatDiscRadii.stream().mapToDouble(Double::doubleValue).toArray());
    assertEquals(1.0, flat, 0.2, "median r / rEff of flat disc hosts (" + flatDiscRadii.size() + ")");
  }

  @Test
  void variableStarsRepeatWithTheirPeriodAboutTheirBaseline() {
    SkyRegion region = new SkyRegion(80.0, -60.0, 0.02, 0.02);
    SkyConfig stars = new SkyConfig("r", 0.0, 24.0, 0.33, 18.0, 26.5, 2.0e4, 22.0, 0.12, 14.0, 26.0);
    Sky sky = SkyModel.generate(region, List.of("g", "r"), stars, 7L);
    TransientConfig config = new TransientConfig(0, 0, 0.2, 0, 21.5, 25.0);
    List<Epoch> base = List.of(new Epoch(1, 60000.0, "r", 30.0));
    Catalog p = Transients.generate(sky, region, base, config, 8L).parameters();
    int nVar = p.rowCount();
    assertEquals(0.2, (double) nVar / sky.size(), 4.0 * Math.sqrt(0.2 * 0.8 / sky.size()), "variable fraction");

    /* For each variable: 40 epochs evenly spread in phase over one cycle, and two epochs 7 periods apart; g band
     * for odd rows (amplitude x 1.25), r for even. */
    List<Epoch> epochs = new ArrayList<>(base);
    for (int j = 0; j < nVar; j++) {
      double period = p.column("period").getDouble(j);
      double max = p.column("max_mjd").getDouble(j);
      String band = j % 2 == 0 ? "r" : "g";
      for (int k = 0; k < 40; k++) {
        epochs.add(new Epoch(1000 + 100L * j + k, max + 3 * period + period * (k + 0.5) / 40.0, band, 30.0));
      }
      epochs.add(new Epoch(1050 + 100L * j, max + 2.3 * period, band, 30.0));
      epochs.add(new Epoch(1051 + 100L * j, max + 9.3 * period, band, 30.0));
    }
    Transients t = Transients.generate(sky, region, epochs, config, 8L);
    assertEquals(p, t.parameters(), "variable-star parameters do not depend on the epochs");

    for (int j = 0; j < nVar; j++) {
      String band = j % 2 == 0 ? "r" : "g";
      int star = (int) p.column("host_id").getLong(j) - 1;
      double amplitude = p.column("amplitude").getDouble(j) * (band.equals("g") ? 1.25 : 1.0);
      assertTrue(p.column("period").getDouble(j) >= 0.2 && p.column("period").getDouble(j) <= 30.0);
      assertEquals(sky.mag(star, "r"), p.column("mean_mag").getDouble(j));
      double[] m = new double[40];
      for (int k = 0; k < 40; k++) {
        TransientInstance v = t.at(epochs.get(1 + 42 * j + k)).get(j);
        assertEquals(TransientKind.VARIABLE_STAR, v.kind());
        assertEquals(sky.id(star), v.hostId());
        assertEquals(sky.ra(star), v.ra());
        assertEquals(sky.mag(star, band), v.baselineMagnitude(), "baseline is the star's sky magnitude");
        m[k] = v.magnitude() - v.baselineMagnitude();
      }
      /* One period apart: equal to 1e-9 mag (rounding of MJDs near 6e4 moves the phase by < 1e-10). */
      double a = t.at(epochs.get(1 + 42 * j + 40)).get(j).magnitude();
      double b = t.at(epochs.get(1 + 42 * j + 41)).get(j).magnitude();
      assertEquals(a, b, 1e-9, "one period apart");
      /* Evenly sampled over a cycle the mean offset is 0 (exactly for both shapes at these phases), and the
       * peak-to-peak is the amplitude less the sampling of the extremes (at most 3%, the sawtooth's corners). */
      assertEquals(0.0, SkyStats.mean(m), 1e-9, "mean about the baseline");
      double ptp = java.util.Arrays.stream(m).max().orElseThrow() - java.util.Arrays.stream(m).min().orElseThrow();
      assertTrue(ptp <= amplitude + 1e-12 && ptp >= 0.97 * amplitude, "peak-to-peak " + ptp + " vs " + amplitude);
    }
  }

  @Test
  void asteroidsAppearOnceAtThePoissonRateWithTheirTrails() {
    SkyRegion region = new SkyRegion(45.0, 15.0, 0.158, 0.158);
    SkyConfig empty = new SkyConfig("r", 0.0, 24.0, 0.33, 18.0, 26.5, 0.0, 22.0, 0.12, 14.0, 26.0);
    Sky sky = SkyModel.generate(region, List.of("r"), empty, 9L);
    assertEquals(0, sky.size());
    List<Epoch> epochs = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      epochs.add(new Epoch(500 + k, 60000.0 + 0.7 * k, k % 2 == 0 ? "r" : "g", k % 3 == 0 ? 15.0 : 30.0));
    }
    Transients t = Transients.generate(sky, region, epochs, TransientConfig.defaults(), 10L);
    Catalog p = t.parameters();
    double mu = 150.0 * region.areaDeg2();

    /* Counts: total within 4 sqrt(K mu); chi-square of the counts about mu within 4 sigma of its expectation K
     * (variance (2 + 1/mu) K for Poisson counts); no visit beyond 5 sigma. */
    Map<Long, Integer> seenIn = new HashMap<>();
    double total = 0.0;
    double chi2 = 0.0;
    for (Epoch e : epochs) {
      List<TransientInstance> list = t.at(e);
      total += list.size();
      chi2 += (list.size() - mu) * (list.size() - mu) / mu;
      assertTrue(Math.abs(list.size() - mu) < 5.0 * Math.sqrt(mu), "count " + list.size());
      for (TransientInstance a : list) {
        assertEquals(TransientKind.ASTEROID, a.kind());
        assertEquals(null, seenIn.put(a.transientId(), (int) e.visit()), "an asteroid appears in one epoch");
        int j = rowOf(p, a.transientId());
        assertEquals(e.visit(), p.column("visit").getLong(j));
        double rate = p.column("rate").getDouble(j);
        assertTrue(rate >= 0.05 && rate <= 1.0);
        assertEquals(rate * 3600.0 * e.exposureTime() / 86400.0, a.trailLengthArcsec(), 1e-12, "trail = rate x t");
        assertEquals(p.column("direction").getDouble(j), a.trailAngleDeg());
        assertEquals(-1L, a.hostId());
        assertTrue(Double.isNaN(a.baselineMagnitude()));
        double refMag = p.column("mag").getDouble(j);
        assertTrue(refMag >= 20.0 && refMag <= 24.5);
        double colour = a.magnitude() - refMag;
        assertTrue(e.band().equals("r") ? colour == 0.0 : colour >= 0.5 && colour <= 0.7, "g-r " + colour);
        double[] xy = region.toTangent(a.ra(), a.dec());
        assertTrue(region.contains(xy[0] * (1 - 1e-12), xy[1] * (1 - 1e-12)), "inside the region");
      }
    }
    int k = epochs.size();
    assertEquals(k * mu, total, 4.0 * Math.sqrt(k * mu), "total asteroids");
    assertEquals(k, chi2, 4.0 * Math.sqrt((2.0 + 1.0 / mu) * k), "dispersion of the per-visit counts");
    assertEquals(p.rowCount(), seenIn.size(), "every asteroid is seen");
  }

  @Test
  void sameSeedSameTransientsAndAtIsPure() {
    Sky sky = SkyModel.generate(REGION, List.of("g", "r"), SkyConfig.defaults(), 11L);
    List<Epoch> epochs = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      epochs.add(new Epoch(900 - 7L * k, 60100.0 - 3.1 * k, k % 3 == 0 ? "g" : "r", 30.0));
    }
    Transients a = Transients.generate(sky, REGION, epochs, TransientConfig.defaults(), 12L);
    List<Epoch> reversed = new ArrayList<>(epochs);
    java.util.Collections.reverse(reversed);
    Transients b = Transients.generate(sky, REGION, reversed, TransientConfig.defaults(), 12L);
    Transients c = Transients.generate(sky, REGION, epochs, TransientConfig.defaults(), 13L);
    assertEquals(a.parameters(), b.parameters());
    assertNotEquals(a.parameters(), c.parameters());
    List<List<TransientInstance>> forward = new ArrayList<>();
    for (Epoch e : epochs) {
      forward.add(a.at(e));
    }
    for (int k = epochs.size() - 1; k >= 0; k--) {
      assertEquals(forward.get(k), b.at(epochs.get(k)), "order-independent");
      assertEquals(forward.get(k), a.at(epochs.get(k)), "asking twice");
    }
    assertTrue(a.size() > 100 && a.at(epochs.get(0)).size() > 100, a.toString());
  }

  @Test
  void parametersHaveTheDocumentedColumnsWithUnits() {
    Sky sky = SkyModel.generate(new SkyRegion(10.0, 0.0, 0.05, 0.05), List.of("r"), SkyConfig.defaults(), 14L);
    Transients t = Transients.generate(sky, REGION, grid(3, 60000.0, 1.0, 1, "r"),
        new TransientConfig(0.05, 0.05, 0.2, 150.0, 21.5, 25.0), 15L);
    Catalog p = t.parameters();
    assertEquals(List.of("id", "kind", "host_id", "ra", "dec", "visit", "light_curve", "peak_mjd", "peak_mag",
        "rise_time", "fall_time", "period", "amplitude", "max_mjd", "mean_mag", "tau", "sf_inf", "mag", "rate",
        "direction"), p.columnNames());
    Map<String, String> units = Map.ofEntries(Map.entry("ra", "deg"), Map.entry("dec", "deg"),
        Map.entry("peak_mjd", "d"), Map.entry("peak_mag", "mag"), Map.entry("rise_time", "d"),
        Map.entry("fall_time", "d"), Map.entry("period", "d"), Map.entry("amplitude", "mag"),
        Map.entry("max_mjd", "d"), Map.entry("mean_mag", "mag"), Map.entry("tau", "d"), Map.entry("sf_inf", "mag"),
        Map.entry("mag", "mag"), Map.entry("rate", "deg/d"), Map.entry("direction", "deg"));
    units.forEach((name, unit) -> assertEquals(unit, p.column(name).unit(), name));
    assertEquals(t.size(), p.rowCount());
    int[] perKind = new int[4];
    for (int j = 0; j < p.rowCount(); j++) {
      assertEquals(j + 1L, p.column("id").getLong(j));
      TransientKind kind = TransientKind.valueOf(p.column("kind").getString(j).toUpperCase(java.util.Locale.ROOT));
      perKind[kind.ordinal()]++;
      assertEquals(kind == TransientKind.SUPERNOVA, !Double.isNaN(p.column("peak_mjd").getDouble(j)));
      assertEquals(kind == TransientKind.VARIABLE_STAR, !Double.isNaN(p.column("period").getDouble(j)));
      assertEquals(kind == TransientKind.AGN, !Double.isNaN(p.column("tau").getDouble(j)));
      assertEquals(kind == TransientKind.ASTEROID, p.column("visit").getLong(j) >= 0);
      assertEquals(kind == TransientKind.ASTEROID, p.column("host_id").getLong(j) == -1);
    }
    for (int n : perKind) {
      assertTrue(n > 0, "every kind occurs");
    }
  }
}
