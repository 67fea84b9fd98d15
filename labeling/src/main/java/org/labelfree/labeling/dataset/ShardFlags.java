package org.labelfree.labeling.dataset;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.FixedPoint;
import java.nio.file.Path;
import java.util.Arrays;
import org.labelfree.image.InvalidDataException;

/**
 * Reads the per-stamp {@code flags} column (int32, {@code org.labelfree.stamps.StampFlags} bits) of a stamp shard
 * file where it exists, straight from the HDF5 file, so that this module works with shards written before and after
 * the column was added to the shard format (version 1 files have none: all flags are 0). Once every shard in use
 * carries the column, {@code StampShard} itself gives it and this class can go. Stateless and thread-safe.
 */
public final class ShardFlags {
  private ShardFlags() {}

  /**
   * The flags of the {@code n} stamps of the shard file {@code path}: its {@code /flags} dataset, or zeros if it has
   * none.
   *
   * @param path a stamp shard file (already validated by {@code StampShards.read})
   * @param n    the number of stamps of the shard
   * @return {@code n} values
   * @throws DatasetException naming the file if {@code /flags} is not a 1-D integer dataset of length {@code n}, or
   *                          the file cannot be read as HDF5
   */
  public static int[] read(Path path, int n) {
    try (HdfFile f = new HdfFile(path)) {
      Node node = f.getChildren().get("flags");
      if (node == null) {
        return new int[n];
      }
      if (!(node instanceof Dataset ds) || ds.getDimensions().length != 1 || ds.getDimensions()[0] != n
          || !(ds.getDataType() instanceof FixedPoint fp) || fp.getSize() > 4) {
        throw new DatasetException(path + " /flags: expected a 1-D int32 dataset of length " + n
            + " (one per stamp)");
      }
      Object data = ds.getData();
      if (data instanceof int[] ints) {
        return ints;
      }
      if (data instanceof short[] shorts) {
        int[] out = new int[n];
        Arrays.setAll(out, i -> shorts[i]);
        return out;
      }
      if (data instanceof byte[] bytes) {
        int[] out = new int[n];
        Arrays.setAll(out, i -> bytes[i]);
        return out;
      }
      throw new DatasetException(path + " /flags: read as " + data.getClass().getSimpleName()
          + "; expected int32");
    } catch (HdfException e) {
      throw new DatasetException(path + ": cannot read /flags: " + InvalidDataException.sanitize(e.getMessage()), e);
    }
  }
}
