package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;

class ConvolutionTest {

  /** A random image with a few bright point-like peaks over noise, so max|image| is set by real structure. */
  static ImageF randomImage(int w, int h, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] p = new float[w * h];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (rnd.nextGaussian() * 10 + 100);
    }
    for (int k = 0; k < 20; k++) {
      p[rnd.nextInt(p.length)] += 5000f;
    }
    return ImageF.wrap(w, h, p);
  }

  /** Components: Gaussians of different widths and offsets, so the kernel changes shape across the image. */
  static SpatialKernel varyingKernel(int size, int order, int x0, int y0, int w, int h, long seed) {
    SpatialPolynomial sp = new SpatialPolynomial(order, x0, y0, w, h);
    SplittableRandom rnd = new SplittableRandom(seed);
    int r = size / 2;
    float[][] comps = new float[sp.termCount()][size * size];
    for (int s = 0; s < comps.length; s++) {
      double sig = 1.5 + 3 * rnd.nextDouble();
      double cx = rnd.nextDouble(-2, 2);
      double cy = rnd.nextDouble(-2, 2);
      double amp = s == 0 ? 1.0 : rnd.nextDouble(-0.3, 0.3);
      for (int j = -r; j <= r; j++) {
        for (int i = -r; i <= r; i++) {
          double q = ((i - cx) * (i - cx) + (j - cy) * (j - cy)) / (2 * sig * sig);
          comps[s][(j + r) * size + i + r] = (float) (amp * Math.exp(-q) / (2 * Math.PI * sig * sig));
        }
      }
    }
    return new SpatialKernel(size, sp, comps);
  }

  /** Direct reference: the kernel at each pixel, summed in double; outside and NaN count as 0. */
  static float[] direct(ImageF im, SpatialKernel k) {
    int w = im.width();
    int h = im.height();
    int r = k.radius();
    int size = k.size();
    float[] in = im.array();
    float[] out = new float[w * h];
    int n = k.componentCount();
    float[][] c = new float[n][];
    for (int s = 0; s < n; s++) {
      c[s] = k.component(s);
    }
    double[] t = new double[n];
    double[] kk = new double[size * size];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        k.spatial().terms(im.x0() + x, im.y0() + y, t);
        for (int q = 0; q < kk.length; q++) {
          double v = 0;
          for (int s = 0; s < n; s++) {
            v += t[s] * c[s][q];
          }
          kk[q] = v;
        }
        double acc = 0;
        for (int j = -r; j <= r; j++) {
          int yy = y - j;
          if (yy < 0 || yy >= h) {
            continue;
          }
          for (int i = -r; i <= r; i++) {
            int xx = x - i;
            if (xx < 0 || xx >= w) {
              continue;
            }
            float v = in[yy * w + xx];
            if (v == v) {
              acc += kk[(j + r) * size + i + r] * v;
            }
          }
        }
        out[y * w + x] = (float) acc;
      }
    }
    return out;
  }

  static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      if (v == v) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }

  static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static void checkAgainstDirect(int w, int h, int size, int order, long seed, int maxTile) {
    ImageF im = randomImage(w, h, seed).withXy0(37, -12);
    SpatialKernel k = varyingKernel(size, order, 37, -12, w, h, seed + 1);
    ImageF fast = Convolution.convolve(im, k, 0, maxTile);
    assertEquals(37, fast.x0());
    assertEquals(-12, fast.y0());
    float[] ref = direct(im, k);
    double rel = maxDiff(fast.array(), ref) / maxAbs(im.array());
    // 1e-5 is the brief's accuracy target; float FFTs of 2^9 points give ~1e-7 relative error per transform.
    assertTrue(rel < 1e-5, "max |fast - direct| / max|image| = " + rel + " for " + w + "x" + h + " size " + size
        + " order " + order);
  }

  /** The blocked complex transpose equals the element-by-element one, for sizes off the block and a column range. */
  @Test
  void blockedTransposeMatchesTheDefinition() {
    int rows = 70;
    int cols = 133;
    float[] src = new float[2 * rows * cols];
    for (int k = 0; k < src.length; k++) {
      src[k] = k;
    }
    int c0 = 5;
    int c1 = 129;
    float[] dst = new float[2 * (c1 - c0) * rows];
    TileConvolver.transpose(src, rows, cols, dst, c0, c1);
    for (int q = 0; q < rows; q++) {
      for (int c = c0; c < c1; c++) {
        assertEquals(src[2 * (q * cols + c)], dst[2 * ((c - c0) * rows + q)], 0f);
        assertEquals(src[2 * (q * cols + c) + 1], dst[2 * ((c - c0) * rows + q) + 1], 0f);
      }
    }
  }

  @Test
  void matchesDirectOrder1Size21() {
    checkAgainstDirect(301, 223, 21, 1, 1L, 0);
  }

  @Test
  void matchesDirectOrder2Size35OnSmallTiles() {
    // tiles of 64 pixels hold 30 valid pixels each for radius 17: 7 x 6 tiles, 21 complex tile pairs
    checkAgainstDirect(203, 177, 35, 2, 2L, 64);
  }

  @Test
  void matchesDirectOnLargeOddImageOrder2Size21() {
    // 1000x777 spans several tiles in both axes, not a multiple of any tile size; the direct reference is sampled
    // on rows so that the test stays fast.
    int w = 1000;
    int h = 777;
    ImageF im = randomImage(w, h, 3L).withXy0(-5, 1001);
    SpatialKernel k = varyingKernel(21, 2, -5, 1001, w, h, 4L);
    ImageF fast = Convolution.convolve(im, k);
    double worst = 0;
    for (int y0 : new int[] {0, 380, 757}) {
      // strip rows [y0 - 10, y0 + 30) clipped to the image: rows [y0, y0 + 20) have their full 21-row footprint
      int lo = Math.max(0, y0 - 10);
      int hi = Math.min(h, y0 + 30);
      float[] ref = direct(im.subimage(0, lo, w, hi - lo), k);
      for (int y = y0; y < Math.min(h, y0 + 20); y++) {
        for (int x = 0; x < w; x++) {
          worst = Math.max(worst, Math.abs(fast.get(x, y) - ref[(y - lo) * w + x]));
        }
      }
    }
    double rel = worst / maxAbs(im.array());
    assertTrue(rel < 1e-5, "max rel error " + rel);
  }

  @Test
  void matchesDirectOrder1Size35WithNaN() {
    ImageF im = randomImage(200, 150, 5L);
    float[] p = im.copyPixels();
    for (int i = 0; i < 300; i += 7) {
      p[40 * 200 + i % 200] = Float.NaN;
    }
    ImageF withNan = ImageF.wrap(200, 150, p);
    SpatialKernel k = varyingKernel(35, 1, 0, 0, 200, 150, 6L);
    ImageF fast = Convolution.convolve(withNan, k);
    double rel = maxDiff(fast.array(), direct(withNan, k)) / maxAbs(p);
    assertTrue(rel < 1e-5, "rel " + rel);
  }

  @Test
  void deltaAtOffsetOneShiftsByPlusOneInX() {
    float[] d = new float[25];
    d[2 * 5 + 3] = 1f; // offset (i, j) = (1, 0)
    ImageF im = randomImage(64, 40, 7L);
    ImageF out = Convolution.convolve(im, SpatialKernel.constant(5, d));
    for (int y = 0; y < 40; y++) {
      assertEquals(0f, out.get(0, y), 1e-3f);
      for (int x = 1; x < 64; x++) {
        // float FFT round-off only: ~1e-7 of the largest pixel (~5000)
        assertEquals(im.get(x - 1, y), out.get(x, y), 2e-3f);
      }
    }
  }

  @Test
  void bitIdenticalAcrossRunsAndThreadCounts() {
    // tiles of at most 128 pixels (104 valid): 7 x 5 tiles, 18 pairs shared among the workers
    ImageF im = randomImage(700, 500, 8L);
    SpatialKernel k = varyingKernel(25, 1, 0, 0, 700, 500, 9L);
    ImageF a = Convolution.convolve(im, k, 1, 128);
    ImageF b = Convolution.convolve(im, k, 2, 128);
    ImageF c = Convolution.convolve(im, k, 2, 128);
    ImageF d = Convolution.convolve(im, k, 0, 128);
    assertArrayEquals(a.array(), b.array());
    assertArrayEquals(b.array(), c.array());
    assertArrayEquals(a.array(), d.array());
  }

  @Test
  void varianceUsesSquareOfCentreKernel() {
    ImageF var = randomImage(120, 90, 10L);
    SpatialKernel k = varyingKernel(21, 1, 0, 0, 120, 90, 11L);
    ImageF out = Convolution.convolveVariance(var, k);
    float[] kc = k.kernelAt(59.5, 44.5);
    float[] k2 = new float[kc.length];
    for (int i = 0; i < kc.length; i++) {
      k2[i] = kc[i] * kc[i];
    }
    float[] ref = direct(var, SpatialKernel.constant(21, k2));
    double rel = maxDiff(out.array(), ref) / maxAbs(ref);
    assertTrue(rel < 1e-5, "rel " + rel);
  }

  @Test
  void maskGrowsSelectedPlanesOnly() {
    checkMask(97, 61, 4, 12L);
    // taller than one band of 256 rows, so bits cross band boundaries; radius 12 as for a 25-pixel kernel
    checkMask(45, 700, 12, 13L);
    assertThrows(IllegalArgumentException.class, () -> Convolution.convolveMask(Mask.zeros(3, 3), -1, 1));
  }

  private static void checkMask(int w, int h, int radius, long seed) {
    MaskPlanes planes = MaskPlanes.defaults();
    int bad = planes.bitmask("BAD");
    int sat = planes.bitmask("SAT");
    int grow = bad | planes.bitmask("NO_DATA");
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] bits = new int[w * h];
    for (int i = 0; i < 25; i++) {
      bits[rnd.nextInt(bits.length)] |= bad;
      bits[rnd.nextInt(bits.length)] |= sat;
    }
    Mask m = Mask.wrap(w, h, bits, planes).withXy0(3, 4);
    Mask out = Convolution.convolveMask(m, radius, grow);
    assertEquals(3, out.x0());
    assertEquals(4, out.y0());
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int expect = bits[y * w + x] & ~grow;
        for (int j = -radius; j <= radius; j++) {
          for (int i = -radius; i <= radius; i++) {
            int xx = x + i;
            int yy = y + j;
            if (xx >= 0 && xx < w && yy >= 0 && yy < h) {
              expect |= bits[yy * w + xx] & grow;
            }
          }
        }
        assertEquals(expect, out.get(x, y), "pixel " + x + "," + y);
      }
    }
  }

  /** phi (x) (reference - K (x) image) the slow way: direct convolutions, then phi; interior pixels only compared. */
  private static double decorrelatedError(int order, long seed) {
    int w = 160;
    int h = 140;
    ImageF image = randomImage(w, h, seed).withXy0(5, 7);
    ImageF reference = randomImage(w, h, seed + 1).withXy0(5, 7);
    SpatialKernel k = varyingKernel(15, order, 5, 7, w, h, seed + 2);
    float[] phi = Decorrelation.kernel(k.kernelAt(5 + 79.5, 7 + 69.5), 15, 100, 60, 11);
    float[] kImage = direct(image, k);
    float[] diff = new float[w * h];
    for (int i = 0; i < diff.length; i++) {
      diff[i] = reference.array()[i] - kImage[i];
    }
    float[] slow = direct(ImageF.wrap(w, h, diff), SpatialKernel.constant(11, phi));
    float[] fast = Convolution.decorrelatedDifference(reference, image, k, phi, 11).array();
    int border = 7 + 5;
    double worst = 0;
    for (int y = border; y < h - border; y++) {
      for (int x = border; x < w - border; x++) {
        worst = Math.max(worst, Math.abs(fast[y * w + x] - slow[y * w + x]));
      }
    }
    return worst / maxAbs(reference.array());
  }

  @Test
  void decorrelatedDifferenceOfConstantKernelMatchesTwoSteps() {
    double rel = decorrelatedError(0, 31L);
    // float FFTs: ~1e-7 per transform, as for convolve
    assertTrue(rel < 1e-5, "max |one pass - two steps| / max|reference| = " + rel);
  }

  @Test
  void decorrelatedDifferenceOfVaryingKernelIsCloseToTwoSteps() {
    // phi moved inside the spatial weights: the error is grad(P) x phi's width x the image's gradient, here a
    // kernel whose components change by up to 30% across 160 pixels (far more than a fitted kernel) and stars of
    // 50 sigma in single pixels (the steepest gradients there are); measured 4.3e-6
    double rel = decorrelatedError(1, 41L);
    assertTrue(rel < 5e-5, "max |one pass - two steps| / max|reference| = " + rel);
  }

  @Test
  void decorrelatedDifferenceIsBitIdenticalAcrossThreadCounts() {
    ImageF image = randomImage(500, 300, 51L);
    ImageF reference = randomImage(500, 300, 52L);
    SpatialKernel k = varyingKernel(17, 2, 0, 0, 500, 300, 53L);
    float[] phi = Decorrelation.kernel(k.kernelAt(250, 150), 17, 100, 100, 17);
    int combined = 17 + 17 - 1;
    float[][] comps = new float[k.componentCount()][];
    for (int s = 0; s < comps.length; s++) {
      comps[s] = new float[combined * combined];
      comps[s][combined * combined / 2] = 1f;
    }
    float[] a = Convolution.decorrelatedDifference(reference, image, k, phi, 17).array();
    float[] b = Convolution.decorrelatedDifference(reference, image, k, phi, 17).array();
    assertArrayEquals(a, b);
    float[][] cw = new float[comps.length][];
    float[][] rw = new float[comps.length][];
    Convolution.spatialWeights(k.spatial(), 0, 0, 500, 300, cw, rw);
    TileConvolver tc = new TileConvolver(500, 300, combined, comps, comps[0], 128);
    float[] one = new float[500 * 300];
    float[] two = new float[500 * 300];
    tc.run(image.array(), reference.array(), one, cw, rw, 1);
    tc.run(image.array(), reference.array(), two, cw, rw, 2);
    assertArrayEquals(one, two);
  }

  @Test
  void secondImageGetsItsOwnPassWhenTermZeroIsWeighted() {
    int w = 300;
    int h = 200;
    ImageF image = randomImage(w, h, 61L);
    ImageF extra = randomImage(w, h, 62L);
    SpatialKernel k = varyingKernel(13, 1, 0, 0, w, h, 63L);
    float[][] comps = new float[k.componentCount()][];
    for (int s = 0; s < comps.length; s++) {
      comps[s] = k.component(s);
    }
    float[] e = SpatialKernel.constant(13, k.component(1)).component(0);
    float[][] cw = new float[comps.length][];
    float[][] rw = new float[comps.length][];
    Convolution.spatialWeights(k.spatial(), 0, 0, w, h, cw, rw);
    TileConvolver tc = new TileConvolver(w, h, 13, comps, e, 0);
    float[] folded = new float[w * h];
    tc.run(image.array(), extra.array(), folded, cw, rw, 0);
    // the same constant term written out as weights of 1: the second image takes the separate inverse transform
    cw[0] = new float[w];
    rw[0] = new float[h];
    java.util.Arrays.fill(cw[0], 1f);
    java.util.Arrays.fill(rw[0], 1f);
    float[] separate = new float[w * h];
    tc.run(image.array(), extra.array(), separate, cw, rw, 0);
    float[] ref = direct(image, k);
    float[] extraRef = direct(extra, SpatialKernel.constant(13, e));
    for (int i = 0; i < ref.length; i++) {
      ref[i] += extraRef[i];
    }
    double scale = maxAbs(image.array());
    assertTrue(maxDiff(folded, ref) / scale < 1e-5, "folded " + maxDiff(folded, ref) / scale);
    assertTrue(maxDiff(separate, ref) / scale < 1e-5, "separate " + maxDiff(separate, ref) / scale);
    assertThrows(IllegalArgumentException.class, () -> tc.run(image.array(), null, folded, cw, rw, 0));
  }

  @Test
  void decorrelatedDifferenceRejectsMismatchedInputs() {
    ImageF image = randomImage(50, 40, 71L);
    SpatialKernel k = varyingKernel(9, 1, 0, 0, 50, 40, 72L);
    float[] phi = new float[9 * 9];
    phi[40] = 1f;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Convolution.decorrelatedDifference(randomImage(50, 41, 73L), image, k, phi, 9));
    assertTrue(e.getMessage().contains("50x41"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Convolution.decorrelatedDifference(image, image, k, new float[80], 9));
  }
}
