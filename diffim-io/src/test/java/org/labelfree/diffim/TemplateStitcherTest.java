package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.MoffatPsf;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;

/** Behaviour of {@link TemplateStitcher}: seamless stitching, coverage, skipped patches. */
class TemplateStitcherTest {
  private static final WarpConfig CONFIG = WarpConfig.defaults();
  /** The tract grid shared by all patches. */
  private static final TanWcs TRACT = WarpFixtures.tan(150, 100, 0.2, 0);

  /** A 300 x 200 "tract" of noise plus stars. */
  private static Exposure tract() {
    float[] pix = WarpFixtures.noise(300, 200, 3, 5);
    for (int k = 0; k < 12; k++) {
      MoffatPsf.addMoffat(pix, 300, 200, 20.3 + 23.1 * k, 30 + 12.7 * k, 2000 + 100 * k, 4, 3, 0, 0, 20);
    }
    return WarpFixtures.exposure(ImageF.wrap(300, 200, pix), 9f, TRACT, MoffatPsf.of(4, 3));
  }

  /** A patch: the part of the tract in the parent box, same WCS (parent coordinates). */
  private static Exposure patch(Exposure tract, int x, int y, int w, int h) {
    return new Exposure(tract.image().subimage(x, y, w, h), Mask.zeros(w, h).withXy0(x, y),
        tract.variance().subimage(x, y, w, h), TRACT, tract.psf().orElseThrow(), null, tract.visitInfo(),
        tract.metadata());
  }

  @Test
  void twoOverlappingPatchesStitchWithoutSeam() {
    Exposure tract = tract();
    Exposure a = patch(tract, 0, 0, 180, 200);
    Exposure b = patch(tract, 120, 0, 180, 200);
    Exposure far = patch(tract, 0, 0, 20, 20).withWcs(
        WarpFixtures.tan(-4000, -4000, 0.2, 0));
    Wcs visit = WarpFixtures.radialSip(WarpFixtures.tan(140.37, 95.61, 0.2, 1.0), 1e-8);
    WarpedTemplate single = TemplateStitcher.stitch(List.of(tract), visit, 10, 10, 270, 170, CONFIG);
    WarpedTemplate two = TemplateStitcher.stitch(List.of(far, a, b), visit, 10, 10, 270, 170, CONFIG);

    assertEquals(2, two.patchesUsed(), "the far patch does not overlap and is skipped");
    assertEquals(single.coveredFraction(), two.coveredFraction(), 0.0);
    assertEquals(10, two.exposure().image().x0());
    /* Same grid, same positions, same weights: the values agree to float rounding; 1e-5 relative is the target. */
    float[] s = single.exposure().image().array();
    float[] t = two.exposure().image().array();
    double scale = 0;
    double worst = 0;
    for (int p = 0; p < s.length; p++) {
      if (!Float.isNaN(s[p])) {
        scale = Math.max(scale, Math.abs(s[p]));
        worst = Math.max(worst, Math.abs(s[p] - t[p]));
      } else {
        assertTrue(Float.isNaN(t[p]));
      }
    }
    System.out.printf("stitched vs single patch: max |diff| / max |value| = %.2e%n", worst / scale);
    assertTrue(worst <= 1e-5 * scale, "seam " + worst / scale);
    assertEquals(single.exposure().mask(), two.exposure().mask());
    assertEquals(single.exposure().variance(), two.exposure().variance());
  }

  @Test
  void partialCoverageIsReportedAndUncoveredPixelsAreNoData() {
    Exposure tract = tract();
    Exposure a = patch(tract, 0, 0, 150, 200);
    Wcs visit = WarpFixtures.tan(150, 100, 0.2, 0.5);
    WarpedTemplate t = TemplateStitcher.stitch(List.of(a), visit, 0, 0, 300, 200, CONFIG);
    /* The patch covers x < 150 less the ~3 px kernel margin and the 0.5 degree tilt of the rows: 46-50%. */
    assertTrue(t.coveredFraction() > 0.46 && t.coveredFraction() < 0.5, "covered " + t.coveredFraction());
    assertEquals(1, t.patchesUsed());
    Mask m = t.exposure().mask();
    int noData = m.planes().bitmask("NO_DATA");
    assertEquals(Math.round((1 - t.coveredFraction()) * 300 * 200), m.count(noData));
    assertTrue(Float.isNaN(t.exposure().image().get(250, 100)));
    assertTrue(t.exposure().psf().isPresent());
  }

  @Test
  void oneCoveringPatchGivesExactlyTheWarp() {
    /* The stitcher writes each patch straight into the result; for one patch that covers the box it must equal
       Warper.warp bit for bit (image, variance, mask). */
    Exposure tract = tract();
    Wcs visit = WarpFixtures.radialSip(WarpFixtures.tan(140.37, 95.61, 0.2, 1.0), 1e-8);
    Exposure warped = Warper.warp(tract, visit, 10, 10, 270, 170, CONFIG);
    Exposure stitched = TemplateStitcher.stitch(List.of(tract), visit, 10, 10, 270, 170, CONFIG).exposure();
    assertArrayEquals(warped.image().array(), stitched.image().array());
    assertArrayEquals(warped.variance().array(), stitched.variance().array());
    assertEquals(warped.mask(), stitched.mask());
  }

  @Test
  void maskBitsAreTranslatedByPlaneName() {
    /* Patch b numbers its planes differently (an extra plane first) and flags a pixel SAT; the stitched mask has
       SAT under the result's own bit, grown over the kernel footprint, and no stray bit. */
    Exposure tract = tract();
    Exposure a = patch(tract, 0, 0, 150, 200);
    Map<String, Integer> shifted = new LinkedHashMap<>();
    shifted.put("EXTRA", 0);
    MaskPlanes defaults = MaskPlanes.defaults();
    for (Map.Entry<String, Integer> e : defaults.asMap().entrySet()) {
      shifted.put(e.getKey(), e.getValue() + 1);
    }
    MaskPlanes bPlanes = MaskPlanes.of(shifted);
    int[] bits = new int[150 * 200];
    bits[100 * 150 + 80] = bPlanes.bitmask("SAT");
    Exposure b0 = patch(tract, 150, 0, 150, 200);
    Exposure b = b0.withMask(Mask.wrap(150, 200, bits, bPlanes).withXy0(150, 0));
    WarpedTemplate t = TemplateStitcher.stitch(List.of(a, b), TRACT, 0, 0, 300, 200, CONFIG);
    Mask m = t.exposure().mask();
    int sat = m.planes().bitmask("SAT");
    assertEquals(defaults.bitmask("SAT"), sat, "the first patch's numbering is kept");
    assertTrue((m.get(230, 100) & sat) != 0, "SAT at the flagged pixel");
    assertTrue((m.get(232, 102) & sat) != 0, "SAT grown over the Lanczos-3 footprint");
    assertEquals(0, m.get(240, 100) & sat, "no SAT beyond the footprint");
    assertEquals(0, m.get(230, 100) & m.planes().bitmask("EXTRA"), "no stray bit");
    assertEquals(2, t.patchesUsed());
  }
}
