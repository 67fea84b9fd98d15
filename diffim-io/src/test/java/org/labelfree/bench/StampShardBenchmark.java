package org.labelfree.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.ShardWriteOptions;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;
import org.labelfree.stamps.StampShards;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * Writing one HDF5 stamp shard of 10,000 stamps of 1x30x30 float32 (36.0 MB of pixels) to the page cache, and
 * reading it back. Throughput in MB/s = 36.0 / (seconds per operation). Targets (DESIGN.md): >= 1 GB/s
 * uncompressed, >= 50 MB/s with deflate.
 *
 * <p>Pixels are seeded Gaussian noise rounded to 1/64 (like normalised stamps quantised by a cutter, which deflate
 * can compress a little); pure float noise would not compress at all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StampShardBenchmark {
  /** Number of stamps per shard. */
  static final int N = 10_000;
  /** Stamp size (pixels). */
  static final int SIZE = 30;

  /** Deflate level for {@code /stamps}: 0 = uncompressed, contiguous. */
  @Param({"0", "1", "4"})
  public int deflate;

  private StampShard shard;
  private Path dir;
  private Path target;
  private Path existing;

  /** Builds the shard and a temporary folder; quiets jHDF's per-dataset INFO logging. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.jhdf"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    SplittableRandom rng = new SplittableRandom(2024);
    StampShard.Builder b = StampShard.builder(
        new ShardAttributes(List.of("difference"), "zscale", SIZE, "bench", "00ff"));
    float[] px = new float[SIZE * SIZE];
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < px.length; k++) {
        px[k] = Math.round(rng.nextGaussian() * 64) / 64f;
      }
      b.add(new StampRow(i, 1000 + i / 500, i % 189, "r", rng.nextDouble(0, 360), rng.nextDouble(-90, 90),
          (float) rng.nextDouble(0, 4000), (float) rng.nextDouble(0, 4000), (float) rng.nextDouble(5, 50),
          (byte) (i % 2), i % 2 == 1 ? i : -1, (byte) -1), px);
    }
    shard = b.build();
    dir = Files.createTempDirectory("stamp-bench");
    target = dir.resolve("shard.h5");
    existing = dir.resolve("read.h5");
    StampShards.write(shard, existing,
        deflate == 0 ? ShardWriteOptions.uncompressed() : ShardWriteOptions.deflate(deflate));
  }

  /** Removes the temporary folder. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Writes the whole shard (reshape, jHDF encode, write, atomic rename). */
  @Benchmark
  public long write() throws IOException {
    StampShards.write(shard, target,
        deflate == 0 ? ShardWriteOptions.uncompressed() : ShardWriteOptions.deflate(deflate));
    return Files.size(target);
  }

  /** Reads and validates the whole shard. */
  @Benchmark
  public int read() throws IOException {
    return StampShards.read(existing).size();
  }
}
