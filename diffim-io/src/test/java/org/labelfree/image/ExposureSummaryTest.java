package org.labelfree.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;

class ExposureSummaryTest {

  @Test
  void backgroundIgnoresDetectedAndBadPixelsAndMaskFractionsAreExact() {
    int w = 200;
    int h = 100;
    SplittableRandom rnd = new SplittableRandom(3);
    float[] px = new float[w * h];
    int[] bits = new int[w * h];
    MaskPlanes planes = MaskPlanes.defaults();
    for (int i = 0; i < px.length; i++) {
      double u = rnd.nextDouble();
      double v = rnd.nextDouble();
      px[i] = (float) (100 + 5 * Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v));
    }
    /* A bright "source" flagged DETECTED over 10% of the image, and 1% NaN flagged NO_DATA. */
    for (int i = 0; i < px.length / 10; i++) {
      px[i] = 5000f;
      bits[i] |= planes.bitmask("DETECTED");
    }
    for (int i = px.length - px.length / 100; i < px.length; i++) {
      px[i] = Float.NaN;
      bits[i] |= planes.bitmask("NO_DATA");
    }
    TanWcs wcs = TanWcs.of(new SkyCoord(10.0, -30.0), 99.5 + 500, 49.5 + 20, CdMatrix.northUp(0.25 / 3600));
    Exposure ex = new Exposure(ImageF.wrap(w, h, px).withXy0(500, 20), Mask.wrap(w, h, bits, planes).withXy0(500, 20),
        ImageF.filled(w, h, 25f).withXy0(500, 20), wcs, null, null, VisitInfo.unknown(), Metadata.empty());

    ExposureSummary s = ExposureSummary.of(ex);
    // 17,800 background pixels: the median's standard error is 1.25 * 5 / sqrt(17800) = 0.047.
    assertEquals(100.0, s.medianBackground(), 0.2);
    assertEquals(5.0, s.robustSigma(), 0.15);
    assertEquals(0.99, s.finiteFraction(), 1e-12);
    assertEquals(0.10, s.maskFractions().get("DETECTED"), 1e-12);
    assertEquals(0.01, s.maskFractions().get("NO_DATA"), 1e-12);
    assertEquals(0.0, s.maskFractions().get("SAT"), 0.0);
    assertEquals(16, s.maskFractions().size(), "one entry per registered plane");
    // CRPIX sits at the centre of the sub-image in the parent grid.
    assertEquals(10.0, s.centreRa(), 1e-12);
    assertEquals(-30.0, s.centreDec(), 1e-12);
    assertEquals(0.25, s.pixelScaleArcsec(), 1e-9);
  }

  @Test
  void withoutWcsThePointingIsNaN() {
    ExposureSummary s = ExposureSummary.of(Exposure.of(ImageF.filled(8, 8, 3f)));
    assertEquals(3.0, s.medianBackground());
    assertEquals(0.0, s.robustSigma());
    assertTrue(Double.isNaN(s.centreRa()) && Double.isNaN(s.pixelScaleArcsec()));
  }
}
