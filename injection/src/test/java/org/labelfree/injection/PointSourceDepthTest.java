package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.labelfree.image.Exposure;
import org.labelfree.image.GaussianPsf;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImageStatistics;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.VisitInfo;

/** The 5-sigma depth from the variance plane and the PSF. */
class PointSourceDepthTest {

  @Test
  void gaussianPsfHasTheAnalyticEffectiveArea() {
    /* n_eff = 1 / integral(G^2) = 4 pi sigma^2 for a Gaussian; the kernel samples it at pixel centres over +-4 sigma,
       which for sigma >= 1.5 px differs from the integral by far less than 0.1%. */
    for (double sigma : new double[] {1.5, 2.0, 3.3}) {
      double nEff = PointSourceDepth.nEff(GaussianPsf.ofSigma(sigma).kernelImage(0, 0));
      assertEquals(4 * Math.PI * sigma * sigma, nEff, 1e-3 * nEff, "sigma " + sigma);
    }
  }

  @Test
  void depthOfAConstantVarianceImageMatchesAHandComputation() {
    /* sigma 2 px: n_eff = 16 pi = 50.265; V = 100: 5 sqrt(V n_eff) = 5 x 70.898 = 354.49 counts; zp 30:
       m5 = 30 - 2.5 log10(354.49) = 30 - 6.3740 = 23.6260. */
    int w = 64;
    int h = 48;
    float[] var = new float[w * h];
    java.util.Arrays.fill(var, 100f);
    int[] bits = new int[w * h];
    MaskPlanes planes = MaskPlanes.defaults();
    /* A quarter of the pixels masked NO_DATA with a huge variance, and some SAT with zero: both must be left out. */
    for (int p = 0; p < w * h / 4; p++) {
      var[p] = 1e6f;
      bits[p] = planes.bitmask("NO_DATA");
    }
    for (int p = w * h / 4; p < w * h / 4 + 100; p++) {
      var[p] = 0f;
      bits[p] = planes.bitmask("SAT");
    }
    Exposure e = new Exposure(ImageF.zeros(w, h), Mask.of(w, h, bits, planes), ImageF.of(w, h, var), null,
        GaussianPsf.ofSigma(2.0), new PhotoCalib(30.0), VisitInfo.unknown(), Metadata.empty());
    PointSourceDepth.Depth d = PointSourceDepth.of(e, "test image");
    assertEquals(100.0, d.medianVariance(), 1e-9);
    assertEquals(w * h - w * h / 4 - 100, d.goodPixels());
    assertEquals(16 * Math.PI, d.nEff(), 0.05);
    assertEquals(23.6260, d.m5(), 2e-4);
    assertEquals(23.6260, PointSourceDepth.m5(30, 100, 16 * Math.PI), 1e-4);
  }

  @Test
  void medianOfEvenAndOddCounts() {
    assertEquals(2.5, ImageStatistics.median(new float[] {4, 1, 3, 2}, 4), 0);
    assertEquals(3.0, ImageStatistics.median(new float[] {5, 1, 3, 2, 4}, 5), 0);
    assertEquals(7.0, ImageStatistics.median(new float[] {7, 7, 7, 7, 9, 9}, 4), 0);
  }

  @Test
  void missingCalibrationIsNamed() {
    Exposure e = Exposure.of(ImageF.filled(8, 8, 1f)).withPsf(GaussianPsf.ofSigma(1.5));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> PointSourceDepth.of(e, "difference_image visit=3 detector=1"));
    assertTrue(ex.getMessage().contains("visit=3 detector=1") && ex.getMessage().contains("PhotoCalib"),
        ex.getMessage());
    Exposure noVar = e.withPhotoCalib(new PhotoCalib(27));
    ex = assertThrows(IllegalArgumentException.class, () -> PointSourceDepth.of(noVar, "img"));
    assertTrue(ex.getMessage().contains("no good pixel"), ex.getMessage());
  }
}
