package org.labelfree.training;

import java.util.SplittableRandom;

/** A separable toy problem: a centred Gaussian blob (label 1) versus a dipole or plain noise (label 0). */
final class ToyStamps {
  private ToyStamps() {}

  /** {@code n} 1x{@code size}x{@code size} stamps, alternating labels 1, 0, values about 0.5 +- 0.4. */
  static StampData make(int n, int size, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int len = size * size;
    float[] px = new float[n * len];
    byte[] labels = new byte[n];
    int[] rows = new int[n];
    double c = (size - 1) / 2.0;
    for (int i = 0; i < n; i++) {
      rows[i] = i;
      labels[i] = (byte) (i % 2 == 0 ? 1 : 0);
      double amp = 0.25 + 0.15 * rng.nextDouble();
      double sigma = 1.5 + rng.nextDouble();
      double cx = c + rng.nextDouble(-1, 1);
      double cy = c + rng.nextDouble(-1, 1);
      int kind = labels[i] == 1 ? 0 : 1 + rng.nextInt(2);
      double angle = rng.nextDouble() * 2 * Math.PI;
      double sep = 2.5;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double v = 0.5 + 0.05 * rng.nextGaussian();
          if (kind == 0) {
            v += amp * g(x - cx, y - cy, sigma);
          } else if (kind == 1) {
            double dx = sep * Math.cos(angle);
            double dy = sep * Math.sin(angle);
            v += amp * (g(x - cx - dx, y - cy - dy, sigma) - g(x - cx + dx, y - cy + dy, sigma));
          }
          px[i * len + y * size + x] = (float) v;
        }
      }
    }
    return new StampData(px, n, 1, size, labels, rows);
  }

  private static double g(double dx, double dy, double s) {
    return Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
  }

  /** The fraction of stamps whose predicted class (score >= 0.5) is their label. */
  static double accuracy(RealBogusModel m, StampData d) {
    float[] s = m.predict(d.pixels(), d.n()).scores(1.0);
    int ok = 0;
    for (int i = 0; i < d.n(); i++) {
      if ((s[i] >= 0.5f ? 1 : 0) == d.label(i)) {
        ok++;
      }
    }
    return ok / (double) d.n();
  }

  /** The fraction of label-1 stamps scored >= 0.5. */
  static double sensitivity(RealBogusModel m, StampData d) {
    float[] s = m.predict(d.pixels(), d.n()).scores(1.0);
    int p = 0;
    int tp = 0;
    for (int i = 0; i < d.n(); i++) {
      if (d.label(i) == 1) {
        p++;
        if (s[i] >= 0.5f) {
          tp++;
        }
      }
    }
    return tp / (double) p;
  }
}
