package org.labelfree.stamps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.ImageHDU;
import org.labelfree.image.InvalidDataException;

/**
 * A cube of stamps read from FITS, as alert brokers ship cutouts: the first image HDU with 3 axes (N, H, W) or 4
 * axes (N, C, H, W) in FITS's reversed order ({@code NAXIS1} = W, {@code NAXIS2} = H, {@code NAXIS3} = C or N,
 * {@code NAXIS4} = N), square, BITPIX -32 or -64 (read as float32). Pixels are as stored: NaN marks masked pixels.
 *
 * @param path     the file read
 * @param pixels   {@code n * channels * size * size} values, stamp-major then channel, row, column
 * @param n        the number of stamps
 * @param channels the number of channels (1 for a 3-axis cube)
 * @param size     the side of a stamp in pixels
 */
public record FitsStampCube(Path path, float[] pixels, int n, int channels, int size) {
  /** Checks the array length against the shape. */
  public FitsStampCube {
    if (n < 0 || channels < 1 || size < 1 || (long) n * channels * size * size != pixels.length) {
      throw new IllegalArgumentException("pixels has " + pixels.length + " values; expected n * channels * size^2 = "
          + n + " * " + channels + " * " + size + "^2");
    }
  }

  /**
   * Reads the first 3- or 4-axis image HDU of {@code path}.
   *
   * @throws InvalidDataException if the file is not FITS, has no such HDU, is not square or not floating point
   * @throws IOException          if the file does not exist or cannot be read
   */
  public static FitsStampCube read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString());
    }
    try (Fits fits = new Fits(path.toFile())) {
      int index = 0;
      for (BasicHDU<?> hdu = fits.readHDU(); hdu != null; hdu = fits.readHDU(), index++) {
        if (!(hdu instanceof ImageHDU image) || image.getAxes() == null) {
          continue;
        }
        int[] axes = image.getAxes();
        if (axes.length != 3 && axes.length != 4) {
          continue;
        }
        String where = path + " HDU " + index;
        int bitpix = image.getHeader().getIntValue("BITPIX");
        if (bitpix != -32 && bitpix != -64) {
          throw new InvalidDataException(where + ": BITPIX " + bitpix + "; expected -32 or -64 (a float cube)");
        }
        int h = axes[axes.length - 2];
        int w = axes[axes.length - 1];
        if (h != w) {
          throw new InvalidDataException(where + ": stamps are " + w + "x" + h + " (NAXIS1 x NAXIS2); expected square");
        }
        int n = axes[0];
        int c = axes.length == 4 ? axes[1] : 1;
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(n, c), w * h)];
        flatten(image.getKernel(), out, new int[] {0});
        return new FitsStampCube(path, out, n, c, w);
      }
      throw new InvalidDataException(path + ": no image HDU with 3 (N, H, W) or 4 (N, C, H, W) axes");
    } catch (FitsException e) {
      throw new InvalidDataException(path + ": not a readable FITS file: " + InvalidDataException.sanitize(
          e.getMessage()), e);
    }
  }

  private static void flatten(Object a, float[] out, int[] at) {
    if (a instanceof float[] f) {
      System.arraycopy(f, 0, out, at[0], f.length);
      at[0] += f.length;
    } else if (a instanceof double[] d) {
      for (double v : d) {
        out[at[0]++] = (float) v;
      }
    } else {
      for (Object o : (Object[]) a) {
        flatten(o, out, at);
      }
    }
  }

  /** One channel of stamp {@code i} as a new row-major {@code size * size} array. */
  public float[] plane(int i, int channel) {
    if (i < 0 || i >= n || channel < 0 || channel >= channels) {
      throw new IndexOutOfBoundsException("stamp " + i + " channel " + channel + " of " + n + " x " + channels);
    }
    int area = size * size;
    int from = (i * channels + channel) * area;
    return Arrays.copyOfRange(pixels, from, from + area);
  }
}
