package org.labelfree.workflows.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImageStatistics;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.io.AtomicFiles;

/**
 * Writes asinh-stretched greyscale PNG previews of images, in the style of Lupton et al. (2004). Start here.
 *
 * <p>The zero point and noise come from the image itself: the median and 1.4826 x MAD of the finite, unmasked
 * pixels (every k-th pixel, at most about {@value #MAX_SAMPLES} of them, so the result is deterministic). A value
 * maps to {@code 0.06 + b asinh((v - median) / (softening sigma))}, with {@code b} such that
 * {@code median + maxSigmas sigma} maps to 1, clipped to [0, 1] and scaled to 0-255. NaN and {@code NO_DATA} pixels
 * are black. Row 0 of the image is the bottom row of the PNG (the FITS and LSST orientation). Images larger than
 * {@link PreviewOptions#maxSize()} are block-averaged by the smallest integer factor that fits (NaN and
 * {@code NO_DATA} pixels left out of each block's mean). Static and thread-safe.
 */
public final class Previews {
  /** The most pixels sampled for the median and MAD. */
  static final int MAX_SAMPLES = 1 << 20;
  /** Where the median lands on the [0, 1] scale: a dark grey, so that noise below it stays visible. */
  static final double MEDIAN_LEVEL = 0.06;

  private Previews() {}

  /**
   * Writes an 8-bit greyscale PNG of {@code image} with an asinh stretch, atomically (a temporary file beside
   * {@code png}, renamed into place; the target is untouched on failure).
   *
   * @param image   the pixels, not {@code null}
   * @param mask    mask of the same size, or {@code null}: {@code NO_DATA} pixels are drawn black, and pixels with
   *                {@code NO_DATA}, {@code BAD} or {@code SAT} are left out of the median and MAD
   * @param png     the target file; replaced if it exists; its folder must exist
   * @param options the stretch and size, not {@code null}
   * @throws IllegalArgumentException if the mask's size differs from the image's
   * @throws UncheckedIOException     if the file cannot be written
   */
  public static void writeAsinhPng(ImageF image, Mask mask, Path png, PreviewOptions options) {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(png, "png");
    Objects.requireNonNull(options, "options");
    int w = image.width();
    int h = image.height();
    if (mask != null && (mask.width() != w || mask.height() != h)) {
      throw new IllegalArgumentException("mask must be " + w + "x" + h + " like the image, but was " + mask.width()
          + "x" + mask.height());
    }
    float[] px = image.array();
    int[] bits = mask == null ? null : mask.array();
    int noData = mask == null ? 0 : bitmask(mask.planes(), "NO_DATA");
    int unusable = mask == null ? 0 : noData | bitmask(mask.planes(), "BAD") | bitmask(mask.planes(), "SAT");

    /* Zero point and noise from a deterministic subsample of the usable pixels. */
    int step = (int) Math.max(1, ((long) w * h + MAX_SAMPLES - 1) / MAX_SAMPLES);
    float[] sample = new float[(int) (((long) w * h + step - 1) / step)];
    int n = 0;
    for (int p = 0; p < px.length; p += step) {
      if (bits == null || (bits[p] & unusable) == 0) {
        sample[n++] = px[p];
      }
    }
    float[] used = new float[n];
    System.arraycopy(sample, 0, used, 0, n);
    ImageStatistics stats = ImageStatistics.of(used);
    double median = Double.isNaN(stats.median()) ? 0 : stats.median();
    double sigma = stats.robustSigma() > 0 ? stats.robustSigma() : 1;
    double soft = options.softeningSigmas() * sigma;
    double scale = (1 - MEDIAN_LEVEL) / asinh(options.maxSigmas() / options.softeningSigmas());

    /* Block-average to fit maxSize, stretch, and flip so that image row 0 is the bottom PNG row. */
    int f = (int) Math.max(1, (Math.max(w, h) + (long) options.maxSize() - 1) / options.maxSize());
    int ow = (w + f - 1) / f;
    int oh = (h + f - 1) / f;
    BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_BYTE_GRAY);
    byte[] grey = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    for (int oy = 0; oy < oh; oy++) {
      int row = (oh - 1 - oy) * ow;
      for (int ox = 0; ox < ow; ox++) {
        double sum = 0;
        int count = 0;
        for (int y = oy * f; y < Math.min(h, oy * f + f); y++) {
          for (int x = ox * f; x < Math.min(w, ox * f + f); x++) {
            int p = y * w + x;
            float v = px[p];
            if (!Float.isNaN(v) && (bits == null || (bits[p] & noData) == 0)) {
              sum += v;
              count++;
            }
          }
        }
        int level = 0;
        if (count > 0) {
          double y = MEDIAN_LEVEL + scale * asinh((sum / count - median) / soft);
          level = (int) Math.round(255 * Math.min(1, Math.max(0, y)));
        }
        grey[row + ox] = (byte) level;
      }
    }

    try {
      AtomicFiles.write(png, tmp -> {
        if (!ImageIO.write(out, "png", tmp.toFile())) {
          throw new IOException("no PNG writer in javax.imageio");
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write PNG preview " + png, e);
    }
  }

  private static int bitmask(MaskPlanes planes, String name) {
    return planes.bit(name).isPresent() ? 1 << planes.bit(name).getAsInt() : 0;
  }

  private static double asinh(double x) {
    double a = Math.abs(x);
    double r = Math.log(a + Math.sqrt(a * a + 1));
    return x < 0 ? -r : r;
  }
}
