package org.labelfree.labeling.stamps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.stamps.StampFlags;

class StampCutterTest {
  private static final int W = 300;
  private static final int H = 260;

  /** A Gaussian point source (sigma 1.6 pixels, peak 1000) at (x, y) on Gaussian noise of sigma 1, seeded. */
  static ImageF pointSource(double x, double y, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] px = new float[W * H];
    for (int j = 0; j < H; j++) {
      for (int i = 0; i < W; i++) {
        double r2 = (i - x) * (i - x) + (j - y) * (j - y);
        px[j * W + i] = (float) (1000 * Math.exp(-r2 / (2 * 1.6 * 1.6)) + rng.nextGaussian());
      }
    }
    return ImageF.wrap(W, H, px);
  }

  static ImageF ramp() {
    float[] px = new float[W * H];
    for (int k = 0; k < px.length; k++) {
      px[k] = k;
    }
    return ImageF.wrap(W, H, px);
  }

  static StampCutter cutter(int size, StampNormalisation norm, boolean mask, StampPlane... planes) {
    return new StampCutter(new StampCutterConfig(size, norm, mask), List.of(planes));
  }

  private static int argmax(float[] a, int from, int len) {
    int best = from;
    for (int k = from; k < from + len; k++) {
      if (a[k] > a[best]) {
        best = k;
      }
    }
    return best - from;
  }

  /** The brightest stamp pixel of a point source at a sub-pixel position is the documented centre (S/2, S/2). */
  @ParameterizedTest
  @CsvSource({"30, 100.3, 200.7", "31, 100.3, 200.7", "30, 150.49, 60.5", "31, 150.49, 60.5", "2, 40.0, 41.2",
      "5, 77.7, 12.2"})
  void pointSourceLandsOnTheCentrePixel(int size, double x, double y) {
    StampCutter c = cutter(size, StampNormalisation.NONE, false, StampPlane.of("difference", pointSource(x, y, 3)));
    float[] s = c.cut(x, y);
    int k = argmax(s, 0, size * size);
    assertEquals(size / 2, k % size, "column of the brightest pixel");
    assertEquals(size / 2, k / size, "row of the brightest pixel");
    float[] s2 = cutter(size, StampNormalisation.MINMAX, false, StampPlane.of("difference", pointSource(x, y, 3)))
        .cut(x, y);
    assertEquals(1f, s2[(size / 2) * size + size / 2], 0f, "minmax puts the peak at exactly 1");
  }

  /** Stamp pixel (i, j) holds image pixel (round(x) - S/2 + i, round(y) - S/2 + j), rounding halves up. */
  @ParameterizedTest
  @CsvSource({"30, 100.3, 200.7, 100, 201", "31, 100.3, 200.7, 100, 201", "30, 99.5, 50.5, 100, 51",
      "30, 100.49999, 49.5000001, 100, 50", "7, 20.0, 20.0, 20, 20"})
  void stampPixelsAreImagePixelsWithoutResampling(int size, double x, double y, int cx, int cy) {
    ImageF img = ramp();
    float[] s = cutter(size, StampNormalisation.NONE, false, StampPlane.of("difference", img)).cut(x, y);
    for (int j = 0; j < size; j++) {
      for (int i = 0; i < size; i++) {
        assertEquals(img.get(cx - size / 2 + i, cy - size / 2 + j), s[j * size + i], 0f, "pixel " + i + "," + j);
      }
    }
    assertEquals(cx, StampCutter.nearestPixel(x));
    assertEquals(cy, StampCutter.nearestPixel(y));
  }

  @Test
  void roundingIsHalfUpIncludingNegatives() {
    assertEquals(0, StampCutter.nearestPixel(-0.5));
    assertEquals(-1, StampCutter.nearestPixel(-0.5000001));
    assertEquals(1, StampCutter.nearestPixel(0.5));
    assertEquals(2, StampCutter.nearestPixel(2.4999));
  }

  /** Positions are in the parent grid: an image with origin (1000, 500) is cut at parent coordinates. */
  @Test
  void positionsAreInTheParentGrid() {
    ImageF img = ramp().withXy0(1000, 500);
    float[] s = cutter(9, StampNormalisation.NONE, false, StampPlane.of("difference", img)).cut(1050.2, 560.6);
    assertEquals(img.get(50, 61), s[4 * 9 + 4], 0f);
  }

  @Test
  void minmaxSpansExactlyZeroToOne() {
    StampCutter c = cutter(30, StampNormalisation.MINMAX, false, StampPlane.of("difference", pointSource(80, 90, 5)));
    float[] raw = cutter(30, StampNormalisation.NONE, false, StampPlane.of("difference", pointSource(80, 90, 5)))
        .cut(81.2, 88.9);
    float[] s = c.cut(81.2, 88.9);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : raw) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float lo = 2;
    float hi = -1;
    for (int k = 0; k < s.length; k++) {
      lo = Math.min(lo, s[k]);
      hi = Math.max(hi, s[k]);
      /* float32 output of a double computation: 1e-6 is a few float ulps at 1. */
      assertEquals((raw[k] - (double) min) / ((double) max - min), s[k], 1e-6);
    }
    assertEquals(0f, lo, 0f);
    assertEquals(1f, hi, 0f);
  }

  @Test
  void constantStampBecomesZero() {
    StampCutter c = cutter(30, StampNormalisation.MINMAX, false, StampPlane.of("difference",
        ImageF.filled(W, H, 7.5f)));
    assertArrayEquals(new float[900], c.cut(100, 100));
    StampCutter z = cutter(30, StampNormalisation.ZSCALE, false, StampPlane.of("difference",
        ImageF.filled(W, H, 7.5f)));
    assertArrayEquals(new float[900], z.cut(100, 100));
    StampCutter a = cutter(30, StampNormalisation.ASINH, false, StampPlane.of("difference",
        ImageF.filled(W, H, 7.5f)));
    assertArrayEquals(new float[900], a.cut(100, 100));
  }

  @Test
  void zscaleStaysInZeroToOneAndSaturatesTheSource() {
    ImageF img = pointSource(120, 130, 8);
    float[] s = cutter(30, StampNormalisation.ZSCALE, false, StampPlane.of("difference", img)).cut(120, 130);
    int saturated = 0;
    for (float v : s) {
      assertTrue(v >= 0f && v <= 1f, "zscale value " + v + " outside [0, 1]");
      saturated += v == 1f ? 1 : 0;
    }
    /* zscale limits follow the noise (sigma 1): the 1000-count source core is clipped at 1. */
    assertTrue(saturated >= 9 && saturated < 100, "saturated pixels: " + saturated);
    assertEquals(1f, s[15 * 30 + 15], 0f);
  }

  /** asinh(v / (3 sigma)) with sigma the robust noise: on pure Gaussian noise of sigma 2, sigma is found to 10%. */
  @Test
  void asinhUsesTheRobustNoise() {
    SplittableRandom rng = new SplittableRandom(11);
    float[] px = new float[W * H];
    for (int k = 0; k < px.length; k++) {
      px[k] = (float) (2 * rng.nextGaussian());
    }
    px[100 * W + 100] = 5000f;
    ImageF img = ImageF.wrap(W, H, px);
    float[] raw = cutter(30, StampNormalisation.NONE, false, StampPlane.of("difference", img)).cut(100, 100);
    float[] s = cutter(30, StampNormalisation.ASINH, false, StampPlane.of("difference", img)).cut(100, 100);
    /* Recover sigma from the centre pixel: asinh is invertible. */
    double sigma = raw[15 * 30 + 15] / (StampCutter.ASINH_K * Math.sinh(s[15 * 30 + 15]));
    /* The MAD estimator of 900 Gaussian values has a standard error of about 1.65 sigma / 30 = 5.5%: 10% is ~2 SE. */
    assertEquals(2.0, sigma, 0.2);
    double bound = StampCutter.asinh(5000 / (StampCutter.ASINH_K * sigma));
    for (int k = 0; k < s.length; k++) {
      assertEquals(StampCutter.asinh(raw[k] / (StampCutter.ASINH_K * sigma)), s[k], 1e-5, "pixel " + k);
      assertTrue(Math.abs(s[k]) <= bound + 1e-6);
      assertEquals(Math.signum(raw[k]), Math.signum(s[k]), 0.0, "asinh keeps the sign");
    }
  }

  @Test
  void asinhHelperIsAccurate() {
    for (double t : new double[] {0, 1e-12, 1e-3, 0.5, 1, 3, 1e5, 1e7}) {
      double expected = Math.log(t + Math.sqrt(t * t + 1));
      assertEquals(expected, StampCutter.asinh(t), 1e-12 * Math.max(1, expected) + 1e-15 * t, "asinh(" + t + ")");
      assertEquals(-StampCutter.asinh(t), StampCutter.asinh(-t), 0.0);
    }
    assertEquals(Math.log(2e30), StampCutter.asinh(1e30), 1e-12);
    assertEquals(Math.log(2) + Math.log(Double.MAX_VALUE), StampCutter.asinh(Double.MAX_VALUE), 1e-9);
  }

  /** A NaN pixel becomes 0, sets MASKED_PIXELS and the mask channel, and is left out of the minmax range. */
  @Test
  void nanPixelBecomesZeroWithTheMaskChannelSet() {
    float[] px = ramp().copyPixels();
    int nanX = 105;
    int nanY = 96;
    px[nanY * W + nanX] = Float.NaN;
    px[(nanY + 1) * W + nanX] = Float.POSITIVE_INFINITY;
    StampCutter c = cutter(30, StampNormalisation.MINMAX, true, StampPlane.of("difference", ImageF.wrap(W, H, px)));
    assertEquals(List.of("difference", "mask"), c.channelNames());
    float[] s = new float[c.stampLength() + 10];
    int flags = c.cut(100.2, 99.9, s, 10);
    assertEquals(StampFlags.MASKED_PIXELS, flags);
    int sx = 100 - 15;
    int sy = 100 - 15;
    int nanK = (nanY - sy) * 30 + (nanX - sx);
    int infK = nanK + 30;
    assertEquals(0f, s[10 + nanK], 0f);
    assertEquals(0f, s[10 + infK], 0f);
    int masked = 0;
    for (int k = 0; k < 900; k++) {
      float m = s[10 + 900 + k];
      assertEquals(k == nanK || k == infK ? 1f : 0f, m, 0f, "mask channel at " + k);
      masked += (int) m;
    }
    assertEquals(2, masked);
    /* The range is that of the finite pixels: the ramp's first and last stamp pixels map to 0 and 1. */
    assertEquals(0f, s[10], 0f);
    assertEquals(1f, s[10 + 899], 0f);
  }

  /** NO_DATA mask pixels are replaced like NaN; other mask planes are not. */
  @Test
  void noDataMaskPixelsAreReplaced() {
    MaskPlanes planes = MaskPlanes.defaults();
    int[] bits = new int[W * H];
    bits[50 * W + 60] = planes.bitmask("NO_DATA");
    bits[51 * W + 60] = planes.bitmask("DETECTED") | planes.bitmask("INJECTED");
    Mask mask = Mask.wrap(W, H, bits, planes);
    StampPlane p = StampPlane.of("difference", ramp(), mask, planes.bitmask("NO_DATA"));
    StampCutter c = cutter(10, StampNormalisation.NONE, true, p);
    float[] s = c.cut(60, 50);
    assertEquals(0f, s[5 * 10 + 5], 0f);
    assertEquals(1f, s[100 + 5 * 10 + 5], 0f);
    assertEquals(51 * W + 60, s[6 * 10 + 5], 0f);
    assertEquals(0f, s[100 + 6 * 10 + 5], 0f);
    assertEquals(StampFlags.MASKED_PIXELS, c.cut(60, 50, new float[200], 0));
    assertEquals(0, c.cut(160, 150, new float[200], 0), "a clean interior stamp has no flags");
  }

  /** A stamp at the image corner is padded with 0, flagged EDGE, and the padding is in the mask channel. */
  @ParameterizedTest
  @CsvSource({"2.2, 3.9", "297.6, 258.5", "-5.0, 100.0"})
  void edgeStampIsPaddedAndFlagged(double x, double y) {
    ImageF img = ramp();
    StampCutter c = cutter(30, StampNormalisation.NONE, true, StampPlane.of("difference", img));
    float[] s = new float[c.stampLength()];
    assertEquals(StampFlags.EDGE, c.cut(x, y, s, 0));
    long cx = StampCutter.nearestPixel(x);
    long cy = StampCutter.nearestPixel(y);
    int inside = 0;
    for (int j = 0; j < 30; j++) {
      for (int i = 0; i < 30; i++) {
        long ix = cx - 15 + i;
        long iy = cy - 15 + j;
        boolean in = ix >= 0 && iy >= 0 && ix < W && iy < H;
        inside += in ? 1 : 0;
        assertEquals(in ? img.get((int) ix, (int) iy) : 0f, s[j * 30 + i], 0f, "pixel " + i + "," + j);
        assertEquals(in ? 0f : 1f, s[900 + j * 30 + i], 0f, "mask " + i + "," + j);
      }
    }
    assertTrue(inside > 0 && inside < 900);
  }

  /** Padding is excluded from the minmax range and stays 0; a stamp entirely off the image is all 0. */
  @Test
  void paddingIsExcludedFromNormalisation() {
    float[] px = new float[W * H];
    java.util.Arrays.fill(px, 10f);
    px[0] = 30f;
    StampCutter c = cutter(10, StampNormalisation.MINMAX, false, StampPlane.of("difference",
        ImageF.wrap(W, H, px)));
    float[] s = c.cut(1, 1);
    /* Stamp covers image columns/rows -4..5: the 10s map to 0, the 30 to 1, padding stays 0. */
    assertEquals(1f, s[4 * 10 + 4], 0f);
    assertEquals(0f, s[5 * 10 + 5], 0f);
    float[] off = new float[c.stampLength()];
    assertEquals(StampFlags.EDGE, c.cut(-1e9, 5e12, off, 0));
    assertArrayEquals(new float[100], off);
  }

  /** Several planes: channels in order, each normalised on its own, the mask channel the union of their defects. */
  @Test
  void threePlanesInChannelOrder() {
    float[] sci = ramp().copyPixels();
    float[] tmpl = ramp().copyPixels();
    float[] diff = ramp().copyPixels();
    for (int k = 0; k < diff.length; k++) {
      tmpl[k] = 2 * tmpl[k];
      diff[k] = -diff[k];
    }
    sci[40 * W + 41] = Float.NaN;
    tmpl[41 * W + 40] = Float.NaN;
    StampCutter c = cutter(6, StampNormalisation.NONE, true, StampPlane.of("science", ImageF.wrap(W, H, sci)),
        StampPlane.of("template", ImageF.wrap(W, H, tmpl)), StampPlane.of("difference", ImageF.wrap(W, H, diff)));
    assertEquals(List.of("science", "template", "difference", "mask"), c.channelNames());
    float[] s = c.cut(40, 40);
    assertEquals(4 * 36, s.length);
    int k = 3 * 6 + 3;
    assertEquals(40 * W + 40, s[k], 0f);
    assertEquals(2f * (40 * W + 40), s[36 + k], 0f);
    assertEquals(-(40 * W + 40), s[72 + k], 0f);
    assertEquals(0f, s[3 * 6 + 4], 0f);
    assertEquals(0f, s[36 + 4 * 6 + 3], 0f);
    assertEquals(1f, s[108 + 3 * 6 + 4], 0f);
    assertEquals(1f, s[108 + 4 * 6 + 3], 0f);
    assertEquals(0f, s[108 + k], 0f);
  }

  @Test
  void badArgumentsAreRefused() {
    StampPlane p = StampPlane.of("difference", ramp());
    assertThrows(IllegalArgumentException.class, () -> new StampCutterConfig(1, StampNormalisation.NONE, false));
    assertThrows(IllegalArgumentException.class, () -> new StampCutter(StampCutterConfig.defaults(), List.of()));
    assertThrows(IllegalArgumentException.class, () -> new StampCutter(StampCutterConfig.defaults(),
        List.of(p, StampPlane.of("template", ImageF.zeros(W, H - 1)))));
    StampCutter c = new StampCutter(StampCutterConfig.defaults(), List.of(p));
    assertThrows(IllegalArgumentException.class, () -> c.cut(Double.NaN, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> c.cut(3, 3, new float[900], 1));
  }
}
