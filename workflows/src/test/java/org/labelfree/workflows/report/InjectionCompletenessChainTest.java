package org.labelfree.workflows.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.injection.CompletenessCurve;
import org.labelfree.injection.FakeMatcher;
import org.labelfree.injection.InjectionMode;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.sim.TransientConfig;
import org.labelfree.workflows.tasks.CharacterizeConfig;
import org.labelfree.workflows.tasks.CharacterizeTask;
import org.labelfree.workflows.tasks.DetectAndMeasureTask;
import org.labelfree.workflows.tasks.DiaDetectionConfig;
import org.labelfree.workflows.tasks.GetTemplateConfig;
import org.labelfree.workflows.tasks.GetTemplateTask;
import org.labelfree.workflows.tasks.InjectVisitConfig;
import org.labelfree.workflows.tasks.InjectVisitTask;
import org.labelfree.workflows.tasks.MakeInjectionCatalogConfig;
import org.labelfree.workflows.tasks.MakeInjectionCatalogTask;
import org.labelfree.workflows.tasks.SubtractConfig;
import org.labelfree.workflows.tasks.SubtractTask;

/**
 * End to end on the synthetic survey: characterize, make_injection_catalog (every host gets a fake, 0.5 to 4 mag
 * fainter than its host, so that two detectors give enough fakes near the limit), inject_visit, get_template, subtract, detect_and_measure; then the
 * completeness of the fakes and the depth of the differences. The 50% completeness magnitude and the 5-sigma depth
 * agree within 0.3 mag, as the issue asks.
 */
class InjectionCompletenessChainTest {
  private static final SurveyConfig QUIET = SurveyConfig.of(1, 2, List.of("r"), 1024, 11)
      .withTransients(new TransientConfig(0, 0, 0, 0, 21.5, 25.0));
  private static InjectionCompleteness.Report report;

  @BeforeAll
  static void runChain() {
    SyntheticSurvey survey = new SyntheticSurvey(QUIET);
    List<Exposure> patches = new ArrayList<>();
    for (int p = 0; p < survey.geometry().patchCount(); p++) {
      patches.add(survey.renderTemplate("r", p));
    }
    MakeInjectionCatalogConfig d = MakeInjectionCatalogConfig.defaults();
    MakeInjectionCatalogConfig cfg = new MakeInjectionCatalogConfig(1.0, d.minHosts(), 0.5, 4.0,
        d.hostlessFraction(), d.isotropic(), InjectionMode.INDEPENDENT, 7, d.minSnr(), d.riseDays(), d.fallDays(),
        d.surveyStartMjd(), d.surveyEndMjd(), d.depthMag());
    InjectionCompleteness acc = new InjectionCompleteness(FakeMatcher.DEFAULT_RADIUS_PX,
        InjectionCompleteness.DEFAULT_BIN_WIDTH);
    for (long visit = 1; visit <= QUIET.visitsPerBand(); visit++) {
      DataId visitId = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit", visit));
      List<Catalog> srcs = new ArrayList<>();
      List<Exposure> calexps = new ArrayList<>();
      List<CharacterizeTask.Outputs> chs = new ArrayList<>();
      for (int det = 0; det < QUIET.detectors(); det++) {
        Exposure calexp = survey.renderCalexp(visit, det).calexp();
        DataId id = visitId.with(org.labelfree.pipeline.repo.Dimension.DETECTOR, (long) det);
        CharacterizeTask.Outputs ch = new CharacterizeTask(CharacterizeConfig.defaults())
            .run(new CharacterizeTask.Inputs(calexp.withPsf(null), id));
        calexps.add(calexp);
        srcs.add(ch.src());
        chs.add(ch);
      }
      Catalog fakes = new MakeInjectionCatalogTask(cfg)
          .run(new MakeInjectionCatalogTask.Inputs(srcs, calexps, visitId)).injectionCatalog();
      for (int det = 0; det < QUIET.detectors(); det++) {
        DataId id = visitId.with(org.labelfree.pipeline.repo.Dimension.DETECTOR, (long) det);
        Exposure calexp = calexps.get(det);
        InjectVisitTask.Outputs inj = new InjectVisitTask(InjectVisitConfig.defaults())
            .run(new InjectVisitTask.Inputs(calexp, chs.get(det).psfModel(), fakes, id));
        Exposure warped = new GetTemplateTask(GetTemplateConfig.defaults())
            .run(new GetTemplateTask.Inputs(calexp, patches, id)).warpedTemplate();
        Exposure diff = new SubtractTask(SubtractConfig.defaults())
            .run(new SubtractTask.Inputs(inj.injectedCalexp(), warped, chs.get(det).src(), chs.get(det).psfModel(),
                id)).differenceImage();
        Catalog dia = new DetectAndMeasureTask(DiaDetectionConfig.defaults())
            .run(new DetectAndMeasureTask.Inputs(diff, id)).diaSource();
        acc.add(visit, det, inj.injectedCalexpCatalog(), dia, diff);
      }
    }
    report = acc.report();
    PrintWriter out = new PrintWriter(System.out, true);
    report.print(out);
    out.flush();
  }

  @Test
  void fiftyPercentCompletenessAgreesWithTheFiveSigmaDepth() {
    CompletenessCurve.Fit fit = report.fit();
    System.out.printf("m50 %.3f +- %.3f, median m5 %.3f, m50 - m5 %+.3f; against mag - m5: %+.3f +- %.3f%n",
        fit.m50(), fit.m50Err(), report.medianM5(), report.m50MinusM5(), report.relativeFit().m50(),
        report.relativeFit().m50Err());
    assertEquals(2, report.images().size());
    assertTrue(fit.converged(), fit.note());
    assertTrue(report.used() >= 50, report.used() + " fakes counted");
    /* The tolerance. */
    assertEquals(0.0, report.m50MinusM5(), 0.3, "m50 " + fit.m50() + " vs m5 " + report.medianM5());
    assertEquals(0.0, report.relativeFit().m50(), 0.3, "m50 - m5 per fake's image");
  }

  @Test
  void brightFakesAreNearlyAllFound() {
    /* Fakes 1.5 mag above the depth (S/N ~ 20) are found at >= 90%: losses are blends and fakes on bright stars. */
    int n = 0;
    int k = 0;
    for (CompletenessCurve.Bin b : report.bins()) {
      if (b.magHi() <= report.medianM5() - 1.5) {
        n += b.injected();
        k += b.detected();
      }
    }
    assertTrue(n >= 10, n + " bright fakes");
    assertTrue(k >= 0.9 * n, k + " of " + n + " bright fakes found");
  }
}
