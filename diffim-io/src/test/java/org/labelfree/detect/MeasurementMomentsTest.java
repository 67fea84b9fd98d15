package org.labelfree.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Adaptive moments (with their Anderson-accelerated iteration) against what they must be: the covariance of an
 * elliptical Gaussian source, and, for non-Gaussian sources, a fixed point of the defining equations checked by a
 * plain sum written here: the weight W equals twice the W-weighted second moments, centred on the W-weighted mean.
 */
class MeasurementMomentsTest {
  static final int W = 128;

  /** An elliptical profile at (xc, yc): Gaussian (beta 0) or Moffat of index beta, axes sa, sb, angle theta. */
  static float[] source(double xc, double yc, double sa, double sb, double theta, double beta, double flux) {
    float[] pix = new float[W * W];
    double c = Math.cos(theta);
    double s = Math.sin(theta);
    for (int y = 0; y < W; y++) {
      for (int x = 0; x < W; x++) {
        double u = ((x - xc) * c + (y - yc) * s) / sa;
        double v = (-(x - xc) * s + (y - yc) * c) / sb;
        double r2 = u * u + v * v;
        double p = beta == 0 ? Math.exp(-0.5 * r2) : Math.pow(1 + r2, -beta);
        pix[y * W + x] = (float) (flux * p);
      }
    }
    return pix;
  }

  static Measurement measurement(float[] pix) {
    float[] var = new float[pix.length];
    Arrays.fill(var, 1f);
    return new Measurement(pix, var, new int[pix.length], 0, W, W);
  }

  @Test
  void gaussianSourcesGiveTheirCovariance() {
    /* Round, elongated and rotated Gaussians, narrower and wider than the starting weight, off the pixel grid. */
    double[][] shapes = {{1.5, 1.5, 0}, {3.0, 1.5, 0.5}, {2.0, 6.0, -1.1}, {8.0, 8.0, 0}, {5.0, 2.5, 2.0}};
    for (double[] sh : shapes) {
      double xc = 63.3;
      double yc = 64.7;
      float[] pix = source(xc, yc, sh[0], sh[1], sh[2], 0, 1000);
      double[] mo = measurement(pix).adaptiveMoments(64, 64, 1, 2.0);
      assertEquals(1.0, mo[5], "converged for " + Arrays.toString(sh));
      double c = Math.cos(sh[2]);
      double s = Math.sin(sh[2]);
      double va = sh[0] * sh[0];
      double vb = sh[1] * sh[1];
      /* The sampled profile's covariance carries the pixel's own 1/12 less than the continuous one's at most. */
      double txx = va * c * c + vb * s * s;
      double tyy = va * s * s + vb * c * c;
      double txy = (va - vb) * c * s;
      double scale = va + vb;
      assertEquals(txx, mo[0], 0.01 * scale, "ixx for " + Arrays.toString(sh));
      assertEquals(tyy, mo[1], 0.01 * scale, "iyy for " + Arrays.toString(sh));
      assertEquals(txy, mo[2], 0.01 * scale, "ixy for " + Arrays.toString(sh));
      assertEquals(xc, mo[3], 1e-3, "x for " + Arrays.toString(sh));
      assertEquals(yc, mo[4], 1e-3, "y for " + Arrays.toString(sh));
    }
  }

  @Test
  void moffatSourcesGiveAFixedPointOfTheDefiningEquations() {
    SplittableRandom rnd = new SplittableRandom(5);
    double[][] shapes = {{2.0, 2.0, 0, 2.5}, {3.0, 1.6, 0.7, 3.0}, {5.0, 2.0, -0.4, 1.8}, {2.5, 2.0, 1.3, 4.0}};
    for (double[] sh : shapes) {
      double xc = 64 + rnd.nextDouble(-0.5, 0.5);
      double yc = 64 + rnd.nextDouble(-0.5, 0.5);
      float[] pix = source(xc, yc, sh[0], sh[1], sh[2], sh[3], 1000);
      double[] mo = measurement(pix).adaptiveMoments(64, 64, 1, 2.0);
      assertEquals(1.0, mo[5], "converged for " + Arrays.toString(sh));
      double[] q = weightedMoments(pix, mo);
      double t = mo[0] + mo[1];
      /* W = 2 q: the size within 1e-3, each component within 1e-3 of the size (the iteration stops at changes of
         1e-4 in size and 1e-5 in ellipticity per step; a step's change is a fraction of the distance left). */
      assertEquals(1.0, 2 * (q[0] + q[1]) / t, 1e-3, "size fixed point for " + Arrays.toString(sh));
      assertEquals(mo[0], 2 * q[0], 1e-3 * t, "ixx fixed point for " + Arrays.toString(sh));
      assertEquals(mo[1], 2 * q[1], 1e-3 * t, "iyy fixed point for " + Arrays.toString(sh));
      assertEquals(mo[2], 2 * q[2], 1e-3 * t, "ixy fixed point for " + Arrays.toString(sh));
      /* Centred: the weighted mean offset within 2e-3 pixels. */
      assertTrue(Math.hypot(q[3], q[4]) < 2e-3, "weighted mean offset " + q[3] + ", " + q[4]);
    }
  }

  @Test
  void noisySourcesConvergeNearTheNoiseFreeMoments() {
    SplittableRandom rnd = new SplittableRandom(11);
    float[] clean = source(64.2, 63.6, 3.0, 1.8, 0.6, 2.5, 400);
    double[] ref = measurement(clean).adaptiveMoments(64, 64, 1, 2.0);
    int converged = 0;
    double[] ratio = new double[40];
    for (int k = 0; k < ratio.length; k++) {
      float[] pix = clean.clone();
      for (int p = 0; p < pix.length; p++) {
        pix[p] += (float) gauss(rnd);
      }
      double[] mo = measurement(pix).adaptiveMoments(64, 64, 1, 2.0);
      if (mo[5] == 1) {
        ratio[converged++] = (mo[0] + mo[1]) / (ref[0] + ref[1]);
      }
    }
    assertEquals(ratio.length, converged, "every noise realisation converges");
    Arrays.sort(ratio);
    /* A bright source (S/N ~ 300): the size within 2% of the noise-free one in the median. */
    assertEquals(1.0, ratio[ratio.length / 2], 0.02, "median size ratio");
  }

  /** {qxx, qyy, qxy, mx, my}: the second moments and mean offset under the Gaussian weight of {@code mo}. */
  static double[] weightedMoments(float[] pix, double[] mo) {
    double det = mo[0] * mo[1] - mo[2] * mo[2];
    double ia = mo[1] / det;
    double ib = -mo[2] / det;
    double ic = mo[0] / det;
    double s0 = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int y = 0; y < W; y++) {
      for (int x = 0; x < W; x++) {
        double dx = x - mo[3];
        double dy = y - mo[4];
        double wt = Math.exp(-0.5 * (ia * dx * dx + 2 * ib * dx * dy + ic * dy * dy)) * pix[y * W + x];
        s0 += wt;
        sx += wt * dx;
        sy += wt * dy;
        sxx += wt * dx * dx;
        syy += wt * dy * dy;
        sxy += wt * dx * dy;
      }
    }
    double mx = sx / s0;
    double my = sy / s0;
    return new double[] {sxx / s0 - mx * mx, syy / s0 - my * my, sxy / s0 - mx * my, mx, my};
  }

  static double gauss(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
