package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labelfree.image.MaskPlanes;

class NoiseTest {
  private static final int SAT = MaskPlanes.defaults().bitmask("SAT");
  private static final int N = 1000;

  @ParameterizedTest
  @ValueSource(doubles = {5, 100, 1e4})
  void photonNoiseIsPoisson(double lambda) {
    float[] e = new float[N * N];
    Arrays.fill(e, (float) lambda);
    Noise.addPhotonNoise(e, N, N, 17);
    double sum = 0;
    double chi2 = 0;
    for (float v : e) {
      assertEquals(Math.rint(v), v, 0, "electrons are integers");
      sum += v;
      chi2 += (v - lambda) * (v - lambda) / lambda;
    }
    double n = e.length;
    // mean((x-l)^2/l) has a scatter of sqrt((2 + 1/l) / 1e6) <= 0.0015; 0.01 is the brief's tolerance (> 6 sigma).
    assertEquals(1, chi2 / n, 0.01, "normalised variance at lambda " + lambda);
    // The mean has a standard error sqrt(l / 1e6): 3 sigma.
    assertEquals(lambda, sum / n, 3 * Math.sqrt(lambda / n), "mean at lambda " + lambda);
  }

  @Test
  void smallMeansAreExactPoisson() {
    float[] e = new float[N * N];
    Arrays.fill(e, 5f);
    Noise.addPhotonNoise(e, N, N, 3);
    long zeros = 0;
    for (float v : e) {
      if (v == 0) {
        zeros++;
      }
    }
    // P(0) = exp(-5) = 0.00674; binomial standard error sqrt(p / 1e6) = 8.2e-5: 4 sigma. A Gaussian
    // approximation would give ~0.013 here.
    double p0 = Math.exp(-5);
    assertEquals(p0, zeros / (double) e.length, 4 * Math.sqrt(p0 / e.length));
  }

  @Test
  void readNoiseVarianceInAdu() {
    double gain = 1.7;
    double rn = 4.5;
    float[] e = new float[N * N];
    int[] mask = new int[N * N];
    Noise.readout(e, mask, N, N, gain, rn, 65535, 99);
    double s = 0;
    double s2 = 0;
    for (float v : e) {
      s += v;
      s2 += (double) v * v;
    }
    double mean = s / e.length;
    double var = s2 / e.length - mean * mean;
    double expected = (rn / gain) * (rn / gain);
    // The sample variance of 1e6 Gaussian values has relative scatter sqrt(2/1e6) = 0.14%: 1% is 7 sigma.
    assertEquals(expected, var, 0.01 * expected);
    assertEquals(0, mean, 4 * rn / gain / Math.sqrt(e.length));
    assertTrue(Arrays.stream(mask).allMatch(m -> m == 0), "no SAT for zero signal");
  }

  @Test
  void adcCeilingSetsSat() {
    int w = 40;
    int h = 30;
    float[] e = new float[w * h];
    Arrays.fill(e, 1000f);
    e[5] = 2e6f;
    e[w * 20 + 7] = 150_000f;
    int[] mask = new int[w * h];
    double gain = 2;
    double ceiling = 60_000;
    Noise.readout(e, mask, w, h, gain, 5, ceiling, 1);
    for (int i = 0; i < e.length; i++) {
      boolean saturated = i == 5 || i == w * 20 + 7;
      assertEquals(saturated, (mask[i] & SAT) != 0, "SAT at pixel " + i);
      if (saturated) {
        assertEquals(ceiling, e[i], 0, "clamped at the ceiling");
      } else {
        // 1000 e- / 2 = 500 ADU; read noise 2.5 ADU rms: 8 sigma.
        assertEquals(500, e[i], 20);
      }
    }
  }

  @Test
  void varianceFormulaIsExact() {
    float[] adu = {-12.5f, 0f, 3.25f, 1000f, 45_000.75f, -0.001f};
    double gain = 1.3;
    double rn = 6;
    float[] v = Noise.variance(adu, 3, 2, gain, rn);
    for (int i = 0; i < adu.length; i++) {
      double expected = Math.max(adu[i], 0) / gain + (rn / gain) * (rn / gain);
      assertEquals((float) expected, v[i], Math.ulp((float) expected), "pixel " + i);
    }
  }

  @Test
  void resultDoesNotDependOnThreadCount() throws Exception {
    int w = 300;
    int h = 700;
    float[] base = new float[w * h];
    for (int i = 0; i < base.length; i++) {
      base[i] = (float) (i % 97 * 3.7 + (i % 5 == 0 ? 200 : 0));
    }
    float[] one = run(new ForkJoinPool(1), base, w, h);
    float[] four = run(new ForkJoinPool(4), base, w, h);
    float[] common = run(ForkJoinPool.commonPool(), base, w, h);
    assertArrayEquals(one, four);
    assertArrayEquals(one, common);
  }

  private static float[] run(ForkJoinPool pool, float[] base, int w, int h) throws Exception {
    float[] e = base.clone();
    int[] mask = new int[e.length];
    float[] variance = pool.submit(() -> {
      Noise.addPhotonNoise(e, w, h, 5);
      Noise.readout(e, mask, w, h, 1.5, 5, 60_000, 6);
      return Noise.variance(e, w, h, 1.5, 5);
    }).get();
    if (pool != ForkJoinPool.commonPool()) {
      pool.shutdown();
    }
    float[] both = Arrays.copyOf(e, 2 * e.length);
    System.arraycopy(variance, 0, both, e.length, e.length);
    return both;
  }

  @Test
  void seedsMatter() {
    float[] a = new float[100 * 100];
    Arrays.fill(a, 50f);
    float[] b = a.clone();
    Noise.addPhotonNoise(a, 100, 100, 1);
    Noise.addPhotonNoise(b, 100, 100, 2);
    assertTrue(!Arrays.equals(a, b));
  }
}
