package org.labelfree.fits;

import java.util.Objects;

/**
 * How {@link FitsExposures#write(org.labelfree.image.Exposure, java.nio.file.Path, FitsWriteOptions)} writes.
 *
 * @param compression   tile compression of the IMAGE, MASK and VARIANCE planes (default {@link Compression#NONE})
 * @param quantizeLevel for {@link Compression#RICE_1} only: float planes are quantised to steps of
 *                      {@code noise / quantizeLevel} (cfitsio's {@code q}; > 0; default 16)
 * @param ditherSeed    for {@link Compression#RICE_1} only: the {@code ZDITHER0} seed of the subtractive dither
 *                      (1-10000; default 1). Fixed by these options, never taken from the clock, so the same
 *                      exposure always gives the same bytes.
 */
public record FitsWriteOptions(Compression compression, int quantizeLevel, int ditherSeed) {

  /** Tile compression of the image planes (one tile per image row, as cfitsio's default). */
  public enum Compression {
    /** Plain IMAGE extensions (fastest to read). */
    NONE,
    /** GZIP of byte-shuffled pixels: lossless for float and int planes. */
    GZIP_2,
    /**
     * Rice coding: lossless for the int32 MASK; float planes (IMAGE, VARIANCE) are quantised with
     * {@code ZQUANTIZ = 'SUBTRACTIVE_DITHER_1'} (lossy, within {@code noise / quantizeLevel}; infinities become
     * NaN). A mask whose tiles Rice cannot shrink (bits set at random, high bits) is written GZIP_2 instead, because
     * cfitsio reads nom-tam's per-tile GZIP fallback only for floats.
     */
    RICE_1
  }

  public FitsWriteOptions {
    Objects.requireNonNull(compression, "compression");
    if (quantizeLevel <= 0) {
      throw new IllegalArgumentException("quantizeLevel must be > 0, but was " + quantizeLevel);
    }
    if (ditherSeed < 1 || ditherSeed > 10000) {
      throw new IllegalArgumentException("ditherSeed must be in 1-10000, but was " + ditherSeed);
    }
  }

  /** No compression, q = 16, dither seed 1. */
  public static FitsWriteOptions defaults() {
    return new FitsWriteOptions(Compression.NONE, 16, 1);
  }

  /** These options with another compression. */
  public FitsWriteOptions withCompression(Compression newCompression) {
    return new FitsWriteOptions(newCompression, quantizeLevel, ditherSeed);
  }
}
