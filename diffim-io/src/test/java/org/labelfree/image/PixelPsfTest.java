package org.labelfree.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.diffim.SpatialPolynomial;
import org.labelfree.fits.FitsExposures;

/** {@link PixelPsf}, {@link Psf#fwhmAt} of every model, and the FITS round trip of a pixelised PSF. */
class PixelPsfTest {
  /** A linear-in-x PSF: constant term a Moffat of FWHM 4, x term the change to FWHM 4.4 at u = 1. */
  static PixelPsf linear(int oversampling) {
    SpatialPolynomial sp = new SpatialPolynomial(1, 0, 0, 201, 101);
    int k = 31;
    int m = oversampling * (k - 1) + 1;
    float[] b0 = new float[m * m];
    float[] b1 = new float[m * m];
    /* Sample the pixel-integrated profile on the model grid: render on a grid of 1/oversampling pixels with the
       FWHM scaled by the oversampling (pixel integration then spans 1/oversampling of a native pixel; good enough
       for checking the decimation). */
    MoffatPsf.addMoffat(b0, m, m, m / 2, m / 2, 1, 4.0 * oversampling, 3, 0, 0, Double.POSITIVE_INFINITY);
    float[] hi = new float[m * m];
    MoffatPsf.addMoffat(hi, m, m, m / 2, m / 2, 1, 4.4 * oversampling, 3, 0, 0, Double.POSITIVE_INFINITY);
    for (int i = 0; i < b1.length; i++) {
      b1[i] = hi[i] - b0[i];
    }
    return new PixelPsf(sp, oversampling, k, new float[][] {b0, b1, new float[m * m]});
  }

  @Test
  void kernelImageIsCentredNormalisedAndInterpolatesInPosition() {
    PixelPsf p = linear(1);
    ImageF k = p.kernelImage(100, 50);
    assertEquals(31, k.width());
    assertEquals(-15, k.x0());
    double sum = 0;
    for (float v : k.array()) {
      sum += v;
    }
    assertEquals(1.0, sum, 1e-5, "unit sum");
    assertEquals(k.get(15, 15), maxOf(k), 0f, "peak on the middle pixel");
    /* At u = 0 the model is the constant term: a Moffat of FWHM 4; the fit recovers it (tolerance: the fit's own
       convergence, 1e-3 relative). */
    assertEquals(4.0, p.fwhmAt(100, 50), 4e-3);
    /* At u = 1 (x = 200) it is the FWHM-4.4 profile exactly; at u = 0.5 a 50/50 mixture, whose FWHM lies between. */
    assertEquals(4.4, p.fwhmAt(200, 50), 4.4e-3);
    double mid = p.fwhmAt(150, 50);
    assertTrue(mid > 4.1 && mid < 4.3, "mixture FWHM " + mid);
    assertEquals(p.fwhmAt(150, 50), mid, 0.0, "cached value is the same");
    /* sigmaPix: adaptive moments of a FWHM-4 beta-3 Moffat give a Gaussian-equivalent FWHM wider than the FWHM
       (the wings weigh in): measured 4.54, bounded to [4.0, 4.8]. */
    double g = 2.3548 * p.sigmaPix(100, 50);
    assertTrue(g > 4.0 && g < 4.8, "Gaussian-equivalent FWHM " + g);
  }

  @Test
  void oversampledModelIsDecimatedToNativePixels() {
    PixelPsf p = linear(2);
    assertEquals(61, p.modelSize());
    ImageF k = p.kernelImage(100, 50);
    assertEquals(31, k.width());
    float[] b0 = p.basis(0);
    double s = 0;
    for (int j = 0; j < 31; j++) {
      for (int i = 0; i < 31; i++) {
        s += b0[2 * j * 61 + 2 * i];
      }
    }
    assertEquals(b0[30 * 61 + 30] / s, k.get(15, 15), 1e-6, "the middle node is the middle pixel");
  }

  @Test
  void fwhmAtOfTheAnalyticAndImageModels() {
    assertEquals(2.3548 * 1.5, GaussianPsf.ofSigma(1.5).fwhmAt(3, 4), 1e-3);
    MoffatPsf m = MoffatPsf.of(3.7, 2.8);
    assertEquals(3.7, m.fwhmAt(0, 0), 0.0);
    /* The image PSF of a Moffat kernel fits back to the Moffat's FWHM (tolerance: fit convergence). */
    assertEquals(3.7, new ImagePsf(m.kernelImage(0, 0)).fwhmAt(10, 10), 3.7e-3);
  }

  @Test
  void valueSemanticsAndValidation() {
    assertEquals(linear(1), linear(1));
    assertEquals(linear(1).hashCode(), linear(1).hashCode());
    assertNotEquals(linear(1), linear(2));
    SpatialPolynomial sp = new SpatialPolynomial(0, 0, 0, 10, 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PixelPsf(sp, 3, 5, new float[][] {new float[25]}));
    assertTrue(e.getMessage().contains("oversampling"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PixelPsf(sp, 1, 5, new float[][] {new float[24]}));
    assertTrue(e.getMessage().contains("basis[0]"), e.getMessage());
    float[] nan = new float[25];
    nan[3] = Float.NaN;
    assertThrows(IllegalArgumentException.class, () -> new PixelPsf(sp, 1, 5, new float[][] {nan}));
    assertThrows(IllegalArgumentException.class, () -> new PixelPsf(sp, 1, 5, new float[2][25]));
  }

  @Test
  void fitsRoundTrip(@TempDir Path dir) {
    for (int os : new int[] {1, 2}) {
      PixelPsf psf = linear(os);
      ImageF img = ImageF.filled(40, 30, 1f).withXy0(5, 7);
      Exposure e = Exposure.of(img).withPsf(psf);
      Path file = dir.resolve("pixel" + os + ".fits");
      FitsExposures.write(e, file);
      Exposure back = FitsExposures.read(file);
      assertEquals(psf, back.psf().orElseThrow(), "PixelPsf round trip, oversampling " + os);
      assertTrue(back.metadata().optString("PSFTYPE").isEmpty(), "PSF cards are not left in the metadata");
      assertEquals(e, back);
    }
    /* The image PSF keeps its 2-D HDU. */
    ImagePsf ip = new ImagePsf(MoffatPsf.of(3, 3).kernelImage(0, 0));
    Path file = dir.resolve("image.fits");
    FitsExposures.write(Exposure.of(ImageF.filled(20, 20, 0f)).withPsf(ip), file);
    assertEquals(ip, FitsExposures.read(file).psf().orElseThrow());
  }

  private static float maxOf(ImageF k) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : k.array()) {
      m = Math.max(m, v);
    }
    return m;
  }
}
