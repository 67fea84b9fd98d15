package org.labelfree.labeling.dataset;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.labelfree.io.AtomicFiles;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampShards;

/**
 * A merged, split training dataset in memory, made by {@link TrainingDatasets#collect}, and its HDF5 file.
 *
 * <p>File layout: that of a stamp shard ({@link StampShards}: {@code /stamps} float32 {@code (N, C, H, W)} chunked
 * by 256 stamps, uncompressed; the per-stamp datasets of {@link StampShards#COLUMNS}; the root attributes
 * {@code channel_names}, {@code normalisation}, {@code stamp_size}, {@code software_version}, {@code config_digest}
 * of the first shard, {@code format} and {@code format_version} as {@code StampShards} writes them), so any shard
 * reader reads it, plus:
 * <ul>
 *   <li>{@code flags} int32: the stamps' {@code StampFlags} bits (0 where the shards had no flags);</li>
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
  /** The name of the flags column. */
  public static final String FLAGS = "flags";

  private final ShardAttributes attributes;
  private final SplitSpec split;
  private final long seed;
  private final CollectReport report;
  private final float[][][][] stamps;
  private final long[] diaSourceId;
  private final long[] visit;
  private final int[] detector;
  private final String[] band;
  private final double[] ra;
  private final double[] dec;
  private final float[] x;
  private final float[] y;
  private final float[] snr;
  private final byte[] label;
  private final long[] injectionId;
  private final byte[] isTrueTransient;
  private final int[] flags;
  private final byte[] splitCode;
  private final long[] diaObjectId;

  /** Takes ownership of the arrays (all of one length {@code N > 0}). */
  TrainingDataset(ShardAttributes attributes, SplitSpec split, long seed, CollectReport report,
      float[][][][] stamps, long[] diaSourceId, long[] visit, int[] detector, String[] band, double[] ra,
      double[] dec, float[] x, float[] y, float[] snr, byte[] label, long[] injectionId, byte[] isTrueTransient,
      int[] flags, byte[] splitCode, long[] diaObjectId) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.split = Objects.requireNonNull(split, "split");
    this.seed = seed;
    this.report = Objects.requireNonNull(report, "report");
    this.stamps = stamps;
    this.diaSourceId = diaSourceId;
    this.visit = visit;
    this.detector = detector;
    this.band = band;
    this.ra = ra;
    this.dec = dec;
    this.x = x;
    this.y = y;
    this.snr = snr;
    this.label = label;
    this.injectionId = injectionId;
    this.isTrueTransient = isTrueTransient;
    this.flags = flags;
    this.splitCode = splitCode;
    this.diaObjectId = diaObjectId;
  }

  /** The number of stamps. */
  public int size() {
    return diaSourceId.length;
  }

  /** The shard attributes written (those of the first shard). */
  public ShardAttributes attributes() {
    return attributes;
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
    return diaSourceId.clone();
  }

  /** A copy of the visits. */
  public long[] visits() {
    return visit.clone();
  }

  /** A copy of the labels. */
  public byte[] labels() {
    return label.clone();
  }

  /** A copy of the S/N values. */
  public float[] snrs() {
    return snr.clone();
  }

  /** A copy of the flags. */
  public int[] flags() {
    return flags.clone();
  }

  /** One pixel: stamp {@code i}, channel {@code c}, row {@code py}, column {@code px} (0-based). */
  public float pixel(int i, int c, int py, int px) {
    return stamps[i][c][py][px];
  }

  /**
   * Writes the dataset to {@code path} atomically (temporary file in the same folder, then rename).
   *
   * @throws IOException if the file cannot be written
   */
  public void write(Path path) throws IOException {
    int n = size();
    int c = attributes.channels();
    int s = attributes.stampSize();
    AtomicFiles.write(path, tmp -> {
      try (WritableHdfFile f = HdfFile.write(tmp)) {
        f.putDataset("stamps", stamps, DatasetCreationOptions.builder()
            .chunkDimensions(Math.min(256, n), c, s, s).build());
        f.putDataset("dia_source_id", diaSourceId);
        f.putDataset("visit", visit);
        f.putDataset("detector", detector);
        f.putDataset("band", band);
        f.putDataset("ra", ra);
        f.putDataset("dec", dec);
        f.putDataset("x", x);
        f.putDataset("y", y);
        f.putDataset("snr", snr);
        f.putDataset("label", label);
        f.putDataset("injection_id", injectionId);
        f.putDataset("is_true_transient", isTrueTransient);
        f.putDataset(FLAGS, flags);
        f.putDataset(SPLIT, splitCode);
        f.putDataset(DIA_OBJECT_ID, diaObjectId);
        f.putAttribute("channel_names", attributes.channelNames().toArray(new String[0]));
        f.putAttribute("normalisation", attributes.normalisation());
        f.putAttribute("stamp_size", attributes.stampSize());
        f.putAttribute("software_version", attributes.softwareVersion());
        f.putAttribute("config_digest", attributes.configDigest());
        f.putAttribute("format", StampShards.FORMAT);
        f.putAttribute("format_version", StampShards.FORMAT_VERSION);
        f.putAttribute("split_names", SplitSpec.NAMES.toArray(new String[0]));
        f.putAttribute("split", split.toString());
        f.putAttribute("split_seed", seed);
      } catch (HdfException e) {
        throw new IOException(path + ": jHDF could not write the dataset: " + e.getMessage(), e);
      }
    });
  }

  @Override
  public String toString() {
    return "TrainingDataset[" + size() + " stamps, " + split + ", seed " + seed + "]";
  }
}
