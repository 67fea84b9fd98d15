package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labelfree.image.MaskPlanes;

/** Rates of the random artefacts against their configured Poisson means and fractions. */
class ArtefactRatesTest {
  private static final int CR = MaskPlanes.defaults().bitmask("CR");

  /** |observed - expected| within 4 sigma of a Poisson total. */
  private static void assertPoisson(double expectedMean, long observed, String what) {
    double sigma = Math.sqrt(expectedMean);
    assertEquals(expectedMean, observed, 4 * sigma, what + ": 4 sigma of a Poisson total");
  }

  @Test
  void cosmicRayRate() {
    ArtefactConfig c = ArtefactConfig.defaults();
    int w = 200;
    int h = 200;
    int detectors = 400;
    SplittableRandom rng = new SplittableRandom(11);
    long n = 0;
    long longTracks = 0;
    for (int d = 0; d < detectors; d++) {
      List<Artefact> a = Artefacts.addCosmicRays(new float[w * h], new int[w * h], w, h, 40, c, rng);
      n += a.size();
      longTracks += a.stream().filter(t -> t.length() > 5).count();
      assertTrue(a.stream().allMatch(t -> t.kind() == ArtefactKind.COSMIC_RAY && t.length() <= 60));
    }
    assertPoisson(c.cosmicRaysPerMegapixel() * w * h * detectors / 1e6, n, "cosmic rays");
    // P(length > 5) = 0.15 + 0.85 exp(-5/2) = 0.2198; binomial 4 sigma.
    double p = 0.15 + 0.85 * Math.exp(-2.5);
    assertEquals(p, longTracks / (double) n, 4 * Math.sqrt(p * (1 - p) / n), "fraction longer than 5 px");
  }

  @Test
  void cosmicRayFinderMasksFindableOnesAtItsCompleteness() {
    // Canvases with one cosmic ray on average; only those with exactly one are used, so that the canvas maximum is
    // the ray's brightest pixel. Sky sigma 150 e-: findable above 900 e-, so roughly half the rays are findable.
    ArtefactConfig c = new ArtefactConfig(400, 0.9, 6, 0, 0, 0, 0, 1e5, 0);
    double skySigma = 150;
    double threshold = c.crFindableSigma() * skySigma;
    int w = 50;
    int h = 50;
    float[] e = new float[w * h];
    int[] mask = new int[w * h];
    SplittableRandom rng = new SplittableRandom(5);
    int findable = 0;
    int maskedFindable = 0;
    int unfindable = 0;
    for (int k = 0; k < 12_000; k++) {
      Arrays.fill(e, 0);
      Arrays.fill(mask, 0);
      List<Artefact> a = Artefacts.addCosmicRays(e, mask, w, h, skySigma, c, rng);
      /* Every masked pixel holds cosmic-ray charge (>= 0.8 x 300 e-), whatever the number of rays. */
      for (int i = 0; i < e.length; i++) {
        if ((mask[i] & CR) != 0) {
          assertTrue(e[i] >= 240, "masked CR pixel with " + e[i] + " e-");
        }
      }
      if (a.size() != 1) {
        continue;
      }
      Artefact ray = a.get(0);
      double max = 0;
      double sum = 0;
      boolean anyMasked = false;
      boolean allChargedMasked = true;
      for (int i = 0; i < e.length; i++) {
        max = Math.max(max, e[i]);
        sum += e[i];
        anyMasked |= (mask[i] & CR) != 0;
        if (e[i] > 0) {
          allChargedMasked &= (mask[i] & CR) != 0;
        }
      }
      assertEquals(ray.electrons(), sum, 1e-6 * sum, "truth electrons = deposited charge");
      assertEquals(ray.masked(), anyMasked);
      if (max > threshold) {
        findable++;
        if (ray.masked()) {
          maskedFindable++;
          assertTrue(allChargedMasked, "a masked ray is masked on all its pixels");
        }
      } else {
        unfindable++;
        assertFalse(anyMasked, "an unfindable ray is never masked (peak " + max + ")");
      }
    }
    assertTrue(findable > 1000 && unfindable > 500, findable + " findable, " + unfindable + " not");
    double p = c.crMaskCompleteness();
    double frac = maskedFindable / (double) findable;
    // Binomial standard error sqrt(p (1-p) / n) ~ 0.008 here: 4 sigma.
    assertEquals(p, frac, 4 * Math.sqrt(p * (1 - p) / findable), "masked fraction of findable rays");
  }

  @Test
  void sensorDefectRates() {
    ArtefactConfig c = ArtefactConfig.defaults();
    int w = 500;
    int h = 500;
    int detectors = 200;
    long hot = 0;
    long known = 0;
    long columns = 0;
    for (int d = 0; d < detectors; d++) {
      List<Artefact> a = Artefacts.addSensorDefects(new float[w * h], new int[w * h], w, h, c, Seeds.mix(3, d));
      for (Artefact x : a) {
        if (x.kind() == ArtefactKind.HOT_PIXEL) {
          hot++;
          known += x.masked() ? 1 : 0;
        } else {
          columns++;
        }
      }
    }
    assertPoisson(c.hotPixelsPerMegapixel() * w * h * detectors / 1e6, hot, "hot pixels");
    assertPoisson(c.badColumnsPerDetector() * detectors, columns, "bad columns");
    double p = c.knownHotPixelFraction();
    assertEquals(p, known / (double) hot, 4 * Math.sqrt(p * (1 - p) / hot), "known fraction: binomial 4 sigma");
  }

  @Test
  void satelliteTrailRate() {
    ArtefactConfig c = ArtefactConfig.defaults();
    int w = 48;
    int h = 48;
    int detectors = 3000;
    SplittableRandom rng = new SplittableRandom(8);
    long n = 0;
    for (int d = 0; d < detectors; d++) {
      n += Artefacts.addSatelliteTrails(new float[w * h], new int[w * h], w, h, 3, 20, c, rng).size();
    }
    assertPoisson(c.satelliteTrailRate() * detectors, n, "satellite trails");
  }
}
