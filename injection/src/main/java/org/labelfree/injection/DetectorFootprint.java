package org.labelfree.injection;

import java.util.Objects;
import org.labelfree.wcs.Wcs;

/**
 * A detector's pixel box and WCS, where host-less fakes may be placed. Immutable value; thread-safe.
 *
 * @param detector the detector number (>= 0)
 * @param wcs      the detector's WCS, parent pixel coordinates (not null)
 * @param x0       parent column of the box's first pixel
 * @param y0       parent row of the box's first pixel
 * @param width    box width, pixels (> 0)
 * @param height   box height, pixels (> 0)
 */
public record DetectorFootprint(int detector, Wcs wcs, int x0, int y0, int width, int height) {

  /** Validates the fields; throws {@link IllegalArgumentException} naming the bad one, its value and range. */
  public DetectorFootprint {
    Objects.requireNonNull(wcs, "wcs");
    if (detector < 0) {
      throw new IllegalArgumentException("detector must be >= 0, but was " + detector);
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("width and height must be > 0, but were " + width + "x" + height
          + " (detector " + detector + ")");
    }
  }

  /** The area in pixels, {@code width * height}. */
  public long area() {
    return (long) width * height;
  }

  /** True when parent pixel position (x, y) lies in the box {@code [x0 - 0.5, x0 + width - 0.5)} (and likewise y). */
  public boolean contains(double x, double y) {
    return x >= x0 - 0.5 && x < x0 + width - 0.5 && y >= y0 - 0.5 && y < y0 + height - 0.5;
  }
}
