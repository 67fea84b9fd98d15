package org.labelfree.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.labelfree.detect.DetectAndMeasure;
import org.labelfree.detect.DetectAndMeasureConfig;
import org.labelfree.detect.SourceTable;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.VisitInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Detection and measurement on 4096x4096 images, Moffat PSF FWHM 4 px, Gaussian noise 10 of known variance.
 * {@code detectAndMeasure}: a science image, sky 100 plus 5000 stars (S/N 5-1000 log-uniform, seed 7), with the
 * single-frame defaults (background estimated and subtracted). {@code detectAndMeasureDifference}: a
 * difference-like image, zero-mean noise with 500 positive and 500 negative sources (S/N 5-1000, seed 11) and
 * 20 dipoles (lobes of S/N 200, 2 px apart), with {@link DetectAndMeasureConfig#forDifference()}. Score:
 * milliseconds per image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DetectBenchmark {
  static final int W = 4096;
  private Exposure exposure;
  private Exposure difference;
  private final MoffatPsf psf = MoffatPsf.of(4.0, 3.5);

  /** Renders the image. */
  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(7);
    float[] pix = new float[W * W];
    for (int p = 0; p < pix.length; p++) {
      double u = rnd.nextDouble();
      double v = rnd.nextDouble();
      pix[p] = (float) (100 + 10 * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v));
    }
    for (int k = 0; k < 5000; k++) {
      double snr = Math.exp(rnd.nextDouble(Math.log(5), Math.log(1000)));
      MoffatPsf.addMoffat(pix, W, W, rnd.nextDouble(10, W - 10), rnd.nextDouble(10, W - 10), snr * 10 * 7, 4.0, 3.5,
          0, 0, 30);
    }
    exposure = new Exposure(ImageF.wrap(W, W, pix), Mask.zeros(W, W), ImageF.filled(W, W, 100f), null, null, null,
        VisitInfo.unknown(), Metadata.empty());

    rnd = new SplittableRandom(11);
    float[] diff = new float[W * W];
    for (int p = 0; p < diff.length; p++) {
      double u = rnd.nextDouble();
      double v = rnd.nextDouble();
      diff[p] = (float) (10 * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v));
    }
    for (int k = 0; k < 1000; k++) {
      double snr = Math.exp(rnd.nextDouble(Math.log(5), Math.log(1000)));
      MoffatPsf.addMoffat(diff, W, W, rnd.nextDouble(10, W - 10), rnd.nextDouble(10, W - 10),
          (k % 2 == 0 ? 1 : -1) * snr * 10 * 7, 4.0, 3.5, 0, 0, 30);
    }
    for (int k = 0; k < 20; k++) {
      double x = rnd.nextDouble(10, W - 10);
      double y = rnd.nextDouble(10, W - 10);
      MoffatPsf.addMoffat(diff, W, W, x - 1, y, 200 * 10 * 7, 4.0, 3.5, 0, 0, 30);
      MoffatPsf.addMoffat(diff, W, W, x + 1, y, -200 * 10 * 7, 4.0, 3.5, 0, 0, 30);
    }
    difference = new Exposure(ImageF.wrap(W, W, diff), Mask.zeros(W, W), ImageF.filled(W, W, 100f), null, null,
        null, VisitInfo.unknown(), Metadata.empty());
  }

  /** Background, detection at 5 sigma and measurement of every source. */
  @Benchmark
  public SourceTable detectAndMeasure() {
    return DetectAndMeasure.run(exposure, psf, DetectAndMeasureConfig.defaults());
  }

  /** Detection of both polarities at 5 sigma and measurement, no background (a difference image). */
  @Benchmark
  public SourceTable detectAndMeasureDifference() {
    return DetectAndMeasure.run(difference, psf, DetectAndMeasureConfig.forDifference());
  }
}
