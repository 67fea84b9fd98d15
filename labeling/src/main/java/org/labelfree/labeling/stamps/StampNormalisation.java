package org.labelfree.labeling.stamps;

import java.util.Locale;

/**
 * How {@link StampCutter} scales each channel of each stamp. Statistics use only the stamp's valid pixels: pixels
 * that were NaN, infinite, NO_DATA or outside the image are excluded and are 0 in the output, whatever the
 * normalisation. The mask channel is never normalised.
 */
public enum StampNormalisation {
  /**
   * Per stamp and channel to [0, 1]: {@code (v - min) / (max - min)} over the valid pixels (the paper's normalised
   * grayscale; the default). A constant channel, or one without valid pixels, becomes all 0. Range: [0, 1].
   */
  MINMAX,
  /**
   * IRAF's zscale limits {@code z1, z2} per stamp and channel (as astropy's {@code ZScaleInterval}: contrast 0.25,
   * 2.5-sigma line-fit rejection, at most 5 iterations, at most half the pixels rejected), then
   * {@code (v - z1) / (z2 - z1)} clipped to [0, 1]. {@code z2 <= z1} gives all 0. Range: [0, 1].
   */
  ZSCALE,
  /**
   * {@code asinh(v / (k sigma))} with {@code k = }{@value StampCutter#ASINH_K} and {@code sigma} the per-stamp,
   * per-channel robust noise {@code 1.4826 MAD} of the valid pixels about their median (if the MAD is 0, the RMS
   * about the median; if that is 0 too, the channel becomes all 0). No background is subtracted (difference images
   * have none). Odd and monotone: about linear within +-k sigma (+-k sigma maps to +-0.881), logarithmic beyond.
   * Range: {@code [-asinh(M / (k sigma)), asinh(M / (k sigma))]} with {@code M} the largest |v| of the stamp; for a
   * noise-only channel about [-1.5, 1.5].
   */
  ASINH,
  /** The pixel values as they are (invalid pixels 0). Range: that of the image. */
  NONE;

  /** The name in configs and in the shard's {@code normalisation} attribute: {@code minmax}, {@code zscale}, .... */
  public String shardName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
