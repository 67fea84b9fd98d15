package org.labelfree.workflows.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.GaussianPsf;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.VisitInfo;

/** The per-image selection and counting of {@link InjectionCompleteness}, on synthetic catalogues. */
class InjectionCompletenessTest {
  /** A 100 x 100 difference, variance 1, sigma-1.5 PSF, zero point 25, the left 10 columns NO_DATA. */
  private static Exposure difference() {
    int n = 100 * 100;
    float[] var = new float[n];
    java.util.Arrays.fill(var, 1f);
    int[] bits = new int[n];
    float[] img = new float[n];
    MaskPlanes planes = MaskPlanes.defaults();
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 10; x++) {
        bits[y * 100 + x] = planes.bitmask("NO_DATA");
        img[y * 100 + x] = Float.NaN;
      }
    }
    return new Exposure(ImageF.of(100, 100, img), Mask.of(100, 100, bits, planes), ImageF.of(100, 100, var), null,
        GaussianPsf.ofSigma(1.5), new PhotoCalib(25), VisitInfo.unknown(), Metadata.empty());
  }

  private static Catalog fakes(double[] x, double[] y, double[] mag, int[] flag) {
    return Catalog.builder().addDoubles("injected_x", x, "pixel", "").addDoubles("injected_y", y, "pixel", "")
        .addDoubles("mag", mag, "mag", "").addInts("injection_flag", flag, "", "").build();
  }

  private static Catalog dia(double[] x, double[] y, boolean[] negative) {
    return Catalog.builder().addDoubles("x", x, "pixel", "").addDoubles("y", y, "pixel", "")
        .addBooleans("isNegative", negative, "", "").build();
  }

  @Test
  void flaggedFakesAndFakesOffTheDifferenceAreNotCounted() {
    /* Fake 0 detected; 1 flagged (sits on a source, must not claim it); 2 in the NO_DATA columns; 3 only near a
       negative source; 4 missed. */
    Catalog f = fakes(new double[] {20, 50, 5, 70, 90}, new double[] {20, 50, 50, 70, 90},
        new double[] {21, 20, 22, 22.5, 23}, new int[] {0, 4, 0, 0, 0});
    Catalog d = dia(new double[] {20.6, 50.2, 70.1}, new double[] {20.3, 50, 70}, new boolean[] {false, false, true});
    InjectionCompleteness acc = new InjectionCompleteness(2.0, 0.5);
    InjectionCompleteness.Image im = acc.add(3, 1, f, d, difference());
    assertEquals(5, im.fakes());
    assertEquals(1, im.flagged());
    assertEquals(1, im.offDifference());
    assertEquals(3, im.used());
    assertEquals(1, im.detected());
    /* m5 = 25 - 2.5 log10(5 sqrt(1 x 4 pi 1.5^2)) = 25 - 2.5 log10(26.59) = 21.438. */
    assertEquals(21.438, im.depth().m5(), 2e-3);

    InjectionCompleteness.Report r = acc.report();
    assertEquals(3, r.used());
    assertEquals(1, r.detected());
    assertEquals(3, r.bins().size(), r.bins().toString());
    assertFalse(r.fit().converged());
    assertEquals(21.438, r.medianM5(), 2e-3);
    Map<String, Object> m = r.toMap();
    assertEquals(5, m.get("fakes"));
    assertEquals(1, m.get("fakes_flagged"));
    assertEquals(null, m.get("m50"), "NaN is written as null");
    StringWriter s = new StringWriter();
    r.print(new PrintWriter(s));
    assertTrue(s.toString().contains("no fit (too few fakes"), s.toString());
    assertTrue(s.toString().contains("5-sigma depth m5 = 21.44"), s.toString());
  }

  @Test
  void aMissingColumnNamesTheCatalogueAndImage() {
    Catalog f = Catalog.builder().addDoubles("injected_x", new double[] {1}, "", "")
        .addDoubles("injected_y", new double[] {1}, "", "").addInts("injection_flag", new int[] {0}, "", "").build();
    Catalog d = dia(new double[0], new double[0], new boolean[0]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new InjectionCompleteness(2, 0.5).add(7, 2, f, d, difference()));
    assertTrue(e.getMessage().contains("injected_calexp_catalog of visit=7 detector=2")
        && e.getMessage().contains("'mag'"), e.getMessage());
  }
}
