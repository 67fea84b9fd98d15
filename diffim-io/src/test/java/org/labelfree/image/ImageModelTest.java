package org.labelfree.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageModelTest {

  @Test
  void imageCopiesAtTheEdgesAndComparesByValue() {
    float[] px = {1, 2, 3, 4, 5, 6};
    ImageF a = ImageF.of(3, 2, px);
    px[0] = 99;
    assertEquals(1, a.get(0, 0), "of() must copy the caller's array");
    float[] out = a.copyPixels();
    out[1] = 99;
    assertEquals(2, a.get(1, 0), "copyPixels() must copy");
    assertEquals(6, a.get(2, 1));
    assertEquals(a, ImageF.of(3, 2, new float[] {1, 2, 3, 4, 5, 6}));
    assertNotEquals(a, a.withXy0(1, 0), "origin is part of the value");
    assertEquals(ImageF.filled(2, 2, Float.NaN), ImageF.filled(2, 2, Float.NaN), "NaN pixels compare equal");
  }

  @Test
  void subimageKeepsParentCoordinates() {
    float[] px = new float[20];
    for (int i = 0; i < px.length; i++) {
      px[i] = i;
    }
    ImageF parent = ImageF.of(5, 4, px).withXy0(100, 200);
    ImageF sub = parent.subimage(1, 2, 3, 2);
    assertEquals(101, sub.x0());
    assertEquals(202, sub.y0());
    assertEquals(11, sub.get(0, 0));
    assertEquals(18, sub.get(2, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> parent.subimage(3, 0, 3, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> parent.get(5, 0));
  }

  @Test
  void rejectsBadDimensions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageF.of(3, 3, new float[8]));
    assertTrue(e.getMessage().contains("3x3") && e.getMessage().contains("8"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ImageF.zeros(0, 5));
  }

  @Test
  void defaultMaskPlanesFollowLsstBitOrder() {
    MaskPlanes p = MaskPlanes.defaults();
    assertEquals(0, p.bit("BAD").getAsInt());
    assertEquals(1, p.bit("SAT").getAsInt());
    assertEquals(5, p.bit("DETECTED").getAsInt());
    assertEquals(8, p.bit("NO_DATA").getAsInt());
    assertEquals(9, p.bit("INJECTED").getAsInt());
    assertEquals(10, p.bit("INJECTED_CORE").getAsInt());
    assertEquals((1 << 9) | (1 << 10), p.bitmask("INJECTED", "injected_core"));
    MaskPlanes q = p.with("MY_PLANE");
    assertEquals(16, q.bit("MY_PLANE").getAsInt());
    assertThrows(IllegalArgumentException.class, () -> MaskPlanes.of(Map.of("A", 3, "B", 3)));
    assertThrows(IllegalArgumentException.class, () -> MaskPlanes.of(Map.of("A", 32)));
    assertThrows(IllegalArgumentException.class, () -> p.bitmask("NOPE"));
  }

  @Test
  void maskCountsPlanes() {
    MaskPlanes p = MaskPlanes.defaults();
    int sat = p.bitmask("SAT");
    int bad = p.bitmask("BAD");
    Mask m = Mask.of(2, 2, new int[] {0, sat, sat | bad, bad}, p);
    assertEquals(2, m.count(sat));
    assertEquals(3, m.count(sat | bad));
    assertTrue(m.isSet(0, 1, "SAT"));
    assertFalse(m.isSet(1, 1, "SAT"));
  }

  @Test
  void metadataIsOrderedTypedAndReplacesInPlace() {
    Metadata m = Metadata.builder()
        .set("EXPTIME", 30.0, "seconds")
        .set("object", "field 1")
        .set("NEXP", 3)
        .set("COMMENT", null, "first")
        .set("COMMENT", null, "second")
        .set("EXPTIME", 45.0)
        .set("DSTR", "1.5D+02")
        .build();
    assertEquals("EXPTIME", m.cards().get(0).key(), "replacing keeps the position");
    assertEquals(45.0, m.optDouble("exptime").getAsDouble());
    assertEquals(3L, m.optLong("NEXP").getAsLong());
    assertEquals(3.0, m.optDouble("NEXP").getAsDouble(), "an integer card reads as a double");
    assertEquals(150.0, m.optDouble("DSTR").getAsDouble(), "a D exponent is accepted");
    assertEquals("field 1", m.optString("OBJECT").orElseThrow());
    assertEquals(6, m.size(), "commentary cards repeat");
    assertFalse(m.optDouble("OBJECT").isPresent());
    assertFalse(m.contains("COMMENT"));
    assertEquals(m, m.toBuilder().build());
    assertEquals(5, m.without(k -> k.equals("NEXP")).size());
  }

  @Test
  void photoCalibConvertsToNanojansky() {
    PhotoCalib c = new PhotoCalib(31.4);
    assertEquals(1.0, c.nanojanskyPerCount(), 1e-15);
    PhotoCalib z27 = new PhotoCalib(27.0);
    assertEquals(Math.pow(10, 4.4 / 2.5), z27.nanojanskyPerCount(), 1e-9);
    assertEquals(22.0, z27.instFluxToMagnitude(z27.magnitudeToInstFlux(22.0)), 1e-12);
    assertTrue(Double.isNaN(z27.instFluxToMagnitude(-1)));
  }

  @Test
  void gaussianPsfKernelIsNormalisedCentredAndHasItsSigma() {
    GaussianPsf psf = GaussianPsf.ofSigma(2.0);
    ImageF k = psf.kernelImage(10, 10);
    assertEquals(17, k.width());
    double sum = 0;
    double m2 = 0;
    double mx = 0;
    for (int y = 0; y < k.height(); y++) {
      for (int x = 0; x < k.width(); x++) {
        sum += k.get(x, y);
        mx += k.get(x, y) * (x - 8);
        m2 += k.get(x, y) * ((x - 8) * (x - 8) + (y - 8) * (y - 8));
      }
    }
    assertEquals(1.0, sum, 1e-6);
    assertEquals(0.0, mx, 1e-6);
    // Second moment of a sampled Gaussian truncated at 4 sigma: within 0.5% of 2 sigma^2.
    assertEquals(2 * 4.0, m2, 0.04);
    ImagePsf ip = new ImagePsf(k);
    assertEquals(2.0, ip.sigmaPix(0, 0), 0.01);
    assertThrows(IllegalArgumentException.class, () -> new ImagePsf(ImageF.zeros(4, 5)));
  }

  @Test
  void exposureRejectsPlanesOfDifferentSize() {
    ImageF im = ImageF.zeros(4, 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Exposure(im, Mask.zeros(4, 4), ImageF.zeros(4, 3), null, null, null, VisitInfo.unknown(),
            Metadata.empty()));
    assertTrue(e.getMessage().contains("variance 4x3"), e.getMessage());
    Exposure ex = Exposure.of(im.withXy0(3, 4));
    assertEquals(3, ex.mask().x0());
    assertEquals(ex, ex.withMetadata(Metadata.empty()));
  }

  @Test
  void visitInfoValidatesRanges() {
    assertThrows(IllegalArgumentException.class,
        () -> new VisitInfo("HSC", 1, 2, "g", "HSC-G", 59000.5, -1, Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> new VisitInfo("HSC", 1, 2, "g", "HSC-G", 59000.5, 30, 0));
    assertEquals("", new VisitInfo(null, 1, 2, null, null, Double.NaN, Double.NaN, Double.NaN).band());
  }
}
