package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImagePsf;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.Psf;

/** Flux conservation, sub-pixel placement, noise and variance, mask planes and determinism of {@link Injector}. */
class InjectorTest {
  private static final int W = 96;
  private static final int X0 = 1000;
  private static final int Y0 = 2000;
  private static final double FLUX = 1e4;

  /** A pixelised, elliptical PSF as PsfEstimator gives: the kernel of a sheared Moffat, as an ImagePsf. */
  private static final Psf PIXEL_PSF = new ImagePsf(
      new MoffatPsf(3.4, 3.0, 0.08, -0.05, 0, 0, 0, 0, 25).kernelImage(0, 0));

  @Test
  void conservesFluxAndPlacesTheCentreAtTwentySubPixelPositions() {
    for (Psf psf : new Psf[] {MoffatPsf.of(3.0, 2.5), PIXEL_PSF}) {
      double fwhm = psf.fwhmAt(0, 0);
      double worstFlux = 0;
      double worstCentre = 0;
      for (int a = 0; a < 5; a++) {
        for (int b = 0; b < 4; b++) {
          double x = X0 + 47 + (a - 2) * 0.2 + 0.03;
          double y = Y0 + 48 + (b - 1.5) * 0.25;
          Exposure e = InjectionTestSupport.exposure(W, W, X0, Y0, 0f, 1f, psf, 4);
          Catalog c = InjectionTestSupport.catalog(e.wcs().orElseThrow(), new double[] {x}, new double[] {y},
              new double[] {FLUX});
          InjectionResult r = Injector.inject(e, c, InjectionConfig.defaults().withNoise(false), "flux test");
          assertEquals(1, r.injected());
          assertEquals(FLUX, r.catalog().doubleColumn("injected_flux")[0], 1e-6 * FLUX);
          float[] img = r.exposure().image().array();
          double sum = 0;
          double sx = 0;
          double sy = 0;
          double radius = 8 * fwhm;
          for (int j = 0; j < W; j++) {
            for (int i = 0; i < W; i++) {
              double dx = X0 + i - x;
              double dy = Y0 + j - y;
              if (dx * dx + dy * dy <= radius * radius) {
                sum += img[j * W + i];
                sx += img[j * W + i] * dx;
                sy += img[j * W + i] * dy;
              }
            }
          }
          worstFlux = Math.max(worstFlux, Math.abs(sum / FLUX - 1));
          worstCentre = Math.max(worstCentre, Math.hypot(sx / sum, sy / sum));
        }
      }
      System.out.printf("%s: aperture %.1f px: worst |flux/catalogue - 1| %.2e, worst centroid error %.4f px%n",
          psf, 8 * fwhm, worstFlux, worstCentre);
      /* The bound; the stamp holds the whole shifted kernel, so only float rounding (~1e-6) remains. */
      assertTrue(worstFlux < 0.005, "flux error " + worstFlux);
      /* The stamp's first moment is the kernel's plus the centroid of the normalised Lanczos-3 weights, which
         lags the shift f by up to 0.020 px per axis (at f ~ 0.23; 0 at f = 0 and 0.5), whatever the PSF: 0.026 px
         measured here on the diagonal. A wrong sign or origin would be off by >= 0.2 px. */
      assertTrue(worstCentre < 0.04, "centroid error " + worstCentre + " px");
    }
  }

  @Test
  void partlyOffImageIsRenderedWhereItOverlapsWithoutFlag() {
    Exposure e = InjectionTestSupport.exposure(W, W, X0, Y0, 0f, 1f, PIXEL_PSF, 4);
    Catalog c = InjectionTestSupport.catalog(e.wcs().orElseThrow(), new double[] {X0 - 0.4}, new double[] {Y0 + 50},
        new double[] {FLUX});
    InjectionResult r = Injector.inject(e, c, InjectionConfig.defaults().withNoise(false), "edge");
    assertEquals(0, r.catalog().intColumn("injection_flag")[0]);
    double sum = 0;
    for (float v : r.exposure().image().array()) {
      sum += v;
    }
    /* About half the flux lands on the image (the centre is 0.1 px inside the first column's outer edge). */
    assertTrue(sum > 0.4 * FLUX && sum < 0.75 * FLUX, "flux on the image " + sum);
  }

  @Test
  void varianceIncreasesByModelOverGainAndNoiseHasPoissonVariance() {
    double gain = 4;
    int n = 6;
    int size = 200;
    double[] x = new double[n * n];
    double[] y = new double[n * n];
    double[] f = new double[n * n];
    for (int k = 0; k < n * n; k++) {
      /* 32 px apart: the 31 px stamps do not overlap, so each pixel holds one fake's model. */
      x[k] = X0 + 16 + 32 * (k % n) + 0.37 * (k % 3);
      y[k] = Y0 + 16 + 32 * (k / n) - 0.21 * (k % 4);
      f[k] = 3000 + 500 * k;
    }
    float var0 = 80f;
    Exposure e = InjectionTestSupport.exposure(size, size, X0, Y0, 0f, var0, PIXEL_PSF, gain);
    Catalog c = InjectionTestSupport.catalog(e.wcs().orElseThrow(), x, y, f);
    /* No gain configured: it comes from VisitInfo. */
    InjectionResult noisy = Injector.inject(e, c, InjectionConfig.defaults().withSeed(42), "noise");
    InjectionResult clean = Injector.inject(e, c, InjectionConfig.defaults().withNoise(false), "noise");
    assertEquals(n * n, noisy.injected());
    float[] img = noisy.exposure().image().array();
    float[] var = noisy.exposure().variance().array();
    float[] model = clean.exposure().image().array();
    double z2 = 0;
    long pixels = 0;
    for (int p = 0; p < img.length; p++) {
      float m = model[p];
      /* Exact: the engine adds (float) (var + m / gain) where the model is positive. */
      float expected = m > 0 ? (float) (var0 + m * (1 / gain)) : var0;
      assertEquals(expected, var[p], "variance at " + p);
      if (m * gain >= 1) {
        double d = img[p] - m;
        z2 += d * d / (m / gain);
        pixels++;
      }
    }
    double ratio = z2 / pixels;
    System.out.printf("noise: %d pixels with >= 1 e- injected; <(noisy - model)^2 / (model / gain)> = %.4f%n",
        pixels, ratio);
    /* The mean of N chi-square(1)-like terms has standard error sqrt(2 / N) (< 1.5% here): 5% is > 3 sigma. */
    assertTrue(pixels > 5000, "pixels " + pixels);
    assertEquals(1.0, ratio, 0.05);
    /* Without noise the variance plane is untouched. */
    assertArrayEquals(e.variance().array(), clean.exposure().variance().array());
  }

  @Test
  void masksInjectedAboveThresholdAndTheCoreExactly() {
    Exposure base = InjectionTestSupport.exposure(W, W, X0, Y0, 0f, 25f, PIXEL_PSF, 4);
    int bad = base.mask().planes().bitmask("BAD");
    int[] bits = base.mask().array();
    for (int p = 0; p < bits.length; p += 7) {
      bits[p] = bad;
    }
    double x = X0 + 40.3;
    double y = Y0 + 55.8;
    Catalog c = InjectionTestSupport.catalog(base.wcs().orElseThrow(), new double[] {x}, new double[] {y},
        new double[] {2000});
    InjectionResult r = Injector.inject(base, c, InjectionConfig.defaults().withNoise(false), "mask");
    int injected = r.exposure().mask().planes().bitmask("INJECTED");
    int core = r.exposure().mask().planes().bitmask("INJECTED_CORE");
    int[] out = r.exposure().mask().array();
    float[] model = r.exposure().image().array();
    int cx = 40;
    int cy = 56;
    long nInjected = 0;
    for (int p = 0; p < out.length; p++) {
      boolean above = model[p] > 0.1 * Math.sqrt(25);
      assertEquals(above, (out[p] & injected) != 0, "INJECTED at " + p);
      boolean inCore = Math.abs(p % W - cx) <= 1 && Math.abs(p / W - cy) <= 1;
      assertEquals(inCore, (out[p] & core) != 0, "INJECTED_CORE at " + p);
      assertEquals(bits[p], out[p] & ~(injected | core), "other planes at " + p);
      nInjected += above ? 1 : 0;
    }
    assertTrue(nInjected > 9, "INJECTED pixels " + nInjected);
    /* The input's mask is not modified by inject (a copy). */
    assertEquals(0, base.mask().count(injected | core));
  }

  @Test
  void sameSeedIsBitIdenticalAndRowOrderDoesNotChangeTheNoise() {
    double[] x = {X0 + 20.2, X0 + 70.7, X0 + 45.5};
    double[] y = {Y0 + 20.9, Y0 + 30.1, Y0 + 75.4};
    double[] f = {5000, 8000, 3000};
    Exposure e = InjectionTestSupport.exposure(W, W, X0, Y0, 10f, 20f, PIXEL_PSF, 2);
    Catalog c = InjectionTestSupport.catalog(e.wcs().orElseThrow(), x, y, f);
    Catalog reversed = c.take(new int[] {2, 1, 0});
    InjectionConfig cfg = InjectionConfig.defaults().withSeed(7);
    InjectionResult a = Injector.inject(e, c, cfg, "det");
    InjectionResult b = Injector.inject(e, c, cfg, "det");
    InjectionResult rev = Injector.inject(e, reversed, cfg, "det");
    InjectionResult other = Injector.inject(e, c, cfg.withSeed(8), "det");
    assertEquals(a.exposure(), b.exposure());
    assertEquals(a.catalog(), b.catalog());
    /* The stamps do not overlap, so every pixel gets the same single addition in either order. */
    assertArrayEquals(a.exposure().image().array(), rev.exposure().image().array());
    assertArrayEquals(a.exposure().variance().array(), rev.exposure().variance().array());
    assertFalse(Arrays.equals(a.exposure().image().array(), other.exposure().image().array()));
    assertNotEquals(a.exposure().image(), e.image());
  }

  @Test
  void injectInPlaceWritesTheGivenArrays() {
    Exposure e = InjectionTestSupport.exposure(W, W, X0, Y0, 0f, 1f, PIXEL_PSF, 4);
    Catalog c = InjectionTestSupport.catalog(e.wcs().orElseThrow(), new double[] {X0 + 50}, new double[] {Y0 + 50},
        new double[] {FLUX});
    float[] before = e.image().copyPixels();
    InjectionResult r = Injector.injectInPlace(e, c, InjectionConfig.defaults().withNoise(false), "in place");
    assertTrue(r.exposure().image().array() == e.image().array());
    assertFalse(Arrays.equals(before, e.image().array()));
  }
}
