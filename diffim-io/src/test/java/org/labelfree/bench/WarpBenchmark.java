package org.labelfree.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.labelfree.diffim.WarpConfig;
import org.labelfree.diffim.Warper;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.VisitInfo;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanSipWcs;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lanczos-3 warp of a 4096 x 4096 exposure (image + variance + mask, noise with a sprinkling of masked pixels) from
 * a TAN grid at 0.2"/px onto a 4096 x 4096 TAN-SIP grid rotated 1 degree, shifted by a fraction of a pixel, with a
 * cubic radial distortion (1 px at 2000 px from the centre). Score: milliseconds per warp (target <= 1000 on 2
 * cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WarpBenchmark {
  static final int N = 4096;

  private Exposure source;
  private Wcs dest;
  private final WarpConfig config = WarpConfig.defaults();

  /** Builds the exposure (seed 42) and the two WCSs. */
  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    float[] pix = new float[N * N];
    int[] bits = new int[N * N];
    for (int i = 0; i < pix.length; i++) {
      pix[i] = (float) (rnd.nextDouble() - 0.5);
      if (rnd.nextInt(10_000) == 0) {
        bits[i] = 2;
      }
    }
    SkyCoord centre = new SkyCoord(150.1, 2.2);
    double s = 0.2 / 3600;
    TanWcs src = TanWcs.of(centre, 2048, 2048, CdMatrix.northUp(s));
    double c = Math.cos(Math.toRadians(1));
    double n = Math.sin(Math.toRadians(1));
    TanWcs tan = TanWcs.of(centre, 2047.63, 2048.39, new CdMatrix(-s * c, s * n, s * n, s * c));
    double k = 1.25e-10;
    double[][] a = new double[4][4];
    double[][] b = new double[4][4];
    a[3][0] = k;
    a[1][2] = k;
    b[2][1] = k;
    b[0][3] = k;
    dest = TanSipWcs.of(tan, a, b, null, null);
    source = new Exposure(ImageF.wrap(N, N, pix), Mask.wrap(N, N, bits, org.labelfree.image.MaskPlanes.defaults()),
        ImageF.filled(N, N, 1f), src, MoffatPsf.of(3, 3), null, VisitInfo.unknown(), Metadata.empty());
  }

  /** One full warp. */
  @Benchmark
  public Exposure warp4096() {
    return Warper.warp(source, dest, 0, 0, N, N, config);
  }
}
