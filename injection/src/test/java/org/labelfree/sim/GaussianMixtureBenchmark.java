package org.labelfree.sim;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * A rough single-thread timing of galaxy drawing (not a test, no JMH): 30,000 Sersic galaxies (n in [0.5, 4],
 * rEff 0.5-5 px, q in [0.3, 1], flux log-uniform in 10..1e5) convolved with a Moffat (FWHM 4 px, beta 3), drawn
 * with floor 0.5 on a 4096 x 4096 canvas; the timed loop builds each mixture and draws it. Arguments (optional):
 * floor, the convolve() merge tolerance, and "sorted" to draw the galaxies in order of row (as a renderer working
 * in row bands would) and the canvas size (default 4096). Run with
 * {@code java -cp injection/target/classes:injection/target/test-classes org.labelfree.sim.GaussianMixtureBenchmark}.
 */
public final class GaussianMixtureBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private GaussianMixtureBenchmark() {
  }

  /** Prints CPU ns per galaxy, best of five rounds. */
  public static void main(String[] args) {
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 4096;
    int count = 30_000;
    double floor = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
    double merge = args.length > 1 ? Double.parseDouble(args[1]) : 0.0;
    boolean sorted = args.length > 2 && args[2].equals("sorted");
    float[] canvas = new float[size * size];
    GaussianMixture psf = GaussianMixture.moffat(4.0, 3.0, 0.02, -0.01);
    double best = Double.POSITIVE_INFINITY;
    long components = 0;
    for (int round = 0; round < 5; round++) {
      SplittableRandom rng = Seeds.rng(7, round);
      double[][] p = new double[count][];
      for (int i = 0; i < count; i++) {
        p[i] = new double[] {rng.nextDouble(0.5, 4.0), rng.nextDouble(0.5, 5.0), rng.nextDouble(0.3, 1.0),
            rng.nextDouble(0, Math.PI), Math.pow(10, rng.nextDouble(1, 5)), rng.nextDouble(0, size),
            rng.nextDouble(0, size)};
      }
      if (sorted) {
        Arrays.sort(p, Comparator.comparingDouble(g -> g[6]));
      }
      Arrays.fill(canvas, 0f);
      components = 0;
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (double[] g : p) {
        GaussianMixture m = GaussianMixture.sersic(g[0], g[1], g[2], g[3]).convolve(psf, merge);
        components += m.size();
        m.addTo(canvas, size, size, g[5], g[6], g[4], floor);
      }
      long t1 = THREADS.getCurrentThreadCpuTime();
      best = Math.min(best, (t1 - t0) / (double) count);
    }
    System.out.printf("floor %.3g merge %.3g%s: %.0f CPU ns per galaxy (best of 5), %.1f components per galaxy%n",
        floor, merge, sorted ? " sorted" : "", best, components / (double) count);
  }
}
