package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labelfree.image.ImageF;

class DecorrelationTest {
  static final int N = 512;
  static final int KSIZE = 21;
  static final int PHI = 41;

  /** A normalised Gaussian on a size x size box. */
  static float[] gaussian(int size, double sigma) {
    int r = size / 2;
    float[] k = new float[size * size];
    double s = 0;
    for (int j = -r; j <= r; j++) {
      for (int i = -r; i <= r; i++) {
        s += Math.exp(-(i * i + j * j) / (2 * sigma * sigma));
      }
    }
    for (int j = -r; j <= r; j++) {
      for (int i = -r; i <= r; i++) {
        k[(j + r) * size + i + r] = (float) (Math.exp(-(i * i + j * j) / (2 * sigma * sigma)) / s);
      }
    }
    return k;
  }

  /** Lag autocorrelation of the interior of an image (border b excluded), along x (dx=lag) or y. */
  static double autocorrelation(float[] a, int w, int h, int b, int dx, int dy) {
    double mean = 0;
    int n = 0;
    for (int y = b; y < h - b; y++) {
      for (int x = b; x < w - b; x++) {
        mean += a[y * w + x];
        n++;
      }
    }
    mean /= n;
    double c0 = 0;
    double c1 = 0;
    for (int y = b; y < h - b - dy; y++) {
      for (int x = b; x < w - b - dx; x++) {
        double u = a[y * w + x] - mean;
        c0 += u * u;
        c1 += u * (a[(y + dy) * w + x + dx] - mean);
      }
    }
    return c1 / c0;
  }

  static double interiorVariance(float[] a, int w, int h, int b) {
    double s = 0;
    double s2 = 0;
    int n = 0;
    for (int y = b; y < h - b; y++) {
      for (int x = b; x < w - b; x++) {
        s += a[y * w + x];
        s2 += (double) a[y * w + x] * a[y * w + x];
        n++;
      }
    }
    double m = s / n;
    return s2 / n - m * m;
  }

  static double interiorMean(float[] a, int w, int h, int b) {
    double s = 0;
    int n = 0;
    for (int y = b; y < h - b; y++) {
      for (int x = b; x < w - b; x++) {
        s += a[y * w + x];
        n++;
      }
    }
    return s / n;
  }

  @Test
  void whitensTheDifferenceOfASimulatedPair() {
    whitens(false);
  }

  /** phi cropped to its support at AlardLupton's tail still whitens the noise, and its variance plane stays right. */
  @Test
  void phiCroppedToItsSupportStillWhitens() {
    whitens(true);
  }

  private static void whitens(boolean crop) {
    /* Truth: stars on a flat sky; S = G_s (x) truth + noise_s, T = truth + noise_t, K = G_s exactly. */
    SplittableRandom rnd = new SplittableRandom(2016);
    float[] truth = new float[N * N];
    for (int k = 0; k < 300; k++) {
      truth[rnd.nextInt(truth.length)] += (float) (500 + 5000 * rnd.nextDouble());
    }
    float[] kernel = gaussian(KSIZE, 1.5);
    SpatialKernel k = SpatialKernel.constant(KSIZE, kernel);
    // sigma_t = 4 > sigma_s = 1: a noisy template makes the correlation of D clearly visible (lag-1 ~ 0.3).
    double sigS = 1.0;
    double sigT = 4.0;
    float[] s = Convolution.convolve(ImageF.wrap(N, N, truth.clone()), k).copyPixels();
    float[] t = truth.clone();
    for (int i = 0; i < s.length; i++) {
      s[i] += (float) (sigS * rnd.nextGaussian());
      t[i] += (float) (sigT * rnd.nextGaussian());
    }
    float[] conv = Convolution.convolve(ImageF.wrap(N, N, t), k).array();
    float[] d = new float[N * N];
    for (int i = 0; i < d.length; i++) {
      d[i] = s[i] - conv[i];
    }
    int border = KSIZE / 2 + PHI / 2 + 1;
    // Expected lag-1 correlation: sigT^2 sum G(x)G(x+1) / (sigS^2 + sigT^2 sum G^2) ~ 0.32.
    double before = autocorrelation(d, N, N, border, 1, 0);
    assertTrue(before > 0.1, "lag-1 autocorrelation before decorrelation " + before);

    /* Decorrelate and compare the noise with the reported variance plane. */
    float[] phi = Decorrelation.kernel(kernel, KSIZE, sigS * sigS, sigT * sigT, PHI);
    int phiSize = PHI;
    if (crop) {
      phiSize = Decorrelation.supportWidth(phi, PHI, AlardLupton.PHI_TAIL);
      // A noisy template gives phi wide wings: the support is smaller than the box but far from a point.
      assertTrue(phiSize > 9 && phiSize < PHI, "support width " + phiSize);
      phi = Decorrelation.crop(phi, PHI, phiSize);
    }
    double sum = 0;
    for (float v : phi) {
      sum += v;
    }
    assertEquals(1.0, sum, 1e-5);
    float[] dd = Decorrelation.apply(ImageF.wrap(N, N, d), phi, phiSize).array();
    // 512^2 pixels give a standard error of 1/sqrt(N_pix) ~ 0.002 for each autocorrelation; 0.02 is the brief's bound.
    for (int lag = 1; lag <= 2; lag++) {
      double ax = autocorrelation(dd, N, N, border, lag, 0);
      double ay = autocorrelation(dd, N, N, border, 0, lag);
      assertTrue(Math.abs(ax) < 0.02, "lag-" + lag + " x autocorrelation after " + ax);
      assertTrue(Math.abs(ay) < 0.02, "lag-" + lag + " y autocorrelation after " + ay);
    }
    ImageF vs = ImageF.filled(N, N, (float) (sigS * sigS));
    ImageF vt = ImageF.filled(N, N, (float) (sigT * sigT));
    float[] var = Decorrelation.applyToVariance(vs, vt, kernel, KSIZE, phi, phiSize).array();
    double measured = interiorVariance(dd, N, N, border);
    double reported = interiorMean(var, N, N, border);
    // Sample variance of ~190,000 nearly independent pixels: relative standard error sqrt(2/n) ~ 0.3%; bound 2%.
    assertEquals(1.0, measured / reported, 0.02, "measured " + measured + " reported " + reported);
    // The white-noise level is sigma_s^2 + kappa^2 sigma_t^2 = 17 up to the cropping of phi.
    assertEquals(17.0, reported, 17.0 * 0.02);
  }

  @Test
  void kernelIsSymmetricWithUnitSumAndDeltaForNoiselessTemplate() {
    float[] k = gaussian(25, 2.0);
    float[] phi = Decorrelation.kernel(k, 25, 2.0, 3.0, 31);
    int c = 15;
    for (int j = 0; j < 31; j++) {
      for (int i = 0; i < 31; i++) {
        // phi_hat is real and even, so phi is point-symmetric up to double round-off cast to float
        assertEquals(phi[j * 31 + i], phi[(30 - j) * 31 + (30 - i)], 1e-6f);
      }
    }
    assertTrue(phi[c * 31 + c] > 0.5f, "phi is dominated by its centre: " + phi[c * 31 + c]);
    float[] delta = Decorrelation.kernel(k, 25, 2.0, 0.0, 5);
    for (int i = 0; i < 25; i++) {
      assertEquals(i == 12 ? 1f : 0f, delta[i], 1e-6f);
    }
  }

  @Test
  void supportWidthHoldsAllButTheTailAndCropRenormalises() {
    // A quiet template (sigma_t^2 = 0.1 against 1): phi is nearly a delta and its support well inside the box.
    float[] phi = Decorrelation.kernel(gaussian(21, 1.5), 21, 1.0, 0.1, 21);
    int narrow = Decorrelation.supportWidth(phi, 21, 1e-3);
    assertTrue(narrow >= 3 && narrow <= 13, "support width " + narrow);
    // The box of that width holds all but 1e-3 of sum |phi|; the next smaller box does not.
    assertTrue(outsideFraction(phi, 21, narrow) <= 1e-3);
    assertTrue(outsideFraction(phi, 21, narrow - 2) > 1e-3);
    assertEquals(21, Decorrelation.supportWidth(phi, 21, 0.0), "no tail allowed: the whole box");
    assertTrue(Decorrelation.supportWidth(phi, 21, 1e-2) <= narrow);
    float[] delta = new float[25];
    delta[12] = 1f;
    assertEquals(1, Decorrelation.supportWidth(delta, 5, 1e-3));

    float[] c = Decorrelation.crop(phi, 21, narrow);
    double kept = 0;
    int off = (21 - narrow) / 2;
    for (int j = 0; j < narrow; j++) {
      for (int i = 0; i < narrow; i++) {
        kept += phi[(j + off) * 21 + i + off];
      }
    }
    double sum = 0;
    for (int j = 0; j < narrow; j++) {
      for (int i = 0; i < narrow; i++) {
        sum += c[j * narrow + i];
        assertEquals(phi[(j + off) * 21 + i + off] / kept, c[j * narrow + i], 1e-6);
      }
    }
    assertEquals(1.0, sum, 1e-6);
    assertThrows(IllegalArgumentException.class, () -> Decorrelation.crop(phi, 21, 23));
    assertThrows(IllegalArgumentException.class, () -> Decorrelation.crop(phi, 21, 4));
    assertThrows(IllegalArgumentException.class, () -> Decorrelation.supportWidth(phi, 21, 1.0));
  }

  /** The fraction of sum |phi| outside the centred box of width w. */
  private static double outsideFraction(float[] phi, int size, int w) {
    int off = (size - w) / 2;
    double all = 0;
    double in = 0;
    for (int j = 0; j < size; j++) {
      for (int i = 0; i < size; i++) {
        double a = Math.abs(phi[j * size + i]);
        all += a;
        if (j >= off && j < off + w && i >= off && i < off + w) {
          in += a;
        }
      }
    }
    return 1 - in / all;
  }

  @Test
  void correctedPsfIsNormalisedAndUnchangedByDelta() {
    float[] g = gaussian(31, 2.5);
    ImageF psf = ImageF.wrap(31, 31, g.clone()).withXy0(-15, -15);
    float[] delta = new float[9];
    delta[4] = 1f;
    ImageF same = Decorrelation.correctPsf(psf, delta, 3);
    for (int i = 0; i < g.length; i++) {
      assertEquals(g[i], same.array()[i], 1e-6f);
    }
    float[] phi = Decorrelation.kernel(gaussian(21, 1.5), 21, 1.0, 16.0, 21);
    ImageF corrected = Decorrelation.correctPsf(psf, phi, 21);
    double sum = 0;
    for (float v : corrected.array()) {
      sum += v;
    }
    assertEquals(1.0, sum, 1e-5);
    assertEquals(-15, corrected.x0());
    // phi sharpens (it boosts high frequencies), so the peak rises
    assertTrue(corrected.get(15, 15) > psf.get(15, 15), "peak " + corrected.get(15, 15) + " vs " + psf.get(15, 15));
  }

  @Test
  void applyKeepsNaNAsNaN() {
    float[] d = new float[64 * 64];
    d[100] = Float.NaN;
    d[2000] = 1f;
    float[] phi = Decorrelation.kernel(gaussian(9, 1.0), 9, 1.0, 1.0, 9);
    ImageF out = Decorrelation.apply(ImageF.wrap(64, 64, d), phi, 9);
    assertTrue(Float.isNaN(out.array()[100]));
    assertEquals(phi[40], out.array()[2000], 1e-6f);
  }

  @Test
  void rejectsBadArguments() {
    float[] k = gaussian(5, 1.0);
    assertThrows(IllegalArgumentException.class, () -> Decorrelation.kernel(k, 5, 0.0, 1.0, 9));
    assertThrows(IllegalArgumentException.class, () -> Decorrelation.kernel(k, 5, 1.0, Double.NaN, 9));
    assertThrows(IllegalArgumentException.class, () -> Decorrelation.kernel(k, 5, 1.0, 1.0, 8));
    assertThrows(IllegalArgumentException.class, () -> Decorrelation.kernel(k, 7, 1.0, 1.0, 9));
    assertThrows(IllegalArgumentException.class, () -> Decorrelation.applyToVariance(ImageF.zeros(4, 4),
        ImageF.zeros(4, 5), k, 5, k, 5));
  }
}
