package org.labelfree.stamps;

/**
 * How {@link StampShards#write(StampShard, java.nio.file.Path, ShardWriteOptions)} stores {@code /stamps}.
 *
 * <p>{@code /stamps} is always chunked, {@code (chunkStamps, C, H, W)}: jHDF 0.13 writes contiguous N-D arrays
 * one innermost row at a time, about 5 times slower than chunked storage, which readers handle transparently.
 *
 * @param deflateLevel 0 for no compression (default); 1-9 for the byte-shuffle and deflate (gzip) filters at that
 *                     level
 * @param chunkStamps  stamps per chunk (> 0; capped at N). Default 256 (about 0.9 MiB for 1x30x30 stamps, inside
 *                     h5py's default 1 MiB chunk cache)
 */
public record ShardWriteOptions(int deflateLevel, int chunkStamps) {
  /** Validates the ranges; throws {@link IllegalArgumentException} naming the bad parameter. */
  public ShardWriteOptions {
    if (deflateLevel < 0 || deflateLevel > 9) {
      throw new IllegalArgumentException("deflateLevel is " + deflateLevel + "; expected 0 to 9");
    }
    if (chunkStamps <= 0) {
      throw new IllegalArgumentException("chunkStamps is " + chunkStamps + "; expected > 0");
    }
  }

  /** Uncompressed {@code /stamps} in chunks of 256 stamps: the fastest to write and read. */
  public static ShardWriteOptions uncompressed() {
    return new ShardWriteOptions(0, 256);
  }

  /** Shuffle + deflate at {@code level} (1-9) in chunks of 256 stamps. */
  public static ShardWriteOptions deflate(int level) {
    if (level < 1) {
      throw new IllegalArgumentException("deflate level is " + level + "; expected 1 to 9");
    }
    return new ShardWriteOptions(level, 256);
  }

  /** True when {@code /stamps} is chunked and compressed. */
  public boolean compressed() {
    return deflateLevel > 0;
  }
}
