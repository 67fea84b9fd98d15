package org.labelfree.workflows.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.Psf;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.sim.ArtefactConfig;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.sim.TransientConfig;

/**
 * The four difference-imaging tasks chained on the synthetic survey, against its truth: the fitted PSF's FWHM
 * against the true Moffat FWHM, the normalised residual of the difference in source-free pixels, and the rate of
 * 5-sigma DIA detections on a pair with no true transients (and no fakes: injection comes in a later issue).
 */
class DiffimChainTest {
  /** One r-band detector, two visits, no transients at all; artefacts (cosmic rays, hot pixels...) as default. */
  private static final SurveyConfig QUIET = SurveyConfig.of(2, 1, List.of("r"), 1024, 5)
      .withTransients(new TransientConfig(0, 0, 0, 0, 21.5, 25.0));
  private static SyntheticSurvey survey;
  private static Exposure calexp;
  private static CharacterizeTask.Outputs characterized;
  private static Exposure warped;
  private static SubtractTask.Outputs subtracted;
  private static Catalog dia;

  @BeforeAll
  static void runChain() {
    survey = new SyntheticSurvey(QUIET);
    calexp = survey.renderCalexp(2, 0).calexp();
    List<Exposure> patches = new ArrayList<>();
    for (int p = 0; p < survey.geometry().patchCount(); p++) {
      patches.add(survey.renderTemplate("r", p));
    }
    DataId id = DataId.of(java.util.Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit", 2L, "detector", 0L));
    characterized = new CharacterizeTask(CharacterizeConfig.defaults())
        .run(new CharacterizeTask.Inputs(calexp.withPsf(null), id));
    warped = new GetTemplateTask(GetTemplateConfig.defaults())
        .run(new GetTemplateTask.Inputs(calexp, patches, id)).warpedTemplate();
    subtracted = new SubtractTask(SubtractConfig.defaults())
        .run(new SubtractTask.Inputs(calexp, warped, characterized.src(), characterized.psfModel(), id));
    dia = new DetectAndMeasureTask(DiaDetectionConfig.defaults())
        .run(new DetectAndMeasureTask.Inputs(subtracted.differenceImage(), id)).diaSource();
  }

  @Test
  void fittedPsfFwhmIsWithinTwoPercentOfTruth() {
    Psf truth = calexp.psf().orElseThrow();
    Psf fitted = characterized.psfModel();
    int n = calexp.width();
    double[][] at = {{0.5 * (n - 1), 0.5 * (n - 1)}, {100, 100}, {n - 101, 100}, {100, n - 101}, {n - 101, n - 101}};
    for (double[] p : at) {
      double t = truth.fwhmAt(p[0], p[1]);
      double f = fitted.fwhmAt(p[0], p[1]);
      System.out.printf("PSF FWHM at (%.0f, %.0f): fitted %.4f px, truth %.4f px, ratio %.4f%n", p[0], p[1], f, t,
          f / t);
      assertEquals(1.0, f / t, 0.02, "fitted / true FWHM at " + p[0] + ", " + p[1]);
    }
  }

  @Test
  void normalisedResidualSigmaIsOneWithinFivePercent() {
    Catalog s = subtracted.subtractionSummary();
    double sigma = s.doubleColumn("residual_sigma")[0];
    System.out.printf("kernel sum %.4f, stamps %d (%d rejected), chi2/dof %.3f, residual sigma %.4f over %d px%n",
        s.doubleColumn("kernel_sum")[0], s.intColumn("stamps_used")[0], s.intColumn("stamps_rejected")[0],
        s.doubleColumn("chi2_per_dof")[0], sigma, s.longColumn("residual_pixels")[0]);
    assertEquals(1.0, sigma, 0.05, "robust sigma of difference / sqrt(variance) in source-free pixels");
    assertTrue(s.longColumn("residual_pixels")[0] > 100_000, "enough source-free pixels measured");
  }

  @Test
  void falseDetectionRateWithoutTransientsIsReported() {
    double pixelScale = calexp.wcs().orElseThrow().pixelScaleArcsec(512, 512);
    double areaDeg2 = calexp.width() * calexp.height() * Math.pow(pixelScale / 3600, 2);
    int n = dia.rowCount();
    boolean[] neg = dia.booleanColumn("isNegative");
    boolean[] dip = dia.booleanColumn("isDipole");
    int nNeg = 0;
    int nDip = 0;
    for (int i = 0; i < n; i++) {
      nNeg += neg[i] ? 1 : 0;
      nDip += dip[i] ? 1 : 0;
    }
    System.out.printf("DIA sources without transients: %d (%d negative, %d dipoles) on %.5f deg2 = %.0f per deg2%n",
        n, nNeg, nDip, areaDeg2, n / areaDeg2);
    /* Cosmic rays, hot pixels and satellite trails are real bogus detections; what must not appear is a detection at
     * every star: the survey has ~1000 stars and galaxies on this detector. */
    assertTrue(n < 150, n + " DIA sources on a pair without transients: subtraction residuals at sources?");
    long[] ids = dia.longColumn("diaSourceId");
    assertEquals(n, java.util.Arrays.stream(ids).distinct().count(), "diaSourceId unique");
  }
}
