package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;

class SkyModelTest {
  /** 0.25 deg^2: about 88,000 galaxies and 5,200 stars with the default counts. */
  private static final SkyRegion REGION = new SkyRegion(150.0, 2.0, 0.25, 0.25);
  private static final SkyConfig CONFIG = SkyConfig.defaults();
  private static Sky sky;

  @BeforeAll
  static void drawSky() {
    sky = SkyModel.generate(REGION, List.of("u", "g", "r", "i", "z", "y"), CONFIG, 42L);
  }

  private static double[] refMags(SourceKind kind) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < sky.size(); i++) {
      if (sky.kind(i) == kind) {
        out.add(sky.mag(i, "r"));
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void totalNumbersMatchTheIntegralOfTheCounts() {
    /* Poisson numbers: within 4 sigma = 4 sqrt(expected) of the expected integral. */
    double expectedGalaxies = REGION.areaDeg2() * CONFIG.galaxiesPerDeg2();
    double expectedStars = REGION.areaDeg2() * CONFIG.starsPerDeg2();
    int galaxies = sky.count(SourceKind.GALAXY);
    int stars = sky.count(SourceKind.STAR);
    assertEquals(expectedGalaxies, galaxies, 4.0 * Math.sqrt(expectedGalaxies), "galaxies");
    assertEquals(expectedStars, stars, 4.0 * Math.sqrt(expectedStars), "stars");
    assertEquals(galaxies + stars, sky.size());
  }

  @Test
  void magnitudesFollowTheConfiguredSlopes() {
    /* Maximum-likelihood index of the truncated power law; tolerance 0.02 in d log10 N / dm as the brief asks,
     * which is over 5 sigma of the Fisher error here (galaxies about 0.002, stars about 0.003). */
    double[] gal = refMags(SourceKind.GALAXY);
    double[] star = refMags(SourceKind.STAR);
    double[] galSlope = SkyStats.powerLawSlope(gal, CONFIG.galaxyMagBright(), CONFIG.galaxyMagFaint());
    double[] starSlope = SkyStats.powerLawSlope(star, CONFIG.starMagBright(), CONFIG.starMagFaint());
    assertEquals(CONFIG.galaxySlope(), galSlope[0], 0.02, "galaxy slope +- " + galSlope[1]);
    assertEquals(CONFIG.starSlope(), starSlope[0], 0.02, "star slope +- " + starSlope[1]);
    assertTrue(galSlope[1] < 0.005 && starSlope[1] < 0.005, "the test has the power to see 0.02");
    for (double m : gal) {
      assertTrue(m >= CONFIG.galaxyMagBright() && m < CONFIG.galaxyMagFaint(), "galaxy mag " + m);
    }
    for (double m : star) {
      assertTrue(m >= CONFIG.starMagBright() && m < CONFIG.starMagFaint(), "star mag " + m);
    }
  }

  @Test
  void positionsAreUniformInTheTangentPlane() {
    /* KS test of each standard coordinate against U(-half, half); a fixed seed, p > 0.01. */
    for (SourceKind kind : SourceKind.values()) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < sky.size(); i++) {
        if (sky.kind(i) == kind) {
          points.add(REGION.toTangent(sky.ra(i), sky.dec(i)));
        }
      }
      double[] xi = points.stream().mapToDouble(p -> p[0]).toArray();
      double[] eta = points.stream().mapToDouble(p -> p[1]).toArray();
      double pXi = SkyStats.ksUniformP(xi, -REGION.halfWidthDeg(), REGION.halfWidthDeg());
      double pEta = SkyStats.ksUniformP(eta, -REGION.halfHeightDeg(), REGION.halfHeightDeg());
      assertTrue(pXi > 0.01, kind + " xi KS p = " + pXi);
      assertTrue(pEta > 0.01, kind + " eta KS p = " + pEta);
      for (int k = 0; k < xi.length; k++) {
        assertTrue(REGION.contains(xi[k] * (1 - 1e-12), eta[k] * (1 - 1e-12)), "inside the region");
      }
    }
  }

  @Test
  void galaxyShapesAreInTheirRanges() {
    int discs = 0;
    int galaxies = 0;
    double qDisc = 0.0;
    double qSpheroid = 0.0;
    for (int i = 0; i < sky.size(); i++) {
      if (sky.kind(i) == SourceKind.STAR) {
        assertTrue(Double.isNaN(sky.sersicN(i)) && Double.isNaN(sky.rEffArcsec(i)) && Double.isNaN(sky.axisRatio(i))
            && Double.isNaN(sky.positionAngleDeg(i)), "star shapes are NaN");
        continue;
      }
      galaxies++;
      double n = sky.sersicN(i);
      boolean disc = n <= 1.5;
      assertTrue((n >= 0.5 && n <= 1.5) || (n >= 2.0 && n <= 4.0), "n " + n);
      assertTrue(sky.rEffArcsec(i) >= 0.1 && sky.rEffArcsec(i) <= 5.0, "rEff " + sky.rEffArcsec(i));
      double q = sky.axisRatio(i);
      assertTrue(q >= (disc ? 0.2 : 0.6) && q <= 1.0, "q " + q);
      assertTrue(sky.positionAngleDeg(i) >= 0.0 && sky.positionAngleDeg(i) < 180.0);
      discs += disc ? 1 : 0;
      qDisc += disc ? q : 0.0;
      qSpheroid += disc ? 0.0 : q;
    }
    /* Disc fraction within 4 binomial sigma of 0.6; discs flatter on average. */
    double p = SkyModel.DISC_FRACTION;
    assertEquals(p, (double) discs / galaxies, 4.0 * Math.sqrt(p * (1 - p) / galaxies), "disc fraction");
    assertTrue(qDisc / discs < qSpheroid / (galaxies - discs) - 0.1, "discs flatter");
  }

  @Test
  void medianSizeShrinksWithMagnitude() {
    /* Median rEff in 1-mag bins about 20 and 25 against the model median at the bin's mean magnitude. Tolerance
     * 0.06 dex: 4 sigma of a median of a 0.25-dex log-normal with the ~470 galaxies of the bright bin. */
    for (double centre : new double[] {20.0, 25.0}) {
      List<Double> r = new ArrayList<>();
      double mSum = 0.0;
      for (int i = 0; i < sky.size(); i++) {
        double m = sky.mag(i, "r");
        if (sky.kind(i) == SourceKind.GALAXY && Math.abs(m - centre) < 0.5) {
          r.add(sky.rEffArcsec(i));
          mSum += m;
        }
      }
      double median = SkyStats.median(r.stream().mapToDouble(Double::doubleValue).toArray());
      double expected = SkyModel.medianREff(mSum / r.size());
      assertEquals(Math.log10(expected), Math.log10(median), 0.06, "median rEff at " + centre + " (" + median + ")");
    }
    assertEquals(1.2, SkyModel.medianREff(20.0), 1e-12);
    assertEquals(0.35, SkyModel.medianREff(25.0), 1e-12);
  }

  @Test
  void meanColoursMatchTheModel() {
    /* Mean g-r against the model's expectation given each source's type (galaxies) or magnitude (stars); tolerance
     * 4 standard errors of the mean. The blue star component N(0.45, 0.10) truncated at 0.2 has mean
     * 0.45 + 0.1 phi(2.5) / (1 - Phi(-2.5)) = 0.4517638. */
    double blueStarMean = 0.4517638;
    for (SourceKind kind : SourceKind.values()) {
      List<Double> gr = new ArrayList<>();
      double expected = 0.0;
      for (int i = 0; i < sky.size(); i++) {
        if (sky.kind(i) != kind) {
          continue;
        }
        gr.add(sky.mag(i, "g") - sky.mag(i, "r"));
        if (kind == SourceKind.GALAXY) {
          double red = sky.sersicN(i) <= 1.5 ? SkyModel.RED_FRACTION_DISC : SkyModel.RED_FRACTION_SPHEROID;
          expected += red * SkyModel.GAL_RED_GR + (1 - red) * SkyModel.GAL_BLUE_GR;
        } else {
          double red = SkyModel.starRedFraction(sky.mag(i, "r"));
          expected += red * 1.3 + (1 - red) * blueStarMean;
          assertTrue(gr.get(gr.size() - 1) >= 0.2 && gr.get(gr.size() - 1) <= 1.6, "star g-r in [0.2, 1.6]");
        }
      }
      double[] values = gr.stream().mapToDouble(Double::doubleValue).toArray();
      double tolerance = 4.0 * SkyStats.sd(values) / Math.sqrt(values.length);
      assertEquals(expected / values.length, SkyStats.mean(values), tolerance, kind + " mean g-r");
    }
  }

  @Test
  void faintStarsAreRedder() {
    /* Red-dwarf fraction rises from 0.1 at r < 16 to 0.7 at r > 26: the mean g-r must rise by far more than its
     * error (a few 0.01) between r < 18 and r > 24. */
    List<Double> bright = new ArrayList<>();
    List<Double> faint = new ArrayList<>();
    for (int i = 0; i < sky.size(); i++) {
      if (sky.kind(i) == SourceKind.STAR) {
        double gr = sky.mag(i, "g") - sky.mag(i, "r");
        if (sky.mag(i, "r") < 18.0) {
          bright.add(gr);
        } else if (sky.mag(i, "r") > 24.0) {
          faint.add(gr);
        }
      }
    }
    double mb = bright.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double mf = faint.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertTrue(mf > mb + 0.3, "faint " + mf + " vs bright " + mb);
  }

  @Test
  void sameSeedGivesAnEqualSkyAndBandSubsetsAgree() {
    SkyRegion small = new SkyRegion(10.0, -30.0, 0.05, 0.03);
    Sky a = SkyModel.generate(small, List.of("g", "r"), CONFIG, 7L);
    Sky b = SkyModel.generate(small, List.of("g", "r"), CONFIG, 7L);
    Sky c = SkyModel.generate(small, List.of("i", "r"), CONFIG, 7L);
    Sky d = SkyModel.generate(small, List.of("g", "r"), CONFIG, 8L);
    assertEquals(a, b);
    assertEquals(a.toCatalog(), b.toCatalog());
    assertNotEquals(a, d);
    assertEquals(a.size(), c.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.mag(i, "r"), c.mag(i, "r"));
      assertEquals(a.ra(i), c.ra(i));
    }
    assertEquals(List.of("i", "r"), c.bands());
  }

  @Test
  void referenceBandNeedNotBeRequested() {
    SkyConfig iRef = new SkyConfig("i", 4.0e4, 24.0, 0.33, 18.0, 26.5, 2.0e3, 22.0, 0.12, 14.0, 26.0);
    Sky s = SkyModel.generate(new SkyRegion(10.0, 0.0, 0.02, 0.02), List.of("g"), iRef, 3L);
    assertTrue(s.size() > 100);
    assertEquals("i", s.referenceBand());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.mag(0, "i"));
    assertTrue(e.getMessage().contains("band"), e.getMessage());
    for (int i = 0; i < s.size(); i++) {
      double mi = s.magAnyBand(i, 3);
      double max = s.kind(i) == SourceKind.GALAXY ? 26.5 : 26.0;
      assertTrue(mi >= 14.0 && mi < max, "i mag within the limits: " + mi);
    }
  }

  @Test
  void badBandsAreRejected() {
    SkyRegion small = new SkyRegion(10.0, 0.0, 0.01, 0.01);
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> SkyModel.generate(small, List.of("g", "V"), CONFIG, 1L));
    assertTrue(unknown.getMessage().contains("bands") && unknown.getMessage().contains("'V'"), unknown.getMessage());
    IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
        () -> SkyModel.generate(small, List.of("g", "g"), CONFIG, 1L));
    assertTrue(repeated.getMessage().contains("twice"), repeated.getMessage());
  }

  @Test
  void catalogueHasTheDocumentedColumnsWithUnits() {
    Sky s = SkyModel.generate(new SkyRegion(10.0, 0.0, 0.01, 0.01), List.of("g", "r"), CONFIG, 5L);
    Catalog c = s.toCatalog();
    assertEquals(List.of("id", "kind", "ra", "dec", "mag_g", "mag_r", "sersic_n", "r_eff", "axis_ratio",
        "position_angle"), c.columnNames());
    assertEquals(s.size(), c.rowCount());
    assertEquals("deg", c.column("ra").unit());
    assertEquals("deg", c.column("dec").unit());
    assertEquals("mag", c.column("mag_g").unit());
    assertEquals("arcsec", c.column("r_eff").unit());
    assertEquals("deg", c.column("position_angle").unit());
    assertTrue(c.column("position_angle").description().contains("East of North"));
    for (int i = 0; i < s.size(); i++) {
      assertEquals(i + 1L, c.column("id").getLong(i));
      assertEquals(s.kind(i).catalogName(), c.column("kind").getString(i));
      assertEquals(s.mag(i, "g"), c.column("mag_g").getDouble(i));
      assertEquals(s.rEffArcsec(i), c.column("r_eff").getDouble(i));
    }
  }
}
