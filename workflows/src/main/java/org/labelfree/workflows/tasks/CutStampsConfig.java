package org.labelfree.workflows.tasks;

import java.util.List;
import java.util.Objects;
import org.labelfree.labeling.stamps.StampChannel;
import org.labelfree.labeling.stamps.StampCutterConfig;
import org.labelfree.labeling.stamps.StampNormalisation;

/**
 * Configuration of {@link CutStampsTask}.
 *
 * @param size          stamp height and width (pixels, 2 to 1024; default 30). Even sizes put the source's pixel at
 *                      stamp pixel (size/2, size/2), the lower-right of the central four (see StampCutter)
 * @param channels      image channels, comma-separated, in order: {@code diff} (default) or {@code sci,tmpl,diff}
 *                      (any order or subset of sci, tmpl, diff); {@code sci} is {@code injected_calexp},
 *                      {@code tmpl} {@code warped_template}, {@code diff} {@code difference_image}
 * @param normalisation per-stamp scaling: {@code minmax} (default, [0, 1]), {@code zscale} ([0, 1]), {@code asinh}
 *                      (asinh(v / (3 sigma))) or {@code none}; see StampNormalisation for the ranges
 * @param maskChannel   append a {@code mask} channel, 1 where a pixel was NaN, NO_DATA or outside the image, else 0
 *                      (default false)
 */
public record CutStampsConfig(int size, String channels, StampNormalisation normalisation, boolean maskChannel) {
  /** Validates; throws {@link IllegalArgumentException} naming the parameter, its value and the valid range. */
  public CutStampsConfig {
    if (size < 2 || size > 1024) {
      throw new IllegalArgumentException("size is " + size + "; expected 2 to 1024 pixels");
    }
    StampChannel.parseList(channels);
    if (normalisation == null) {
      throw new IllegalArgumentException("normalisation must be minmax, zscale, asinh or none, but was null");
    }
  }

  /** 30x30 difference stamps, minmax, no mask channel. */
  public static CutStampsConfig defaults() {
    return new CutStampsConfig(30, "diff", StampNormalisation.MINMAX, false);
  }

  /** The channels in order. */
  public List<StampChannel> channelList() {
    return StampChannel.parseList(channels);
  }

  /** The cutter settings these values give. */
  StampCutterConfig cutter() {
    return new StampCutterConfig(size, Objects.requireNonNull(normalisation), maskChannel);
  }
}
