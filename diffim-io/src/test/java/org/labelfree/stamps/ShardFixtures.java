package org.labelfree.stamps;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded shards and a raw jHDF writer of shard layouts, for tests and benchmarks. */
final class ShardFixtures {
  private ShardFixtures() {}

  static ShardAttributes attributes(int channels, int size) {
    List<String> names = channels == 1 ? List.of("difference")
        : List.of("science", "template", "difference").subList(0, channels);
    return new ShardAttributes(names, "zscale", size, "0.1.0-test", "0123456789abcdef");
  }

  /** {@code n} seeded stamps of {@code channels x size x size} with varied columns (NaN snr, all flag bits). */
  static StampShard shard(int n, int channels, int size, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    StampShard.Builder b = StampShard.builder(attributes(channels, size));
    String[] bands = {"g", "r", "i", "z", "y", "u"};
    float[] px = new float[channels * size * size];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < px.length; k++) {
        px[k] = (float) (rng.nextGaussian() * 10);
      }
      if (i == 1) {
        px[0] = Float.NaN;
      }
      byte label = (byte) rng.nextInt(-1, 2);
      b.add(new StampRow((1L << 55) + i, 1000 + i / 3, rng.nextInt(0, 189), bands[i % bands.length],
          rng.nextDouble(0, 360), rng.nextDouble(-90, 90), (float) rng.nextDouble(0, 4096),
          (float) rng.nextDouble(0, 4096), i % 7 == 0 ? Float.NaN : (float) rng.nextDouble(5, 100), label,
          label == 1 ? 500 + i : -1, (byte) rng.nextInt(-1, 2), rng.nextInt(0, 16)), px);
    }
    return b.build();
  }

  /** The datasets of a valid shard file, by name (arrays as jHDF writes them), in writing order. */
  static Map<String, Object> datasets(StampShard s) {
    int n = s.size();
    int c = s.channels();
    int w = s.stampSize();
    float[][][][] st = new float[n][c][w][w];
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < w; y++) {
          for (int x = 0; x < w; x++) {
            st[i][ch][y][x] = s.pixel(i, ch, y, x);
          }
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stamps", st);
    m.put("dia_source_id", s.diaSourceIdArray());
    m.put("visit", s.visitArray());
    m.put("detector", s.detectorArray());
    m.put("band", s.bandArray());
    m.put("ra", s.raArray());
    m.put("dec", s.decArray());
    m.put("x", s.xArray());
    m.put("y", s.yArray());
    m.put("snr", s.snrArray());
    m.put("label", s.labelArray());
    m.put("injection_id", s.injectionIdArray());
    m.put("is_true_transient", s.isTrueTransientArray());
    m.put("flags", s.flagsArray());
    return m;
  }

  /** The root attributes of a valid shard file. */
  static Map<String, Object> attributeMap(StampShard s) {
    Map<String, Object> m = new LinkedHashMap<>();
    ShardAttributes a = s.attributes();
    m.put("channel_names", a.channelNames().toArray(new String[0]));
    m.put("normalisation", a.normalisation());
    m.put("stamp_size", a.stampSize());
    m.put("software_version", a.softwareVersion());
    m.put("config_digest", a.configDigest());
    m.put("format", StampShards.FORMAT);
    m.put("format_version", StampShards.FORMAT_VERSION);
    return m;
  }

  /** Writes a shard-like file from raw datasets and attributes with jHDF. */
  static void writeRaw(Path path, Map<String, Object> datasets, Map<String, Object> attributes) {
    try (WritableHdfFile f = HdfFile.write(path)) {
      datasets.forEach(f::putDataset);
      attributes.forEach(f::putAttribute);
    }
  }
}
