package org.labelfree.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.labelfree.detect.PsfCandidate;
import org.labelfree.detect.PsfEstimate;
import org.labelfree.detect.PsfEstimator;
import org.labelfree.detect.PsfEstimatorConfig;
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
 * {@link PsfEstimator#estimate} on a 4096 x 4096 exposure with 300 bright isolated Moffat stars (FWHM 4 px varying
 * by 10%, beta 3, sky sigma 10, seed 7), spatial order 2, the 5 x 5 FWHM grid included. Score: ms per estimate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PsfBenchmark {
  static final int SIZE = 4096;
  private Exposure exposure;
  private final List<PsfCandidate> candidates = new ArrayList<>();

  /** Renders the field; candidates at the truth positions with the truth moments. */
  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(7);
    MoffatPsf truth = new MoffatPsf(4, 3, 0, 0, SIZE / 2.0, SIZE / 2.0, 0.2 / SIZE, 0.2 / SIZE, 27);
    float[] img = new float[SIZE * SIZE];
    int g = 18;
    for (int s = 0; s < 300; s++) {
      double x = 60 + (SIZE - 120) * ((s % g) + 0.5 + 0.3 * rnd.nextDouble()) / g;
      double y = 60 + (SIZE - 120) * ((s / g) + 0.5 + 0.3 * rnd.nextDouble()) / g;
      double flux = Math.exp(rnd.nextDouble(Math.log(2e4), Math.log(1e6)));
      double f = truth.fwhmAt(x, y);
      MoffatPsf.addMoffat(img, SIZE, SIZE, x, y, flux, f, 3, 0, 0, 40);
      double sig = f / 2.3548;
      candidates.add(new PsfCandidate(x, y, flux, flux / Math.sqrt(flux + 4 * Math.PI * sig * sig * 100),
          sig * sig, sig * sig, 0, false));
    }
    float[] var = new float[img.length];
    for (int i = 0; i < img.length; i++) {
      var[i] = 100 + Math.max(img[i], 0);
      img[i] += (float) (Math.sqrt(var[i]) * rnd.nextGaussian());
    }
    exposure = new Exposure(ImageF.wrap(SIZE, SIZE, img), Mask.zeros(SIZE, SIZE), ImageF.wrap(SIZE, SIZE, var),
        null, null, null, VisitInfo.unknown(), Metadata.empty());
  }

  /** One estimate with the default configuration. */
  @Benchmark
  public PsfEstimate estimate() {
    return PsfEstimator.estimate(exposure, candidates, PsfEstimatorConfig.defaults());
  }
}
