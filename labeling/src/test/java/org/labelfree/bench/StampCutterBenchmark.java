package org.labelfree.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.labeling.stamps.StampCutter;
import org.labelfree.labeling.stamps.StampCutterConfig;
import org.labelfree.labeling.stamps.StampNormalisation;
import org.labelfree.labeling.stamps.StampPlane;
import org.labelfree.labeling.stamps.StampShardMaker;
import org.labelfree.catalog.Catalog;
import org.labelfree.stamps.StampShard;
import org.labelfree.stamps.StampShards;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * Stamp cutting and shard writing (issue 7 targets: >= 200,000 30x30 stamps/s from an in-memory 4096x4096 image on
 * one core; HDF5 shard writing >= 100 MB/s).
 *
 * <p>{@code cut}: 20,000 stamps of 30x30 at seeded positions spread over a 4096x4096 float32 image of Gaussian noise
 * with a mask (NO_DATA tested, 0.1% of pixels NaN), into one reused buffer; the score is stamps/s (throughput with
 * 20,000 operations per invocation). {@code writeShard}: {@code StampShards.write} of a shard of the same 20,000
 * stamps (72.0 MB of pixels) to a temporary folder (page cache); MB/s = 72.0 / (seconds per operation).
 *
 * <p>Run: {@code scripts/jmh labeling StampCutterBenchmark -f 1 -wi 2 -w 1 -i 3 -r 1}.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class StampCutterBenchmark {
  /** Image width and height (pixels). */
  static final int SIZE = 4096;
  /** Stamps per invocation and per shard. */
  static final int N = 20_000;

  /** The normalisation of the cut stamps. */
  @Param({"none", "minmax"})
  public String normalisation;

  /** Test a NO_DATA mask plane ({@code true}) or only NaN ({@code false}). */
  @Param({"true", "false"})
  public boolean withMask;

  /** Source order: {@code random}, or {@code rows} (sorted by row, as detection emits them). */
  @Param({"random", "rows"})
  public String order;

  private StampCutter cutter;
  private double[] xs;
  private double[] ys;
  private float[] buffer;
  private StampShard shard;
  private Path dir;
  private Path target;

  /** Builds the image, the positions, the shard and a temporary folder; quiets jHDF (its "writing is alpha" warning). */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.jhdf"))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    SplittableRandom rng = new SplittableRandom(2024);
    float[] px = new float[SIZE * SIZE];
    for (int k = 0; k < px.length; k++) {
      px[k] = rng.nextInt(1000) == 0 ? Float.NaN : (float) rng.nextGaussian();
    }
    MaskPlanes planes = MaskPlanes.defaults();
    Mask mask = Mask.wrap(SIZE, SIZE, new int[SIZE * SIZE], planes);
    StampPlane plane = withMask
        ? StampPlane.of("difference", ImageF.wrap(SIZE, SIZE, px), mask, planes.bitmask("NO_DATA"))
        : StampPlane.of("difference", ImageF.wrap(SIZE, SIZE, px));
    cutter = new StampCutter(new StampCutterConfig(30,
        StampNormalisation.valueOf(normalisation.toUpperCase(java.util.Locale.ROOT)), false), List.of(plane));
    xs = new double[N];
    ys = new double[N];
    for (int i = 0; i < N; i++) {
      xs[i] = rng.nextDouble(-5, SIZE + 5);
      ys[i] = rng.nextDouble(-5, SIZE + 5);
    }
    if (order.equals("rows")) {
      Integer[] idx = new Integer[N];
      for (int i = 0; i < N; i++) {
        idx[i] = i;
      }
      java.util.Arrays.sort(idx, Comparator.comparingDouble(i -> ys[i]));
      double[] sx = new double[N];
      double[] sy = new double[N];
      for (int i = 0; i < N; i++) {
        sx[i] = xs[idx[i]];
        sy[i] = ys[idx[i]];
      }
      xs = sx;
      ys = sy;
    }
    buffer = new float[cutter.stampLength()];
    /* The shard of the same positions, through the shard maker. */
    long[] ids = new long[N];
    long[] visits = new long[N];
    int[] ints = new int[N];
    double[] zeros = new double[N];
    String[] bands = new String[N];
    long[] injection = new long[N];
    int[] truth = new int[N];
    for (int i = 0; i < N; i++) {
      ids[i] = i + 1;
      visits[i] = 1000;
      bands[i] = "r";
      injection[i] = -1;
      truth[i] = -1;
    }
    Catalog matched = Catalog.builder().addLongs("diaSourceId", ids, "", "").addLongs("visit", visits, "", "")
        .addInts("detector", ints, "", "").addStrings("band", bands, "", "").addDoubles("x", xs, "", "")
        .addDoubles("y", ys, "", "").addDoubles("ra", zeros, "", "").addDoubles("dec", zeros, "", "")
        .addDoubles("snr", zeros, "", "").addInts("label", ints, "", "").addLongs("injection_id", injection, "", "")
        .addInts("is_true_transient", truth, "", "").addInts("match_flags", ints, "", "").build();
    shard = new StampShardMaker(cutter, "bench", "bench").make(matched, "bench");
    dir = Files.createTempDirectory("stamp-cut-bench");
    target = dir.resolve("shard.h5");
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

  /** Cuts N stamps; the score is stamps per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(N)
  public int cut() {
    int flags = 0;
    for (int i = 0; i < N; i++) {
      flags |= cutter.cut(xs[i], ys[i], buffer, 0);
    }
    return flags;
  }

  /** Writes the shard of N stamps (uncompressed); the score is milliseconds per 72.0 MB. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long writeShard() throws IOException {
    StampShards.write(shard, target);
    return Files.size(target);
  }
}
