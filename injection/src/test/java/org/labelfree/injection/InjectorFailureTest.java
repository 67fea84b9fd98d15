package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.ColumnSpec;
import org.labelfree.catalog.ColumnType;
import org.labelfree.image.Exposure;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.MoffatPsf;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;

/** Per-row flags (never exceptions) and the missing parts that are {@link InvalidDataException}s. */
class InjectorFailureTest {
  private static final int W = 64;
  private static final int X0 = 100;
  private static final int Y0 = 200;
  /** FWHM 3 at x = 100, falling 0.05 px per px: not > 0 from x = 160 on (a PSF that throws there). */
  private static final MoffatPsf PSF = new MoffatPsf(3.0, 3.0, 0, 0, 100, 0, -0.05, 0, 15);

  private static Exposure exposure() {
    return InjectionTestSupport.exposure(W, W, X0, Y0, 0f, 1f, PSF, 4);
  }

  @Test
  void rowsThatCannotBeInjectedAreFlaggedNotThrown() {
    Exposure e = exposure();
    Wcs wcs = e.wcs().orElseThrow();
    SkyCoord ok = wcs.pixelToSky(X0 + 20, Y0 + 20);
    SkyCoord off = wcs.pixelToSky(X0 + 500, Y0 - 300);
    SkyCoord partly = wcs.pixelToSky(X0 - 3, Y0 + 30);
    SkyCoord psfFails = wcs.pixelToSky(X0 + 62, Y0 + 30);
    Catalog c = Catalog.rowBuilder(List.of(ColumnSpec.of("injection_id", ColumnType.LONG),
            ColumnSpec.of("ra", ColumnType.DOUBLE), ColumnSpec.of("dec", ColumnType.DOUBLE),
            ColumnSpec.of("source_type", ColumnType.STRING), ColumnSpec.of("mag", ColumnType.DOUBLE)))
        .addRow(1L, ok.ra(), ok.dec(), "Star", 20.0)
        .addRow(2L, off.ra(), off.dec(), "Star", 20.0)
        .addRow(3L, ok.ra(), ok.dec(), "Star", Double.NaN)
        .addRow(4L, ok.ra(), ok.dec(), "Sersic", 20.0)
        .addRow(5L, partly.ra(), partly.dec(), "DeltaFunction", 20.0)
        .addRow(6L, psfFails.ra(), psfFails.dec(), "star", 20.0)
        .addRow(7L, Double.NaN, ok.dec(), "Star", 20.0)
        .build();
    InjectionResult r = Injector.inject(e, c, InjectionConfig.defaults().withNoise(false), "flags");
    int[] flags = r.catalog().intColumn("injection_flag");
    double[] flux = r.catalog().doubleColumn("injected_flux");
    double[] x = r.catalog().doubleColumn("injected_x");
    assertEquals(0, flags[0]);
    assertEquals(InjectionFlag.NO_OVERLAP.bit(), flags[1]);
    assertEquals(InjectionFlag.MAG_BAD.bit(), flags[2]);
    assertEquals(InjectionFlag.TYPE_UNKNOWN.bit(), flags[3]);
    assertEquals(0, flags[4], "a fake partly off the image is injected");
    assertEquals(InjectionFlag.PSF_COMPUTE_ERROR.bit(), flags[5]);
    assertEquals(InjectionFlag.NO_OVERLAP.bit(), flags[6]);
    assertEquals("PSF_COMPUTE_ERROR", InjectionFlag.describe(flags[5]));
    assertEquals("MAG_BAD|NO_OVERLAP", InjectionFlag.describe(InjectionFlag.MAG_BAD.bit()
        | InjectionFlag.NO_OVERLAP.bit()));
    assertEquals("", InjectionFlag.describe(0));
    assertEquals(2, r.injected());
    assertEquals(2, r.flagged(InjectionFlag.NO_OVERLAP));
    assertEquals(1, r.flagged(InjectionFlag.MAG_BAD));
    assertEquals(0, r.flagged(InjectionFlag.SERSIC_EXTREME));
    assertEquals(1e4, flux[0], 1e-6);
    assertEquals(0.0, flux[1]);
    assertEquals(X0 + 500, x[1], 1e-6, "the position of an off-image row is still reported");
    assertTrue(Double.isNaN(x[6]));
    /* Input columns are kept, in order, before the four outputs. */
    assertEquals(List.of("injection_id", "ra", "dec", "source_type", "mag", "injected_x", "injected_y",
        "injection_flag", "injected_flux"), r.catalog().columnNames());
  }

  @Test
  void missingWcsPsfOrCalibIsInvalidData() {
    Catalog c = InjectionTestSupport.catalog(exposure().wcs().orElseThrow(), new double[] {X0 + 10},
        new double[] {Y0 + 10}, new double[] {100});
    InjectionConfig cfg = InjectionConfig.defaults();
    assertMessage(assertThrows(InvalidDataException.class,
        () -> Injector.inject(exposure().withWcs(null), c, cfg, "visit=7")), "visit=7", "WCS");
    assertMessage(assertThrows(InvalidDataException.class,
        () -> Injector.inject(exposure().withPsf(null), c, cfg, "visit=7")), "visit=7", "PSF");
    assertMessage(assertThrows(InvalidDataException.class,
        () -> Injector.inject(exposure().withPhotoCalib(null), c, cfg, "visit=7")), "visit=7", "PhotoCalib");
  }

  @Test
  void missingOrNonNumericColumnIsInvalidData() {
    Exposure e = exposure();
    Catalog full = InjectionTestSupport.catalog(e.wcs().orElseThrow(), new double[] {X0 + 10},
        new double[] {Y0 + 10}, new double[] {100});
    for (String missing : new String[] {"ra", "dec", "mag"}) {
      String[] keep = full.columnNames().stream().filter(n -> !n.equals(missing)).toArray(String[]::new);
      InvalidDataException ex = assertThrows(InvalidDataException.class,
          () -> Injector.inject(e, full.select(keep), InjectionConfig.defaults(), "cat.parquet"));
      assertMessage(ex, "cat.parquet", "'" + missing + "'");
    }
    Catalog textMag = Catalog.rowBuilder(List.of(ColumnSpec.of("ra", ColumnType.DOUBLE),
        ColumnSpec.of("dec", ColumnType.DOUBLE), ColumnSpec.of("mag", ColumnType.STRING)))
        .addRow(150.0, 2.0, "20").build();
    assertMessage(assertThrows(InvalidDataException.class,
        () -> Injector.inject(e, textMag, InjectionConfig.defaults(), "cat.csv")), "'mag'", "STRING");
  }

  @Test
  void configRejectsBadValues() {
    assertThrows(IllegalArgumentException.class, () -> new InjectionConfig(true, 1, -0.1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new InjectionConfig(true, 1, 0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new InjectionConfig(true, 1, 0.1, Double.POSITIVE_INFINITY));
  }

  private static void assertMessage(Exception e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "message '" + e.getMessage() + "' lacks '" + w + "'");
    }
  }
}
