package org.labelfree.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labelfree.image.ImageF;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.MoffatPsf;

/**
 * The mesh background against known skies: flat, negative with a gradient, crowded with stars, partly masked; the
 * histogram statistics against exact clipped statistics of the same values; and what an unusable image gives.
 */
class BackgroundTest {
  static final int W = 512;
  static final double SIGMA = 12;

  static float[] sky(SplittableRandom rnd, double level, double gradX) {
    float[] pix = new float[W * W];
    for (int y = 0; y < W; y++) {
      for (int x = 0; x < W; x++) {
        pix[y * W + x] = (float) (level + gradX * x + SIGMA * DetectAndMeasureTest.gauss(rnd));
      }
    }
    return pix;
  }

  /**
   * In units of SIGMA: the largest |level - truth| over the image, the median rms, the mean (level - truth), and the
   * largest |level - truth| more than {@code margin} pixels from every edge.
   */
  static double[] errors(Background bg, double level, double gradX, int margin) {
    float[] lev = bg.level().array();
    double worst = 0;
    double inner = 0;
    double sum = 0;
    for (int y = 0; y < W; y++) {
      for (int x = 0; x < W; x++) {
        double d = (lev[y * W + x] - (level + gradX * x)) / SIGMA;
        worst = Math.max(worst, Math.abs(d));
        sum += d;
        if (x >= margin && y >= margin && x < W - margin && y < W - margin) {
          inner = Math.max(inner, Math.abs(d));
        }
      }
    }
    return new double[] {worst, bg.medianRms() / SIGMA, sum / ((double) W * W), inner};
  }

  /**
   * 64-pixel cells hold 4096 pixels: the clipped mean of one has a statistical error of about SIGMA / 64 (0.016
   * sigma) before the median filter and the spline average neighbouring cells; 0.05 sigma is 3 of those.
   */
  @Test
  void flatSkyIsRecoveredToAFewHundredthsOfSigma() {
    Background bg = Background.estimate(ImageF.wrap(W, W, sky(new SplittableRandom(1), 250, 0)), null,
        new BackgroundConfig(64, 3, 3, 3));
    double[] e = errors(bg, 250, 0, 64);
    assertEquals(0, e[2], 0.01, "mean (level - sky) / sigma");
    assertTrue(e[0] < 0.05, "max |level - sky| / sigma = " + e[0]);
    /* 3-sigma clipping leaves 98.7% of a Gaussian's standard deviation. */
    assertEquals(0.987, e[1], 0.02, "median rms / sigma");
  }

  @Test
  void negativeSkyWithAGradientIsFollowed() {
    Background bg = Background.estimate(ImageF.wrap(W, W, sky(new SplittableRandom(2), -40, 0.05)), null,
        new BackgroundConfig(64, 3, 3, 3));
    double[] e = errors(bg, -40, 0.05, 64);
    /* 0.05 counts per pixel over a 64-pixel cell is 0.27 sigma: inside, the spline between cell centres follows
       it (measured 0.07); in the outer cells the 3x3 median filter's window is one-sided and pulls the level
       towards the inner cells' (measured 0.23 at the edge), as in SExtractor. */
    assertTrue(e[3] < 0.1, "max |level - sky| / sigma more than a cell from the edges = " + e[3]);
    assertTrue(e[0] < 0.3, "max |level - sky| / sigma = " + e[0]);
    assertEquals(0, e[2], 0.01, "mean (level - sky) / sigma");
  }

  /** 400 stars of S/N 20-2000 (Moffat, beta 3.5) on a 1000-count sky of 512x512. */
  @Test
  void starsDoNotLiftTheLevel() {
    SplittableRandom rnd = new SplittableRandom(3);
    float[] pix = sky(rnd, 1000, 0);
    for (int k = 0; k < 400; k++) {
      double snr = Math.exp(rnd.nextDouble(Math.log(20), Math.log(2000)));
      MoffatPsf.addMoffat(pix, W, W, rnd.nextDouble(3, W - 3), rnd.nextDouble(3, W - 3), snr * SIGMA * 7, 4.0, 3.5,
          0, 0, 25);
    }
    Background bg = Background.estimate(ImageF.wrap(W, W, pix), null, BackgroundConfig.defaults());
    double[] e = errors(bg, 1000, 0, 64);
    /* The unresolved Moffat wings of a field this crowded lift every cell a little (measured 0.10 sigma on
       average, rms 1.18 sigma); the mode estimate keeps the level within 0.2 sigma of the sky everywhere. */
    assertTrue(e[0] < 0.2, "max |level - sky| / sigma = " + e[0]);
    assertTrue(e[2] > 0 && e[2] < 0.15, "mean (level - sky) / sigma = " + e[2]);
    assertEquals(1.1, e[1], 0.1, "median rms / sigma");
  }

  /** Cells whose pixels are all BAD are filled from their neighbours; NaN pixels are ignored. */
  @Test
  void maskedAndNanCellsAreFilled() {
    float[] pix = sky(new SplittableRandom(4), 100, 0);
    MaskPlanes planes = MaskPlanes.defaults();
    int[] bits = new int[W * W];
    int bad = planes.bitmask("BAD");
    for (int y = 0; y < 128; y++) {
      for (int x = 0; x < 128; x++) {
        bits[y * W + x] = bad;
        pix[y * W + x] = 1e6f;
        pix[(W - 1 - y) * W + (W - 1 - x)] = Float.NaN;
      }
    }
    Background bg = Background.estimate(ImageF.wrap(W, W, pix), Mask.wrap(W, W, bits, planes),
        new BackgroundConfig(64, 3, 3, 3));
    double[] e = errors(bg, 100, 0, 64);
    assertTrue(e[0] < 0.08, "max |level - sky| / sigma = " + e[0]);
  }

  @Test
  void anAllNanImageIsRejectedNamingItsSize() {
    float[] pix = new float[64 * 64];
    Arrays.fill(pix, Float.NaN);
    InvalidDataException ex = assertThrows(InvalidDataException.class,
        () -> Background.estimate(ImageF.wrap(64, 64, pix), null, BackgroundConfig.defaults()));
    assertTrue(ex.getMessage().contains("64x64"), ex.getMessage());
  }

  /** A constant cell has that level and zero rms. */
  @Test
  void aConstantImageHasItsValueAndZeroRms() {
    float[] pix = new float[256 * 256];
    Arrays.fill(pix, 7.5f);
    Background bg = Background.estimate(ImageF.wrap(256, 256, pix), null, new BackgroundConfig(64, 3, 3, 3));
    assertEquals(7.5, bg.level().array()[1000], 1e-6);
    assertEquals(0, bg.medianRms(), 0);
  }

  /**
   * On 16384 Gaussian values the histogram's clipped mean and standard deviation equal those computed exactly from
   * the values with the same clipping intervals to 1e-3 sigma (the 2048 bins are 0.005 sigma wide).
   */
  @Test
  void histogramStatisticsMatchExactClippedStatistics() {
    SplittableRandom rnd = new SplittableRandom(5);
    int n = 16384;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (50 + SIGMA * DetectAndMeasureTest.gauss(rnd));
    }
    double lo = 50 - 5 * SIGMA;
    double binW = 10 * SIGMA / 2048;
    long[] hist = new long[2048];
    for (float f : v) {
      int b = (int) Math.floor((f - lo) / binW);
      if (b >= 0 && b < 2048) {
        hist[b]++;
      }
    }
    BackgroundConfig cfg = BackgroundConfig.defaults();
    double[] s = Background.histogramStats(hist, lo, binW, SIGMA, cfg);
    assertNotNull(s);
    /* Exact: clip three times at 3 sd around the median, then mean and sd of what is left. */
    double[] sorted = new double[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = v[i];
    }
    double a = lo;
    double z = lo + 2048 * binW;
    double mean = 0;
    double sd = 0;
    for (int it = 0; it <= cfg.clipIterations(); it++) {
      double fa = a;
      double fz = z;
      double[] in = Arrays.stream(sorted).filter(x -> x >= fa && x < fz).sorted().toArray();
      mean = Arrays.stream(in).average().orElseThrow();
      double m = mean;
      sd = Math.sqrt(Arrays.stream(in).map(x -> (x - m) * (x - m)).sum() / in.length);
      double med = in[in.length / 2];
      a = med - 3 * sd;
      z = med + 3 * sd;
    }
    /* Uncrowded: the level is the clipped mean. */
    assertEquals(mean, s[0], 1e-3 * SIGMA, "level");
    assertEquals(sd, s[1], 1e-3 * SIGMA, "sigma");
    /* A histogram too narrow for the clipping interval asks for a wider one. */
    long[] narrow = new long[2048];
    narrow[0] = 10_000;
    narrow[1] = 10_000;
    assertNull(Background.histogramStats(narrow, 0, 1, 1, cfg));
  }
}
