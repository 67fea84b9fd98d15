package org.labelfree.diffim;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageStatistics;
import org.labelfree.image.MaskPlanes;

/**
 * The planes of one exposure as the kernel fit reads them: pixels, a usable variance, the mask bits that exclude a
 * pixel and the saturation level.
 *
 * <p>Variance: the exposure's own where it has any finite positive value. A variance plane with none (a single-plane
 * FITS image reads with variance all NaN, "unknown") is replaced by an estimate: the sky variance
 * {@code (1.4826 MAD)^2} of the finite pixels plus {@code max(pixel, 0) / GAIN} when the metadata has a positive
 * {@code GAIN} (e-/ADU). Pixels excluded: NaN image or variance, variance <= 0, or any of BAD, SAT, NO_DATA, CR set.
 */
final class StampPlanes {
  /** Fraction of SATURATE above which a peak counts as saturated. */
  static final double SATURATION_FRACTION = 0.8;

  final float[] image;
  final float[] variance;
  final int[] mask;
  final int badBits;
  final int satBits;
  final double saturation;
  final int width;
  final int height;
  final int x0;
  final int y0;
  final boolean varianceEstimated;

  StampPlanes(Exposure e) {
    this.image = e.image().array();
    this.mask = e.mask().array();
    this.width = e.width();
    this.height = e.height();
    this.x0 = e.image().x0();
    this.y0 = e.image().y0();
    MaskPlanes planes = e.mask().planes();
    this.badBits = bits(planes, "BAD", "SAT", "NO_DATA", "CR");
    this.satBits = bits(planes, "SAT");
    OptionalDouble sat = e.metadata().optDouble("SATURATE");
    this.saturation = sat.isPresent() && sat.getAsDouble() > 0 ? SATURATION_FRACTION * sat.getAsDouble()
        : Double.POSITIVE_INFINITY;
    float[] var = e.variance().array();
    boolean known = false;
    for (float v : var) {
      if (v > 0 && Float.isFinite(v)) {
        known = true;
        break;
      }
    }
    this.varianceEstimated = !known;
    this.variance = known ? var : estimateVariance(e);
  }

  /** True if local pixel (x, y) may enter a fit. */
  boolean usable(int x, int y) {
    int p = y * width + x;
    float v = image[p];
    float w = variance[p];
    return Float.isFinite(v) && w > 0 && Float.isFinite(w) && (mask[p] & badBits) == 0;
  }

  /** True if every pixel of the local box [xa, xb] x [ya, yb] lies inside the image and is usable. */
  boolean usableBox(int xa, int ya, int xb, int yb) {
    if (xa < 0 || ya < 0 || xb >= width || yb >= height) {
      return false;
    }
    for (int y = ya; y <= yb; y++) {
      for (int x = xa; x <= xb; x++) {
        if (!usable(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  /** True if a pixel of the local box has the SAT bit or a value above the saturation threshold. */
  boolean saturatedIn(int xa, int ya, int xb, int yb) {
    for (int y = Math.max(ya, 0); y <= Math.min(yb, height - 1); y++) {
      for (int x = Math.max(xa, 0); x <= Math.min(xb, width - 1); x++) {
        int p = y * width + x;
        if ((mask[p] & satBits) != 0 || image[p] >= saturation) {
          return true;
        }
      }
    }
    return false;
  }

  /** The median of the border pixels of the local box (a local background), NaN if none is finite. */
  double borderMedian(int xa, int ya, int xb, int yb) {
    double[] v = new double[2 * (xb - xa + 1) + 2 * (yb - ya + 1)];
    int n = 0;
    for (int x = xa; x <= xb; x++) {
      n = add(v, n, x, ya);
      n = add(v, n, x, yb);
    }
    for (int y = ya + 1; y < yb; y++) {
      n = add(v, n, xa, y);
      n = add(v, n, xb, y);
    }
    if (n == 0) {
      return Double.NaN;
    }
    Arrays.sort(v, 0, n);
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }

  private int add(double[] v, int n, int x, int y) {
    if (x >= 0 && y >= 0 && x < width && y < height && usable(x, y)) {
      v[n++] = image[y * width + x];
    }
    return n;
  }

  /**
   * Flux signal-to-noise in the square aperture of half-width {@code half} at local (x, y) above {@code background}:
   * sum / sqrt(sum of variance); NaN if the aperture leaves the image or holds an unusable pixel.
   */
  double apertureSnr(int x, int y, int half, double background) {
    double s = 0;
    double v = 0;
    for (int yy = y - half; yy <= y + half; yy++) {
      for (int xx = x - half; xx <= x + half; xx++) {
        if (xx < 0 || yy < 0 || xx >= width || yy >= height || !usable(xx, yy)) {
          return Double.NaN;
        }
        int p = yy * width + xx;
        s += image[p] - background;
        v += variance[p];
      }
    }
    return s / Math.sqrt(v);
  }

  private static int bits(MaskPlanes planes, String... names) {
    int b = 0;
    for (String n : names) {
      if (planes.bit(n).isPresent()) {
        b |= 1 << planes.bit(n).getAsInt();
      }
    }
    return b;
  }

  private static float[] estimateVariance(Exposure e) {
    return AlardLupton.withKnownVariance(e).variance().array();
  }

}
