package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImageStatistics;
import org.labelfree.image.MoffatPsf;

/** The kernel fit on a synthetic pair with a known, spatially varying Gaussian kernel (see {@link SyntheticPair}). */
class KernelFitterTest {
  static final int N = 512;
  static SyntheticPair pair;

  @BeforeAll
  static void simulate() {
    pair = new SyntheticPair(N, 20240605L, 14);
  }

  @Test
  void recoversKnownKernelWhenConvolvingTheTemplate() {
    Exposure sci = pair.broad;
    Exposure tmp = pair.sharp;
    AlardLuptonConfig cfg = AlardLuptonConfig.defaults();
    double fs = pair.fwhmBroad();
    double ft = SyntheticPair.FWHM_SHARP;
    List<KernelStamp> stamps = KernelCandidates.find(sci, tmp, fs, ft, cfg);
    KernelFit fit = KernelFitter.fit(sci, tmp, stamps, fs, ft, cfg);
    System.out.println(fit + " from " + stamps.size());
    assertFalse(fit.convolveScience());

    /* Kernel sum within 0.5% of 1.7 on a 5 x 5 grid (the local fits scatter by ~0.2%; the global one averages). */
    for (int j = 0; j < 5; j++) {
      for (int i = 0; i < 5; i++) {
        double x = i * (N - 1) / 4.0;
        double y = j * (N - 1) / 4.0;
        double s = fit.kernel().sumAt(x, y);
        assertEquals(SyntheticPair.SCALE, s, 0.005 * SyntheticPair.SCALE, "kernel sum at " + x + "," + y);
      }
    }

    /* Kernel shape at three columns within 2% of the true peak (max abs difference). Measured 1.2-1.6%: the template
       PSF (Moffat FWHM 3) hardly constrains pixel-scale kernel modes, so the noise lands there. */
    int size = fit.kernel().size();
    for (double x : new double[] {40, 255.5, 470}) {
      float[] k = fit.kernel().kernelAt(x, 256);
      float[] t = SyntheticPair.trueKernel(x, N, size);
      double peak = 0;
      double maxDiff = 0;
      for (int p = 0; p < k.length; p++) {
        peak = Math.max(peak, t[p]);
        maxDiff = Math.max(maxDiff, Math.abs(k[p] - t[p]));
      }
      System.out.println("kernel at x=" + x + ": max |diff| / peak = " + maxDiff / peak);
      assertTrue(maxDiff < 0.02 * peak, "kernel at x=" + x + ": max |diff| " + maxDiff + " vs peak " + peak);
    }

    /* chi^2 per dof in the stamps 1.0 +/- 0.1. */
    assertEquals(1.0, fit.chi2PerDof(), 0.1);

    /* Normalised difference in source-free pixels: robust sigma 1.00 +/- 0.05. */
    double sigma = normalisedResidualSigma(sci, tmp, fit, pair);
    System.out.println("normalised residual robust sigma " + sigma);
    assertEquals(1.0, sigma, 0.05);
  }

  @Test
  void autoConvolvesTheScienceImageWhenTheTemplateIsBroader() {
    Exposure sci = pair.sharp;
    Exposure tmp = pair.broad;
    AlardLuptonConfig cfg = AlardLuptonConfig.defaults();
    assertTrue(SubtractionMode.AUTO.convolvesScience(SyntheticPair.FWHM_SHARP, pair.fwhmBroad()));
    List<KernelStamp> stamps = KernelCandidates.find(sci, tmp, SyntheticPair.FWHM_SHARP, pair.fwhmBroad(), cfg);
    KernelFit fit = KernelFitter.fit(sci, tmp, stamps, SyntheticPair.FWHM_SHARP, pair.fwhmBroad(), cfg);
    System.out.println("AUTO, broad template: " + fit);
    assertTrue(fit.convolveScience());
    /* Same tolerances as above: the roles are only swapped. */
    assertEquals(SyntheticPair.SCALE, fit.kernelSum(), 0.005 * SyntheticPair.SCALE);
    assertEquals(1.0, fit.chi2PerDof(), 0.1);
  }

  @Test
  void tooFewStarsFailsWithTheCounts() {
    SyntheticPair few = new SyntheticPair(256, 7L, 0);
    Exposure tmp = withStars(few.sharp, 3);
    Exposure sci = withStars(few.broad, 3);
    List<KernelStamp> stamps = KernelCandidates.find(sci, tmp, 4.9, 3.0, AlardLuptonConfig.defaults());
    org.labelfree.image.AlgorithmFailureException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.labelfree.image.AlgorithmFailureException.class,
        () -> KernelFitter.fit(sci, tmp, stamps, 4.9, 3.0, AlardLuptonConfig.defaults()));
    assertTrue(e.getMessage().contains("kernel stamps usable, need 12"), e.getMessage());
    assertEquals(12, e.metadata().get("stampsNeeded"));
  }

  @Test
  void identicalStampPositionsAreSingularNotNaN() {
    List<KernelStamp> stamps = KernelCandidates.find(pair.broad, pair.sharp, pair.fwhmBroad(), 3.0,
        AlardLuptonConfig.defaults());
    KernelStamp one = stamps.get(stamps.size() / 2);
    List<KernelStamp> same = java.util.Collections.nCopies(20, one);
    org.labelfree.image.AlgorithmFailureException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.labelfree.image.AlgorithmFailureException.class,
        () -> KernelFitter.fit(pair.broad, pair.sharp, same, pair.fwhmBroad(), 3.0, AlardLuptonConfig.defaults()));
    assertTrue(e.getMessage().startsWith("singular kernel normal matrix"), e.getMessage());
    assertTrue(e.metadata().containsKey("conditionNumber"));
    assertEquals(20, e.metadata().get("stamps"));
  }

  /** The exposure with n bright stars added at fixed, well separated positions (both images get the same places). */
  private static Exposure withStars(Exposure e, int n) {
    float[] img = e.image().copyPixels();
    for (int i = 0; i < n; i++) {
      MoffatPsf.addMoffat(img, e.width(), e.height(), 60 + 60 * i, 60 + 50 * i, 1e5, 4.0, 3.0, 0, 0, 40);
    }
    return e.withImage(ImageF.of(e.width(), e.height(), img));
  }

  /** Robust sigma of (R - K (x) C - B) / sqrt(var_R + K^2 (x) var_C) over pixels where both noise-free models are faint. */
  static double normalisedResidualSigma(Exposure sci, Exposure tmp, KernelFit fit, SyntheticPair pair) {
    Exposure c = fit.convolveScience() ? sci : tmp;
    Exposure r = fit.convolveScience() ? tmp : sci;
    ImageF conv = DirectConvolution.convolve(c.image(), fit.kernel());
    ImageF cvar = DirectConvolution.convolveVariance(c.variance(), fit.kernel());
    int n = pair.size;
    float[] z = new float[n * n];
    int m = 0;
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        int p = y * n + x;
        double broadSrc = pair.broadModel[p] - SyntheticPair.background(x, y);
        if (!Float.isFinite(conv.array()[p]) || pair.sharpModel[p] > 1.0 || broadSrc > 1.0) {
          continue;
        }
        double d = r.image().array()[p] - conv.array()[p] - fit.backgroundAt(x, y);
        z[m++] = (float) (d / Math.sqrt(r.variance().array()[p] + cvar.array()[p]));
      }
    }
    assertTrue(m > 10_000, "source-free pixels: " + m);
    return ImageStatistics.of(java.util.Arrays.copyOf(z, m)).robustSigma();
  }

  /** dot2 gives exactly dot's two sums (same order of additions), for lengths with and without a remainder. */
  @Test
  void dot2EqualsTwoDotsBitForBit() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (int n : new int[] {1, 3, 4, 7, 1521}) {
      double[] a = new double[n];
      double[] b = new double[n];
      double[] c = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = rnd.nextGaussian();
        b[i] = rnd.nextGaussian() * 1e3;
        c[i] = rnd.nextGaussian() * 1e-3;
      }
      double[] out = new double[2];
      KernelFitter.StampSystem.dot2(a, b, c, out);
      assertEquals(KernelFitter.StampSystem.dot(a, b), out[0], 0.0, "n = " + n);
      assertEquals(KernelFitter.StampSystem.dot(a, c), out[1], 0.0, "n = " + n);
    }
  }

  @Test
  void tailCutDropsTheSmallestValuesUpToTheFraction() {
    double[] v = {0.5, 1e-6, 0.2, 3e-5, 0.29, 2e-5, 0.01};
    // total 1.00005...; budget 1e-4 of it: 1e-6 + 2e-5 + 3e-5 = 5.1e-5 fit, adding 0.01 would not
    assertEquals(0.01, KernelFitter.StampSystem.tailCut(v, 1e-4), 0);
    // a budget of 0 drops exact zeros only (0.3 is the smallest kept); everything fits a budget of 1
    assertEquals(0.3, KernelFitter.StampSystem.tailCut(new double[] {0, 0.3, 0, 0.7}, 0), 0);
    assertEquals(Double.POSITIVE_INFINITY, KernelFitter.StampSystem.tailCut(v, 1), 0);
    assertEquals(1e-6, v[1], 0, "input untouched");
  }

  @Test
  void symmetricFiltersGiveTheDirectSumAlongRowsAndColumns() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5L);
    int r = 4;
    double[] even = new double[2 * r + 1];
    double[] odd = new double[2 * r + 1];
    double[] any = new double[2 * r + 1];
    for (int i = 0; i <= r; i++) {
      even[r + i] = even[r - i] = rnd.nextDouble(-1, 1);
      odd[r + i] = rnd.nextDouble(-1, 1);
      odd[r - i] = -odd[r + i];
    }
    odd[r] = 0;
    for (int i = 0; i < any.length; i++) {
      any[i] = rnd.nextDouble(-1, 1);
    }
    assertEquals(1, KernelFitter.StampSystem.parity(even));
    assertEquals(-1, KernelFitter.StampSystem.parity(odd));
    assertEquals(0, KernelFitter.StampSystem.parity(any));
    int w = 20;
    double[] in = new double[w * w];
    for (int i = 0; i < in.length; i++) {
      in[i] = rnd.nextGaussian();
    }
    for (double[] f : new double[][] {even, odd, any}) {
      for (int step : new int[] {1, w}) {
        double[] out = new double[w];
        int at = 8 * w + 6;
        KernelFitter.StampSystem.filterAdd(out, 0, in, at, step, f, 0, KernelFitter.StampSystem.parity(f), 8);
        for (int p = 0; p < 8; p++) {
          double direct = 0;
          for (int i = -r; i <= r; i++) {
            direct += f[r + i] * in[at - i * step + p];
          }
          assertEquals(direct, out[p], 1e-12, "step " + step + " pixel " + p);
        }
      }
    }
  }
}
