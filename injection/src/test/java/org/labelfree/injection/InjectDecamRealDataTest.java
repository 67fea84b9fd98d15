package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.ColumnSpec;
import org.labelfree.catalog.ColumnType;
import org.labelfree.detect.BackgroundConfig;
import org.labelfree.detect.DetectAndMeasure;
import org.labelfree.detect.DetectAndMeasureConfig;
import org.labelfree.detect.PsfCandidate;
import org.labelfree.detect.PsfEstimate;
import org.labelfree.detect.PsfEstimator;
import org.labelfree.detect.PsfEstimatorConfig;
import org.labelfree.detect.SourceTable;
import org.labelfree.diffim.AlardLupton;
import org.labelfree.diffim.AlardLuptonConfig;
import org.labelfree.diffim.KernelCandidates;
import org.labelfree.diffim.Subtraction;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Exposure;
import org.labelfree.image.GaussianPsf;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImageStatistics;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.Psf;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;

/**
 * Injection into a real DECam single epoch ({@code DEC-OBS04a.mini.fits}, 256^2, TPV WCS, no PSF and no variance in
 * the file), subtraction of {@code DEC-OBS18a.mini.fits} and detection on the difference, as the pipeline runs them
 * (characterize, inject, subtract, detect): fakes with a forced PSF S/N above 10 on the difference are detected at
 * >= 95%, and their measured PSF flux is the injected flux within 5% (median).
 */
class InjectDecamRealDataTest {

  @Test
  void fakesInARealImageAreDetectedAndMeasuredAfterSubtraction() {
    Exposure sci = FitsExposures.read(real("decam/DEC-OBS04a.mini.fits"));
    Exposure tmp = FitsExposures.read(real("decam/DEC-OBS18a.mini.fits"));
    int w = sci.width();
    int h = sci.height();
    Wcs wcs = sci.wcs().orElseThrow();

    /* A variance plane as ISR makes it: sky noise^2 plus the positive signal / GAIN. */
    double gain = Double.isFinite(sci.visitInfo().gain()) ? sci.visitInfo().gain()
        : sci.metadata().optDouble("GAIN").orElseThrow();
    double sky = ImageStatistics.of(sci.image()).robustSigma();
    float[] var = new float[w * h];
    float[] img = sci.image().array();
    for (int p = 0; p < var.length; p++) {
      var[p] = (float) (sky * sky + Math.max(img[p], 0) / gain);
    }
    sci = sci.withVariance(ImageF.wrap(w, h, var).withXy0(sci.image().x0(), sci.image().y0()));

    /* Characterize as CharacterizeTask does: guessed PSF (1" FWHM), detect, fit the PSF, detect again. */
    double cx = sci.image().x0() + 0.5 * (w - 1);
    double cy = sci.image().y0() + 0.5 * (h - 1);
    DetectAndMeasureConfig det = DetectAndMeasureConfig.defaults().withBackground(new BackgroundConfig(128, 3.0, 3, 3));
    Psf guess = GaussianPsf.ofSigma(1.0 / wcs.pixelScaleArcsec(cx, cy) / 2.3548200450309493);
    SourceTable first = DetectAndMeasure.run(sci, guess, det);
    PsfEstimate est = PsfEstimator.estimateLoweringOrder(sci, PsfCandidate.fromCatalog(first.catalog()),
        PsfEstimatorConfig.defaults(), "DEC-OBS04a");
    Psf psf = est.psf();
    Catalog src = DetectAndMeasure.run(sci, psf, det).catalog();
    sci = sci.withPsf(psf).withPhotoCalib(sci.photoCalib().orElse(new PhotoCalib(30)));
    PhotoCalib calib = sci.photoCalib().orElseThrow();

    /* Fakes on a grid 24 px from the border, 7 px clear of every detected source, S/N 10-100 (log-uniform, seed 3)
       for the noise of a difference of two such images. */
    double nea = 0;
    for (float v : psf.kernelImage(cx, cy).array()) {
      nea += v * v;
    }
    double fluxSigma = Math.sqrt(2) * sky / Math.sqrt(nea);
    double[] sx = src.doubleColumn("x");
    double[] sy = src.doubleColumn("y");
    SplittableRandom rng = new SplittableRandom(3);
    Catalog.RowBuilder rows = Catalog.rowBuilder(List.of(ColumnSpec.of("injection_id", ColumnType.LONG),
        ColumnSpec.of("ra", ColumnType.DOUBLE), ColumnSpec.of("dec", ColumnType.DOUBLE),
        ColumnSpec.of("source_type", ColumnType.STRING), ColumnSpec.of("mag", ColumnType.DOUBLE)));
    long id = 0;
    for (int gy = 0; gy < 6; gy++) {
      for (int gx = 0; gx < 6; gx++) {
        double x = sci.image().x0() + 24 + gx * (w - 48) / 5.0 + rng.nextDouble(-0.5, 0.5);
        double y = sci.image().y0() + 24 + gy * (h - 48) / 5.0 + rng.nextDouble(-0.5, 0.5);
        boolean clear = true;
        for (int k = 0; k < sx.length; k++) {
          clear &= Math.hypot(sx[k] - x, sy[k] - y) > 7;
        }
        if (!clear) {
          continue;
        }
        double snr = Math.exp(rng.nextDouble(Math.log(10), Math.log(100)));
        SkyCoord s = wcs.pixelToSky(x, y);
        rows.addRow(id++, s.ra(), s.dec(), "Star", calib.instFluxToMagnitude(snr * fluxSigma));
      }
    }
    Catalog fakes = rows.build();

    /* Inject (gain from the GAIN card), subtract with the src stars as kernel candidates, detect. */
    InjectionResult inj = Injector.inject(sci, fakes, InjectionConfig.defaults(), "DEC-OBS04a.mini.fits");
    double[][] cand = KernelCandidates.fromCatalog(src, 20.0);
    Subtraction sub = AlardLupton.subtract(inj.exposure(), tmp, cand[0], cand[1], AlardLuptonConfig.defaults());
    Exposure diff = sub.difference();
    Psf diffPsf = diff.psf().orElse(psf);
    Catalog dia = DetectAndMeasure.run(diff, diffPsf, DetectAndMeasureConfig.forDifference()).catalog();

    /* Forced PSF photometry at every injected position; match to positive detections within 1.5 px. */
    double[] fx = inj.catalog().doubleColumn("injected_x");
    double[] fy = inj.catalog().doubleColumn("injected_y");
    double[] fflux = inj.catalog().doubleColumn("injected_flux");
    double[] dx = dia.doubleColumn("x");
    double[] dy = dia.doubleColumn("y");
    double[] dflux = dia.doubleColumn("psfFlux");
    boolean[] neg = dia.booleanColumn("isNegative");
    int bright = 0;
    int found = 0;
    List<Double> ratios = new ArrayList<>();
    StringBuilder missed = new StringBuilder();
    for (int i = 0; i < fx.length; i++) {
      double[] forced = ForcedPsf.measure(diff, diffPsf, fx[i], fy[i]);
      double snr = forced[0] / forced[1];
      if (!(snr > 10)) {
        continue;
      }
      bright++;
      int best = -1;
      double bestD = 1.5;
      for (int k = 0; k < dx.length; k++) {
        double d = Math.hypot(dx[k] - fx[i], dy[k] - fy[i]);
        if (!neg[k] && d <= bestD) {
          best = k;
          bestD = d;
        }
      }
      if (best >= 0) {
        found++;
        ratios.add(dflux[best] / fflux[i]);
      } else {
        missed.append(String.format(" (%.1f, %.1f) S/N %.1f;", fx[i], fy[i], snr));
      }
    }
    double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = r.length == 0 ? Double.NaN
        : r.length % 2 == 1 ? r[r.length / 2] : 0.5 * (r[r.length / 2 - 1] + r[r.length / 2]);
    double fraction = bright == 0 ? 0 : (double) found / bright;
    System.out.printf("DECam: PSF from %d stars (FWHM %.2f px), gain %.3f; %d fakes injected of %d; %d with forced"
            + " S/N > 10; detected %d (%.1f%%); median psfFlux / injected_flux %.4f (range %.3f-%.3f); residual"
            + " sigma %.3f; missed:%s%n", est.starsUsed(), est.fwhm(), gain, inj.injected(), fakes.rowCount(), bright,
        found, 100 * fraction, median, r.length > 0 ? r[0] : Double.NaN, r.length > 0 ? r[r.length - 1] : Double.NaN,
        sub.residualSigma(), missed);
    assertEquals(fakes.rowCount(), inj.injected());
    assertTrue(bright >= 20, "fakes with forced S/N > 10: " + bright);
    /* The numbers: >= 95% detected (one miss in 20 allowed) and the median flux within 5%. */
    assertTrue(fraction >= 0.95, "detected fraction " + fraction + "; missed" + missed);
    assertEquals(1.0, median, 0.05, "median psfFlux / injected_flux");
  }

  /** {@code shared/data/real/<relative>}, found from the build's property or by walking up (as diffim-io's TestData). */
  private static Path real(String relative) {
    String prop = System.getProperty("labelfree.shared");
    if (prop != null && Files.isDirectory(Paths.get(prop, "data", "real"))) {
      return Paths.get(prop, "data", "real", relative);
    }
    Path dir = Paths.get("").toAbsolutePath();
    for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve("../shared/data/real").normalize();
      if (Files.isDirectory(candidate)) {
        return candidate.resolve(relative);
      }
    }
    throw new IllegalStateException("cannot find ../shared/data/real from " + Paths.get("").toAbsolutePath());
  }

  /** Forced PSF photometry: the PSF placed at (x, y) as the injector places it, fitted by weighted least squares. */
  static final class ForcedPsf {
    private ForcedPsf() {}

    /** {flux, sigma} of a PSF fit at parent (x, y): {@code sum(P I / V) / sum(P^2 / V)}, over finite pixels. */
    static double[] measure(Exposure e, Psf psf, double x, double y) {
      ImageF k = psf.kernelImage(x, y);
      long cx = (long) Math.floor(x + 0.5);
      long cy = (long) Math.floor(y + 0.5);
      double[] stamp = InjectionStamp.render(k.array(), k.width(), k.height(), x - cx, y - cy);
      int sw = k.width() + 6;
      int sh = k.height() + 6;
      long sx0 = cx - sw / 2;
      long sy0 = cy - sh / 2;
      float[] img = e.image().array();
      float[] var = e.variance().array();
      double num = 0;
      double den = 0;
      for (int j = 0; j < sh; j++) {
        for (int i = 0; i < sw; i++) {
          long px = sx0 + i - e.image().x0();
          long py = sy0 + j - e.image().y0();
          if (px < 0 || py < 0 || px >= e.width() || py >= e.height()) {
            continue;
          }
          int p = (int) (py * e.width() + px);
          double v = var[p];
          if (Float.isFinite(img[p]) && v > 0 && Double.isFinite(v)) {
            double pp = stamp[j * sw + i];
            num += pp * img[p] / v;
            den += pp * pp / v;
          }
        }
      }
      return den > 0 ? new double[] {num / den, 1 / Math.sqrt(den)} : new double[] {Double.NaN, Double.NaN};
    }
  }
}
