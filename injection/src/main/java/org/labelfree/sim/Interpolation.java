package org.labelfree.sim;

import org.labelfree.image.MaskPlanes;

/**
 * Interpolation over masked pixels (defects, cosmic rays), as LSST's ISR and cosmic-ray repair leave calexps: the
 * pixels keep their mask bits and gain INTRP. Stateless; not thread-safe on shared arrays.
 */
public final class Interpolation {
  private static final int INTRP = MaskPlanes.defaults().bitmask("INTRP");

  private Interpolation() {
  }

  /**
   * Replaces every pixel with any of {@code bits} set by linear interpolation along its row between the nearest
   * pixels on either side without those bits (the nearest one's value where only one side has one; along the column
   * instead, in the same way, for a row with every pixel masked), in the image and the variance, and ORs INTRP
   * ({@code MaskPlanes.defaults()}) into their mask. Only pixels without {@code bits} are used as support. A pixel of a
   * fully masked row whose column has no support either is left unchanged, without INTRP (so a fully masked image
   * is left as it is and 0 is returned).
   *
   * @param image    image, row-major, length w*h; modified in place
   * @param variance variance plane, same layout, modified in place; may be null (then only the image)
   * @param mask     mask, same layout; INTRP is OR-ed in on the interpolated pixels
   * @param bits     the mask bits that call for interpolation (e.g. BAD | CR); not including INTRP
   * @return the number of pixels interpolated
   * @throws IllegalArgumentException if the sizes disagree or {@code bits} is 0
   */
  public static int interpolateMasked(float[] image, float[] variance, int[] mask, int w, int h, int bits) {
    Noise.checkCanvas("image", image, w, h);
    if (variance != null) {
      Noise.checkCanvas("variance", variance, w, h);
    }
    Noise.checkMask(mask, w, h);
    if (bits == 0) {
      throw new IllegalArgumentException("bits must not be 0");
    }
    /* Along rows; remember the rows with no support at all. */
    boolean[] emptyRow = new boolean[h];
    int fullRows = 0;
    int count = 0;
    for (int y = 0; y < h; y++) {
      int row = y * w;
      int lastGood = -1;
      int x = 0;
      while (x < w) {
        if ((mask[row + x] & bits) == 0) {
          lastGood = x;
          x++;
          continue;
        }
        int start = x;
        while (x < w && (mask[row + x] & bits) != 0) {
          x++;
        }
        if (lastGood < 0 && x == w) {
          emptyRow[y] = true;
          fullRows++;
          break;
        }
        int right = x < w ? x : -1;
        fill(image, row, start, x, lastGood, right);
        if (variance != null) {
          fill(variance, row, start, x, lastGood, right);
        }
        count += x - start;
      }
    }
    if (fullRows == h) {
      return 0;
    }
    /* Along columns for the fully masked rows, from the nearest rows that have support. */
    if (fullRows > 0) {
      for (int y = 0; y < h; y++) {
        if (!emptyRow[y]) {
          continue;
        }
        for (int x = 0; x < w; x++) {
          int below = -1;
          for (int yy = y - 1; yy >= 0; yy--) {
            if ((mask[yy * w + x] & bits) == 0) {
              below = yy;
              break;
            }
          }
          int above = -1;
          for (int yy = y + 1; yy < h; yy++) {
            if ((mask[yy * w + x] & bits) == 0) {
              above = yy;
              break;
            }
          }
          if (below < 0 && above < 0) {
            continue;
          }
          int i = y * w + x;
          image[i] = interpolate(image, w, x, y, below, above);
          if (variance != null) {
            variance[i] = interpolate(variance, w, x, y, below, above);
          }
          mask[i] |= INTRP;
          count++;
        }
      }
    }
    /* Mark the row-interpolated pixels. */
    for (int y = 0; y < h; y++) {
      if (emptyRow[y]) {
        continue;
      }
      int row = y * w;
      for (int x = 0; x < w; x++) {
        if ((mask[row + x] & bits) != 0) {
          mask[row + x] |= INTRP;
        }
      }
    }
    return count;
  }

  /** Fills a[row + start .. row + end) from the support pixels left and right (-1: none). */
  private static void fill(float[] a, int row, int start, int end, int left, int right) {
    if (left < 0) {
      float v = a[row + right];
      for (int x = start; x < end; x++) {
        a[row + x] = v;
      }
    } else if (right < 0) {
      float v = a[row + left];
      for (int x = start; x < end; x++) {
        a[row + x] = v;
      }
    } else {
      double vl = a[row + left];
      double slope = (a[row + right] - vl) / (right - left);
      for (int x = start; x < end; x++) {
        a[row + x] = (float) (vl + slope * (x - left));
      }
    }
  }

  private static float interpolate(float[] a, int w, int x, int y, int below, int above) {
    if (below < 0) {
      return a[above * w + x];
    }
    if (above < 0) {
      return a[below * w + x];
    }
    double vb = a[below * w + x];
    return (float) (vb + (a[above * w + x] - vb) * (y - below) / (above - below));
  }
}
