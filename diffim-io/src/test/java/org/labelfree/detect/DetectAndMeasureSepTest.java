package org.labelfree.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Exposure;
import org.labelfree.image.GaussianPsf;
import org.labelfree.testing.TestData;

/**
 * Detection and measurement on the real ESO NTT image of {@code real/sep} against SExtractor's own catalogue made
 * with the same threshold (1.5 sigma), mesh (64) and background filter (3); Kron minimum radius 0 as
 * {@code PHOT_AUTOPARAMS 2.5, 0.0}.
 */
class DetectAndMeasureSepTest {
  @Test
  void matchesSextractorAboveTenSigma() throws Exception {
    Exposure e = FitsExposures.read(TestData.real("sep/image.fits"));
    DetectAndMeasureConfig cfg = DetectAndMeasureConfig.defaults().withThresholdSigma(1.5)
        .withBackground(new BackgroundConfig(64, 3, 3, 3)).withMinKronRadius(0);
    /* A Gaussian PSF of the stars' size (SExtractor FLUX_RADIUS(0.5) ~ 1.4 px of the stars gives sigma ~ 1.2). */
    Catalog c = DetectAndMeasure.run(e, GaussianPsf.ofSigma(1.2), cfg).catalog();
    double[] x = c.doubleColumn("x");
    double[] y = c.doubleColumn("y");
    double[] kron = c.doubleColumn("kronFlux");
    double[] ap = c.doubleColumn("apFlux");
    int total = 0;
    int matched = 0;
    List<Double> kr = new ArrayList<>();
    List<Double> ar = new ArrayList<>();
    for (String line : Files.readAllLines(TestData.real("sep/image.cat"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      double fluxAuto = Double.parseDouble(f[15]);
      double errAuto = Double.parseDouble(f[16]);
      if (!(errAuto > 0 && fluxAuto / errAuto > 10)) {
        continue;
      }
      total++;
      /* SExtractor positions are 1-based FITS: the windowed position (XWIN) and the isophotal one (X). */
      double xw = Double.parseDouble(f[3]) - 1;
      double yw = Double.parseDouble(f[4]) - 1;
      double xi = Double.parseDouble(f[1]) - 1;
      double yi = Double.parseDouble(f[2]) - 1;
      int best = -1;
      double bd = 0.5;
      for (int i = 0; i < x.length; i++) {
        double d = Math.min(Math.hypot(x[i] - xw, y[i] - yw), Math.hypot(x[i] - xi, y[i] - yi));
        if (d < bd) {
          bd = d;
          best = i;
        }
      }
      if (best < 0) {
        int nb = -1;
        double nd = 1e9;
        for (int i = 0; i < x.length; i++) {
          double d = Math.hypot(x[i] - xw, y[i] - yw);
          if (d < nd) {
            nd = d;
            nb = i;
          }
        }
        System.out.printf("unmatched SExtractor (%.2f, %.2f) win (%.2f, %.2f) S/N %.0f; nearest (%.2f, %.2f) at %.2f%n",
            xi, yi, xw, yw, fluxAuto / errAuto, x[nb], y[nb], nd);
      }
      if (best >= 0) {
        matched++;
        kr.add(kron[best] / fluxAuto);
        ar.add(ap[best] / Double.parseDouble(f[12]));
      }
    }
    double medK = DetectAndMeasureTest.median(kr);
    double medA = DetectAndMeasureTest.median(ar);
    System.out.printf("sep: %d of %d SExtractor sources above 10 sigma matched within 0.5 px; median kronFlux /"
        + " FLUX_AUTO %.4f, apFlux / FLUX_APER %.4f; %d sources%n", matched, total, medK, medA, x.length);
    /* The issue's numbers: >= 95% matched, median flux ratios within 2% of 1. */
    assertTrue(matched >= 0.95 * total, matched + " of " + total + " matched");
    assertEquals(1.0, medK, 0.02, "median kronFlux / FLUX_AUTO");
    assertEquals(1.0, medA, 0.02, "median apFlux / FLUX_APER");
  }
}
