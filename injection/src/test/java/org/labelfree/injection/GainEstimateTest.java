package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.VisitInfo;

/** {@link GainEstimate} on simulated images of known gain. */
class GainEstimateTest {
  private static final int W = 400;
  private static final double GAIN = 4.0;
  private static final double READ_E = 6.0;

  /** Sky plus 150 stars of 2e3 to 2e6 counts, Poisson electrons and read noise, seed 5. */
  private static float[][] simulate(boolean varianceFromModel) {
    SplittableRandom rng = new SplittableRandom(5);
    float[] model = new float[W * W];
    java.util.Arrays.fill(model, 300f);
    for (int k = 0; k < 150; k++) {
      double flux = Math.exp(rng.nextDouble(Math.log(2e3), Math.log(2e6)));
      MoffatPsf.addMoffat(model, W, W, rng.nextDouble(10, W - 10), rng.nextDouble(10, W - 10), flux, 4.0, 3.0, 0, 0,
          40);
    }
    float[] img = new float[W * W];
    float[] var = new float[W * W];
    double read = READ_E / GAIN;
    for (int p = 0; p < img.length; p++) {
      double e = org.labelfree.sim.PoissonSampler.sample(rng, model[p] * GAIN) + READ_E * rng.nextGaussian();
      img[p] = (float) (e / GAIN);
      double base = varianceFromModel ? model[p] : Math.max(img[p], 0);
      var[p] = (float) (base / GAIN + read * read);
    }
    return new float[][] {img, var};
  }

  private static Exposure exposure(float[] img, float[] var) {
    return new Exposure(ImageF.wrap(W, W, img), Mask.zeros(W, W), ImageF.wrap(W, W, var), null, null, null,
        VisitInfo.unknown(), Metadata.empty());
  }

  @Test
  void recoversTheGainFromAnIsrStyleVariance() {
    float[][] s = simulate(false);
    double g = GainEstimate.estimate(exposure(s[0], s[1]));
    System.out.printf("gain from ISR-style variance: %.4f (true %.1f)%n", g, GAIN);
    /* The variance is an exact linear function of the pixel value above 0: only float rounding remains; the
       issue asks for 5%. */
    assertEquals(GAIN, g, 0.05 * GAIN);
  }

  @Test
  void recoversTheGainFromAModelVariance() {
    float[][] s = simulate(true);
    double g = GainEstimate.estimate(exposure(s[0], s[1]));
    System.out.printf("gain from model variance: %.4f (true %.1f)%n", g, GAIN);
    /* Binning by the noisy value dilutes the slope only in the faintest bins; the Theil-Sen median ignores them:
       within the 5%. */
    assertEquals(GAIN, g, 0.05 * GAIN);
  }

  @Test
  void failsOnAnImageWithoutDynamicRange() {
    SplittableRandom rng = new SplittableRandom(9);
    float[] img = new float[W * W];
    float[] var = new float[W * W];
    for (int p = 0; p < img.length; p++) {
      img[p] = (float) (100 + 10 * rng.nextGaussian());
      var[p] = 100f;
    }
    AlgorithmFailureException e = assertThrows(AlgorithmFailureException.class,
        () -> GainEstimate.estimate(exposure(img, var)));
    System.out.println(e.getMessage() + " " + e.metadata());
  }
}
