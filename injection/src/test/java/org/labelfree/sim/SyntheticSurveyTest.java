package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.PhotoCalib;
import org.labelfree.wcs.Wcs;

/**
 * Realism of the synthetic survey, on a small survey (512 x 512 detectors, 2 detectors, 3 visits per band) with
 * fixed seeds: the noise matches the variance plane, stars have the visit's PSF, the templates are deeper by the
 * configured factor, artefacts occur at their rates, a supernova's light curve is recovered, and rendering is
 * deterministic.
 */
class SyntheticSurveyTest {
  private static SurveyConfig config;
  private static SyntheticSurvey survey;
  private static final List<SimulatedVisit> RENDERED = new ArrayList<>();

  @BeforeAll
  static void render() {
    /* More and brighter supernovae (5% of galaxies, peak 20.5-22.5), so that some are bright on some detector in
     * several visits, yet rarely two in one aperture. */
    TransientConfig t = TransientConfig.defaults();
    TransientConfig rich = new TransientConfig(0.05, t.agnFraction(), t.variableStarFraction(),
        t.asteroidsPerDeg2PerVisit(), 20.5, 22.5);
    config = SurveyConfig.of(3, 2, List.of("g", "r"), 512, 7).withTransients(rich);
    survey = new SyntheticSurvey(config);
    for (VisitConditions v : survey.geometry().visits()) {
      for (int d = 0; d < config.detectors(); d++) {
        RENDERED.add(survey.renderCalexp(v.visit(), d));
      }
    }
  }

  private static boolean nearArtefact(Catalog artefacts, int x, int y, double margin) {
    double[] x0 = artefacts.doubleColumn("x0");
    double[] y0 = artefacts.doubleColumn("y0");
    double[] x1 = artefacts.doubleColumn("x1");
    double[] y1 = artefacts.doubleColumn("y1");
    String[] kind = artefacts.stringColumn("kind");
    for (int i = 0; i < x0.length; i++) {
      double m = kind[i].equals("satellite_trail") ? 4 * margin : margin;
      if (segmentDistance(x, y, x0[i], y0[i], x1[i], y1[i]) <= m) {
        return true;
      }
    }
    return false;
  }

  private static double segmentDistance(double px, double py, double ax, double ay, double bx, double by) {
    double dx = bx - ax;
    double dy = by - ay;
    double l2 = dx * dx + dy * dy;
    double t = l2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2));
    return Math.hypot(px - ax - t * dx, py - ay - t * dy);
  }

  @Test
  void backgroundSubtractedNoiseMatchesTheVariancePlaneInSourceFreeRegions() {
    /* chi^2 per pixel over pixels where the noiseless sources add < 2% of the sky noise, unmasked and away from
     * every artefact; with ~10^5 pixels per image its statistical error is ~0.005, so 0.03 leaves room for the
     * fitted background's small source bias. */
    int n = config.size();
    for (int k = 0; k < 4; k++) {
      SimulatedVisit sv = RENDERED.get(k);
      Exposure e = sv.calexp();
      long visit = e.visitInfo().visit();
      int det = e.visitInfo().detector();
      float[] model = survey.sourceModel(visit, det);
      VisitConditions v = survey.geometry().visit(visit);
      double skySigmaE = Math.sqrt(v.skyElectrons(config.pixelScale()) + config.readNoise() * config.readNoise());
      float[] img = e.image().array();
      float[] var = e.variance().array();
      int[] mask = e.mask().array();
      double chi2 = 0;
      long count = 0;
      for (int y = 2; y < n - 2; y += 1) {
        for (int x = 2; x < n - 2; x++) {
          int i = y * n + x;
          if (model[i] < 0.02 * skySigmaE && mask[i] == 0 && !nearArtefact(sv.truthArtefacts(), x, y, 3)) {
            chi2 += img[i] * (double) img[i] / var[i];
            count++;
          }
        }
      }
      assertTrue(count > 20_000, "source-free pixels: " + count);
      assertEquals(1.0, chi2 / count, 0.03, "chi^2 per pixel of visit " + visit + " detector " + det);
    }
  }

  /** Gaussian-weighted adaptive moments (Bernstein and Jarvis 2002): {x, y, sigma}, or null if they diverge. */
  static double[] adaptiveMoments(float[] img, int w, int h, double x0, double y0, double sigma0) {
    double cx = x0;
    double cy = y0;
    double s2 = sigma0 * sigma0;
    for (int iter = 0; iter < 100; iter++) {
      double r = 5 * Math.sqrt(s2);
      int xa = (int) Math.max(0, Math.floor(cx - r));
      int xb = (int) Math.min(w - 1, Math.ceil(cx + r));
      int ya = (int) Math.max(0, Math.floor(cy - r));
      int yb = (int) Math.min(h - 1, Math.ceil(cy + r));
      double m0 = 0;
      double mx = 0;
      double my = 0;
      double mrr = 0;
      for (int y = ya; y <= yb; y++) {
        for (int x = xa; x <= xb; x++) {
          double dx = x - cx;
          double dy = y - cy;
          double wgt = Math.exp(-(dx * dx + dy * dy) / (2 * s2)) * img[y * w + x];
          m0 += wgt;
          mx += wgt * dx;
          my += wgt * dy;
          mrr += wgt * (dx * dx + dy * dy);
        }
      }
      if (!(m0 > 0)) {
        return null;
      }
      double newS2 = 2 * (mrr / m0 / 2);
      double ncx = cx + mx / m0;
      double ncy = cy + my / m0;
      boolean converged = Math.abs(newS2 - s2) < 1e-8 * s2 && Math.hypot(ncx - cx, ncy - cy) < 1e-6;
      cx = ncx;
      cy = ncy;
      s2 = newS2;
      if (!(s2 > 0.1 && s2 < 400)) {
        return null;
      }
      if (converged) {
        break;
      }
    }
    return new double[] {cx, cy, Math.sqrt(s2)};
  }

  @Test
  void starFwhmMeasuredByMomentsMatchesTheVisitTruthWithin3Percent() {
    /* The same adaptive moments on bright isolated stars and on the visit's true PSF kernel at each star's
     * position; the median ratio per visit-detector is within 3%. A low-latitude star density (10x the default)
     * gives enough bright stars on small detectors. */
    SkyConfig d = SkyConfig.defaults();
    SkyConfig dense = new SkyConfig(d.referenceBand(), d.galaxyCountAtRef(), d.galaxyRefMag(), d.galaxySlope(),
        d.galaxyMagBright(), d.galaxyMagFaint(), 10 * d.starCountAtRef(), d.starRefMag(), d.starSlope(),
        d.starMagBright(), d.starMagFaint());
    SurveyConfig c = SurveyConfig.of(3, 1, List.of("g", "r"), 512, 11);
    SyntheticSurvey starry = new SyntheticSurvey(new SurveyConfig(c.visitsPerBand(), c.detectors(), c.bands(),
        c.size(), c.seed(), c.pixelScale(), c.raCentre(), c.decCentre(), c.mjdStart(), c.nightSpacing(),
        c.exposureTime(), c.seeingMin(), c.seeingMax(), c.betaMin(), c.betaMax(), c.psfVariation(), c.maxDither(),
        c.maxRotationDeg(), c.distortion(), c.maxExtinction(), c.skyGradient(), c.gain(), c.readNoise(), c.adcMax(),
        c.templateSeeing(), c.templateBeta(), c.templateNoiseFactor(), c.patchSize(), c.patchOverlap(),
        c.depthMargin(), c.renderFloorSigma(), dense, c.transients(), c.artefacts()));
    Sky sky = starry.sky();
    int n = c.size();
    int tested = 0;
    for (VisitConditions v : starry.geometry().visits()) {
      SimulatedVisit sv = starry.renderCalexp(v.visit(), 0);
      Exposure e = sv.calexp();
      Wcs wcs = e.wcs().orElseThrow();
      MoffatPsf psf = (MoffatPsf) e.psf().orElseThrow();
      String band = e.visitInfo().band();
      double zp = e.photoCalib().orElseThrow().zeroPoint();
      double saturate = e.metadata().optDouble("SATURATE").orElseThrow();
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < sky.size(); i++) {
        if (sky.kind(i) != SourceKind.STAR) {
          continue;
        }
        double flux = Math.pow(10, 0.4 * (zp - sky.mag(i, band)));
        double peak = flux / (1.2 * psf.fwhm() * psf.fwhm());
        if (peak > 0.5 * saturate || peak < 200 * Math.sqrt(e.metadata().optDouble("SKYLEVEL").orElseThrow())) {
          continue;
        }
        double[] p = wcs.skyToPixel(sky.ra(i), sky.dec(i));
        if (p[0] < 30 || p[1] < 30 || p[0] > n - 31 || p[1] > n - 31 || !isolated(sky, i, wcs, p, band)) {
          continue;
        }
        double[] star = adaptiveMoments(e.image().array(), n, n, p[0], p[1], psf.sigmaPix(p[0], p[1]));
        ImageF k = psf.kernelImage(p[0], p[1]);
        double[] truth = adaptiveMoments(k.array(), k.width(), k.height(), 0.5 * (k.width() - 1),
            0.5 * (k.height() - 1), psf.sigmaPix(p[0], p[1]));
        if (star != null && truth != null) {
          ratios.add(star[2] / truth[2]);
        }
      }
      if (ratios.size() >= 3) {
        ratios.sort(Double::compare);
        double median = ratios.get(ratios.size() / 2);
        assertEquals(1.0, median, 0.03, "visit " + e.visitInfo().visit() + " detector " + e.visitInfo().detector()
            + ": star/PSF moment width ratios " + ratios);
        tested++;
      }
    }
    assertTrue(tested >= 4, "visit-detectors with >= 3 bright isolated stars: " + tested);
  }

  private static boolean isolated(Sky sky, int star, Wcs wcs, double[] p, String band) {
    double m = sky.mag(star, band);
    for (int j = 0; j < sky.size(); j++) {
      if (j == star || sky.mag(j, band) > m + 4) {
        continue;
      }
      double[] q = wcs.skyToPixel(sky.ra(j), sky.dec(j));
      if (Math.hypot(q[0] - p[0], q[1] - p[1]) < 15) {
        return false;
      }
    }
    return true;
  }

  @Test
  void templateNoiseIsLowerByTheConfiguredFactor() {
    /* The template's pixel noise (chi^2 against its variance plane in source-free pixels) is right, and that
     * variance is a median visit's sky variance divided by the factor squared (both in nJy^2). */
    String band = "r";
    int patch = survey.geometry().patchAt(config.raCentre(), config.decCentre());
    Exposure t = survey.renderTemplate(band, patch);
    float[] model = survey.templateSourceModel(band, patch);
    double zpE = SurveyConfig.zeroPointElectronsPerSecond(band) + 2.5 * Math.log10(config.exposureTime());
    double skyE = Math.pow(10, 0.4 * (zpE - SurveyConfig.skyBrightness(band)
        + 2.5 * Math.log10(config.pixelScale() * config.pixelScale())));
    double visitSigmaNjy = Math.sqrt(skyE + config.readNoise() * config.readNoise())
        * Math.pow(10, (PhotoCalib.NJY_ZERO_POINT - zpE) / 2.5);
    float[] img = t.image().array();
    float[] var = t.variance().array();
    double chi2 = 0;
    double sumVar = 0;
    long count = 0;
    for (int i = 0; i < img.length; i += 3) {
      if (model[i] < 0.002 * Math.sqrt(skyE)) {
        chi2 += img[i] * (double) img[i] / var[i];
        sumVar += var[i];
        count++;
      }
    }
    assertTrue(count > 50_000, "source-free template pixels: " + count);
    assertEquals(1.0, chi2 / count, 0.03, "template chi^2 per pixel");
    double ratio = visitSigmaNjy / Math.sqrt(sumVar / count);
    assertEquals(config.templateNoiseFactor(), ratio, 0.01 * config.templateNoiseFactor(),
        "median-visit noise over template noise");
  }

  @Test
  void cosmicRaysAndHotPixelsOccurAtTheConfiguredRates() {
    /* Counts over all rendered visit-detectors against the Poisson means: 4 sigma. Hot pixels are a property of
     * the detector, so they are counted once per detector. */
    long crs = 0;
    long[] hot = new long[config.detectors()];
    for (SimulatedVisit sv : RENDERED) {
      for (String k : sv.truthArtefacts().stringColumn("kind")) {
        if (k.equals("cosmic_ray")) {
          crs++;
        } else if (k.equals("hot_pixel")) {
          hot[sv.calexp().visitInfo().detector()]++;
        }
      }
    }
    double mpix = config.size() * (double) config.size() / 1e6;
    double expectCr = config.artefacts().cosmicRaysPerMegapixel() * mpix * RENDERED.size();
    assertEquals(expectCr, crs, 4 * Math.sqrt(expectCr), "cosmic rays");
    int visitsPerDetector = RENDERED.size() / config.detectors();
    long hotPerDetector = Arrays.stream(hot).sum() / visitsPerDetector;
    double expectHot = config.artefacts().hotPixelsPerMegapixel() * mpix * config.detectors();
    assertEquals(expectHot, hotPerDetector, 4 * Math.sqrt(expectHot) + 1, "hot pixels per detector set");
  }

  @Test
  void aSupernovaLightCurveIsRecoveredByAperturePhotometryWithinItsNoise() {
    /* Aperture photometry (radius 4 x the worst FWHM) at the truth position on each calexp, minus the same
     * aperture on the template (which holds the host but no supernova), in nJy, corrected for the point source's
     * aperture loss; compared with the injected flux. */
    Catalog first = null;
    long best = -1;
    int bestCount = 0;
    java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
    for (SimulatedVisit sv : RENDERED) {
      Catalog t = sv.truthTransients();
      String[] kind = t.stringColumn("kind");
      long[] id = t.longColumn("transient_id");
      double[] snr = t.doubleColumn("psf_snr");
      for (int i = 0; i < kind.length; i++) {
        if (kind[i].equals("supernova") && snr[i] > 8) {
          int c = counts.merge(id[i], 1, Integer::sum);
          if (c > bestCount) {
            bestCount = c;
            best = id[i];
          }
        }
      }
    }
    assertTrue(bestCount >= 3, "a supernova detected in >= 3 visits; best had " + bestCount);
    double radius = 4 * config.seeingMax() / config.pixelScale();
    List<String> lines = new ArrayList<>();
    int checked = 0;
    double pullSum = 0;
    for (SimulatedVisit sv : RENDERED) {
      Catalog t = sv.truthTransients();
      long[] id = t.longColumn("transient_id");
      for (int i = 0; i < id.length; i++) {
        if (id[i] != best) {
          continue;
        }
        Exposure e = sv.calexp();
        double x = t.doubleColumn("x")[i];
        double y = t.doubleColumn("y")[i];
        double edge = radius + 17;
        if (x < edge || y < edge || x > config.size() - edge || y > config.size() - edge) {
          continue;
        }
        double ra = t.doubleColumn("ra")[i];
        double dec = t.doubleColumn("dec")[i];
        double mag = t.doubleColumn("mag")[i];
        double truthNjy = Double.isFinite(mag) ? Math.pow(10, (PhotoCalib.NJY_ZERO_POINT - mag) / 2.5) : 0;
        double njyPerAdu = e.photoCalib().orElseThrow().nanojanskyPerCount();
        double[] sci = aperture(e, x, y, radius);
        int patch = survey.geometry().patchAt(ra, dec);
        Exposure tpl = survey.renderTemplate(e.visitInfo().band(), patch);
        double[] tp = survey.geometry().tractWcs().skyToPixel(ra, dec);
        double[] ref = aperture(tpl, tp[0], tp[1], radius);
        MoffatPsf psf = (MoffatPsf) e.psf().orElseThrow();
        double frac = MoffatPsf.enclosedFraction(radius, psf.fwhmAt(x, y), psf.beta());
        double measured = (sci[0] * njyPerAdu - ref[0]) / frac;
        double sigma = Math.sqrt(sci[1] * njyPerAdu * njyPerAdu + ref[1]) / frac;
        double pull = (measured - truthNjy) / sigma;
        lines.add(String.format("visit %d: injected %.0f nJy, measured %.0f +/- %.0f (pull %.2f)",
            e.visitInfo().visit(), truthNjy, measured, sigma, pull));
        assertTrue(Math.abs(pull) < 4, String.join("\n", lines));
        pullSum += pull;
        checked++;
      }
    }
    assertTrue(checked >= 3, "light-curve points checked: " + checked + "\n" + String.join("\n", lines));
    /* No bias: the mean pull within 3 sigma of 0 (its sigma is 1/sqrt(points)). */
    assertEquals(0.0, pullSum / checked, 3 / Math.sqrt(checked), String.join("\n", lines));
  }

  /**
   * Aperture photometry at (x, y) (parent-grid pixels) with radius {@code r}, less the mean of the annulus
   * [r + 4, r + 16) times the aperture's area (a local background, as aperture photometry does): {flux, variance},
   * the variance including the background estimate's. The plain mean, not a median or clipped mean: faint
   * neighbours then contribute the same flux to the calexp's and the template's annulus, whatever their noise, so
   * the difference of the two is unbiased.
   */
  private static double[] aperture(Exposure e, double x, double y, double r) {
    ImageF img = e.image();
    float[] a = img.array();
    float[] v = e.variance().array();
    double sum = 0;
    double var = 0;
    int area = 0;
    List<Double> annulus = new ArrayList<>();
    double annulusVar = 0;
    double outer = r + 16;
    for (int j = (int) Math.floor(y - outer); j <= Math.ceil(y + outer); j++) {
      for (int i = (int) Math.floor(x - outer); i <= Math.ceil(x + outer); i++) {
        double d2 = (i - x) * (i - x) + (j - y) * (j - y);
        int li = i - img.x0();
        int lj = j - img.y0();
        if (d2 >= outer * outer) {
          continue;
        }
        if (li < 0 || lj < 0 || li >= img.width() || lj >= img.height()) {
          throw new AssertionError("aperture leaves the image at " + i + ", " + j);
        }
        int k = lj * img.width() + li;
        if (d2 <= r * r) {
          sum += a[k];
          var += v[k];
          area++;
        } else if (d2 >= (r + 4) * (r + 4)) {
          annulus.add((double) a[k]);
          annulusVar += v[k];
        }
      }
    }
    double bg = annulus.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double bgVar = annulusVar / annulus.size() / annulus.size();
    return new double[] {sum - area * bg, var + area * (double) area * bgVar};
  }

  @Test
  void renderingIsDeterministicWhateverTheThreads() throws Exception {
    /* A second survey object with the same configuration, rendering on a one-thread pool, gives bit-identical
     * pixels, mask and variance. */
    SyntheticSurvey again = new SyntheticSurvey(config);
    SimulatedVisit one = new ForkJoinPool(1).submit(() -> again.renderCalexp(2, 1)).get();
    SimulatedVisit ref = RENDERED.get(1 * config.detectors() + 1);
    assertArrayEquals(ref.calexp().image().array(), one.calexp().image().array());
    assertArrayEquals(ref.calexp().variance().array(), one.calexp().variance().array());
    assertArrayEquals(ref.calexp().mask().array(), one.calexp().mask().array());
    assertEquals(ref.truthTransients(), one.truthTransients());
    assertEquals(ref.truthArtefacts(), one.truthArtefacts());
  }
}
