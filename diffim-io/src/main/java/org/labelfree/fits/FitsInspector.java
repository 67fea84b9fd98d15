package org.labelfree.fits;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.labelfree.image.ImageF;

/**
 * Looks inside FITS files: the list of HDUs, and any image HDU as a float image. Static and thread-safe.
 */
public final class FitsInspector {
  private FitsInspector() {}

  /**
   * Summarises every HDU of a file.
   *
   * @throws FitsFormatException  if the file is not FITS or its structure is broken (truncated, bad BITPIX, bad
   *                              {@code MP_} card, ...)
   * @throws UncheckedIOException if it cannot be read
   */
  public static List<HduSummary> inspect(Path file) {
    Objects.requireNonNull(file, "file");
    try (FitsFile f = FitsFile.open(file)) {
      List<HduSummary> out = new ArrayList<>();
      for (FitsFile.Hdu h : f.hdus()) {
        List<Integer> dims = new ArrayList<>();
        for (long a : h.imageAxes()) {
          dims.add((int) Math.min(a, Integer.MAX_VALUE));
        }
        boolean hasPlanes = h.header().allCards().cards().stream().anyMatch(c -> c.key().startsWith("MP_"));
        List<String> planes = hasPlanes ? List.copyOf(ExposureCards.maskPlanes(h.header()).asMap().keySet())
            : List.of();
        String compression = h.kind() == HduKind.COMPRESSED_IMAGE ? h.header().optString("ZCMPTYPE").orElse("")
            : "";
        out.add(new HduSummary(h.index(), h.extname(), h.kind(), h.imageBitpix(), dims, compression,
            h.header().allCards(), planes));
      }
      return out;
    }
  }

  /**
   * Reads an image HDU (plain or tile-compressed) as float: BSCALE/BZERO applied, BLANK pixels as NaN, xy0 from
   * LTV1/LTV2. Without a selector, the first HDU with image data.
   *
   * @throws FitsFormatException  if the HDU is missing, not a 2-D image, or the file is broken
   * @throws UncheckedIOException if it cannot be read
   */
  public static ImageF readImage(FitsPath path) {
    Objects.requireNonNull(path, "path");
    try (FitsFile f = FitsFile.open(path.file())) {
      FitsFile.Hdu h = f.select(path.selector());
      if (!h.hasImage()) {
        throw new FitsFormatException(h.where() + ": HDU is " + h.kind() + "; expected an image");
      }
      int[] wh = f.imageSize(h);
      int[] xy0 = ExposureCards.xy0(h.header(), f.defects());
      return ImageF.wrap(wh[0], wh[1], f.readFloats(h)).withXy0(xy0[0], xy0[1]);
    }
  }

  /** An image's pixels, checked to be {@code w x h}; for the community-pipeline reader. */
  static float[] readRaw(FitsPath path, int w, int h, String what) {
    try (FitsFile f = FitsFile.open(path.file())) {
      FitsFile.Hdu hdu = f.select(path.selector());
      if (!hdu.hasImage()) {
        throw new FitsFormatException(hdu.where() + ": HDU is " + hdu.kind() + "; expected the " + what + " image");
      }
      int[] wh = f.imageSize(hdu);
      if (wh[0] != w || wh[1] != h) {
        throw new FitsFormatException(hdu.where() + ": " + what + " image is " + wh[0] + "x" + wh[1] + "; expected "
            + w + "x" + h + " as the science image");
      }
      return f.readFloats(hdu);
    }
  }

}
