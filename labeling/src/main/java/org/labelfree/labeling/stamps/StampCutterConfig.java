package org.labelfree.labeling.stamps;

import java.util.Objects;

/**
 * How {@link StampCutter} cuts stamps.
 *
 * @param size          stamp height and width (pixels, 2 to 1024; default 30)
 * @param normalisation per-stamp, per-channel scaling (default {@link StampNormalisation#MINMAX})
 * @param maskChannel   append a channel that is 1 where any channel's pixel was replaced (NaN, NO_DATA) or padded
 *                      (outside the image), else 0 (default false)
 */
public record StampCutterConfig(int size, StampNormalisation normalisation, boolean maskChannel) {
  /** Validates; throws {@link IllegalArgumentException} naming the parameter, its value and the valid range. */
  public StampCutterConfig {
    if (size < 2 || size > 1024) {
      throw new IllegalArgumentException("size is " + size + "; expected 2 to 1024 pixels");
    }
    Objects.requireNonNull(normalisation, "normalisation");
  }

  /** 30x30 stamps, minmax, no mask channel. */
  public static StampCutterConfig defaults() {
    return new StampCutterConfig(30, StampNormalisation.MINMAX, false);
  }
}
