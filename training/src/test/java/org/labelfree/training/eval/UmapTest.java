package org.labelfree.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UmapTest {

  /** Two Gaussian clusters in 32-D, 200 points each, unit spread, centres 8 apart along one axis; rows interleaved. */
  static float[] twoClusters(int perCluster, int dim, long seed, byte[] labelOut) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[2 * perCluster * dim];
    for (int i = 0; i < 2 * perCluster; i++) {
      int cluster = i % 2;
      labelOut[i] = (byte) cluster;
      for (int f = 0; f < dim; f++) {
        x[i * dim + f] = (float) (TemperatureScalingTest.gaussian(rng) + (f == 0 ? 8 * cluster : 0));
      }
    }
    return x;
  }

  @Test
  void curveParametersMatchUmapLearn() {
    /* umap-learn's find_ab_params (scipy curve_fit on the same 300 points) gives these; LM converges to the same
       least-squares optimum, to well within 1e-3. */
    double[] ab = Umap.curveParameters(0.1, 1.0);
    assertEquals(1.57694346, ab[0], 1e-3);
    assertEquals(0.89506088, ab[1], 1e-3);
    ab = Umap.curveParameters(0.5, 1.0);
    assertEquals(0.58303002, ab[0], 1e-3);
    assertEquals(1.33416699, ab[1], 1e-3);
  }

  @Test
  void wellSeparatedClustersStaySeparated() {
    int dim = 32;
    byte[] label = new byte[400];
    float[] x = twoClusters(200, dim, 7, label);
    float[] y = Umap.embed(x, 400, dim, UmapConfig.defaults());
    assertEquals(800, y.length);
    /* Leave-one-out 5-NN classification in the embedding. */
    int correct = 0;
    for (int i = 0; i < 400; i++) {
      double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
      int[] who = new int[5];
      for (int j = 0; j < 400; j++) {
        if (j == i) {
          continue;
        }
        double d = Math.hypot(y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1]);
        int p = 4;
        if (d >= best[p]) {
          continue;
        }
        while (p > 0 && best[p - 1] > d) {
          best[p] = best[p - 1];
          who[p] = who[p - 1];
          p--;
        }
        best[p] = d;
        who[p] = j;
      }
      int votes = 0;
      for (int w : who) {
        votes += label[w];
      }
      correct += (votes >= 3 ? 1 : 0) == label[i] ? 1 : 0;
    }
    double accuracy = correct / 400.0;
    assertTrue(accuracy >= 0.98, "5-NN accuracy in the embedding " + accuracy);
    /* Centroids far apart compared with the clusters' own spread. */
    double[] c0 = new double[2];
    double[] c1 = new double[2];
    for (int i = 0; i < 400; i++) {
      double[] c = label[i] == 0 ? c0 : c1;
      c[0] += y[2 * i] / 200;
      c[1] += y[2 * i + 1] / 200;
    }
    double spread = 0;
    for (int i = 0; i < 400; i++) {
      double[] c = label[i] == 0 ? c0 : c1;
      spread += Math.hypot(y[2 * i] - c[0], y[2 * i + 1] - c[1]) / 400;
    }
    double separation = Math.hypot(c0[0] - c1[0], c0[1] - c1[1]);
    assertTrue(separation > 3 * spread, "centroid distance " + separation + ", mean radius " + spread);
  }

  @Test
  void sameSeedSameOutputOtherSeedOtherOutput() {
    byte[] label = new byte[120];
    float[] x = twoClusters(60, 8, 3, label);
    UmapConfig c = new UmapConfig(10, 0.1, 100, 5, 5000);
    float[] a = Umap.embed(x, 120, 8, c);
    float[] b = Umap.embed(x, 120, 8, c);
    assertArrayEquals(a, b);
    float[] other = Umap.embed(x, 120, 8, new UmapConfig(10, 0.1, 100, 6, 5000));
    assertFalse(java.util.Arrays.equals(a, other));
  }

  @Test
  void fewerPointsThanNeighboursUseAllOfThem() {
    byte[] label = new byte[10];
    float[] x = twoClusters(5, 4, 11, label);
    float[] y = Umap.embed(x, 10, 4, UmapConfig.defaults());
    assertEquals(20, y.length);
    for (float v : y) {
      assertTrue(Float.isFinite(v));
    }
    float[] two = Umap.embed(new float[] {0, 0, 1, 1}, 2, 2, UmapConfig.defaults());
    assertEquals(4, two.length);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Umap.embed(new float[] {0, 0}, 1, 2, UmapConfig.defaults()));
    assertTrue(e.getMessage().contains("at least 2 points"), e.getMessage());
  }

  @Test
  void aboveMaxPointsASeededSubsetIsEmbedded() {
    byte[] label = new byte[100];
    float[] x = twoClusters(50, 4, 13, label);
    UmapConfig c = new UmapConfig(5, 0.1, 20, 9, 30);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Umap.embed(x, 100, 4, c));
    assertTrue(e.getMessage().contains("maxPoints 30"), e.getMessage());
    UmapEmbedding a = Umap.embedSubset(x, 100, 4, c);
    assertEquals(30, a.size());
    assertEquals(100, a.totalPoints());
    assertTrue(a.subsampled());
    int[] rows = a.rows();
    for (int k = 1; k < rows.length; k++) {
      assertTrue(rows[k] > rows[k - 1], "rows ascending and distinct");
    }
    UmapEmbedding b = Umap.embedSubset(x, 100, 4, c);
    assertArrayEquals(a.rows(), b.rows());
    assertArrayEquals(a.xy(), b.xy());
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Umap.embed(new float[] {0, Float.NaN, 1, 1}, 2, 2, UmapConfig.defaults()));
    assertTrue(e.getMessage().contains("x[1] (point 0, feature 1)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new UmapConfig(1, 0.1, 200, 1, 5000));
    assertTrue(e.getMessage().contains("nNeighbors must be >= 2, but was 1"), e.getMessage());
  }
}
