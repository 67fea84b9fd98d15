package org.labelfree.labeling.dataset;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Path;
import org.labelfree.stamps.StampShardException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.ShardWriteOptions;
import org.labelfree.stamps.StampShard;
import org.labelfree.stamps.StampShards;

/**
 * A merged, split training dataset in memory, made by {@link TrainingDatasets#collect}, and its HDF5 file.
 *
 * <p>File layout: that of a stamp shard, written by {@link StampShards} ({@code /stamps} float32 {@code (N, C, H, W)}
 * chunked by 256 stamps, uncompressed; the per-stamp datasets of {@link StampShards#COLUMNS}, {@code flags}
 * included; the root attributes of the first shard), so any shard reader reads it, plus:
 * <ul>
 *   <li>{@code split} int8: 0 train, 1 validation, 2 test, named by the root attribute {@code split_names}
 *       ({@code ["train", "validation", "test"]});</li>
 *   <li>{@code dia_object_id} int64: the stamp's DIA object;</li>
 *   <li>root attributes {@code split} (e.g. {@code "visit:0.7,0.15,0.15"}) and {@code split_seed} (int64).</li>
 * </ul>
 * Stamps are in the order of the shards given, then their rows. Writing is deterministic: the same dataset gives
 * the same bytes. jHDF writes a whole file from memory: the dataset must fit in memory (twice, while writing).
 *
 * <p>Immutable; accessors return copies. Thread-safe.
 */
public final class TrainingDataset {
  /** The name of the split column. */
  public static final String SPLIT = "split";
  /** The name of the DIA object column. */
  public static final String DIA_OBJECT_ID = "dia_object_id";

  private final StampShard stamps;
  private final SplitSpec split;
  private final long seed;
  private final CollectReport report;
  private final byte[] splitCode;
  private final long[] diaObjectId;

  /** Takes ownership of the arrays (one value per stamp of {@code stamps}, which is not empty). */
  TrainingDataset(StampShard stamps, SplitSpec split, long seed, CollectReport report, byte[] splitCode,
      long[] diaObjectId) {
    this.stamps = Objects.requireNonNull(stamps, "stamps");
    this.split = Objects.requireNonNull(split, "split");
    this.seed = seed;
    this.report = Objects.requireNonNull(report, "report");
    if (splitCode.length != stamps.size() || diaObjectId.length != stamps.size()) {
      throw new IllegalArgumentException("split and dia_object_id need " + stamps.size() + " values, one per stamp");
    }
    this.splitCode = splitCode;
    this.diaObjectId = diaObjectId;
  }

  /** The number of stamps. */
  public int size() {
    return stamps.size();
  }

  /** The stamps and their shard columns (in the dataset's order). */
  public StampShard stamps() {
    return stamps;
  }

  /** The shard attributes written (those of the first shard). */
  public ShardAttributes attributes() {
    return stamps.attributes();
  }

  /** The report of the merge. */
  public CollectReport report() {
    return report;
  }

  /** A copy of the split codes (0 train, 1 validation, 2 test). */
  public byte[] splits() {
    return splitCode.clone();
  }

  /** A copy of the DIA object ids. */
  public long[] diaObjectIds() {
    return diaObjectId.clone();
  }

  /** A copy of the DIA source ids. */
  public long[] diaSourceIds() {
    return stamps.diaSourceIds();
  }

  /** A copy of the visits. */
  public long[] visits() {
    long[] v = new long[size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = stamps.row(i).visit();
    }
    return v;
  }

  /** A copy of the labels. */
  public byte[] labels() {
    return stamps.labels();
  }

  /** A copy of the S/N values. */
  public float[] snrs() {
    float[] v = new float[size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = stamps.row(i).snr();
    }
    return v;
  }

  /** A copy of the flags. */
  public int[] flags() {
    return stamps.flags();
  }

  /** One pixel: stamp {@code i}, channel {@code c}, row {@code py}, column {@code px} (0-based). */
  public float pixel(int i, int c, int py, int px) {
    return stamps.pixel(i, c, py, px);
  }

  /**
   * Writes the dataset to {@code path} atomically (temporary file in the same folder, then rename).
   *
   * @throws IOException if the file cannot be written
   */
  public void write(Path path) throws IOException {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put(SPLIT, splitCode);
    columns.put(DIA_OBJECT_ID, diaObjectId);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("split_names", SplitSpec.NAMES.toArray(new String[0]));
    attributes.put("split", split.toString());
    attributes.put("split_seed", seed);
    StampShards.write(stamps, path, ShardWriteOptions.uncompressed(), columns, attributes);
  }

  /**
   * Reads a dataset written by {@link #write}. The report of a read dataset has the counts per split recomputed
   * from the file; the collect-time counts (shards, stamps in, excluded) are not stored and read as the stamp count
   * and 0.
   *
   * @throws StampShardException if the file is not a valid stamp shard, or its {@code split} / {@code dia_object_id}
   *                             datasets or {@code split} / {@code split_seed} attributes are missing or invalid
   * @throws IOException         if the file does not exist or cannot be read
   */
  public static TrainingDataset read(Path path) throws IOException {
    StampShard shard = StampShards.read(path);
    int n = shard.size();
    byte[] split;
    long[] objectId;
    SplitSpec spec;
    long seed;
    try (HdfFile f = new HdfFile(path)) {
      split = (byte[]) column(path, f, SPLIT, n, byte[].class);
      objectId = (long[]) column(path, f, DIA_OBJECT_ID, n, long[].class);
      spec = SplitSpec.parse(stringAttribute(path, f, "split"));
      Attribute s = f.getAttribute("split_seed");
      if (s == null || !(s.getData() instanceof Long)) {
        throw new StampShardException(path + ": root attribute split_seed is missing or not int64; expected a "
            + "training dataset written by 'labelfree stamps collect'");
      }
      seed = (Long) s.getData();
    } catch (HdfException | IllegalArgumentException e) {
      throw new StampShardException(path + ": not a readable training dataset: " + e.getMessage(), e);
    }
    for (int i = 0; i < n; i++) {
      if (split[i] < 0 || split[i] > 2) {
        throw new StampShardException(path + " /" + SPLIT + "[" + i + "]: " + split[i] + "; expected 0, 1 or 2");
      }
    }
    long[] visit = new long[n];
    for (int i = 0; i < n; i++) {
      visit[i] = shard.row(i).visit();
    }
    CollectReport report = TrainingDatasets.report(spec, new DatasetOptions(spec, seed, null), 1, n, 0, 0, split,
        shard.labels(), shard.isTrueTransient(), objectId, visit, 0);
    return new TrainingDataset(shard, spec, seed, report, split, objectId);
  }

  private static Object column(Path path, HdfFile f, String name, int n, Class<?> type) {
    Node node = f.getChildren().get(name);
    if (!(node instanceof Dataset ds)) {
      throw new StampShardException(path + " /" + name + ": dataset is missing; expected a training dataset "
          + "written by 'labelfree stamps collect'");
    }
    Object data = ds.getData();
    if (!type.isInstance(data) || java.lang.reflect.Array.getLength(data) != n) {
      throw new StampShardException(path + " /" + name + ": " + data.getClass().getSimpleName() + " of shape "
          + java.util.Arrays.toString(ds.getDimensions()) + "; expected " + type.getSimpleName() + " of length " + n);
    }
    return data;
  }

  private static String stringAttribute(Path path, HdfFile f, String name) {
    Attribute a = f.getAttribute(name);
    if (a == null || !(a.getData() instanceof String)) {
      throw new StampShardException(path + ": root attribute " + name + " is missing or not a string; expected a "
          + "training dataset written by 'labelfree stamps collect'");
    }
    return (String) a.getData();
  }

  @Override
  public String toString() {
    return "TrainingDataset[" + size() + " stamps, " + split + ", seed " + seed + "]";
  }
}
