package org.labelfree.stamps;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import org.labelfree.io.AtomicFiles;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.labelfree.image.InvalidDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads {@link StampShard}s as HDF5 files with jHDF (pure Java).
 *
 * <p>Layout, all at the root group:
 * <ul>
 *   <li>{@code /stamps}: float32, shape {@code (N, C, H, W)}, chunked {@code (k, C, H, W)}, optionally with
 *       shuffle + deflate (see {@link ShardWriteOptions});</li>
 *   <li>1-D datasets of length {@code N}: {@code dia_source_id} int64, {@code visit} int64, {@code detector} int32,
 *       {@code band} string (fixed-length ASCII), {@code ra}, {@code dec} float64, {@code x}, {@code y},
 *       {@code snr} float32, {@code label} int8, {@code injection_id} int64, {@code is_true_transient} int8,
 *       {@code flags} int32 ({@link StampFlags} bits; since format version 2);</li>
 *   <li>root attributes: {@code channel_names} (string array), {@code normalisation} (string), {@code stamp_size}
 *       (int32), {@code software_version} (string), {@code config_digest} (string), {@code format}
 *       ({@code "labelfree.stamp_shard"}) and {@code format_version} (int32, 2).</li>
 * </ul>
 * Versions: 2 adds {@code flags}. Version 1 files (no {@code flags}) still read, with every flag 0; a file without
 * {@code format_version} (written by another tool) reads {@code flags} when it has that dataset, else 0.
 * jHDF holds a whole dataset in memory and writes the file at close, without append: write one shard per
 * visit-detector (or per N stamps). Writes are atomic (temporary file in the target folder, then rename).
 *
 * <p>Reading validates the layout and throws {@link StampShardException} naming the file and dataset or attribute:
 * not HDF5, {@code /stamps} missing, not rank 4 or not float32, channels or size not matching the attributes, a
 * column missing, of the wrong length or type, an attribute missing or of the wrong type. {@code format} and
 * {@code format_version} are checked when present (files written by other tools may lack them); {@code band} may
 * be fixed- or variable-length; {@code stamp_size} any integer type. Stateless and thread-safe.
 */
public final class StampShards {
  private static final Logger LOG = LoggerFactory.getLogger(StampShards.class);
  /** The value of the {@code format} attribute. */
  public static final String FORMAT = "labelfree.stamp_shard";
  /** The value of the {@code format_version} attribute this class writes; it reads this one and version 1. */
  public static final int FORMAT_VERSION = 2;
  /** The names of the per-stamp datasets, in the order they are documented. */
  public static final List<String> COLUMNS = List.of("dia_source_id", "visit", "detector", "band", "ra", "dec", "x",
      "y", "snr", "label", "injection_id", "is_true_transient", "flags");

  /** The root attributes of the shard layout. */
  private static final List<String> RESERVED_ATTRIBUTES = List.of("channel_names", "normalisation", "stamp_size",
      "software_version", "config_digest", "format", "format_version");

  private StampShards() {}

  /**
   * Writes {@code shard} uncompressed to {@code path}, atomically.
   *
   * @throws IllegalArgumentException if the shard is empty (HDF5 via jHDF cannot hold a dataset of 0 stamps)
   * @throws IOException              if the file cannot be written
   */
  public static void write(StampShard shard, Path path) throws IOException {
    write(shard, path, ShardWriteOptions.uncompressed());
  }

  /**
   * Writes {@code shard} to {@code path} with the given storage options, atomically.
   *
   * @throws IllegalArgumentException if the shard is empty (HDF5 via jHDF cannot hold a dataset of 0 stamps)
   * @throws IOException              if the file cannot be written
   */
  public static void write(StampShard shard, Path path, ShardWriteOptions options) throws IOException {
    write(shard, path, options, Map.of(), Map.of());
  }

  /**
   * Writes {@code shard} with extra 1-D per-stamp datasets and extra root attributes (a file that derives from the
   * shard layout, e.g. a training dataset with its split), atomically. Extras are written in name order, so the
   * same shard and extras give the same bytes.
   *
   * @param extraColumns    name to a primitive array ({@code byte[]}, {@code int[]}, {@code long[]}, {@code float[]},
   *                        {@code double[]}) of one value per stamp; names must not be those of the shard layout
   * @param extraAttributes name to a {@code String}, {@code String[]}, {@code Integer} or {@code Long}; names must
   *                        not be those of the shard layout
   * @throws IllegalArgumentException if the shard is empty, or an extra has a reserved name, an unsupported type or
   *                                  the wrong length
   * @throws IOException              if the file cannot be written
   */
  public static void write(StampShard shard, Path path, ShardWriteOptions options, Map<String, Object> extraColumns,
      Map<String, Object> extraAttributes) throws IOException {
    int n = shard.size();
    if (n == 0) {
      throw new IllegalArgumentException("cannot write an empty stamp shard to " + path);
    }
    Map<String, Object> columns = new TreeMap<>(extraColumns);
    Map<String, Object> attributes = new TreeMap<>(extraAttributes);
    for (Map.Entry<String, Object> e : columns.entrySet()) {
      Object v = e.getValue();
      boolean primitive = v instanceof byte[] || v instanceof int[] || v instanceof long[] || v instanceof float[]
          || v instanceof double[];
      if (COLUMNS.contains(e.getKey()) || e.getKey().equals("stamps") || !primitive
          || java.lang.reflect.Array.getLength(v) != n) {
        throw new IllegalArgumentException("extra column '" + e.getKey() + "' must have a name outside the shard "
            + "layout and one primitive value per stamp (" + n + ")");
      }
    }
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      Object v = e.getValue();
      if (RESERVED_ATTRIBUTES.contains(e.getKey()) || !(v instanceof String || v instanceof String[]
          || v instanceof Integer || v instanceof Long)) {
        throw new IllegalArgumentException("extra attribute '" + e.getKey() + "' must have a name outside the shard "
            + "layout and be a String, String[], Integer or Long");
      }
    }
    int c = shard.channels();
    int s = shard.stampSize();
    /* jHDF writes N-D datasets from nested Java arrays: reshape the flat pixels. */
    float[] flat = shard.stampArray();
    float[][][][] stamps = new float[n][c][s][s];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        for (int py = 0; py < s; py++) {
          System.arraycopy(flat, k, stamps[i][ch][py], 0, s);
          k += s;
        }
      }
    }
    AtomicFiles.write(path, tmp -> {
      try (WritableHdfFile f = HdfFile.write(tmp)) {
        /* Chunked even when uncompressed: jHDF 0.13 writes contiguous N-D arrays one innermost row at a time
           (about 90 MB/s for 30x30 stamps), chunked ones through one buffer (about 5x faster). */
        DatasetCreationOptions.Builder storage = DatasetCreationOptions.builder()
            .chunkDimensions(Math.min(options.chunkStamps(), n), c, s, s);
        if (options.compressed()) {
          storage.shuffle().deflate(options.deflateLevel());
        }
        f.putDataset("stamps", stamps, storage.build());
        f.putDataset("dia_source_id", shard.diaSourceIdArray());
        f.putDataset("visit", shard.visitArray());
        f.putDataset("detector", shard.detectorArray());
        f.putDataset("band", shard.bandArray());
        f.putDataset("ra", shard.raArray());
        f.putDataset("dec", shard.decArray());
        f.putDataset("x", shard.xArray());
        f.putDataset("y", shard.yArray());
        f.putDataset("snr", shard.snrArray());
        f.putDataset("label", shard.labelArray());
        f.putDataset("injection_id", shard.injectionIdArray());
        f.putDataset("is_true_transient", shard.isTrueTransientArray());
        f.putDataset("flags", shard.flagsArray());
        ShardAttributes a = shard.attributes();
        f.putAttribute("channel_names", a.channelNames().toArray(new String[0]));
        f.putAttribute("normalisation", a.normalisation());
        f.putAttribute("stamp_size", a.stampSize());
        f.putAttribute("software_version", a.softwareVersion());
        f.putAttribute("config_digest", a.configDigest());
        f.putAttribute("format", FORMAT);
        f.putAttribute("format_version", FORMAT_VERSION);
        for (Map.Entry<String, Object> e : columns.entrySet()) {
          f.putDataset(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
          f.putAttribute(e.getKey(), e.getValue());
        }
      } catch (HdfException e) {
        throw new IOException(path + ": jHDF could not write the shard: " + e.getMessage(), e);
      }
    });
    LOG.debug("Wrote {} stamps of {}x{}x{} to {}", n, c, s, s, path);
  }

  /**
   * Reads and validates a stamp shard.
   *
   * @throws StampShardException if the file is not HDF5 or not a valid stamp shard (see the class comment)
   * @throws IOException         if the file does not exist or cannot be read
   */
  public static StampShard read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString());
    }
    HdfFile file;
    try {
      file = new HdfFile(path);
    } catch (HdfException e) {
      throw new StampShardException(path + ": not an HDF5 file: " + InvalidDataException.sanitize(e.getMessage()), e);
    }
    try (HdfFile f = file) {
      ShardAttributes attributes = readAttributes(path, f);
      int version = formatVersion(path, f);
      Dataset stampsDs = dataset(path, f, "stamps");
      int[] dims = stampsDs.getDimensions();
      if (dims.length != 4) {
        throw new StampShardException(path + " /stamps: rank " + dims.length + " (shape " + Arrays.toString(dims)
            + "); expected 4, (N, C, H, W)");
      }
      checkFloat(path, "stamps", stampsDs, 4);
      int n = dims[0];
      if (dims[1] != attributes.channels() || dims[2] != attributes.stampSize()
          || dims[3] != attributes.stampSize()) {
        throw new StampShardException(path + " /stamps: shape " + Arrays.toString(dims) + "; expected (N, "
            + attributes.channels() + ", " + attributes.stampSize() + ", " + attributes.stampSize()
            + ") from channel_names and stamp_size");
      }
      float[] stamps = (float[]) stampsDs.getDataFlat();
      long[] diaSourceId = (long[]) column(path, f, "dia_source_id", n, Kind.INT64);
      long[] visit = (long[]) column(path, f, "visit", n, Kind.INT64);
      int[] detector = (int[]) column(path, f, "detector", n, Kind.INT32);
      String[] band = (String[]) column(path, f, "band", n, Kind.STRING);
      double[] ra = (double[]) column(path, f, "ra", n, Kind.FLOAT64);
      double[] dec = (double[]) column(path, f, "dec", n, Kind.FLOAT64);
      float[] x = (float[]) column(path, f, "x", n, Kind.FLOAT32);
      float[] y = (float[]) column(path, f, "y", n, Kind.FLOAT32);
      float[] snr = (float[]) column(path, f, "snr", n, Kind.FLOAT32);
      byte[] label = (byte[]) column(path, f, "label", n, Kind.INT8);
      long[] injectionId = (long[]) column(path, f, "injection_id", n, Kind.INT64);
      byte[] isTrueTransient = (byte[]) column(path, f, "is_true_transient", n, Kind.INT8);
      /* Version 1 has no flags; files of other tools (no version) may or may not have them. */
      boolean hasFlags = version == FORMAT_VERSION || (version < 0 && f.getChildren().containsKey("flags"));
      int[] flags = hasFlags ? (int[]) column(path, f, "flags", n, Kind.INT32) : new int[n];
      for (int i = 0; i < n; i++) {
        if (band[i] == null || band[i].isEmpty() || !StampRow.printableAscii(band[i])) {
          throw new StampShardException(path + " /band[" + i + "]: '" + InvalidDataException.sanitize(band[i])
              + "'; expected a non-empty printable ASCII band name");
        }
        if (isTrueTransient[i] < -1 || isTrueTransient[i] > 1) {
          throw new StampShardException(path + " /is_true_transient[" + i + "]: " + isTrueTransient[i]
              + "; expected -1, 0 or 1");
        }
      }
      return new StampShard(attributes, n, stamps, diaSourceId, visit, detector, band, ra, dec, x, y, snr, label,
          injectionId, isTrueTransient, flags);
    } catch (HdfException | java.nio.BufferUnderflowException e) {
      throw new StampShardException(path + ": cannot read the HDF5 content: "
          + InvalidDataException.sanitize(e.getMessage()), e);
    }
  }

  private enum Kind {
    INT8, INT32, INT64, FLOAT32, FLOAT64, STRING
  }

  private static Dataset dataset(Path path, HdfFile f, String name) {
    Node node = f.getChildren().get(name);
    if (node == null) {
      throw new StampShardException(path + " /" + name + ": dataset is missing; expected a stamp shard dataset");
    }
    if (!(node instanceof Dataset ds)) {
      throw new StampShardException(path + " /" + name + ": is a " + node.getType() + "; expected a dataset");
    }
    return ds;
  }

  private static Object column(Path path, HdfFile f, String name, int n, Kind kind) {
    Dataset ds = dataset(path, f, name);
    int[] dims = ds.getDimensions();
    if (dims.length != 1) {
      throw new StampShardException(path + " /" + name + ": shape " + Arrays.toString(dims)
          + "; expected 1-D of length " + n + " (N of /stamps)");
    }
    if (dims[0] != n) {
      throw new StampShardException(path + " /" + name + ": length " + dims[0] + "; expected " + n
          + " (N of /stamps)");
    }
    DataType t = ds.getDataType();
    switch (kind) {
      case INT8 -> checkInteger(path, name, t, 1);
      case INT32 -> checkInteger(path, name, t, 4);
      case INT64 -> checkInteger(path, name, t, 8);
      case FLOAT32 -> checkFloat(path, name, ds, 4);
      case FLOAT64 -> checkFloat(path, name, ds, 8);
      case STRING -> {
        if (!(t instanceof StringData) && !(t instanceof VariableLength && ds.getJavaType() == String.class)) {
          throw new StampShardException(path + " /" + name + ": dtype " + describe(t) + "; expected a string");
        }
      }
    }
    Object data = ds.getData();
    if (kind == Kind.STRING && data instanceof Object[] objects && !(data instanceof String[])) {
      return Arrays.copyOf(objects, objects.length, String[].class);
    }
    return data;
  }

  private static void checkInteger(Path path, String name, DataType t, int bytes) {
    if (!(t instanceof FixedPoint fp) || fp.getSize() != bytes || !fp.isSigned()) {
      throw new StampShardException(path + " /" + name + ": dtype " + describe(t) + "; expected int" + (8 * bytes));
    }
  }

  private static void checkFloat(Path path, String name, Dataset ds, int bytes) {
    DataType t = ds.getDataType();
    if (!(t instanceof FloatingPoint) || t.getSize() != bytes) {
      throw new StampShardException(path + " /" + name + ": dtype " + describe(t) + "; expected float"
          + (8 * bytes));
    }
  }

  private static String describe(DataType t) {
    if (t instanceof FixedPoint fp) {
      return (fp.isSigned() ? "int" : "uint") + (8 * fp.getSize());
    }
    if (t instanceof FloatingPoint) {
      return "float" + (8 * t.getSize());
    }
    if (t instanceof StringData || t instanceof VariableLength) {
      return "string";
    }
    return t.getClass().getSimpleName();
  }

  private static ShardAttributes readAttributes(Path path, HdfFile f) {
    String format = optionalString(path, f, "format");
    if (format != null && !format.equals(FORMAT)) {
      throw new StampShardException(path + " attribute format: '" + InvalidDataException.sanitize(format)
          + "'; expected '" + FORMAT + "'");
    }
    Attribute channels = required(path, f, "channel_names");
    Object cd = channels.getData();
    List<String> channelNames;
    if (cd instanceof String s) {
      channelNames = List.of(s);
    } else if (cd instanceof String[] arr) {
      channelNames = List.of(arr);
    } else {
      throw new StampShardException(path + " attribute channel_names: " + cd.getClass().getSimpleName()
          + "; expected an array of strings");
    }
    String normalisation = requiredString(path, f, "normalisation");
    long size = integer(path, "stamp_size", required(path, f, "stamp_size"));
    String softwareVersion = requiredString(path, f, "software_version");
    String configDigest = requiredString(path, f, "config_digest");
    if (size <= 0 || size > 100_000) {
      throw new StampShardException(path + " attribute stamp_size: " + size + "; expected a positive size");
    }
    try {
      return new ShardAttributes(channelNames, normalisation, (int) size, softwareVersion, configDigest);
    } catch (IllegalArgumentException e) {
      throw new StampShardException(path + " attributes: " + e.getMessage(), e);
    }
  }

  /** The {@code format_version} attribute: 1 or 2, or -1 when absent; throws for any other value. */
  private static int formatVersion(Path path, HdfFile f) {
    Attribute version = f.getAttribute("format_version");
    if (version == null) {
      return -1;
    }
    long v = integer(path, "format_version", version);
    if (v != 1 && v != FORMAT_VERSION) {
      throw new StampShardException(path + " attribute format_version: " + v + "; expected 1 or " + FORMAT_VERSION);
    }
    return (int) v;
  }

  private static Attribute required(Path path, HdfFile f, String name) {
    Attribute a = f.getAttribute(name);
    if (a == null) {
      throw new StampShardException(path + " attribute " + name + ": missing on the root group; expected a stamp"
          + " shard attribute");
    }
    return a;
  }

  private static String requiredString(Path path, HdfFile f, String name) {
    Object d = required(path, f, name).getData();
    if (!(d instanceof String s)) {
      throw new StampShardException(path + " attribute " + name + ": " + d.getClass().getSimpleName()
          + "; expected a scalar string");
    }
    return s;
  }

  private static String optionalString(Path path, HdfFile f, String name) {
    return f.getAttribute(name) == null ? null : requiredString(path, f, name);
  }

  private static long integer(Path path, String name, Attribute a) {
    Object d = a.getData();
    if (d instanceof Long || d instanceof Integer || d instanceof Short || d instanceof Byte) {
      return ((Number) d).longValue();
    }
    throw new StampShardException(path + " attribute " + name + ": " + d.getClass().getSimpleName()
        + "; expected a scalar integer");
  }
}
