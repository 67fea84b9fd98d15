package org.labelfree.diffim;

import org.labelfree.image.MaskPlanes;

/**
 * Configuration of {@link Warper} and {@link TemplateStitcher}.
 *
 * @param lanczosOrder        order {@code a} of the Lanczos kernel {@code sinc(x) sinc(x / a)}; each output pixel
 *                            reads a {@code 2a x 2a} footprint of source pixels (1 to 5; default 3)
 * @param interpolationLength spacing in destination pixels of the grid on which the exact WCS mapping (destination
 *                            pixel to sky to source pixel) is computed; positions in between are interpolated
 *                            bilinearly, as LSST's {@code WarpingControl} does (1 to 4096; default 32, which keeps
 *                            the position error below 0.01 pixel on survey WCSs, see {@code WarpMappingTest})
 * @param maxPixelScaleRatio  the largest accepted ratio between the source and destination pixel scales, either way
 *                            round (finite, >= 1; default 2.0): beyond it a Lanczos kernel on the source grid would
 *                            alias or blur, and the warp is refused
 * @param growMaskPlanes      bit mask, in the bit numbering of the source mask's planes, of the planes OR-ed over
 *                            the whole kernel footprint; the other planes are taken from the source pixel nearest
 *                            to the mapped position (default: every bit except DETECTED and DETECTED_NEGATIVE of
 *                            {@link MaskPlanes#defaults()}); NO_DATA always marks the whole footprint
 */
public record WarpConfig(int lanczosOrder, int interpolationLength, double maxPixelScaleRatio, int growMaskPlanes) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a value is out of the range given for its component
   */
  public WarpConfig {
    if (lanczosOrder < 1 || lanczosOrder > 5) {
      throw new IllegalArgumentException("lanczosOrder must be in [1, 5], but was " + lanczosOrder);
    }
    if (interpolationLength < 1 || interpolationLength > 4096) {
      throw new IllegalArgumentException("interpolationLength must be in [1, 4096] pixels, but was "
          + interpolationLength);
    }
    if (!(maxPixelScaleRatio >= 1 && maxPixelScaleRatio < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("maxPixelScaleRatio must be finite and >= 1, but was " + maxPixelScaleRatio);
    }
  }

  /** Lanczos-3, a 32-pixel interpolation grid, scale ratio up to 2, every plane but DETECTED* grown. */
  public static WarpConfig defaults() {
    int notGrown = MaskPlanes.defaults().bitmask("DETECTED", "DETECTED_NEGATIVE");
    return new WarpConfig(3, 32, 2.0, ~notGrown);
  }

  /** This configuration with another Lanczos order. */
  public WarpConfig withLanczosOrder(int order) {
    return new WarpConfig(order, interpolationLength, maxPixelScaleRatio, growMaskPlanes);
  }

  /** This configuration with another interpolation grid spacing (pixels). */
  public WarpConfig withInterpolationLength(int length) {
    return new WarpConfig(lanczosOrder, length, maxPixelScaleRatio, growMaskPlanes);
  }
}
