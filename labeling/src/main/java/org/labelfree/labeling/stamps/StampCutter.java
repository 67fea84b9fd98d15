package org.labelfree.labeling.stamps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImageStatistics;
import org.labelfree.stamps.StampFlags;

/**
 * Cuts square, normalised stamps centred on pixel positions from one or more image planes on the same pixel grid.
 * Start here for stamps.
 *
 * <p><b>Centring.</b> Pixel centres are at integer coordinates (LSST): pixel {@code (i, j)} covers
 * {@code [i - 0.5, i + 0.5) x [j - 0.5, j + 0.5)}. A stamp of size {@code S} for a source at {@code (x, y)} (parent
 * grid) is centred on the pixel that contains it, {@code (cx, cy) = (floor(x + 0.5), floor(y + 0.5))} (round half
 * up), which lands on stamp pixel {@code (S/2, S/2)} (0-based, integer division). Stamp pixel {@code (i, j)}
 * (column, row) holds image pixel {@code (cx - S/2 + i, cy - S/2 + j)}. For odd {@code S} that is the exact centre;
 * for even {@code S} (e.g. 30: pixel (15, 15)) it is the lower-right of the central four, so the stamp reaches
 * {@code S/2} pixels left and up of the centre pixel and {@code S/2 - 1} right and down. There is no resampling:
 * the sub-pixel offset {@code x - cx}, in [-0.5, 0.5), stays in the stamp.
 *
 * <p><b>Invalid pixels.</b> Pixels outside the image are padded with 0 and the stamp gets {@link StampFlags#EDGE};
 * NaN or infinite pixels and pixels whose mask has one of the plane's bad bits (NO_DATA) become 0 and the stamp gets
 * {@link StampFlags#MASKED_PIXELS}. Both are left out of the normalisation statistics and are 0 after it (see
 * {@link StampNormalisation}). With {@link StampCutterConfig#maskChannel()}, a last channel is 1 where any plane's
 * pixel was replaced or padded, else 0 (not normalised).
 *
 * <p><b>Output.</b> {@link #stampLength()} floats per stamp, channel-major then row-major ({@code C x S x S}, the
 * layout of {@code org.labelfree.stamps.StampShard}). Interior rows are copied with {@code System.arraycopy}.
 *
 * <p>Not thread-safe (scratch buffers): use one cutter per thread. The planes are shared, not copied.
 */
public final class StampCutter {
  /** The softening of {@link StampNormalisation#ASINH}, in units of the stamp's robust sigma. */
  public static final double ASINH_K = 3.0;

  private final StampCutterConfig config;
  private final int size;
  private final int half;
  private final int area;
  private final float[][] pixels;
  private final int[][] masks;
  private final int[] badBits;
  private final int width;
  private final int height;
  private final int x0;
  private final int y0;
  private final List<String> channelNames;
  private final int stampLength;
  /* Scratch: per plane, 1 where a pixel was replaced or padded; cleared after each cut. */
  private final byte[] invalid;
  private final float[] values;
  private final ZScale zscale = new ZScale();

  /**
   * A cutter for these planes.
   *
   * @param config the stamp size, normalisation and mask channel, not null
   * @param planes one or more planes on the same grid (same size and origin), in channel order
   * @throws IllegalArgumentException if there are no planes or they are not on one grid
   */
  public StampCutter(StampCutterConfig config, List<StampPlane> planes) {
    this.config = Objects.requireNonNull(config, "config");
    if (planes.isEmpty()) {
      throw new IllegalArgumentException("planes is empty; expected at least one image plane to cut from");
    }
    ImageF first = planes.get(0).image();
    width = first.width();
    height = first.height();
    x0 = first.x0();
    y0 = first.y0();
    int n = planes.size();
    pixels = new float[n][];
    masks = new int[n][];
    badBits = new int[n];
    List<String> names = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      StampPlane plane = planes.get(p);
      ImageF im = plane.image();
      if (im.width() != width || im.height() != height || im.x0() != x0 || im.y0() != y0) {
        throw new IllegalArgumentException("plane " + plane.channelName() + " is " + im.width() + "x"
            + im.height() + " at (" + im.x0() + ", " + im.y0() + "); expected the grid of plane "
            + planes.get(0).channelName() + ", " + width + "x" + height + " at (" + x0 + ", " + y0 + ")");
      }
      pixels[p] = im.array();
      masks[p] = plane.maskArray();
      badBits[p] = plane.badBits();
      names.add(plane.channelName());
    }
    if (config.maskChannel()) {
      names.add(StampChannel.MASK_CHANNEL_NAME);
    }
    channelNames = List.copyOf(names);
    size = config.size();
    half = size / 2;
    area = size * size;
    stampLength = channelNames.size() * area;
    invalid = new byte[n * area];
    values = new float[area];
  }

  /** The configuration. */
  public StampCutterConfig config() {
    return config;
  }

  /** The channel names, in order: the planes', then {@code mask} if configured. */
  public List<String> channelNames() {
    return channelNames;
  }

  /** The number of floats per stamp, {@code channels x size x size}. */
  public int stampLength() {
    return stampLength;
  }

  /**
   * The image pixel a coordinate falls in, {@code floor(v + 0.5)} (pixel centres at integers; halves round up).
   *
   * @param v a pixel coordinate
   * @return the pixel index
   */
  public static long nearestPixel(double v) {
    return (long) Math.floor(v + 0.5);
  }

  /**
   * Cuts one stamp into a new array.
   *
   * @param x column of the source (parent grid, pixels)
   * @param y row of the source (parent grid, pixels)
   * @return {@link #stampLength()} floats
   * @throws IllegalArgumentException if {@code x} or {@code y} is not finite
   */
  public float[] cut(double x, double y) {
    float[] out = new float[stampLength];
    cut(x, y, out, 0);
    return out;
  }

  /**
   * Cuts one stamp into {@code out[offset .. offset + stampLength())}.
   *
   * @param x      column of the source (parent grid, pixels)
   * @param y      row of the source (parent grid, pixels)
   * @param out    the destination
   * @param offset where the stamp starts in {@code out}
   * @return the {@link StampFlags} bits of this stamp: {@code EDGE} and/or {@code MASKED_PIXELS}, or 0
   * @throws IllegalArgumentException  if {@code x} or {@code y} is not finite
   * @throws IndexOutOfBoundsException if the stamp does not fit in {@code out} at {@code offset}
   */
  public int cut(double x, double y, float[] out, int offset) {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("stamp centre (" + x + ", " + y + ") is not finite");
    }
    Objects.checkFromIndexSize(offset, stampLength, out.length);
    /* The stamp's first pixel in local image coordinates (clamped far outside: the stamp is then all padding). */
    long sxL = nearestPixel(x) - x0 - half;
    long syL = nearestPixel(y) - y0 - half;
    int sx = (int) Math.max(-2L * size, Math.min(sxL, (long) width + size));
    int sy = (int) Math.max(-2L * size, Math.min(syL, (long) height + size));
    int colLo = Math.min(size, Math.max(0, -sx));
    int colHi = Math.max(0, Math.min(size, width - sx));
    int rowLo = Math.min(size, Math.max(0, -sy));
    int rowHi = Math.max(0, Math.min(size, height - sy));
    boolean edge = colLo > 0 || colHi < size || rowLo > 0 || rowHi < size;
    if (colHi <= colLo || rowHi <= rowLo) {
      /* No overlap at all: every row is padding. */
      colLo = 0;
      colHi = 0;
      rowLo = 0;
      rowHi = 0;
    }
    int flags = edge ? StampFlags.EDGE : 0;
    boolean anyInvalid = edge;
    int planes = pixels.length;
    for (int p = 0; p < planes; p++) {
      int base = offset + p * area;
      int inv = p * area;
      if (edge) {
        Arrays.fill(out, base, base + area, 0f);
        markPadding(inv, colLo, colHi, rowLo, rowHi);
      }
      /* Copy the rows inside the image; replace NaN/infinite and masked pixels by 0 while finding min and max. */
      float[] img = pixels[p];
      int[] mask = masks[p];
      int bad = badBits[p];
      int len = colHi - colLo;
      int replaced = 0;
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int r = rowLo; r < rowHi; r++) {
        int src = (sy + r) * width + sx + colLo;
        int dst = base + r * size + colLo;
        System.arraycopy(img, src, out, dst, len);
        /* Most rows have no bad mask bits: one OR over the row decides whether the mask is tested per pixel. */
        boolean testMask = false;
        if (mask != null) {
          int any = 0;
          for (int i = 0; i < len; i++) {
            any |= mask[src + i];
          }
          testMask = (any & bad) != 0;
        }
        if (!testMask) {
          for (int i = 0; i < len; i++) {
            float v = out[dst + i];
            if (Math.abs(v) <= Float.MAX_VALUE) {
              if (v < min) {
                min = v;
              }
              if (v > max) {
                max = v;
              }
            } else {
              out[dst + i] = 0f;
              invalid[inv + r * size + colLo + i] = 1;
              replaced++;
            }
          }
        } else {
          for (int i = 0; i < len; i++) {
            float v = out[dst + i];
            if (Math.abs(v) <= Float.MAX_VALUE && (mask[src + i] & bad) == 0) {
              if (v < min) {
                min = v;
              }
              if (v > max) {
                max = v;
              }
            } else {
              out[dst + i] = 0f;
              invalid[inv + r * size + colLo + i] = 1;
              replaced++;
            }
          }
        }
      }
      if (replaced > 0) {
        flags |= StampFlags.MASKED_PIXELS;
        anyInvalid = true;
      }
      normalise(out, base, inv, edge || replaced > 0, min, max);
    }
    /* The mask channel: 1 where any plane's pixel was replaced or padded. */
    if (config.maskChannel()) {
      int base = offset + planes * area;
      if (!anyInvalid) {
        Arrays.fill(out, base, base + area, 0f);
      } else {
        for (int k = 0; k < area; k++) {
          byte any = 0;
          for (int p = 0; p < planes; p++) {
            any |= invalid[p * area + k];
          }
          out[base + k] = any;
        }
      }
    }
    if (anyInvalid) {
      Arrays.fill(invalid, (byte) 0);
    }
    return flags;
  }

  private void markPadding(int inv, int colLo, int colHi, int rowLo, int rowHi) {
    for (int r = 0; r < size; r++) {
      int row = inv + r * size;
      if (r < rowLo || r >= rowHi) {
        Arrays.fill(invalid, row, row + size, (byte) 1);
      } else {
        Arrays.fill(invalid, row, row + colLo, (byte) 1);
        Arrays.fill(invalid, row + colHi, row + size, (byte) 1);
      }
    }
  }

  /** Normalises one channel in place; invalid pixels (already 0) stay 0. */
  private void normalise(float[] out, int base, int inv, boolean hasInvalid, float min, float max) {
    switch (config.normalisation()) {
      case NONE -> { }
      case MINMAX -> {
        if (!(max > min)) {
          Arrays.fill(out, base, base + area, 0f);
          return;
        }
        /* Float division: monotone rounding keeps valid pixels in [0, 1] and maps max to exactly 1. */
        float range = max - min;
        if (range <= Float.MAX_VALUE) {
          for (int k = base; k < base + area; k++) {
            out[k] = (out[k] - min) / range;
          }
        } else {
          double scale = 1.0 / ((double) max - min);
          for (int k = base; k < base + area; k++) {
            out[k] = (float) Math.min(1.0, (out[k] - (double) min) * scale);
          }
        }
        zeroInvalid(out, base, inv, hasInvalid);
      }
      case ZSCALE -> {
        int n = gatherValid(out, base, inv, hasInvalid);
        if (n == 0) {
          return;
        }
        double[] z = zscale.limits(values, n);
        if (!(z[1] > z[0])) {
          Arrays.fill(out, base, base + area, 0f);
          return;
        }
        double scale = 1.0 / (z[1] - z[0]);
        for (int k = base; k < base + area; k++) {
          out[k] = (float) Math.max(0.0, Math.min(1.0, (out[k] - z[0]) * scale));
        }
        zeroInvalid(out, base, inv, hasInvalid);
      }
      case ASINH -> {
        int n = gatherValid(out, base, inv, hasInvalid);
        if (n == 0) {
          return;
        }
        double sigma = robustSigma(n);
        if (!(sigma > 0)) {
          Arrays.fill(out, base, base + area, 0f);
          return;
        }
        double scale = 1.0 / (ASINH_K * sigma);
        for (int k = base; k < base + area; k++) {
          out[k] = (float) asinh(out[k] * scale);
        }
        zeroInvalid(out, base, inv, hasInvalid);
      }
      default -> throw new IllegalStateException("unknown normalisation " + config.normalisation());
    }
  }

  private void zeroInvalid(float[] out, int base, int inv, boolean hasInvalid) {
    if (hasInvalid) {
      for (int k = 0; k < area; k++) {
        if (invalid[inv + k] != 0) {
          out[base + k] = 0f;
        }
      }
    }
  }

  /** Copies the valid pixels of one channel into {@code values}; returns how many. */
  private int gatherValid(float[] out, int base, int inv, boolean hasInvalid) {
    if (!hasInvalid) {
      System.arraycopy(out, base, values, 0, area);
      return area;
    }
    int n = 0;
    for (int k = 0; k < area; k++) {
      if (invalid[inv + k] == 0) {
        values[n++] = out[base + k];
      }
    }
    return n;
  }

  /** 1.4826 MAD of {@code values[0..n)} about their median, else their RMS about it (reorders the values). */
  private double robustSigma(int n) {
    double median = ImageStatistics.median(values, n);
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double d = values[i] - median;
      sumSq += d * d;
      values[i] = (float) Math.abs(d);
    }
    double mad = ImageStatistics.median(values, n);
    return mad > 0 ? ImageStatistics.MAD_TO_SIGMA * mad : Math.sqrt(sumSq / n);
  }

  /** The inverse hyperbolic sine, accurate near 0 and without overflow for large arguments. */
  static double asinh(double t) {
    double a = Math.abs(t);
    double r = a > 1e8 ? Math.log(a) + Math.log(2.0) : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
    return Math.copySign(r, t);
  }
}
