package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labelfree.image.MaskPlanes;

/** Geometry, charge and masks of each artefact kind. */
class ArtefactsTest {
  private static final MaskPlanes P = MaskPlanes.defaults();
  private static final int BAD = P.bitmask("BAD");
  private static final int SAT = P.bitmask("SAT");
  private static final int STREAK = P.bitmask("STREAK");

  @Test
  void trailCrossSectionCarriesTheLineFlux() {
    int w = 400;
    int h = 400;
    double[] angles = {0, 0.3, Math.PI / 4, 1.2, Math.PI / 2, 2.5};
    double[] sigmas = {0.6, 2.7};
    for (double theta : angles) {
      for (double sigma : sigmas) {
        float[] e = new float[w * h];
        double peak = 37.5;
        Artefacts.drawTrail(e, new int[w * h], w, h, 200.3, 199.65, theta, sigma, peak, 10);
        double lineFlux = peak * sigma * Math.sqrt(2 * Math.PI);
        /* A row (or column) crosses the trail over 1/|sin| (1/|cos|) pixels of its length. */
        double s = Math.abs(Math.sin(theta));
        double c = Math.abs(Math.cos(theta));
        double cut = 0;
        if (s >= c) {
          for (int x = 0; x < w; x++) {
            cut += e[200 * w + x];
          }
          cut *= s;
        } else {
          for (int y = 0; y < h; y++) {
            cut += e[y * w + 200];
          }
          cut *= c;
        }
        // Pixels tile the row, so the sum is the profile's exact integral but for the 5 sigma truncation (6e-7) and
        // erfc's 1.2e-7: 1e-4 is far inside the brief's 1%.
        assertEquals(lineFlux, cut, 1e-4 * lineFlux, "theta " + theta + " sigma " + sigma);
      }
    }
  }

  @Test
  void trailPixelsArePixelIntegrals() {
    // Brute-force mean of exp(-d^2 / 2 sigma^2) over the pixel with 400 x 400 midpoints (error ~1e-6).
    double[][] cases = {{0.6, 0.0, 0.0}, {0.6, 0.7, 0.31}, {0.45, 1.1, -0.52}, {1.3, Math.PI / 4, 0.9},
        {0.6, Math.PI / 2, 0.5}};
    for (double[] k : cases) {
      double sigma = k[0];
      double nx = -Math.sin(k[1]);
      double ny = Math.cos(k[1]);
      double d = k[2];
      LineProfile profile = new LineProfile(sigma, nx, ny);
      int m = 400;
      double sum = 0;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          double dx = (i + 0.5) / m - 0.5;
          double dy = (j + 0.5) / m - 0.5;
          double dd = d + dx * nx + dy * ny;
          sum += Math.exp(-dd * dd / (2 * sigma * sigma));
        }
      }
      assertEquals(sum / (m * m), profile.pixelMean(d), 2e-5, Arrays.toString(k));
    }
  }

  @Test
  void streakMaskOnlyOnBrightTrails() {
    ArtefactConfig c = new ArtefactConfig(0, 0.9, 6, 0, 0, 0, 1.0, 1e5, 0);
    int w = 96;
    int h = 96;
    double skySigma = 10;
    SplittableRandom rng = new SplittableRandom(21);
    int bright = 0;
    int faint = 0;
    for (int k = 0; k < 2000; k++) {
      float[] e = new float[w * h];
      int[] mask = new int[w * h];
      List<Artefact> trails = Artefacts.addSatelliteTrails(e, mask, w, h, 3.0, skySigma, c, rng);
      if (trails.size() != 1) {
        continue;
      }
      Artefact t = trails.get(0);
      double max = 0;
      boolean any = false;
      for (int i = 0; i < e.length; i++) {
        max = Math.max(max, e[i]);
        boolean streak = (mask[i] & STREAK) != 0;
        any |= streak;
        if (t.masked()) {
          assertEquals(e[i] > skySigma, streak, "STREAK exactly where the trail adds > 1 sigma");
        }
      }
      if (t.masked()) {
        bright++;
        assertTrue(any);
        // The pixel-integrated peak is at least 0.95 of the true peak (sigma >= 1.27 px) and the true peak > 5 sigma.
        assertTrue(max > 0.95 * 5 * skySigma, "masked trail with max " + max);
      } else {
        faint++;
        assertFalse(any, "a faint trail is not masked");
        assertTrue(max <= 5 * skySigma, "unmasked trail with max " + max);
      }
      assertEquals(ArtefactKind.SATELLITE_TRAIL, t.kind());
      assertTrue(t.length() >= 0 && t.length() <= Math.hypot(w, h) + 1e-9);
    }
    // U(3, 40) sigma peaks: 2/37 of the trails are below 5 sigma.
    assertTrue(faint > 10 && bright > 300, faint + " faint, " + bright + " bright");
  }

  @Test
  void spikesOnlyForSaturatedStarsAtTheGivenAngle() {
    int w = 1101;
    int h = 1101;
    float[] e = new float[w * h];
    ArtefactConfig c = ArtefactConfig.defaults();
    double fwhm = 3;
    double satFlux = c.fullWellElectrons() * 1.133 * fwhm * fwhm;
    double angle = 0.3;
    double cx = 550.3;
    double cy = 549.8;
    double flux = 5e6;
    List<Artefact> spikes = Artefacts.addDiffractionSpikes(e, w, h, new double[] {cx, 100, 900},
        new double[] {cy, 100, 950}, new double[] {flux, 0.99 * satFlux, 0.5 * satFlux}, angle, fwhm, c);
    assertEquals(4, spikes.size(), "four spikes, for the saturated star only");
    for (int k = 0; k < 4; k++) {
      Artefact s = spikes.get(k);
      assertEquals(ArtefactKind.DIFFRACTION_SPIKE, s.kind());
      assertFalse(s.masked());
      assertEquals(cx, s.x0(), 0);
      double dir = Math.atan2(s.y1() - s.y0(), s.x1() - s.x0());
      assertEquals(0, Math.sin(dir - angle - k * Math.PI / 2), 1e-9, "spike " + k + " direction");
      assertTrue(s.length() < 540, "fits on the detector: " + s.length());
    }
    double spikeFlux = c.spikeFluxFraction() * flux;
    double total = 0;
    for (float v : e) {
      total += v;
    }
    // Each spike's flux is normalised over its length; sampling along it at pixel centres errs by ~0.1%: 1%.
    assertEquals(4 * spikeFlux, total, 0.01 * 4 * spikeFlux, "total spike flux");
    assertEquals(total, spikes.stream().mapToDouble(Artefact::electrons).sum(), 1e-6 * total);
    /* Flux along the four directions, none off-axis (45 degrees away), at 10 and 40 pixels. */
    for (double r : new double[] {10, 40}) {
      for (int k = 0; k < 4; k++) {
        double on = aperture(e, w, cx, cy, r, angle + k * Math.PI / 2);
        double off = aperture(e, w, cx, cy, r, angle + k * Math.PI / 2 + Math.PI / 4);
        assertTrue(on > 10, "on-axis flux " + on + " at r " + r);
        assertTrue(off < 1e-3 * on, "off-axis " + off + " vs on-axis " + on + " at r " + r);
      }
    }
    /* Nothing near the unsaturated stars. */
    assertEquals(0, aperture(e, w, 100, 100, 0, 0), 0);
    assertEquals(0, aperture(e, w, 900, 950, 0, 0), 0);
  }

  @Test
  void spikeProfileAlongTheSpike() {
    int w = 801;
    int h = 801;
    float[] e = new float[w * h];
    double fwhm = 4;
    double r0 = 2 * fwhm;
    Artefacts.addDiffractionSpikes(e, w, h, new double[] {400}, new double[] {400}, new double[] {2e7}, 0, fwhm,
        ArtefactConfig.defaults());
    /* Along +x the column sums are the line density at t = x - 400: ratio 1/(1 + (t/r0)^2). */
    double at1 = column(e, w, h, 400 + (int) r0);
    double at3 = column(e, w, h, 400 + 3 * (int) r0);
    // Exact up to the erfc accuracy (1e-7) and the vertical spike's negligible tail at 8 px (5 sigma cut): 1e-4.
    assertEquals(5.0, at1 / at3, 5.0 * 1e-4);
  }

  private static double column(float[] e, int w, int h, int x) {
    double s = 0;
    for (int y = 0; y < h; y++) {
      s += e[y * w + x];
    }
    return s;
  }

  /** Sum over the 3 x 3 pixels around the point at distance r, direction a from (cx, cy). */
  private static double aperture(float[] e, int w, double cx, double cy, double r, double a) {
    int px = (int) Math.round(cx + r * Math.cos(a));
    int py = (int) Math.round(cy + r * Math.sin(a));
    double s = 0;
    for (int y = py - 1; y <= py + 1; y++) {
      for (int x = px - 1; x <= px + 1; x++) {
        s += e[y * w + x];
      }
    }
    return s;
  }

  @Test
  void sensorDefectsAreASensorProperty() {
    ArtefactConfig c = new ArtefactConfig(60, 0.9, 6, 2000, 0.7, 8, 0.08, 1e5, 0.002);
    int w = 300;
    int h = 200;
    float[] a = new float[w * h];
    Arrays.fill(a, 1000f);
    float[] b = new float[w * h];
    for (int i = 0; i < b.length; i++) {
      b[i] = 500 + i % 13;
    }
    float[] a0 = a.clone();
    float[] b0 = b.clone();
    int[] ma = new int[w * h];
    int[] mb = new int[w * h];
    List<Artefact> da = Artefacts.addSensorDefects(a, ma, w, h, c, 71);
    List<Artefact> db = Artefacts.addSensorDefects(b, mb, w, h, c, 71);
    assertEquals(da, db, "same detector seed, same defects (another visit)");
    assertTrue(Arrays.equals(ma, mb), "same masks");
    assertNotEquals(da, Artefacts.addSensorDefects(new float[w * h], new int[w * h], w, h, c, 72));
    /* BAD exactly on known hot pixels and bad columns; dead columns read 0; hot ones add their level. */
    Set<Integer> expected = new HashSet<>();
    int dead = 0;
    int hotColumns = 0;
    for (Artefact d : da) {
      int x = (int) d.x0();
      if (d.kind() == ArtefactKind.HOT_PIXEL) {
        assertTrue(d.electrons() >= 500 && d.electrons() <= 50000, "hot level " + d.electrons());
        if (d.masked()) {
          expected.add((int) d.y0() * w + x);
        }
      } else {
        assertEquals(ArtefactKind.BAD_COLUMN, d.kind());
        assertTrue(d.masked());
        assertEquals(h - 1, d.y1(), 0);
        int rows = h - (int) d.y0();
        if (Double.isNaN(d.electrons())) {
          dead++;
        } else {
          hotColumns++;
          double level = d.electrons() / rows;
          assertTrue(level >= 200 && level <= 2000, "hot column level " + level);
        }
        for (int y = (int) d.y0(); y < h; y++) {
          expected.add(y * w + x);
        }
      }
    }
    assertTrue(dead > 0 && hotColumns > 0, dead + " dead, " + hotColumns + " hot columns");
    for (int i = 0; i < w * h; i++) {
      assertEquals(expected.contains(i), (ma[i] & BAD) != 0, "BAD at pixel " + i);
    }
    /* The charge the defects add does not depend on the visit's image, except where a dead column zeroes it. */
    for (int i = 0; i < w * h; i++) {
      if (a[i] != 0 || b[i] != 0) {
        assertEquals(a[i] - a0[i], b[i] - b0[i], 0.01, "defect charge at pixel " + i);
      }
    }
    for (Artefact d : da) {
      if (d.kind() == ArtefactKind.BAD_COLUMN && Double.isNaN(d.electrons())) {
        for (int y = (int) d.y0(); y < h; y++) {
          assertEquals(0f, a[y * w + (int) d.x0()], "dead column");
        }
      }
    }
  }

  @Test
  void bleedConservesChargeAndRunsAlongColumns() {
    int w = 200;
    int h = 300;
    double fullWell = 1e5;
    float[] e = star(w, h, 100.2, 150.6, 5e7, 1.3, 1000);
    boolean[] coreColumns = new boolean[w];
    for (int i = 0; i < e.length; i++) {
      if (e[i] > fullWell) {
        coreColumns[i % w] = true;
      }
    }
    double before = sum(e);
    int[] mask = new int[w * h];
    List<Artefact> runs = new ArrayList<>();
    double lost = Artefacts.bleed(e, mask, w, h, fullWell, runs);
    assertEquals(0, lost, 0, "nothing reaches the edges");
    // Float rounding of the one pixel that absorbs the end of each half-spill: <= 1 ulp of 1e5 (0.008) per run.
    assertEquals(before, sum(e), 0.01 * runs.size(), "charge conserved");
    int minY = h;
    int maxY = -1;
    int minX = w;
    int maxX = -1;
    for (int i = 0; i < e.length; i++) {
      assertTrue(e[i] <= fullWell, "nothing above the full well");
      boolean sat = (mask[i] & SAT) != 0;
      assertEquals(e[i] >= fullWell, sat, "SAT exactly at the full well");
      if (sat) {
        int x = i % w;
        int y = i / w;
        assertTrue(coreColumns[x], "SAT pixel outside the star's saturated columns: x " + x);
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    assertTrue(maxY - minY > 3 * (maxX - minX + 1), "a vertical trail: " + (maxY - minY + 1) + " rows x "
        + (maxX - minX + 1) + " columns");
    long columns = 0;
    for (boolean b : coreColumns) {
      columns += b ? 1 : 0;
    }
    assertEquals(columns, runs.size(), "one bled run per saturated column of one star");
    for (Artefact r : runs) {
      assertEquals(ArtefactKind.BLEED_TRAIL, r.kind());
      assertEquals(r.x0(), r.x1(), 0);
      assertTrue(r.masked() && r.electrons() > 0);
    }
  }

  @Test
  void bleedOffTheChipIsAccountedAsLost() {
    int w = 100;
    int h = 120;
    float[] e = star(w, h, 40.4, 4.3, 3e7, 1.5, 800);
    double before = sum(e);
    List<Artefact> runs = new ArrayList<>();
    double lost = Artefacts.bleed(e, new int[w * h], w, h, 1e5, runs);
    assertTrue(lost > 1e5, "charge spilled off the bottom: " + lost);
    assertEquals(before, sum(e) + lost, 0.01 * runs.size());
    List<Artefact> viaConfig = Artefacts.bleed(star(w, h, 40.4, 4.3, 3e7, 1.5, 800), new int[w * h], w, h,
        ArtefactConfig.defaults());
    assertEquals(runs, viaConfig);
  }

  /** A sky plus a circular Gaussian star (flux in electrons, sigma in pixels), sampled at pixel centres. */
  private static float[] star(int w, int h, double cx, double cy, double flux, double sigma, double sky) {
    float[] e = new float[w * h];
    double norm = flux / (2 * Math.PI * sigma * sigma);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
        e[y * w + x] = (float) (sky + norm * Math.exp(-r2 / (2 * sigma * sigma)));
      }
    }
    return e;
  }

  private static double sum(float[] e) {
    double s = 0;
    for (float v : e) {
      s += v;
    }
    return s;
  }
}
