package org.labelfree.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 image with value semantics: width, height, pixels in row-major order, and an origin {@code xy0} in the
 * parent image's pixel grid, as LSST does for sub-images.
 *
 * <p>Pixel indices given to {@link #get(int, int)} are local (0-based from this image's first pixel); parent-grid
 * coordinates are local plus {@link #x0()} / {@link #y0()}. Images are immutable through this API: factories copy
 * incoming arrays, {@link #copyPixels()} copies outgoing ones. {@link #wrap} and {@link #array()} are the documented
 * zero-copy exits for hot loops: an image made by {@code wrap} owns the caller's array, and the array returned by
 * {@code array()} must be treated as read-only unless the caller made the image itself (for example with
 * {@link #copy()}) and nobody else has seen it yet. Equality compares dimensions, origin and pixel bits (so NaN
 * equals NaN). Thread-safe when not mutated through {@code array()}.
 */
public final class ImageF {
  private final int width;
  private final int height;
  private final int x0;
  private final int y0;
  private final float[] pixels;

  private ImageF(int width, int height, int x0, int y0, float[] pixels) {
    checkDimensions(width, height, pixels.length);
    this.width = width;
    this.height = height;
    this.x0 = x0;
    this.y0 = y0;
    this.pixels = pixels;
  }

  /** A {@code width x height} image of zeros with origin (0, 0). */
  public static ImageF zeros(int width, int height) {
    checkDimensions(width, height, (long) width * height);
    return new ImageF(width, height, 0, 0, new float[width * height]);
  }

  /** An image filled with one value. */
  public static ImageF filled(int width, int height, float value) {
    ImageF im = zeros(width, height);
    Arrays.fill(im.pixels, value);
    return im;
  }

  /** An image holding a copy of {@code pixels} (row-major, {@code width * height} values). */
  public static ImageF of(int width, int height, float[] pixels) {
    Objects.requireNonNull(pixels, "pixels");
    checkDimensions(width, height, pixels.length);
    return new ImageF(width, height, 0, 0, pixels.clone());
  }

  /**
   * An image that takes ownership of {@code pixels} without copying. The caller must not modify the array
   * afterwards.
   */
  public static ImageF wrap(int width, int height, float[] pixels) {
    Objects.requireNonNull(pixels, "pixels");
    return new ImageF(width, height, 0, 0, pixels);
  }

  /** This image with another origin in the parent grid; shares the pixels (both are immutable). */
  public ImageF withXy0(int x0, int y0) {
    return new ImageF(width, height, x0, y0, pixels);
  }

  /** Width in pixels. */
  public int width() {
    return width;
  }

  /** Height in pixels. */
  public int height() {
    return height;
  }

  /** Column of this image's first pixel in the parent grid. */
  public int x0() {
    return x0;
  }

  /** Row of this image's first pixel in the parent grid. */
  public int y0() {
    return y0;
  }

  /** Number of pixels. */
  public int size() {
    return pixels.length;
  }

  /** The pixel at local column {@code x}, row {@code y}; throws {@link IndexOutOfBoundsException} outside. */
  public float get(int x, int y) {
    Objects.checkIndex(x, width);
    Objects.checkIndex(y, height);
    return pixels[y * width + x];
  }

  /** A copy of the pixels, row-major. */
  public float[] copyPixels() {
    return pixels.clone();
  }

  /**
   * The backing array, zero-copy, for hot loops. Read-only unless the caller made this image (for example with
   * {@link #copy()}) and has not shared it.
   */
  public float[] array() {
    return pixels;
  }

  /** A deep copy, same origin. */
  public ImageF copy() {
    return new ImageF(width, height, x0, y0, pixels.clone());
  }

  /**
   * A copy of the box with local corner ({@code x}, {@code y}) and size {@code w x h}; its origin is this image's
   * origin plus ({@code x}, {@code y}).
   *
   * @throws IndexOutOfBoundsException if the box does not lie inside this image
   */
  public ImageF subimage(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
      throw new IndexOutOfBoundsException("box x=" + x + " y=" + y + " w=" + w + " h=" + h + " is not inside "
          + width + "x" + height);
    }
    float[] out = new float[w * h];
    for (int r = 0; r < h; r++) {
      System.arraycopy(pixels, (y + r) * width + x, out, r * w, w);
    }
    return new ImageF(w, h, x0 + x, y0 + y, out);
  }

  private static void checkDimensions(int width, int height, long length) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, but was " + width + "x" + height);
    }
    if ((long) width * height != length) {
      throw new IllegalArgumentException("image " + width + "x" + height + " needs " + ((long) width * height)
          + " pixels, but the array holds " + length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageF im && im.width == width && im.height == height && im.x0 == x0 && im.y0 == y0
        && Arrays.equals(im.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(width, height, x0, y0) * 31 + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "ImageF[" + width + "x" + height + " at (" + x0 + "," + y0 + ")]";
  }
}
