package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SkyRegionTest {
  @Test
  void centreAndAxesMapAsTheGnomonicProjection() {
    SkyRegion equator = new SkyRegion(30.0, 0.0, 1.0, 1.0);
    double[] c = equator.toSky(0.0, 0.0);
    assertEquals(30.0, c[0], 1e-12);
    assertEquals(0.0, c[1], 1e-12);
    /* On the equator, along an axis, the tangent-plane distance is the tangent of the angle: xi = 1 deg in tangent
     * units is atan(tan(1 deg)) = 1 deg of arc exactly. */
    double[] east = equator.toSky(Math.toDegrees(Math.tan(Math.toRadians(1.0))), 0.0);
    assertEquals(31.0, east[0], 1e-10);
    assertEquals(0.0, east[1], 1e-10);
    double[] north = equator.toSky(0.0, Math.toDegrees(Math.tan(Math.toRadians(1.0))));
    assertEquals(30.0, north[0], 1e-10);
    assertEquals(1.0, north[1], 1e-10);
  }

  @Test
  void roundTripsIncludingRaWrapAndNearThePole() {
    /* Forward and inverse projections agree to 1e-9 deg (3.6 microarcsec) anywhere in the box. */
    SplittableRandom rng = new SplittableRandom(3L);
    for (SkyRegion region : new SkyRegion[] {new SkyRegion(359.9, -20.0, 0.5, 0.5),
        new SkyRegion(0.05, 45.0, 2.0, 1.0), new SkyRegion(123.0, 89.5, 1.0, 1.0)}) {
      for (int k = 0; k < 2000; k++) {
        double xi = (2.0 * rng.nextDouble() - 1.0) * region.halfWidthDeg();
        double eta = (2.0 * rng.nextDouble() - 1.0) * region.halfHeightDeg();
        double[] radec = region.toSky(xi, eta);
        assertTrue(radec[0] >= 0.0 && radec[0] < 360.0, "ra in [0, 360): " + radec[0]);
        double[] back = region.toTangent(radec[0], radec[1]);
        assertEquals(xi, back[0], 1e-9);
        assertEquals(eta, back[1], 1e-9);
      }
    }
  }

  @Test
  void areaIsTheTangentPlaneBox() {
    assertEquals(0.03, new SkyRegion(0.0, 0.0, 0.1, 0.075).areaDeg2(), 1e-15);
  }

  @Test
  void badComponentsAreNamed() {
    assertMessage(() -> new SkyRegion(360.0, 0.0, 1.0, 1.0), "raCentre");
    assertMessage(() -> new SkyRegion(0.0, 91.0, 1.0, 1.0), "decCentre");
    assertMessage(() -> new SkyRegion(0.0, 0.0, 0.0, 1.0), "halfWidthDeg");
    assertMessage(() -> new SkyRegion(0.0, 0.0, 1.0, Double.NaN), "halfHeightDeg");
    assertMessage(() -> new SkyRegion(0.0, 0.0, 1.0, 1.0).toTangent(180.0, 0.0), "90 deg");
  }

  private static void assertMessage(Runnable r, String word) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(word), e.getMessage());
  }
}
