package org.labelfree.workflows.cli.butler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.SkyBox;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;

/** Header keywords of the real DECam epoch, and the sky boxes of visit records (RA wrap, poles, unions). */
class HeaderValuesTest {
  static final double ARCSEC = 1.0 / 3600;

  @Test
  void decamHeaderGivesDetectorBandFilterAndMidExposureMjd() {
    HeaderValues h = HeaderValues.read(ButlerCli.EPOCH_04);
    assertEquals(37L, h.value(Dimension.DETECTOR).orElseThrow());
    assertEquals("i", h.value(Dimension.BAND).orElseThrow());
    assertEquals("i DECam SDSS c0003 7835.0 1470.0", h.value(Dimension.PHYSICAL_FILTER).orElseThrow());
    assertTrue(h.value(Dimension.VISIT).isEmpty(), "no EXPNUM or VISIT card");
    assertTrue(h.value(Dimension.INSTRUMENT).isEmpty(), "no INSTRUME card");
    assertEquals(58334.39133794 + 165.0 / 86400, h.mjdMid().orElseThrow(), 1e-9);
    assertEquals(330.0, h.exposureTime().orElseThrow(), 0);
    assertEquals("N6", h.detectorName().orElseThrow());
  }

  @Test
  void aFootprintAcrossRaZeroWraps() {
    /* 100 x 100 pixels of 1 arcsec centred on RA 0: RA spans about 359.986..0.014 degrees. */
    TanWcs wcs = TanWcs.of(new SkyCoord(0.0, 0.0), 49.5, 49.5, CdMatrix.northUp(ARCSEC));
    SkyBox box = HeaderValues.footprint(wcs, 0, 0, 100, 100);
    assertTrue(box.raMin() > box.raMax(), box.toString());
    assertEquals(360 - 50 * ARCSEC, box.raMin(), 1e-6);
    assertEquals(50 * ARCSEC, box.raMax(), 1e-6);
    assertEquals(-50 * ARCSEC, box.decMin(), 1e-6);
    assertEquals(50 * ARCSEC, box.decMax(), 1e-6);
  }

  @Test
  void aFootprintOnAPoleSpansAllRa() {
    TanWcs wcs = TanWcs.of(new SkyCoord(10.0, 90.0), 49.5, 49.5, CdMatrix.northUp(ARCSEC));
    SkyBox box = HeaderValues.footprint(wcs, 0, 0, 100, 100);
    assertEquals(0, box.raMin(), 0);
    assertTrue(box.raMax() > 359.999, box.toString());
    assertEquals(90, box.decMax(), 1e-9);
  }

  @Test
  void unionJoinsBoxesAcrossRaZero() {
    SkyBox u = HeaderValues.union(new SkyBox(359.9, 0.1, -1, 1), new SkyBox(0.05, 0.3, 0.5, 2));
    assertEquals(359.9, u.raMin(), 1e-9);
    assertEquals(0.3, u.raMax(), 1e-9);
    assertEquals(-1, u.decMin(), 0);
    assertEquals(2, u.decMax(), 0);
    SkyBox plain = HeaderValues.union(new SkyBox(10, 11, 0, 1), new SkyBox(12, 13, 0, 1));
    assertEquals(new SkyBox(10, 13, 0, 1).raMin(), plain.raMin(), 1e-9);
    assertEquals(13, plain.raMax(), 1e-9);
  }
}
