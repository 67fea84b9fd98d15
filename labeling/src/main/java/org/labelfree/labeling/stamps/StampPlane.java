package org.labelfree.labeling.stamps;

import java.util.Objects;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;

/**
 * One image plane that {@link StampCutter} cuts a channel from: a float image, optionally its mask and the mask bits
 * that make a pixel invalid (NO_DATA), and the channel name the shard records.
 *
 * <p>Holds the image and mask without copying (they are immutable through their API). Pixel positions given to the
 * cutter are in the parent grid: an image with origin {@code (x0, y0)} holds parent pixel {@code (x0 + i, y0 + j)}
 * at local {@code (i, j)}. Immutable and thread-safe.
 */
public final class StampPlane {
  private final String channelName;
  private final ImageF image;
  private final Mask mask;
  private final int badBits;

  private StampPlane(String channelName, ImageF image, Mask mask, int badBits) {
    this.channelName = Objects.requireNonNull(channelName, "channelName");
    this.image = Objects.requireNonNull(image, "image");
    if (mask != null && (mask.width() != image.width() || mask.height() != image.height()
        || mask.x0() != image.x0() || mask.y0() != image.y0())) {
      throw new IllegalArgumentException("mask of channel " + channelName + " is " + mask.width() + "x"
          + mask.height() + " at (" + mask.x0() + ", " + mask.y0() + "); expected the image's " + image.width() + "x"
          + image.height() + " at (" + image.x0() + ", " + image.y0() + ")");
    }
    this.mask = badBits == 0 ? null : mask;
    this.badBits = mask == null ? 0 : badBits;
  }

  /**
   * A plane without a mask: only NaN and infinite pixels are invalid.
   *
   * @param channelName the shard channel name, e.g. {@code difference}
   * @param image       the pixels, not null
   * @return the plane
   */
  public static StampPlane of(String channelName, ImageF image) {
    return new StampPlane(channelName, image, null, 0);
  }

  /**
   * A plane whose pixels are also invalid where {@code mask & badBits != 0}.
   *
   * @param channelName the shard channel name
   * @param image       the pixels, not null
   * @param mask        the mask on the same grid (same size and origin), or null for none
   * @param badBits     the mask bits that make a pixel invalid (0 for none)
   * @return the plane
   * @throws IllegalArgumentException if the mask is not on the image's grid
   */
  public static StampPlane of(String channelName, ImageF image, Mask mask, int badBits) {
    return new StampPlane(channelName, image, mask, badBits);
  }

  /**
   * The image of an exposure, with its NO_DATA mask plane as invalid bits (none if the mask has no such plane).
   *
   * @param channelName the shard channel name
   * @param exposure    the exposure, not null
   * @return the plane
   */
  public static StampPlane of(String channelName, Exposure exposure) {
    Mask m = exposure.mask();
    int bits = m.planes().bit("NO_DATA").isPresent() ? m.planes().bitmask("NO_DATA") : 0;
    return new StampPlane(channelName, exposure.image(), m, bits);
  }

  /** The shard channel name. */
  public String channelName() {
    return channelName;
  }

  /** The image (not copied). */
  public ImageF image() {
    return image;
  }

  /** The mask bits that make a pixel invalid; 0 when there is no mask to test. */
  public int badBits() {
    return badBits;
  }

  /** The mask bits array (zero-copy, read-only), or null when no mask is tested. */
  int[] maskArray() {
    return mask == null ? null : mask.array();
  }
}
