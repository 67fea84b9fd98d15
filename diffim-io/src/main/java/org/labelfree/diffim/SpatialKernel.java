package org.labelfree.diffim;

import java.util.Arrays;
import java.util.Objects;

/**
 * A convolution kernel that varies linearly in the terms of a spatial polynomial:
 * {@code K(i, j; x, y) = sum_s P_s(x, y) * C_s(i, j)}, where {@code P_s} are the terms of {@link #spatial()} and
 * {@code C_s} the component images. A kernel is {@code size x size} pixels ({@code size} odd), indexed
 * {@code C_s[(j + r) * size + (i + r)]} for offsets {@code i, j} in {@code [-r, r]}, {@code r = size / 2}.
 *
 * <p>Convention: convolving image T gives {@code (K (x) T)(x, y) = sum_{i,j} K(i, j; x, y) T(x - i, y - j)}, so a
 * kernel whose only non-zero value is at offset (1, 0) shifts the image by +1 pixel in x.
 *
 * <p>Immutable: the component arrays are copied in and never exposed. Thread-safe.
 */
public final class SpatialKernel {
  private final int size;
  private final SpatialPolynomial spatial;
  private final float[][] components;

  /**
   * @param size       kernel width and height in pixels: odd, 1 to 101
   * @param spatial    the spatial polynomial; its term count must equal {@code components.length}
   * @param components one {@code size * size} image per spatial term (copied)
   * @throws IllegalArgumentException if the sizes disagree
   */
  public SpatialKernel(int size, SpatialPolynomial spatial, float[][] components) {
    if (size < 1 || size > 101 || size % 2 == 0) {
      throw new IllegalArgumentException("size is " + size + "; expected an odd number from 1 to 101");
    }
    this.spatial = Objects.requireNonNull(spatial, "spatial");
    if (components.length != spatial.termCount()) {
      throw new IllegalArgumentException("components has " + components.length + " images; expected "
          + spatial.termCount() + " (the spatial terms of order " + spatial.order() + ")");
    }
    this.size = size;
    this.components = new float[components.length][];
    for (int s = 0; s < components.length; s++) {
      if (components[s].length != size * size) {
        throw new IllegalArgumentException("components[" + s + "] has " + components[s].length + " values; expected "
            + size * size);
      }
      this.components[s] = components[s].clone();
    }
  }

  /** A kernel that does not vary across the image (spatial order 0 over a 1 x 1 box). */
  public static SpatialKernel constant(int size, float[] kernel) {
    return new SpatialKernel(size, new SpatialPolynomial(0, 0, 0, 1, 1), new float[][] {kernel});
  }

  /** Kernel width and height in pixels (odd). */
  public int size() {
    return size;
  }

  /** Half width, {@code size / 2}. */
  public int radius() {
    return size / 2;
  }

  /** The spatial polynomial whose terms weight the components. */
  public SpatialPolynomial spatial() {
    return spatial;
  }

  /** The number of components (spatial terms). */
  public int componentCount() {
    return components.length;
  }

  /** A copy of component {@code s}, {@code size * size} values. */
  public float[] component(int s) {
    return components[s].clone();
  }

  /** The kernel at parent pixel (x, y): a new {@code size * size} array. */
  public float[] kernelAt(double x, double y) {
    double[] t = new double[components.length];
    spatial.terms(x, y, t);
    double[] acc = new double[size * size];
    for (int s = 0; s < components.length; s++) {
      float[] c = components[s];
      for (int k = 0; k < acc.length; k++) {
        acc[k] += t[s] * c[k];
      }
    }
    float[] out = new float[acc.length];
    for (int k = 0; k < acc.length; k++) {
      out[k] = (float) acc[k];
    }
    return out;
  }

  /** The sum of the kernel at parent pixel (x, y) (the photometric scaling there). */
  public double sumAt(double x, double y) {
    double[] t = new double[components.length];
    spatial.terms(x, y, t);
    double s = 0;
    for (int c = 0; c < components.length; c++) {
      double cs = 0;
      for (float f : components[c]) {
        cs += f;
      }
      s += t[c] * cs;
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpatialKernel k && k.size == size && k.spatial.equals(spatial)
        && Arrays.deepEquals(k.components, components);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(size, spatial) + Arrays.deepHashCode(components);
  }

  @Override
  public String toString() {
    return "SpatialKernel[size=" + size + ", spatial=" + spatial + "]";
  }
}
