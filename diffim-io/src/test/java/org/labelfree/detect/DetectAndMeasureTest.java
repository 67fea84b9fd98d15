package org.labelfree.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Mask;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.VisitInfo;

/** Synthetic Moffat stars on Gaussian noise of known variance: completeness, fluxes, errors, centroids, shapes. */
class DetectAndMeasureTest {
  static final int W = 1024;
  static final double NOISE = 10;
  static final MoffatPsf PSF = MoffatPsf.of(4.0, 4.5);
  static final double[][] TRUTH = new double[576][];
  static Catalog stars;

  /** Renders 24x24 stars (spacing 42 px) with S/N 8-800 log-uniform, seed 1. */
  @BeforeAll
  static void renderStars() {
    SplittableRandom rnd = new SplittableRandom(1);
    float[] pix = noise(rnd);
    double area = 1 / sumSq(PSF.kernelImage(0, 0).array());
    int k = 0;
    for (int j = 0; j < 24; j++) {
      for (int i = 0; i < 24; i++) {
        double x = 20 + 42 * i + rnd.nextDouble(-0.5, 0.5);
        double y = 20 + 42 * j + rnd.nextDouble(-0.5, 0.5);
        double snr = Math.exp(rnd.nextDouble(Math.log(8), Math.log(800)));
        double flux = snr * NOISE * Math.sqrt(area);
        MoffatPsf.addMoffat(pix, W, W, x, y, flux, 4.0, 4.5, 0, 0, 60);
        TRUTH[k++] = new double[] {x, y, flux, snr};
      }
    }
    stars = DetectAndMeasure.run(exposure(pix), PSF, DetectAndMeasureConfig.defaults()).catalog();
  }

  static float[] noise(SplittableRandom rnd) {
    float[] pix = new float[W * W];
    for (int p = 0; p < pix.length; p++) {
      pix[p] = (float) (NOISE * gauss(rnd));
    }
    return pix;
  }

  static double gauss(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  static double sumSq(float[] k) {
    double s = 0;
    for (float v : k) {
      s += v * v;
    }
    return s;
  }

  static Exposure exposure(float[] pix) {
    return new Exposure(ImageF.wrap(W, W, pix), Mask.zeros(W, W), ImageF.filled(W, W, (float) (NOISE * NOISE)),
        null, null, null, VisitInfo.unknown(), Metadata.empty());
  }

  /** Index of the catalogue row nearest (x, y) within r pixels, or -1. */
  static int nearest(Catalog c, double x, double y, double r) {
    double[] cx = c.doubleColumn("x");
    double[] cy = c.doubleColumn("y");
    int best = -1;
    double bd = r;
    for (int i = 0; i < cx.length; i++) {
      double d = Math.hypot(cx[i] - x, cy[i] - y);
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best;
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
  }

  @Test
  void completeUnbiasedAndPreciseOnStars() {
    double[] flux = stars.doubleColumn("psfFlux");
    double[] err = stars.doubleColumn("psfFluxErr");
    double[] x = stars.doubleColumn("x");
    double[] y = stars.doubleColumn("y");
    int above10 = 0;
    int found10 = 0;
    List<Double> ratio = new ArrayList<>();
    List<Double> pull = new ArrayList<>();
    List<Double> dist = new ArrayList<>();
    for (double[] t : TRUTH) {
      int i = nearest(stars, t[0], t[1], 2.0);
      if (t[3] > 10) {
        above10++;
        if (i >= 0) {
          found10++;
        }
      }
      if (i < 0 || t[3] <= 10) {
        continue;
      }
      ratio.add(flux[i] / t[2]);
      if (t[3] < 100) {
        pull.add((flux[i] - t[2]) / err[i]);
      }
      if (t[3] > 50) {
        dist.add(Math.hypot(x[i] - t[0], y[i] - t[1]));
      }
    }
    /* Completeness: every star above S/N 10 (the threshold is 5 on the smoothed map). */
    assertEquals(above10, found10, "completeness above S/N 10");
    /* Median flux ratio: 1% (the number; the statistical error of the median is ~0.3%). */
    double medRatio = median(ratio);
    assertEquals(1.0, medRatio, 0.01, "median psfFlux / truth");
    /*
     * Error calibration on S/N 10-100 (~300 stars, 4% statistical error of the rms): 1 +- 10%. Brighter stars are
     * left out because there the pull is dominated by sub-0.1% systematics (kernel truncation, Lanczos shift).
     */
    double s2 = 0;
    for (double p : pull) {
      s2 += p * p;
    }
    double rmsPull = Math.sqrt(s2 / pull.size());
    assertEquals(1.0, rmsPull, 0.10, "rms of (psfFlux - truth) / psfFluxErr");
    /* Centroids of S/N > 50 stars: median offset below 0.05 px. */
    double medDist = median(dist);
    assertTrue(medDist < 0.05, "median centroid offset " + medDist);
    System.out.printf("stars: completeness %d/%d, median ratio %.4f, rms pull %.3f, median offset %.4f px%n",
        found10, above10, medRatio, rmsPull, medDist);
  }

  @Test
  void starShapesMatchThePsfAndStarsAreNotExtended() {
    Measurement m = new Measurement(PSF.kernelImage(0, 0).array(), new float[PSF.kernelSize() * PSF.kernelSize()],
        new int[PSF.kernelSize() * PSF.kernelSize()], 0, PSF.kernelSize(), PSF.kernelSize());
    int c = PSF.kernelSize() / 2;
    double[] ref = m.adaptiveMoments(c, c, 1, PSF.sigmaPix(0, 0));
    assertEquals(1.0, ref[5], "moments of the noise-free PSF converge");
    double[] ixx = stars.doubleColumn("ixx");
    double[] iyy = stars.doubleColumn("iyy");
    double[] ext = stars.doubleColumn("extendedness");
    List<Double> rx = new ArrayList<>();
    List<Double> ry = new ArrayList<>();
    int extended = 0;
    int n = 0;
    for (double[] t : TRUTH) {
      int i = nearest(stars, t[0], t[1], 2.0);
      if (i < 0 || t[3] <= 50) {
        continue;
      }
      rx.add(ixx[i] / ref[0]);
      ry.add(iyy[i] / ref[1]);
      n++;
      if (ext[i] != 0) {
        extended++;
      }
    }
    /* Adaptive moments of S/N > 50 stars: median within 3% of the PSF's (noise scatter per star ~5% at S/N 50). */
    assertEquals(1.0, median(rx), 0.03, "median ixx / PSF ixx");
    assertEquals(1.0, median(ry), 0.03, "median iyy / PSF iyy");
    /* Stars: extendedness 0 for at least 98% of S/N > 50 stars. */
    assertTrue(extended <= 0.02 * n, extended + " of " + n + " stars called extended");
    System.out.printf("shapes: ixx ratio %.4f, iyy ratio %.4f, extended stars %d/%d%n", median(rx), median(ry),
        extended, n);
  }

  @Test
  void extendedGaussiansAreExtended() {
    SplittableRandom rnd = new SplittableRandom(2);
    float[] pix = noise(rnd);
    double sg = 3 * PSF.sigmaPix(0, 0);
    List<double[]> gal = new ArrayList<>();
    for (int j = 0; j < 10; j++) {
      for (int i = 0; i < 10; i++) {
        double x = 50 + 100 * i + rnd.nextDouble(-0.5, 0.5);
        double y = 50 + 100 * j + rnd.nextDouble(-0.5, 0.5);
        double flux = 20000 + 30000 * rnd.nextDouble();
        for (int yy = (int) y - 30; yy <= (int) y + 30; yy++) {
          for (int xx = (int) x - 30; xx <= (int) x + 30; xx++) {
            double r2 = (xx - x) * (xx - x) + (yy - y) * (yy - y);
            pix[yy * W + xx] += (float) (flux / (2 * Math.PI * sg * sg) * Math.exp(-0.5 * r2 / (sg * sg)));
          }
        }
        gal.add(new double[] {x, y});
      }
    }
    Catalog c = DetectAndMeasure.run(exposure(pix), PSF, DetectAndMeasureConfig.defaults()).catalog();
    double[] ext = c.doubleColumn("extendedness");
    int found = 0;
    int extended = 0;
    for (double[] g : gal) {
      int i = nearest(c, g[0], g[1], 2.0);
      if (i >= 0) {
        found++;
        extended += ext[i] == 1 ? 1 : 0;
      }
    }
    /* Bright (S/N > 50) galaxies 3x the PSF size: all found, all extended. */
    assertEquals(gal.size(), found, "galaxies found");
    assertEquals(found, extended, "galaxies with extendedness 1");
  }

  @Test
  void negativeSourcesNeedPolarityBoth() {
    SplittableRandom rnd = new SplittableRandom(3);
    float[] pix = noise(rnd);
    for (int k = 0; k < 20; k++) {
      MoffatPsf.addMoffat(pix, W, W, 100 + 40 * k, 500, -20000, 4.0, 4.5, 0, 0, 60);
    }
    Exposure e = exposure(pix);
    SourceTable both = DetectAndMeasure.run(e, PSF, DetectAndMeasureConfig.forDifference());
    SourceTable posOnly = DetectAndMeasure.run(e, PSF, DetectAndMeasureConfig.forDifference()
        .withPolarity(Polarity.POSITIVE));
    /* All 20 negative stars (S/N ~ 300) are found with BOTH; no source is found near them with POSITIVE. */
    int foundBoth = 0;
    int foundPos = 0;
    boolean[] neg = both.catalog().booleanColumn("isNegative");
    double[] f = both.catalog().doubleColumn("psfFlux");
    for (int k = 0; k < 20; k++) {
      int i = nearest(both.catalog(), 100 + 40 * k, 500, 1.0);
      if (i >= 0 && neg[i] && f[i] < 0) {
        foundBoth++;
      }
      if (nearest(posOnly.catalog(), 100 + 40 * k, 500, 5.0) >= 0) {
        foundPos++;
      }
    }
    assertEquals(20, foundBoth);
    assertEquals(0, foundPos);
    assertEquals(0, both.positive(), "no positive source on an image of negative stars");
  }

  @Test
  void dipoleIsOneSourceFlaggedDipole() {
    SplittableRandom rnd = new SplittableRandom(4);
    float[] pix = noise(rnd);
    double sep = 1.5 * 4.0;
    MoffatPsf.addMoffat(pix, W, W, 500, 500, 15000, 4.0, 4.5, 0, 0, 60);
    MoffatPsf.addMoffat(pix, W, W, 500 + sep, 500, -12000, 4.0, 4.5, 0, 0, 60);
    SourceTable t = DetectAndMeasure.run(exposure(pix), PSF, DetectAndMeasureConfig.forDifference());
    int i = nearest(t.catalog(), 500, 500, 2.0);
    assertTrue(i >= 0, "dipole found at the stronger (positive) lobe");
    assertTrue(t.catalog().booleanColumn("isDipole")[i]);
    assertEquals(1, t.dipoles());
    assertEquals(-1, nearest(t.catalog(), 500 + sep, 500, 2.0), "no separate source at the negative lobe");
  }

  @Test
  void falsePositivesOnPureNoiseFollowTheGaussianTail() {
    SplittableRandom rnd = new SplittableRandom(5);
    SourceTable t = DetectAndMeasure.run(exposure(noise(rnd)), PSF, DetectAndMeasureConfig.forDifference());
    /*
     * Two-sided 5-sigma tail 5.7e-7 per independent beam; ~1024^2 / (4 pi sigma^2) ~ 4e4 beams give ~0.02
     * expected; allowing 2 fails only for a gross excess.
     */
    int n = t.catalog().rowCount();
    System.out.printf("false positives: %d in 1024^2 at 5 sigma (%d per 4096^2)%n", n, 16 * n);
    assertTrue(n <= 2, n + " detections on pure noise");
    SourceTable t3 = DetectAndMeasure.run(exposure(noise(new SplittableRandom(6))), PSF,
        DetectAndMeasureConfig.forDifference().withThresholdSigma(3.5));
    System.out.printf("false positives: %d in 1024^2 at 3.5 sigma%n", t3.catalog().rowCount());
  }

  @Test
  void allNanImageIsInvalid() {
    float[] nan = new float[64 * 64];
    Arrays.fill(nan, Float.NaN);
    Exposure e = Exposure.of(ImageF.wrap(64, 64, nan));
    InvalidDataException ex = assertThrows(InvalidDataException.class,
        () -> DetectAndMeasure.run(e, PSF, DetectAndMeasureConfig.defaults()));
    assertTrue(ex.getMessage().contains("64x64"), ex.getMessage());
  }
}
