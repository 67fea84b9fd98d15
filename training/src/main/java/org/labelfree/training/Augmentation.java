package org.labelfree.training;

import java.util.SplittableRandom;

/**
 * Seeded data augmentation of stamp batches: each sample gets one of the 8 dihedral transforms (a rotation by
 * {@code k * 90} degrees, optionally followed by a left-right flip), the same for all its channels, and optionally a
 * rotation by a uniform random angle (bilinear, zero outside the stamp). Pure Java on float arrays laid out
 * {@code (n, C, S, S)} row-major; stateless and thread-safe. The random stream of a batch comes from
 * {@link #batchRandom}, never the clock.
 */
public final class Augmentation {
  private Augmentation() {}

  /** The random generator of batch {@code batch} of epoch {@code epoch}: a pure function of the three. */
  public static SplittableRandom batchRandom(long seed, int epoch, int batch) {
    long s = seed * 0x9E3779B97F4A7C15L + epoch;
    s = s * 0xBF58476D1CE4E5B9L + batch;
    return new SplittableRandom(s);
  }

  /**
   * Augments a batch: draws a dihedral transform (and an angle, when {@code anyAngle}) per sample from {@code rng}.
   *
   * @param batch    {@code n * channels * size * size} values, not changed
   * @param anyAngle also rotate by a uniform angle in [0, 2 pi)
   * @return a new array of the augmented batch
   */
  public static float[] augment(float[] batch, int n, int channels, int size, boolean anyAngle,
      SplittableRandom rng) {
    int len = channels * size * size;
    if (batch.length != n * len) {
      throw new IllegalArgumentException("batch has " + batch.length + " values; expected n * C * S * S = "
          + n * len);
    }
    float[] out = new float[batch.length];
    float[] tmp = anyAngle ? new float[len] : null;
    for (int i = 0; i < n; i++) {
      int k = rng.nextInt(8);
      if (anyAngle) {
        double angle = rng.nextDouble() * 2 * Math.PI;
        dihedral(batch, i * len, tmp, 0, channels, size, k);
        rotate(tmp, 0, out, i * len, channels, size, angle);
      } else {
        dihedral(batch, i * len, out, i * len, channels, size, k);
      }
    }
    return out;
  }

  /**
   * Writes dihedral transform {@code k} of one stamp: {@code k & 3} rotations by 90 degrees as numpy's
   * {@code rot90} ({@code out[y][x] = in[x][S-1-y]} per rotation), then, for {@code k >= 4}, a left-right flip
   * ({@code out[y][x] = in[y][S-1-x]}). k = 0 is the identity.
   *
   * @param k transform index, 0 to 7
   */
  public static void dihedral(float[] src, int srcOff, float[] dst, int dstOff, int channels, int size, int k) {
    if (k < 0 || k > 7) {
      throw new IllegalArgumentException("k must be in [0, 7], but was " + k);
    }
    int rot = k & 3;
    boolean flip = k >= 4;
    int s1 = size - 1;
    int plane = size * size;
    for (int ch = 0; ch < channels; ch++) {
      int so = srcOff + ch * plane;
      int d0 = dstOff + ch * plane;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          /* Undo the flip, then the rotations, to find the source pixel of (y, x). */
          int xx = flip ? s1 - x : x;
          int yy = y;
          int sy;
          int sx;
          switch (rot) {
            case 0 -> { sy = yy; sx = xx; }
            case 1 -> { sy = xx; sx = s1 - yy; }
            case 2 -> { sy = s1 - yy; sx = s1 - xx; }
            default -> { sy = s1 - xx; sx = yy; }
          }
          dst[d0 + y * size + x] = src[so + sy * size + sx];
        }
      }
    }
  }

  /**
   * Writes one stamp rotated by {@code angle} radians about its centre {@code c = (S-1)/2}: output pixel
   * {@code (y, x)} is the bilinear interpolation of the input at {@code (c + sin*dx + cos*dy, c + cos*dx - sin*dy)}
   * (row, column) with {@code dx = x - c}, {@code dy = y - c}; inputs outside the stamp count as 0.
   */
  public static void rotate(float[] src, int srcOff, float[] dst, int dstOff, int channels, int size, double angle) {
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    double c = (size - 1) / 2.0;
    int plane = size * size;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        /* Inverse map: the source position of the output pixel. */
        double dx = x - c;
        double dy = y - c;
        double sx = c + cos * dx - sin * dy;
        double sy = c + sin * dx + cos * dy;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        for (int ch = 0; ch < channels; ch++) {
          int so = srcOff + ch * plane;
          double v = (1 - fx) * (1 - fy) * at(src, so, size, y0, x0) + fx * (1 - fy) * at(src, so, size, y0, x0 + 1)
              + (1 - fx) * fy * at(src, so, size, y0 + 1, x0) + fx * fy * at(src, so, size, y0 + 1, x0 + 1);
          dst[dstOff + ch * plane + y * size + x] = (float) v;
        }
      }
    }
  }

  private static float at(float[] a, int off, int size, int y, int x) {
    return y < 0 || x < 0 || y >= size || x >= size ? 0f : a[off + y * size + x];
  }
}
