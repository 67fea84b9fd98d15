package org.labelfree.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The windowed centroid against Gaussian sources of known centre, narrower and wider than the window (where
 * SExtractor's fixed step factor of 2 overshoots or creeps), and its errors against the scatter over noise
 * realisations.
 */
class MeasurementCentroidTest {
  static final int W = 96;

  static float[] gaussian(double xc, double yc, double sx, double sy, double flux) {
    float[] pix = new float[W * W];
    for (int y = 0; y < W; y++) {
      for (int x = 0; x < W; x++) {
        double dx = (x - xc) / sx;
        double dy = (y - yc) / sy;
        pix[y * W + x] = (float) (flux / (2 * Math.PI * sx * sy) * Math.exp(-0.5 * (dx * dx + dy * dy)));
      }
    }
    return pix;
  }

  static Measurement measurement(float[] pix, float variance) {
    float[] var = new float[pix.length];
    Arrays.fill(var, variance);
    return new Measurement(pix, var, new int[pix.length], 0, W, W);
  }

  @Test
  void findsTheCentreOfSourcesNarrowerAndWiderThanTheWindow() {
    double sigmaW = 2.0;
    /* Round and elongated sources from half to four times the window's width, off the pixel grid. */
    double[][] shapes = {{1.0, 1.0}, {2.0, 2.0}, {4.0, 4.0}, {8.0, 8.0}, {1.5, 6.0}};
    for (double[] s : shapes) {
      double xc = 47.37;
      double yc = 45.81;
      Measurement m = measurement(gaussian(xc, yc, s[0], s[1], 1e5), 1f);
      double[] first = null;
      for (double[] start : new double[][] {{47, 46}, {49, 44}, {45, 47}}) {
        double[] c = m.centroid(start[0], start[1], 1, sigmaW);
        String what = " for source sigma " + Arrays.toString(s) + " from " + Arrays.toString(start);
        assertEquals(1, c[2], "converged" + what);
        /* The window is cut at 4 sigmaW on whole pixels, so the fixed point of a source much wider than the
           window sits up to about 2e-3 px off its centre (SExtractor's XWIN has the same cut). */
        assertEquals(xc, c[0], 3e-3, "x" + what);
        assertEquals(yc, c[1], 3e-3, "y" + what);
        /* Every start reaches the same fixed point (the iteration stops at steps below 1e-4 px). */
        if (first == null) {
          first = c;
        } else {
          assertEquals(first[0], c[0], 5e-4, "same fixed point in x" + what);
          assertEquals(first[1], c[1], 5e-4, "same fixed point in y" + what);
        }
      }
    }
  }

  @Test
  void negativeSourcesAreCentredWithTheSign() {
    float[] pix = gaussian(40.6, 52.2, 2.5, 2.5, -5e4);
    double[] c = measurement(pix, 1f).centroid(41, 52, -1, 2.5);
    assertEquals(1, c[2]);
    assertEquals(40.6, c[0], 1e-3);
    assertEquals(52.2, c[1], 1e-3);
    /* With the wrong sign the weighted flux is negative: a failure at the start. */
    double[] wrong = measurement(pix, 1f).centroid(41, 52, 1, 2.5);
    assertEquals(0, wrong[2]);
    assertEquals(41, wrong[0]);
  }

  @Test
  void stepFactorIsTheGaussianNewtonStepHeldToOneToSixteen() {
    assertEquals(2, Measurement.stepFactor(4, 2), 1e-12);
    assertEquals(4.0 / 3, Measurement.stepFactor(4, 1), 1e-12);
    assertEquals(1, Measurement.stepFactor(4, -1), 1e-12);
    assertEquals(8, Measurement.stepFactor(4, 3.5), 1e-12);
    assertEquals(16, Measurement.stepFactor(4, 3.9), 1e-12);
    assertEquals(16, Measurement.stepFactor(4, 9), 1e-12);
    assertEquals(2, Measurement.stepFactor(4, Double.NaN), 1e-12);
  }

  @Test
  void errorsMatchTheScatterOverNoiseRealisations() {
    double sigma = 2.0;
    double noise = 10;
    SplittableRandom rnd = new SplittableRandom(7);
    int n = 300;
    double[] xs = new double[n];
    double sumErr = 0;
    for (int k = 0; k < n; k++) {
      float[] pix = gaussian(48.3, 47.6, sigma, sigma, 2e4);
      for (int p = 0; p < pix.length; p++) {
        pix[p] += (float) (noise * DetectAndMeasureTest.gauss(rnd));
      }
      Measurement m = measurement(pix, (float) (noise * noise));
      double[] c = m.centroid(48, 48, 1, sigma);
      assertEquals(1, c[2]);
      xs[k] = c[0];
      sumErr += m.centroidErrors(c[0], c[1], 1, sigma)[0];
    }
    double mean = Arrays.stream(xs).average().orElseThrow();
    double sd = Math.sqrt(Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
    double err = sumErr / n;
    /* 300 realisations: the sample sd is known to about 4%; allow 15%. */
    assertTrue(Math.abs(sd / err - 1) < 0.15, "scatter " + sd + " vs reported error " + err);
    assertEquals(48.3, mean, 4 * sd / Math.sqrt(n));
  }
}
