package org.labelfree.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The Moffat renderer against analytic and brute-force integrals; kernels, moments, gradient and bad arguments. */
class MoffatPsfTest {
  private static final double[][] OFFSETS = {{0, 0}, {0.25, 0.5}, {0.5, 0.5}, {0.37, 0.81}};

  private static double alpha(double fwhm, double beta) {
    return fwhm / (2 * Math.sqrt(Math.pow(2, 1 / beta) - 1));
  }

  /** The continuous profile (unit flux) at offset (dx, dy), written out independently of the renderer. */
  private static double profile(double dx, double dy, double fwhm, double beta, double e1, double e2) {
    double g = Math.hypot(e1, e2);
    double q = (1 - g) / (1 + g);
    double th = 0.5 * Math.atan2(e2, e1);
    double u = Math.cos(th) * dx + Math.sin(th) * dy;
    double v = -Math.sin(th) * dx + Math.cos(th) * dy;
    double a = alpha(fwhm, beta);
    return (beta - 1) / (Math.PI * a * a) * Math.pow(1 + (q * u * u + v * v / q) / (a * a), -beta);
  }

  @Test
  void renderedFluxMatchesEnclosedFractionAtSubPixelOffsets() {
    /* 3 FWHM x 3 beta x 2 ellipticities x 4 offsets; radius where 99.999% of the flux is enclosed. The brief's
       tolerance is 0.1%; the renderer's pixel errors are ~1e-5 of the flux, so 1e-3 has a wide margin. */
    double worst = 0;
    for (double fwhm : new double[] {2.5, 4.5, 6.5}) {
      for (double beta : new double[] {2.5, 3.5, 4.5}) {
        double a = alpha(fwhm, beta);
        double radius = a * Math.sqrt(Math.pow(1e-5, 1 / (1 - beta)) - 1);
        assertTrue(MoffatPsf.enclosedFraction(radius, fwhm, beta) >= 0.99999 - 1e-12);
        int half = (int) Math.ceil(radius) + 2;
        int n = 2 * half + 1;
        for (double e : new double[] {0, 0.1}) {
          for (double[] off : OFFSETS) {
            float[] canvas = new float[n * n];
            double flux = 1000;
            MoffatPsf.addMoffat(canvas, n, n, half + off[0], half + off[1], flux, fwhm, beta, e * 0.6, e * 0.8,
                radius);
            double sum = 0;
            for (float v : canvas) {
              sum += v;
            }
            double expected = flux * MoffatPsf.enclosedFraction(radius, fwhm, beta);
            double rel = Math.abs(sum / expected - 1);
            worst = Math.max(worst, rel);
            assertTrue(rel < 1e-3, "fwhm " + fwhm + " beta " + beta + " e " + e + " offset " + off[0] + ","
                + off[1] + ": sum " + sum + " vs " + expected);
          }
        }
      }
    }
    assertTrue(worst < 1e-3, "worst relative flux error " + worst);
  }

  @Test
  void pixelValuesMatchBruteForceIntegration() {
    /* Reference: 64 x 64 midpoint sub-samples per pixel, itself accurate to ~1e-4 of the peak for alpha ~ 1 (the
       midpoint error beta h^2 / (6 alpha^2) with h = 1/64); the renderer is held to 3e-4 of the peak and to 3e-3
       relative on every pixel above 1e-3 of the peak (its wing tolerance is 1e-3). */
    double[][] cases = {{2.5, 3.0, 0.1, -0.05}, {1.0, 2.5, 0, 0}, {4.0, 4.5, -0.2, 0.25}};
    int n = 21;
    int sub = 64;
    for (double[] c : cases) {
      double x0 = 10.37;
      double y0 = 10.81;
      float[] canvas = new float[n * n];
      MoffatPsf.addMoffat(canvas, n, n, x0, y0, 1, c[0], c[1], c[2], c[3], Double.POSITIVE_INFINITY);
      double[] ref = new double[n * n];
      double peak = 0;
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          double s = 0;
          for (int b = 0; b < sub; b++) {
            for (int a = 0; a < sub; a++) {
              s += profile(i - 0.5 + (a + 0.5) / sub - x0, j - 0.5 + (b + 0.5) / sub - y0, c[0], c[1], c[2], c[3]);
            }
          }
          ref[j * n + i] = s / (sub * sub);
          peak = Math.max(peak, ref[j * n + i]);
        }
      }
      for (int p = 0; p < n * n; p++) {
        double d = Math.abs(canvas[p] - ref[p]);
        assertTrue(d < 3e-4 * peak, "case " + c[0] + "/" + c[1] + " pixel " + p + ": " + canvas[p] + " vs " + ref[p]);
        if (ref[p] > 1e-3 * peak) {
          assertTrue(d < 3e-3 * ref[p], "case " + c[0] + "/" + c[1] + " pixel " + p + ": " + canvas[p] + " vs "
              + ref[p]);
        }
      }
    }
  }

  @Test
  void halfMaximumIsAtHalfTheFwhm() {
    /* A wide profile (FWHM 20 px), so pixel averaging changes the centre and the half-maximum pixels by < 0.1%. */
    int n = 41;
    float[] canvas = new float[n * n];
    MoffatPsf.addMoffat(canvas, n, n, 20, 20, 1, 20, 3, 0, 0, Double.POSITIVE_INFINITY);
    double ratio = canvas[20 * n + 30] / canvas[20 * n + 20];
    assertEquals(0.5, ratio, 1e-3);
  }

  /** Per-axis second moment of a centred kernel about its middle pixel, (Mxx, Myy, Mxy). */
  private static double[] moments(ImageF k) {
    int n = k.width();
    int c = n / 2;
    double sum = 0;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        double v = k.array()[j * n + i];
        sum += v;
        xx += v * (i - c) * (i - c);
        yy += v * (j - c) * (j - c);
        xy += v * (i - c) * (j - c);
      }
    }
    return new double[] {xx / sum, yy / sum, xy / sum};
  }

  /**
   * The expected per-axis moment of a pixel-integrated circular Moffat kernel of side n: the continuous profile's
   * moment over the kernel square (8 x 8 sub-samples per pixel), plus 1/12 for the pixel window.
   */
  private static double expectedMoment(double fwhm, double beta, int n) {
    int sub = 8;
    double half = n / 2.0;
    double sum = 0;
    double m = 0;
    for (int b = 0; b < n * sub; b++) {
      double y = -half + (b + 0.5) / sub;
      for (int a = 0; a < n * sub; a++) {
        double x = -half + (a + 0.5) / sub;
        double v = profile(x, y, fwhm, beta, 0, 0);
        sum += v;
        m += v * x * x;
      }
    }
    return m / sum + 1.0 / 12;
  }

  /** The FWHM whose expected moment equals the measured one (bisection; the moment grows with the FWHM). */
  private static double fwhmFromMoment(double moment, double beta, int n, double guess) {
    double lo = guess / 2;
    double hi = guess * 2;
    for (int it = 0; it < 20; it++) {
      double mid = 0.5 * (lo + hi);
      if (expectedMoment(mid, beta, n) < moment) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  @Test
  void kernelSumsToOneAndItsMomentsGiveTheFwhmBack() {
    /* The brief asks 3%; the measured deviation is ~0.1% (quadrature and the pixel-window approximation). */
    for (double fwhm : new double[] {2.5, 4.0, 6.5}) {
      for (double beta : new double[] {2.5, 4.5}) {
        MoffatPsf psf = MoffatPsf.of(fwhm, beta);
        ImageF k = psf.kernelImage(100, 200);
        assertEquals(2 * (int) Math.ceil(3 * fwhm) + 1, k.width());
        assertEquals(-(k.width() / 2), k.x0());
        double sum = 0;
        for (float v : k.array()) {
          sum += v;
        }
        assertEquals(1, sum, 1e-6);
        double[] m = moments(k);
        double got = fwhmFromMoment(0.5 * (m[0] + m[1]), beta, k.width(), fwhm);
        assertEquals(fwhm, got, 0.03 * fwhm, "fwhm " + fwhm + " beta " + beta);
        assertEquals(fwhm / 2.354820045, psf.sigmaPix(0, 0), 1e-6);
      }
    }
  }

  @Test
  void ellipticalKernelMomentsGivePositionAngleAndAxisRatio() {
    /* beta 4.5 on a 61-pixel kernel: the truncated tail changes the moments by < 1e-4. The pixel window adds 1/12
       to Mxx and Myy, which is removed. Tolerances from the brief: 1 degree, 2% in q. */
    double[][] shears = {{0.1, 0.15}, {-0.2, 0.05}, {0.0, -0.3}};
    for (double[] e : shears) {
      MoffatPsf psf = new MoffatPsf(4.0, 4.5, e[0], e[1], 0, 0, 0, 0, 61);
      double[] m = moments(psf.kernelImage(0, 0));
      double xx = m[0] - 1.0 / 12;
      double yy = m[1] - 1.0 / 12;
      double xy = m[2];
      double theta = Math.toDegrees(0.5 * Math.atan2(2 * xy, xx - yy));
      double expectedTheta = Math.toDegrees(0.5 * Math.atan2(e[1], e[0]));
      double diff = ((theta - expectedTheta) % 180 + 270) % 180 - 90;
      assertEquals(0, diff, 1.0, "position angle for e = " + e[0] + "," + e[1]);
      double tr = xx + yy;
      double det = Math.sqrt((xx - yy) * (xx - yy) + 4 * xy * xy);
      double q = Math.sqrt((tr - det) / (tr + det));
      double g = Math.hypot(e[0], e[1]);
      assertEquals((1 - g) / (1 + g), q, 0.02 * (1 - g) / (1 + g), "axis ratio for e = " + e[0] + "," + e[1]);
    }
  }

  @Test
  void fwhmGradientIsHonoured() {
    MoffatPsf psf = new MoffatPsf(3.0, 3.5, 0, 0, 2048, 2048, 2e-4, -1e-4, 41);
    assertEquals(3.0 - 0.4096 + 0.2048, psf.fwhmAt(0, 0), 1e-12);
    assertEquals(3.0 + 0.4094 - 0.2047, psf.fwhmAt(4095, 4095), 1e-12);
    double centre = 0;
    for (double[] at : new double[][] {{0, 0}, {4095, 4095}, {2048, 2048}}) {
      double[] m = moments(psf.kernelImage(at[0], at[1]));
      double expected = psf.fwhmAt(at[0], at[1]);
      double got = fwhmFromMoment(0.5 * (m[0] + m[1]), 3.5, 41, expected);
      /* 1%: the deviation measured on constant kernels is ~0.1%; the corners differ from the centre by 7-14%. */
      assertEquals(expected, got, 0.01 * expected, "at " + at[0] + "," + at[1]);
      assertEquals(expected / 2.354820045, psf.sigmaPix(at[0], at[1]), 1e-9);
      centre = got;
    }
    assertNotEquals(psf.kernelImage(0, 0), psf.kernelImage(2048, 2048));
    assertTrue(centre > 2.97 && centre < 3.03);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> psf.kernelImage(-20000, 0));
    assertTrue(e.getMessage().contains("FWHM"), e.getMessage());
  }

  @Test
  void truncationRadiusLimitsThePixelsTouched() {
    int n = 31;
    float[] canvas = new float[n * n];
    MoffatPsf.addMoffat(canvas, n, n, 15.3, 14.6, 100, 3, 3, 0.05, 0, 5);
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        double r = Math.hypot(i - 15.3, j - 14.6);
        float v = canvas[j * n + i];
        assertTrue(r <= 5 ? v > 0 : v == 0, "pixel " + i + "," + j + " at r=" + r + " is " + v);
      }
    }
    /* A source off the canvas corner only touches the pixels within its radius, without failing. */
    float[] small = new float[8 * 6];
    MoffatPsf.addMoffat(small, 8, 6, -2, -2, 100, 3, 3, 0, 0, 4);
    assertTrue(small[0] > 0);
    assertEquals(0f, small[5 * 8 + 7]);
  }

  @Test
  void enclosedFractionAndSurfaceBrightnessRadius() {
    assertEquals(0, MoffatPsf.enclosedFraction(0, 3, 3), 0);
    assertEquals(1, MoffatPsf.enclosedFraction(Double.POSITIVE_INFINITY, 3, 3), 0);
    double a = alpha(3, 3);
    assertEquals(1 - Math.pow(1 + 4 / (a * a), -2), MoffatPsf.enclosedFraction(2, 3, 3), 1e-14);
    double r = MoffatPsf.radiusForSurfaceBrightness(1e5, 4, 3.5, 0.01);
    assertEquals(0.01, 1e5 * profile(r, 0, 4, 3.5, 0, 0), 1e-11);
    double peak = 1e5 * profile(0, 0, 4, 3.5, 0, 0);
    assertEquals(0, MoffatPsf.radiusForSurfaceBrightness(1e5, 4, 3.5, peak * 1.0001));
    assertEquals(0, MoffatPsf.radiusForSurfaceBrightness(-5, 4, 3.5, 0.01));
  }

  private static void assertRejects(String parameter, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(parameter), "message names " + parameter + ": " + e.getMessage());
  }

  @Test
  void badParametersThrowNamingTheParameter() {
    assertRejects("fwhm", () -> new MoffatPsf(0, 3, 0, 0, 0, 0, 0, 0, 11));
    assertRejects("fwhm", () -> new MoffatPsf(Double.NaN, 3, 0, 0, 0, 0, 0, 0, 11));
    assertRejects("beta", () -> new MoffatPsf(3, 1, 0, 0, 0, 0, 0, 0, 11));
    assertRejects("(e1, e2)", () -> new MoffatPsf(3, 3, 0.4, 0.3, 0, 0, 0, 0, 11));
    assertRejects("e2", () -> new MoffatPsf(3, 3, 0, Double.NaN, 0, 0, 0, 0, 11));
    assertRejects("centerX", () -> new MoffatPsf(3, 3, 0, 0, Double.NaN, 0, 0, 0, 11));
    assertRejects("fwhmGradY", () -> new MoffatPsf(3, 3, 0, 0, 0, 0, 0, Double.POSITIVE_INFINITY, 11));
    assertRejects("kernelSize", () -> new MoffatPsf(3, 3, 0, 0, 0, 0, 0, 0, 10));
    assertRejects("kernelSize", () -> new MoffatPsf(3, 3, 0, 0, 0, 0, 0, 0, 1));
    assertRejects("kernelSize", () -> new MoffatPsf(3, 3, 0, 0, 0, 0, 0, 0, 4097));
    assertRejects("fwhm", () -> MoffatPsf.of(-1, 3));
    assertRejects("fwhm", () -> MoffatPsf.of(700, 3));
    float[] c = new float[12];
    assertRejects("canvas.length", () -> MoffatPsf.addMoffat(c, 5, 3, 1, 1, 1, 3, 3, 0, 0, 5));
    assertRejects("radius", () -> MoffatPsf.addMoffat(c, 4, 3, 1, 1, 1, 3, 3, 0, 0, -1));
    assertRejects("flux", () -> MoffatPsf.addMoffat(c, 4, 3, 1, 1, Double.NaN, 3, 3, 0, 0, 5));
    assertRejects("x", () -> MoffatPsf.addMoffat(c, 4, 3, Double.NaN, 1, 1, 3, 3, 0, 0, 5));
    assertRejects("canvas", () -> MoffatPsf.addMoffat(null, 4, 3, 1, 1, 1, 3, 3, 0, 0, 5));
    assertRejects("radius", () -> MoffatPsf.enclosedFraction(-1, 3, 3));
    assertRejects("level", () -> MoffatPsf.radiusForSurfaceBrightness(1, 3, 3, 0));
  }
}
