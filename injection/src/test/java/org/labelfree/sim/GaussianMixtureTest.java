package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {
  private static final double[][] OFFSETS = {{0.0, 0.0}, {0.25, 0.5}, {0.5, 0.5}, {0.37, 0.81}};

  /** Sum, first and second moments of a canvas: {sum, mx, my, vxx, vxy, vyy}. */
  static double[] moments(float[] canvas, int width, int height) {
    double s = 0;
    double sx = 0;
    double sy = 0;
    for (int j = 0; j < height; j++) {
      for (int i = 0; i < width; i++) {
        double v = canvas[j * width + i];
        s += v;
        sx += v * i;
        sy += v * j;
      }
    }
    double mx = sx / s;
    double my = sy / s;
    double xx = 0;
    double xy = 0;
    double yy = 0;
    for (int j = 0; j < height; j++) {
      for (int i = 0; i < width; i++) {
        double v = canvas[j * width + i];
        xx += v * (i - mx) * (i - mx);
        xy += v * (i - mx) * (j - my);
        yy += v * (j - my) * (j - my);
      }
    }
    return new double[] {s, mx, my, xx / s, xy / s, yy / s};
  }

  @Test
  void circularGaussianIntegratesToFluxWithRightMoments() {
    int size = 64;
    for (double sigma : new double[] {0.6, 1.0, 2.5}) {
      for (double[] off : OFFSETS) {
        float[] canvas = new float[size * size];
        double x = 31 + off[0];
        double y = 30 + off[1];
        GaussianMixture.gaussian(sigma).addTo(canvas, size, size, x, y, 1000.0, 0.0);
        double[] m = moments(canvas, size, size);
        String where = "sigma " + sigma + " at " + x + ", " + y;
        /* Brief's tolerances: flux 0.1%, centre 0.01 px, second moments 1% of sigma^2 + 1/12 (the pixel box). For
           sigma 0.6 the integrated path is exact up to erfc's 1.2e-7; aliasing of the moments by the pixel grid is
           of order exp(-2 pi^2 (sigma^2 + 1/12)) ~ 2e-4, well inside. */
        assertEquals(1000.0, m[0], 1.0, where);
        assertEquals(x, m[1], 0.01, where);
        assertEquals(y, m[2], 0.01, where);
        double v = sigma * sigma + 1.0 / 12.0;
        assertEquals(v, m[3], 0.01 * v, where);
        assertEquals(0.0, m[4], 0.01 * v, where);
        assertEquals(v, m[5], 0.01 * v, where);
      }
    }
  }

  @Test
  void ellipticalGaussiansIntegrateToFluxWithRightMoments() {
    int size = 64;
    /* A wide one (sampled path) and a narrow tilted one (integrated path). */
    double[][] covs = {{4.0, 1.2, 2.0}, {0.5, 0.2, 0.3}};
    for (double[] c : covs) {
      GaussianMixture g = GaussianMixture.of(new double[] {1.0}, new double[] {c[0]}, new double[] {c[1]},
          new double[] {c[2]});
      for (double[] off : OFFSETS) {
        float[] canvas = new float[size * size];
        double x = 30 + off[0];
        double y = 31 + off[1];
        g.addTo(canvas, size, size, x, y, 500.0, 0.0);
        double[] m = moments(canvas, size, size);
        String where = "cov " + c[0] + "," + c[1] + "," + c[2] + " at " + x + ", " + y;
        assertEquals(500.0, m[0], 0.5, where);
        assertEquals(x, m[1], 0.01, where);
        assertEquals(y, m[2], 0.01, where);
        /* 1% of the largest variance: for the narrow one (minor sigma 0.45 px) the pixel grid aliases the second
           moments by ~exp(-2 pi^2 * 0.28) ~ 0.4%. */
        double scale = 0.01 * (Math.max(c[0], c[2]) + 1.0 / 12.0);
        assertEquals(c[0] + 1.0 / 12.0, m[3], scale, where);
        assertEquals(c[1], m[4], scale, where);
        assertEquals(c[2] + 1.0 / 12.0, m[5], scale, where);
      }
    }
  }

  @Test
  void pointLikeComponentOnAPixelCornerIsSharedByFourPixels() {
    float[] canvas = new float[16 * 16];
    GaussianMixture.gaussian(1e-3).addTo(canvas, 16, 16, 7.5, 8.5, 1.0, 0.0);
    /* Exact integration: each of the four pixels meeting at the corner gets a quarter (erfc error 1.2e-7). */
    assertEquals(0.25, canvas[8 * 16 + 7], 1e-6);
    assertEquals(0.25, canvas[8 * 16 + 8], 1e-6);
    assertEquals(0.25, canvas[9 * 16 + 7], 1e-6);
    assertEquals(0.25, canvas[9 * 16 + 8], 1e-6);
  }

  @Test
  void moffatDrawnIntegratesToFlux() {
    int size = 701;
    for (double[] off : OFFSETS) {
      float[] canvas = new float[size * size];
      GaussianMixture psf = GaussianMixture.moffat(3.0, 2.5, 0.05, -0.03);
      psf.addTo(canvas, size, size, 350 + off[0], 350 + off[1], 1.0, 0.0);
      double sum = 0;
      for (float v : canvas) {
        sum += v;
      }
      /* 0.1% (the tolerance); the canvas holds every component to 6 sigma. */
      assertEquals(1.0, sum, 1e-3, "offset " + off[0] + ", " + off[1]);
    }
  }

  @Test
  void moffatMatchesAnalyticEnclosedFluxAndFwhm() {
    for (double beta : new double[] {2.5, 3.0, 3.37, 4.0, 4.5}) {
      double fwhm = 4.0;
      GaussianMixture m = GaussianMixture.moffat(fwhm, beta, 0.0, 0.0);
      assertTrue(m.size() >= 3 && m.size() <= 6, "beta " + beta + ": " + m.size() + " components");
      for (double r = 0.2; r <= 6.0; r += 0.05) {
        assertEquals(MoffatMixtures.enclosed(beta, r), m.enclosedFlux(r * fwhm), 0.01, "beta " + beta + " r " + r);
      }
      /* FWHM of the radial profile within 3% (measured: within 0.5%). */
      assertEquals(fwhm, mixtureFwhm(m), 0.03 * fwhm, "beta " + beta);
      assertEquals(1.0, m.totalAmplitude(), 1e-4);
    }
  }

  @Test
  void ellipticalMoffatHasRequestedShape() {
    double e1 = 0.12;
    double e2 = -0.07;
    GaussianMixture m = GaussianMixture.moffat(4.0, 3.0, e1, e2);
    double g = Math.hypot(e1, e2);
    double q = (1 - g) / (1 + g);
    double theta = 0.5 * Math.atan2(e2, e1);
    for (int k = 0; k < m.size(); k++) {
      double xx = m.cxx(k);
      double xy = m.cxy(k);
      double yy = m.cyy(k);
      double half = 0.5 * (xx + yy);
      double root = Math.hypot(0.5 * (xx - yy), xy);
      assertEquals(q, Math.sqrt((half - root) / (half + root)), 1e-12);
      assertEquals(theta, 0.5 * Math.atan2(2 * xy, xx - yy), 1e-12);
    }
  }

  /** FWHM of a circular mixture's radial profile, by bisection on the half-maximum radius. */
  static double mixtureFwhm(GaussianMixture m) {
    double peak = profile(m, 0.0);
    double lo = 0;
    double hi = 100;
    for (int i = 0; i < 100; i++) {
      double mid = 0.5 * (lo + hi);
      if (profile(m, mid) > 0.5 * peak) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo + hi;
  }

  private static double profile(GaussianMixture m, double r) {
    double s = 0;
    for (int k = 0; k < m.size(); k++) {
      s += m.amplitude(k) / (2 * Math.PI * m.cxx(k)) * Math.exp(-r * r / (2 * m.cxx(k)));
    }
    return s;
  }

  @Test
  void convolutionAddsCovariancesAndMultipliesAmplitudes() {
    GaussianMixture a = GaussianMixture.of(new double[] {0.3, 0.7}, new double[] {1.0, 4.0},
        new double[] {0.2, -0.5}, new double[] {2.0, 3.0});
    GaussianMixture b = GaussianMixture.gaussian(1.5);
    GaussianMixture c = a.convolve(b);
    assertEquals(2, c.size());
    assertEquals(1.0, c.totalAmplitude(), 1e-9);
    assertEquals(1.0 + 2.25, c.cxx(0), 1e-12);
    assertEquals(0.2, c.cxy(0), 1e-12);
    assertEquals(3.0 + 2.25, c.cyy(1), 1e-12);
    assertEquals(0.7, c.amplitude(1), 1e-15);
    GaussianMixture galaxy = GaussianMixture.sersic(2.7, 3.0, 0.6, 0.4).convolve(GaussianMixture.moffat(4, 3, 0, 0));
    /* Both factors are normalised to 1 (up to rounding), so the product is too. */
    assertEquals(1.0, galaxy.totalAmplitude(), 1e-9);
    /* The convolution's total second moment is the sum of the factors' second moments. */
    assertEquals(secondMoment(GaussianMixture.sersic(2.7, 3.0, 0.6, 0.4)) + secondMoment(
        GaussianMixture.moffat(4, 3, 0, 0)), secondMoment(galaxy), 1e-9 * secondMoment(galaxy));
  }

  private static double secondMoment(GaussianMixture m) {
    double s = 0;
    for (int k = 0; k < m.size(); k++) {
      s += m.amplitude(k) * (m.cxx(k) + m.cyy(k));
    }
    return s / m.totalAmplitude();
  }

  @Test
  void sampledDrawingMatchesDirectEvaluation() {
    int w = 90;
    int h = 70;
    /* Minor variance >= 1 (sampled); correlation 0.75 (walked by recurrences down the centre column) and 0.978
       (so elongated that every row starts from exact values). */
    double[][] covs = {{16.0, 9.0, 9.0}, {50.0, 49.0, 50.0}};
    for (double[] c : covs) {
      GaussianMixture g = GaussianMixture.of(new double[] {1.0}, new double[] {c[0]}, new double[] {c[1]},
          new double[] {c[2]});
      float[] canvas = new float[w * h];
      double x = 41.3;
      double y = 33.8;
      g.addTo(canvas, w, h, x, y, 1e4, 0.0);
      double a = c[0] + 1.0 / 12;
      double b = c[1];
      double d = c[2] + 1.0 / 12;
      double det = a * d - b * b;
      double peak = 1e4 / (2 * Math.PI * Math.sqrt(det));
      for (int j = 0; j < h; j++) {
        for (int i = 0; i < w; i++) {
          double dx = i - x;
          double dy = j - y;
          double q = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det;
          double expected = q <= 36 ? peak * Math.exp(-q / 2) : 0.0;
          /* Float storage (6e-8 relative) dominates the recurrences' rounding; the 6-sigma edge may round
             either way, where the value is 1.5e-8 of the peak. */
          assertEquals(expected, canvas[j * w + i], 1e-6 * peak, "pixel " + i + ", " + j);
        }
      }
    }
  }

  @Test
  void narrowComponentsMatchBruteForcePixelIntegrals() {
    int w = 12;
    int h = 12;
    double x = 5.37;
    double y = 6.12;
    double[][] covs = {{0.5, 0.2, 0.3}, {0.3, -0.28, 0.4}, {4.0, 1.9, 1.0}};
    for (double[] c : covs) {
      GaussianMixture g = GaussianMixture.of(new double[] {1.0}, new double[] {c[0]}, new double[] {c[1]},
          new double[] {c[2]});
      float[] canvas = new float[w * h];
      g.addTo(canvas, w, h, x, y, 1.0, 0.0);
      double det = c[0] * c[2] - c[1] * c[1];
      double worst = 0;
      for (int j = 0; j < h; j++) {
        for (int i = 0; i < w; i++) {
          /* Midpoint rule on 100 x 100 sub-pixels: error ~1e-5 for these widths. */
          double sum = 0;
          for (int b = 0; b < 100; b++) {
            double dy = j - 0.495 + b * 0.01 - y;
            for (int a = 0; a < 100; a++) {
              double dx = i - 0.495 + a * 0.01 - x;
              sum += Math.exp(-0.5 * (c[2] * dx * dx - 2 * c[1] * dx * dy + c[0] * dy * dy) / det);
            }
          }
          double expected = sum * 1e-4 / (2 * Math.PI * Math.sqrt(det));
          worst = Math.max(worst, Math.abs(expected - canvas[j * w + i]));
        }
      }
      /* Six-node quadrature of the conditional within a row: measured worst pixel error below 3e-5 of the flux. */
      assertTrue(worst < 1e-3, "cov " + c[0] + ", " + c[1] + ", " + c[2] + ": worst pixel error " + worst);
    }
  }

  @Test
  void mergedConvolutionKeepsFluxAndMomentsAndNearlyTheImage() {
    GaussianMixture psf = GaussianMixture.moffat(4.0, 3.0, 0.02, -0.01);
    GaussianMixture galaxy = GaussianMixture.sersic(3.5, 2.0, 0.6, 0.5);
    GaussianMixture exact = galaxy.convolve(psf);
    GaussianMixture merged = galaxy.convolve(psf, 0.1);
    assertEquals(exact, galaxy.convolve(psf, 0.0));
    assertTrue(merged.size() < 0.7 * exact.size(), merged.size() + " of " + exact.size());
    assertEquals(exact.totalAmplitude(), merged.totalAmplitude(), 1e-12);
    double[] me = {0, 0, 0};
    double[] mm = {0, 0, 0};
    for (int k = 0; k < exact.size(); k++) {
      me[0] += exact.amplitude(k) * exact.cxx(k);
      me[1] += exact.amplitude(k) * exact.cxy(k);
      me[2] += exact.amplitude(k) * exact.cyy(k);
    }
    for (int k = 0; k < merged.size(); k++) {
      mm[0] += merged.amplitude(k) * merged.cxx(k);
      mm[1] += merged.amplitude(k) * merged.cxy(k);
      mm[2] += merged.amplitude(k) * merged.cyy(k);
    }
    assertArrayEquals(me, mm, 1e-12);
    int size = 81;
    float[] a = new float[size * size];
    float[] b = new float[size * size];
    exact.addTo(a, size, size, 40.2, 40.6, 1e4, 0.0);
    merged.addTo(b, size, size, 40.2, 40.6, 1e4, 0.0);
    double peak = 0;
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      peak = Math.max(peak, a[i]);
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    /* Second order in the merged spread (<= 10% of the trace): measured 1.3e-4 of the peak. */
    assertTrue(worst < 0.002 * peak, "worst " + worst + " of peak " + peak);
  }

  @Test
  void prunedDropsSmallComponentsWithoutRenormalising() {
    GaussianMixture m = GaussianMixture.of(new double[] {0.5, 0.001, 0.499}, new double[] {1, 2, 3},
        new double[] {0, 0, 0}, new double[] {1, 2, 3});
    GaussianMixture p = m.pruned(0.01);
    assertEquals(2, p.size());
    assertEquals(0.999, p.totalAmplitude(), 1e-15);
    assertEquals(3.0, p.cxx(1));
    assertEquals(m, m.pruned(0.0));
  }

  @Test
  void rowBandsAreBitIdenticalToOneCall() {
    int w = 97;
    int h = 83;
    GaussianMixture bare = GaussianMixture.sersic(4.0, 3.0, 0.5, 0.7);
    GaussianMixture smeared = bare.convolve(GaussianMixture.moffat(4.0, 3.0, 0.03, 0.02));
    for (GaussianMixture g : new GaussianMixture[] {bare, smeared}) {
      for (double floor : new double[] {0.0, 0.05}) {
        float[] whole = new float[w * h];
        float[] halves = new float[w * h];
        float[] uneven = new float[w * h];
        g.addTo(whole, w, h, 48.3, 40.6, 5000.0, floor);
        g.addTo(halves, w, h, 48.3, 40.6, 5000.0, floor, 0, h / 2);
        g.addTo(halves, w, h, 48.3, 40.6, 5000.0, floor, h / 2, h);
        int[] cuts = {0, 7, 39, 41, 42, 60, h};
        for (int b = 0; b + 1 < cuts.length; b++) {
          g.addTo(uneven, w, h, 48.3, 40.6, 5000.0, floor, cuts[b], cuts[b + 1]);
        }
        assertArrayEquals(whole, halves);
        assertArrayEquals(whole, uneven);
      }
    }
  }

  @Test
  void floorChangesOnlyPixelsBelowFloorTimesSize() {
    int w = 120;
    int h = 120;
    GaussianMixture g = GaussianMixture.sersic(1.5, 4.0, 0.7, 0.3).convolve(GaussianMixture.moffat(4, 3, 0, 0));
    double floor = 0.5;
    float[] full = new float[w * h];
    float[] cut = new float[w * h];
    g.addTo(full, w, h, 60.2, 59.7, 2e4, 0.0);
    g.addTo(cut, w, h, 60.2, 59.7, 2e4, floor);
    int changed = 0;
    double lost = 0;
    for (int i = 0; i < full.length; i++) {
      double d = full[i] - cut[i];
      /* Every skipped contribution is < floor, so a pixel loses at most floor * size() (plus float rounding). */
      assertTrue(d >= -1e-3 && d <= floor * g.size() + 1e-3, "pixel " + i + " differs by " + d);
      if (d != 0) {
        changed++;
        lost += d;
      }
    }
    assertTrue(changed > 100, "the floor must cut something, changed " + changed);
    /* A component of flux F and peak P cut where it falls below the floor f loses the Gaussian mass outside that
       contour, F f / P = f 2 pi sqrt(det C'), or all of F when P < f. The pixel sums follow the continuous
       Gaussian to well under 5% (measured: 0.1%; the floor costs this galaxy 15% of its flux). */
    double expected = 0;
    for (int k = 0; k < g.size(); k++) {
      double a = g.cxx(k) + 1.0 / 12;
      double c = g.cyy(k) + 1.0 / 12;
      double area = 2 * Math.PI * Math.sqrt(a * c - g.cxy(k) * g.cxy(k));
      expected += Math.min(2e4 * g.amplitude(k), floor * area);
    }
    assertEquals(expected, lost, 0.05 * expected);
  }

  @Test
  void addsAcrossCanvasEdgesWithoutFailing() {
    int w = 40;
    int h = 30;
    float[] canvas = new float[w * h];
    GaussianMixture g = GaussianMixture.sersic(2.0, 5.0, 0.4, 1.0).convolve(GaussianMixture.gaussian(2.0));
    SplittableRandom rng = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      g.addTo(canvas, w, h, rng.nextDouble(-60, 100), rng.nextDouble(-60, 90), 100.0, 0.0);
    }
    float[] far = new float[w * h];
    g.addTo(far, w, h, 1e6, -1e6, 100.0, 0.0);
    for (float v : far) {
      assertEquals(0.0f, v);
    }
    boolean any = false;
    for (float v : canvas) {
      assertTrue(Float.isFinite(v) && v >= 0);
      any |= v > 0;
    }
    assertTrue(any);
  }

  @Test
  void gaussianHalfLightRadiusIsAnalytic() {
    /* A circular Gaussian holds half its flux within sigma sqrt(2 ln 2). */
    assertEquals(2.0 * Math.sqrt(2 * Math.log(2)), GaussianMixture.gaussian(2.0).halfLightRadius(), 1e-10);
    assertEquals(0.0, GaussianMixture.gaussian(2.0).pruned(1.0).pruned(1.0).convolve(
        GaussianMixture.of(new double[0], new double[0], new double[0], new double[0])).halfLightRadius());
    assertFalse(GaussianMixture.gaussian(1.0).equals(GaussianMixture.gaussian(1.1)));
  }
}
