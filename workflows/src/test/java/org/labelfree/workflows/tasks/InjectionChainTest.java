package org.labelfree.workflows.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.injection.InjectionMode;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.sim.TransientConfig;

/**
 * The injection tasks chained with difference imaging on the synthetic survey: make_injection_catalog from the
 * visit's src, inject_visit, subtract, detect_and_measure; the fakes are found on the difference.
 */
class InjectionChainTest {
  /** One r-band detector, two visits, no true transients: every DIA source near a fake is the fake. */
  private static final SurveyConfig QUIET = SurveyConfig.of(2, 1, List.of("r"), 1024, 5)
      .withTransients(new TransientConfig(0, 0, 0, 0, 21.5, 25.0));
  private static Exposure calexp;
  private static Catalog fakes;
  private static InjectVisitTask.Outputs injected;
  private static Catalog dia;

  @BeforeAll
  static void runChain() {
    SyntheticSurvey survey = new SyntheticSurvey(QUIET);
    calexp = survey.renderCalexp(2, 0).calexp();
    List<Exposure> patches = new ArrayList<>();
    for (int p = 0; p < survey.geometry().patchCount(); p++) {
      patches.add(survey.renderTemplate("r", p));
    }
    DataId id = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit", 2L, "detector", 0L));
    DataId visitId = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit", 2L));
    CharacterizeTask.Outputs ch = new CharacterizeTask(CharacterizeConfig.defaults())
        .run(new CharacterizeTask.Inputs(calexp.withPsf(null), id));
    /* Half of the galaxies as hosts, so that one detector gives enough fakes to count. */
    MakeInjectionCatalogConfig d = MakeInjectionCatalogConfig.defaults();
    MakeInjectionCatalogConfig cfg = new MakeInjectionCatalogConfig(0.5, d.minHosts(), d.magOffsetMin(),
        d.magOffsetMax(), d.hostlessFraction(), d.isotropic(), InjectionMode.INDEPENDENT, 7, d.minSnr(), d.riseDays(),
        d.fallDays(), d.surveyStartMjd(), d.surveyEndMjd(), d.depthMag());
    fakes = new MakeInjectionCatalogTask(cfg)
        .run(new MakeInjectionCatalogTask.Inputs(List.of(ch.src()), List.of(calexp), visitId)).injectionCatalog();
    injected = new InjectVisitTask(InjectVisitConfig.defaults())
        .run(new InjectVisitTask.Inputs(calexp, ch.psfModel(), fakes, id));
    Exposure warped = new GetTemplateTask(GetTemplateConfig.defaults())
        .run(new GetTemplateTask.Inputs(calexp, patches, id)).warpedTemplate();
    SubtractTask.Outputs sub = new SubtractTask(SubtractConfig.defaults())
        .run(new SubtractTask.Inputs(injected.injectedCalexp(), warped, ch.src(), ch.psfModel(), id));
    dia = new DetectAndMeasureTask(DiaDetectionConfig.defaults())
        .run(new DetectAndMeasureTask.Inputs(sub.differenceImage(), id)).diaSource();
  }

  @Test
  void catalogueHasHostedAndHostlessFakesOfTheVisit() {
    int n = fakes.rowCount();
    long[] hosts = fakes.longColumn("host_id");
    int hostless = 0;
    for (long h : hosts) {
      hostless += h < 0 ? 1 : 0;
    }
    System.out.printf("injection catalogue: %d fakes, %d host-less%n", n, hostless);
    assertTrue(n - hostless >= 10, (n - hostless) + " hosted fakes");
    assertEquals(Math.round(0.05 * (n - hostless)), hostless);
    for (long v : fakes.longColumn("visit")) {
      assertEquals(2L, v);
    }
  }

  @Test
  void brightFakesAreInjectedAndDetectedOnTheDifference() {
    Catalog out = injected.injectedCalexpCatalog();
    int[] flags = out.intColumn("injection_flag");
    double[] x = out.doubleColumn("injected_x");
    double[] y = out.doubleColumn("injected_y");
    double[] flux = out.doubleColumn("injected_flux");
    double[] dx = dia.doubleColumn("x");
    double[] dy = dia.doubleColumn("y");
    boolean[] negative = dia.booleanColumn("isNegative");
    /* The expected PSF S/N of a fake on the difference: flux / (sky sigma * sqrt(4 pi) * PSF sigma), the template's
     * noise added in quadrature (it is deeper: a factor 1.1 at most here). */
    float[] var = calexp.variance().array();
    double skyVar = org.labelfree.image.ImageStatistics.of(var).median();
    double sigmaPsf = calexp.psf().orElseThrow().sigmaPix(512, 512);
    double noise = Math.sqrt(skyVar) * Math.sqrt(4 * Math.PI) * sigmaPsf * 1.1;
    int bright = 0;
    int found = 0;
    for (int i = 0; i < out.rowCount(); i++) {
      assertEquals(0, flags[i], "row " + i + " flags");
      if (flux[i] / noise < 10 || x[i] < 30 || y[i] < 30 || x[i] > 993 || y[i] > 993 || blended(i, x, y, flux)) {
        continue;
      }
      bright++;
      for (int k = 0; k < dx.length; k++) {
        if (!negative[k] && Math.hypot(dx[k] - x[i], dy[k] - y[i]) < 2) {
          found++;
          break;
        }
      }
    }
    System.out.printf("isolated fakes with expected S/N > 10: %d, detected within 2 px: %d%n", bright, found);
    assertTrue(bright >= 5, bright + " bright fakes");
    /* 95% as the issue asks of real data; a fake on a saturated star's core can be lost, hence not 100%. */
    assertTrue(found >= 0.95 * bright, found + " of " + bright + " bright fakes detected");
  }

  /**
   * A brighter fake within 15 px (about 3 FWHM): the pair is one blend, the fainter a shoulder on the brighter's
   * wing with no peak of its own in the matched-filtered image (seen here: S/N 129 at 8.5 px from S/N 536), which no
   * peak-based detector separates.
   */
  private static boolean blended(int i, double[] x, double[] y, double[] flux) {
    for (int j = 0; j < x.length; j++) {
      if (j != i && flux[j] > flux[i] && Math.hypot(x[j] - x[i], y[j] - y[i]) < 15) {
        return true;
      }
    }
    return false;
  }

  @Test
  void injectedPixelsCarryTheMaskPlanes() {
    Exposure e = injected.injectedCalexp();
    int core = e.mask().planes().bitmask("INJECTED_CORE");
    int any = e.mask().planes().bitmask("INJECTED");
    double[] x = injected.injectedCalexpCatalog().doubleColumn("injected_x");
    double[] y = injected.injectedCalexpCatalog().doubleColumn("injected_y");
    for (int i = 0; i < x.length; i++) {
      int ix = (int) Math.round(x[i]);
      int iy = (int) Math.round(y[i]);
      if (ix >= 0 && iy >= 0 && ix < e.width() && iy < e.height()) {
        int bits = e.mask().array()[iy * e.width() + ix];
        assertTrue((bits & core) != 0 && (bits & any) != 0, "fake " + i + " centre mask " + bits);
      }
    }
  }
}
