package org.labelfree.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.labelfree.testing.TestData;
import org.labelfree.wcs.HeaderFiles;
import org.labelfree.wcs.Wcs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bulk WCS throughput on the real PTF TAN-SIP order-4 header ({@code siponly.hdr}, 2048x4096): pixel to sky and
 * sky to pixel over 1,000,000 random points on the chip. Scores are points per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WcsBenchmark {
  static final int N = 1_000_000;

  private Wcs wcs;
  private final double[] x = new double[N];
  private final double[] y = new double[N];
  private final double[] ra = new double[N];
  private final double[] dec = new double[N];
  private final double[] outA = new double[N];
  private final double[] outB = new double[N];

  /** Loads the header and draws the points (seed 42). */
  @Setup
  public void setUp() throws Exception {
    wcs = Wcs.fromHeader(HeaderFiles.read(TestData.real("wcs/siponly.hdr")), "siponly.hdr").orElseThrow();
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < N; i++) {
      x[i] = rnd.nextDouble(-0.5, 2047.5);
      y[i] = rnd.nextDouble(-0.5, 4095.5);
    }
    wcs.pixelToSky(x, y, ra, dec);
  }

  /** Pixel to sky, 1,000,000 points per invocation. */
  @Benchmark
  @OperationsPerInvocation(N)
  public double[] pixelToSky() {
    wcs.pixelToSky(x, y, outA, outB);
    return outA;
  }

  /** Sky to pixel (AP/BP start plus Newton), 1,000,000 points per invocation. */
  @Benchmark
  @OperationsPerInvocation(N)
  public double[] skyToPixel() {
    wcs.skyToPixel(ra, dec, outA, outB);
    return outA;
  }
}
