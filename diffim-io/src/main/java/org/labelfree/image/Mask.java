package org.labelfree.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * A 32-bit mask image with value semantics: one int per pixel, each bit a named plane of {@link #planes()}.
 *
 * <p>Same conventions as {@link ImageF}: local 0-based indices, an origin {@code xy0}, defensive copies at the edges,
 * and {@link #wrap} / {@link #array()} as documented zero-copy exits. Equality compares dimensions, origin, planes
 * and bits.
 */
public final class Mask {
  private final int width;
  private final int height;
  private final int x0;
  private final int y0;
  private final int[] bits;
  private final MaskPlanes planes;

  private Mask(int width, int height, int x0, int y0, int[] bits, MaskPlanes planes) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("mask size must be positive, but was " + width + "x" + height);
    }
    if ((long) width * height != bits.length) {
      throw new IllegalArgumentException("mask " + width + "x" + height + " needs " + ((long) width * height)
          + " pixels, but the array holds " + bits.length);
    }
    this.width = width;
    this.height = height;
    this.x0 = x0;
    this.y0 = y0;
    this.bits = bits;
    this.planes = Objects.requireNonNull(planes, "planes");
  }

  /** An empty mask (no bit set) with the default planes. */
  public static Mask zeros(int width, int height) {
    return zeros(width, height, MaskPlanes.defaults());
  }

  /** An empty mask with the given planes. */
  public static Mask zeros(int width, int height, MaskPlanes planes) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("mask size must be positive, but was " + width + "x" + height);
    }
    return new Mask(width, height, 0, 0, new int[width * height], planes);
  }

  /** A mask holding a copy of {@code bits}. */
  public static Mask of(int width, int height, int[] bits, MaskPlanes planes) {
    return new Mask(width, height, 0, 0, Objects.requireNonNull(bits, "bits").clone(), planes);
  }

  /** A mask that takes ownership of {@code bits} without copying. */
  public static Mask wrap(int width, int height, int[] bits, MaskPlanes planes) {
    return new Mask(width, height, 0, 0, Objects.requireNonNull(bits, "bits"), planes);
  }

  /** This mask with another origin; shares the bits. */
  public Mask withXy0(int x0, int y0) {
    return new Mask(width, height, x0, y0, bits, planes);
  }

  /** This mask with another plane registry; shares the bits (no bit is moved). */
  public Mask withPlanes(MaskPlanes planes) {
    return new Mask(width, height, x0, y0, bits, planes);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int x0() {
    return x0;
  }

  public int y0() {
    return y0;
  }

  /** The plane registry. */
  public MaskPlanes planes() {
    return planes;
  }

  /** The bits of the pixel at local ({@code x}, {@code y}). */
  public int get(int x, int y) {
    Objects.checkIndex(x, width);
    Objects.checkIndex(y, height);
    return bits[y * width + x];
  }

  /** True if the named plane is set at local ({@code x}, {@code y}). */
  public boolean isSet(int x, int y, String plane) {
    return (get(x, y) & planes.bitmask(plane)) != 0;
  }

  /** Number of pixels where any bit of {@code bitmask} is set. */
  public long count(int bitmask) {
    long n = 0;
    for (int b : bits) {
      if ((b & bitmask) != 0) {
        n++;
      }
    }
    return n;
  }

  /** A copy of the bits. */
  public int[] copyBits() {
    return bits.clone();
  }

  /** The backing array, zero-copy; read-only unless the caller made this mask and has not shared it. */
  public int[] array() {
    return bits;
  }

  /** A deep copy. */
  public Mask copy() {
    return new Mask(width, height, x0, y0, bits.clone(), planes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mask m && m.width == width && m.height == height && m.x0 == x0 && m.y0 == y0
        && m.planes.equals(planes) && Arrays.equals(m.bits, bits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(width, height, x0, y0, planes) * 31 + Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return "Mask[" + width + "x" + height + " at (" + x0 + "," + y0 + "), " + planes.asMap().size() + " planes]";
  }
}
