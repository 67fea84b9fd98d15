package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.InvalidDataException;
import org.labelfree.wcs.TanWcs;

/** Bad input to {@link Warper} and {@link TemplateStitcher}: one problem per test. */
class WarpFailureTest {
  private static final TanWcs WCS = WarpFixtures.tan(32, 32, 0.2, 0);

  private static Exposure source() {
    return WarpFixtures.exposure(ImageF.filled(64, 64, 1f), 1f, WCS, null);
  }

  @Test
  void sourceWithoutWcs() {
    Exposure noWcs = Exposure.of(ImageF.filled(64, 64, 1f));
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> Warper.warp(noWcs, WCS, 0, 0, 64, 64, WarpConfig.defaults()));
    assertTrue(e.getMessage().contains("without a WCS"), e.getMessage());
  }

  @Test
  void pixelScaleRatioThreeIsRefused() {
    TanWcs coarse = WarpFixtures.tan(10, 10, 0.6, 0);
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> Warper.warp(source(), coarse, 0, 0, 21, 21, WarpConfig.defaults()));
    assertTrue(e.getMessage().contains("3.000") && e.getMessage().contains("0.2000 arcsec/px")
        && e.getMessage().contains("0.6000 arcsec/px"), e.getMessage());
  }

  @Test
  void patchesThatDoNotOverlapAreRefused() {
    TanWcs elsewhere = WarpFixtures.tan(5000, 5000, 0.2, 0);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> TemplateStitcher.stitch(
        List.of(source(), source()), elsewhere, 0, 0, 100, 80, WarpConfig.defaults()));
    assertTrue(e.getMessage().startsWith("template covers 0% of the destination box 0,0 100x80"), e.getMessage());
    assertTrue(e.getMessage().contains("patch 1 0,0 64x64 (no overlap)"), e.getMessage());
  }

  @Test
  void emptyPatchListIsRefused() {
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> TemplateStitcher.stitch(List.of(), WCS, 0, 0, 10, 10, WarpConfig.defaults()));
    assertTrue(e.getMessage().contains("covers 0%"), e.getMessage());
  }

  @Test
  void patchWithoutWcs() {
    Exposure noWcs = Exposure.of(ImageF.filled(64, 64, 1f));
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> TemplateStitcher.stitch(List.of(source(), noWcs), WCS, 0, 0, 64, 64, WarpConfig.defaults()));
    assertTrue(e.getMessage().contains("patch 1") && e.getMessage().contains("no WCS"), e.getMessage());
  }

  @Test
  void badConfigValues() {
    assertThrows(IllegalArgumentException.class, () -> new WarpConfig(0, 32, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> new WarpConfig(3, 0, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> new WarpConfig(3, 32, 0.5, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Warper.warp(source(), WCS, 0, 0, 0, 10, WarpConfig.defaults()));
  }
}
