package org.labelfree.workflows.formatters;

import java.io.IOException;
import java.nio.file.Path;
import org.labelfree.pipeline.repo.Formatter;
import org.labelfree.stamps.StampShard;
import org.labelfree.stamps.StampShards;

/**
 * The {@code StampShard} storage class: a {@link StampShard} as an uncompressed HDF5 file ({@link StampShards},
 * written with jHDF). Writing is deterministic (verified by a test: the same shard gives the same bytes). Stateless
 * and thread-safe.
 */
public final class StampShardFormatter implements Formatter<StampShard> {
  /** The storage class name this formatter serves. */
  public static final String STORAGE_CLASS = "StampShard";

  /** A formatter (stateless). */
  public StampShardFormatter() {}

  /** {@code StampShard.class}. */
  @Override
  public Class<StampShard> objectType() {
    return StampShard.class;
  }

  /** {@code h5}. */
  @Override
  public String extension() {
    return "h5";
  }

  /**
   * Writes the shard uncompressed.
   *
   * @throws IllegalArgumentException if the shard is empty (jHDF cannot write a dataset of 0 stamps)
   * @throws IOException              if the file cannot be written
   */
  @Override
  public void write(StampShard object, Path file) throws IOException {
    StampShards.write(object, file);
  }

  /**
   * Reads a shard, validating its layout.
   *
   * @throws org.labelfree.stamps.StampShardException naming the file and dataset or attribute if the layout is wrong
   * @throws IOException                              if it cannot be read
   */
  @Override
  public StampShard read(Path file) throws IOException {
    return StampShards.read(file);
  }
}
