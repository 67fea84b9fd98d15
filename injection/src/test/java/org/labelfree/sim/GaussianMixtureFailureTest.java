package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class GaussianMixtureFailureTest {
  private static final GaussianMixture G = GaussianMixture.gaussian(1.0);
  private static final float[] CANVAS = new float[20 * 10];

  private static void rejects(String words, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String w : words.split("\\|")) {
      assertTrue(e.getMessage().contains(w), "'" + e.getMessage() + "' should contain '" + w + "'");
    }
  }

  @Test
  void rejectsBadComponents() {
    double[] one = {1.0};
    rejects("equal lengths", () -> GaussianMixture.of(one, new double[] {1, 2}, one, one));
    rejects("amplitudes[0]|-1.0", () -> GaussianMixture.of(new double[] {-1}, one, new double[] {0}, one));
    rejects("cxx[0]|0.0", () -> GaussianMixture.of(one, new double[] {0}, new double[] {0}, one));
    rejects("cyy[0]|NaN", () -> GaussianMixture.of(one, one, new double[] {0}, new double[] {Double.NaN}));
    rejects("cxy[0]|positive definite", () -> GaussianMixture.of(one, one, one, one));
    assertThrows(NullPointerException.class, () -> GaussianMixture.of(null, one, one, one));
  }

  @Test
  void rejectsBadProfileParameters() {
    rejects("sigma|-1.0", () -> GaussianMixture.gaussian(-1));
    rejects("n (Sersic index)|0.2", () -> GaussianMixture.sersic(0.2, 1, 1, 0));
    rejects("rEff|0.0", () -> GaussianMixture.sersic(1, 0, 1, 0));
    rejects("q|1.5", () -> GaussianMixture.sersic(1, 1, 1.5, 0));
    rejects("q|0.0", () -> GaussianMixture.sersic(1, 1, 0, 0));
    rejects("theta", () -> GaussianMixture.sersic(1, 1, 1, Double.POSITIVE_INFINITY));
    rejects("fwhm", () -> GaussianMixture.moffat(Double.NaN, 3, 0, 0));
    rejects("beta|1.5", () -> GaussianMixture.moffat(3, 1.5, 0, 0));
    rejects("e1, e2", () -> GaussianMixture.moffat(3, 3, 0.8, 0.7));
    rejects("fraction|2.0", () -> G.pruned(2.0));
    rejects("radius", () -> G.enclosedFlux(-1));
  }

  @Test
  void rejectsBadDrawingArguments() {
    rejects("width and height|200", () -> G.addTo(CANVAS, 20, 11, 1, 1, 1, 0));
    rejects("x, y", () -> G.addTo(CANVAS, 20, 10, Double.NaN, 1, 1, 0));
    rejects("flux", () -> G.addTo(CANVAS, 20, 10, 1, 1, Double.POSITIVE_INFINITY, 0));
    rejects("floor|-0.1", () -> G.addTo(CANVAS, 20, 10, 1, 1, 1, -0.1));
    rejects("rowMin, rowMax|5, 4", () -> G.addTo(CANVAS, 20, 10, 1, 1, 1, 0, 5, 4));
    rejects("rowMin, rowMax|0, 11", () -> G.addTo(CANVAS, 20, 10, 1, 1, 1, 0, 0, 11));
    assertThrows(NullPointerException.class, () -> G.addTo(null, 20, 10, 1, 1, 1, 0));
  }
}
