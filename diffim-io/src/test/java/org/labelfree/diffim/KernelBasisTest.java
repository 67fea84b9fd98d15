package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Alard-Lupton basis: counts, sizes, normalisation and orthogonality; the mode choice; config validation. */
class KernelBasisTest {

  @Test
  void defaultBasisHas27NormalisedOrthogonalImages() {
    KernelBasis b = KernelBasis.alardLupton(4.9, 3.0, false, AlardLuptonConfig.defaults());
    /* 15 + 6 + 6 Gaussian x polynomial terms for degrees 4, 2, 2. */
    assertEquals(27, b.count());
    /* sigma_match = sqrt(4.9^2 - 3^2) / 2.3548 = 1.641 px; widest 3 x 1.641 = 4.92; 6 x 4.92 = 29.5 -> 31 (odd). */
    assertEquals(31, b.size());
    int n = b.size() * b.size();
    float[][] img = new float[b.count()][];
    for (int k = 0; k < b.count(); k++) {
      img[k] = b.image(k);
      assertEquals(n, img[k].length);
    }
    /* Float images: sums and dot products exact to ~1e-6. */
    assertEquals(1.0, sum(img[0]), 1e-5);
    for (int k = 1; k < b.count(); k++) {
      assertEquals(0.0, sum(img[k]), 1e-5, "sum of image " + k);
      for (int j = 1; j <= k; j++) {
        assertEquals(j == k ? 1.0 : 0.0, dot(img[j], img[k]), 1e-5, "dot " + j + "," + k);
      }
    }
  }

  @Test
  void kernelSizeIsClippedAndOdd() {
    AlardLuptonConfig c = AlardLuptonConfig.defaults();
    assertEquals(21, KernelBasis.kernelSize(3.0, 3.0, false, c)); // floor sigma 0.7 -> 6 x 2.1 = 12.6 -> min 21
    assertEquals(35, KernelBasis.kernelSize(20.0, 3.0, false, c)); // huge mismatch -> max 35
    assertEquals(KernelBasis.SIGMA_MATCH_FLOOR, KernelBasis.matchingSigma(3.0, 5.0, false), 0);
    assertThrows(IllegalArgumentException.class, () -> KernelBasis.kernelSize(Double.NaN, 3, false, c));
  }

  @Test
  void autoConvolvesTheSharperImage() {
    assertFalse(SubtractionMode.AUTO.convolvesScience(4.0, 3.0));
    assertTrue(SubtractionMode.AUTO.convolvesScience(3.0, 4.0));
    assertTrue(SubtractionMode.CONVOLVE_SCIENCE.convolvesScience(Double.NaN, Double.NaN));
    assertFalse(SubtractionMode.CONVOLVE_TEMPLATE.convolvesScience(3.0, 4.0));
    assertThrows(IllegalArgumentException.class, () -> SubtractionMode.AUTO.convolvesScience(Double.NaN, 3));
  }

  @Test
  void configRejectsBadValuesByName() {
    AlardLuptonConfig d = AlardLuptonConfig.defaults();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AlardLuptonConfig(
        d.gaussianDegrees(), d.sigmaFactors(), 6, 22, 35, 1, 2, 8, 3, 3, 3, 0, SubtractionMode.AUTO, true));
    assertTrue(e.getMessage().contains("kernelSizeMin"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new AlardLuptonConfig(
        List.of(4, 2), d.sigmaFactors(), 6, 21, 35, 1, 2, 8, 3, 3, 3, 0, SubtractionMode.AUTO, true));
    assertTrue(e.getMessage().contains("sigmaFactors"), e.getMessage());
    assertEquals(12, d.effectiveMinStamps());
  }

  private static double sum(float[] a) {
    double s = 0;
    for (float v : a) {
      s += v;
    }
    return s;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
