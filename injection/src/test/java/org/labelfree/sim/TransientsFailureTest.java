package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labelfree.sim.Transients.Epoch;

class TransientsFailureTest {
  private static final SkyRegion REGION = new SkyRegion(10.0, 0.0, 0.01, 0.01);
  private static final Sky SKY = SkyModel.generate(REGION, List.of("r"), SkyConfig.defaults(), 1L);
  private static final TransientConfig CONFIG = TransientConfig.defaults();

  private static void assertMessage(Runnable r, String... words) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), e.getMessage());
    }
  }

  @Test
  void epochNotOfTheSurveyIsRejected() {
    Transients t = Transients.generate(SKY, REGION, List.of(new Epoch(1, 60000.0, "r", 30.0)), CONFIG, 2L);
    assertMessage(() -> t.at(new Epoch(1, 60000.5, "r", 30.0)), "must be one of the survey's epochs");
    assertMessage(() -> t.at(new Epoch(2, 60000.0, "r", 30.0)), "must be one of the survey's epochs");
  }

  @Test
  void emptyOrRepeatedEpochsAreRejected() {
    assertMessage(() -> Transients.generate(SKY, REGION, List.of(), CONFIG, 2L), "epochs", "empty");
    assertMessage(() -> Transients.generate(SKY, REGION,
        List.of(new Epoch(3, 60000.0, "r", 30.0), new Epoch(3, 60001.0, "g", 30.0)), CONFIG, 2L), "visit 3", "twice");
  }

  @Test
  void badEpochComponentsAreNamed() {
    assertMessage(() -> new Epoch(1, Double.NaN, "r", 30.0), "mjd");
    assertMessage(() -> new Epoch(1, 60000.0, "R", 30.0), "band");
    assertMessage(() -> new Epoch(1, 60000.0, "r", 0.0), "exposureTime");
  }

  @Test
  void badConfigComponentsAreNamed() {
    assertMessage(() -> new TransientConfig(1.5, 0.03, 0.05, 150, 21.5, 25), "supernovaFraction", "1.5");
    assertMessage(() -> new TransientConfig(0.02, -0.1, 0.05, 150, 21.5, 25), "agnFraction");
    assertMessage(() -> new TransientConfig(0.02, 0.03, Double.NaN, 150, 21.5, 25), "variableStarFraction");
    assertMessage(() -> new TransientConfig(0.02, 0.03, 0.05, -1, 21.5, 25), "asteroidsPerDeg2PerVisit");
    assertMessage(() -> new TransientConfig(0.02, 0.03, 0.05, 150, 21.5, 20), "snPeakMagFaint");
    assertMessage(() -> new SkyConfig("V", 4e4, 24, 0.33, 18, 26.5, 2e3, 22, 0.12, 14, 26), "referenceBand");
    assertMessage(() -> new SkyConfig("r", -1, 24, 0.33, 18, 26.5, 2e3, 22, 0.12, 14, 26), "galaxyCountAtRef");
    assertMessage(() -> new SkyConfig("r", 4e4, 24, 0.33, 18, 17, 2e3, 22, 0.12, 14, 26), "galaxyMagFaint");
    assertMessage(() -> new SkyConfig("r", 4e4, 24, 0.33, 18, 26.5, 2e3, 22, 2.0, 14, 26), "starSlope");
  }

  @Test
  void badInstanceComponentsAreNamed() {
    assertMessage(() -> new TransientInstance(1, TransientKind.AGN, 2, 360.0, 0, 20, 20, 0, 0), "ra");
    assertMessage(() -> new TransientInstance(1, TransientKind.ASTEROID, -1, 1, 0, 20, Double.NaN, -1, 0),
        "trailLengthArcsec");
    assertMessage(() -> new TransientInstance(1, TransientKind.ASTEROID, -1, 1, 0, 20, Double.NaN, 1, 360),
        "trailAngleDeg");
  }
}
