package org.labelfree.workflows.report;

/**
 * How {@link Previews} stretches and sizes a preview.
 *
 * @param softeningSigmas the asinh softening in units of the image's robust sigma: values within about this many
 *                        sigmas of the median map linearly, brighter ones logarithmically (finite, > 0; default 1)
 * @param maxSigmas       the value {@code median + maxSigmas x sigma} maps to white (finite, > 0; default 50)
 * @param maxSize         the largest width or height of the PNG in pixels; larger images are block-averaged by an
 *                        integer factor (>= 1; default 2048)
 */
public record PreviewOptions(double softeningSigmas, double maxSigmas, int maxSize) {
  public PreviewOptions {
    if (!(softeningSigmas > 0 && Double.isFinite(softeningSigmas))) {
      throw new IllegalArgumentException("softeningSigmas must be finite and > 0, but was " + softeningSigmas);
    }
    if (!(maxSigmas > 0 && Double.isFinite(maxSigmas))) {
      throw new IllegalArgumentException("maxSigmas must be finite and > 0, but was " + maxSigmas);
    }
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be >= 1 pixel, but was " + maxSize);
    }
  }

  /** Softening 1 sigma, white at 50 sigma, at most 2048 pixels on a side. */
  public static PreviewOptions defaults() {
    return new PreviewOptions(1, 50, 2048);
  }
}
