package org.labelfree.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Catalogs;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Exposure;
import org.labelfree.injection.InjectionFlag;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;

/**
 * {@code labelfree inject} from files to files: the fakes land in the output image at their catalogue positions with
 * the catalogue's flux, the output catalogue carries the injection columns, a fake off the image is flagged
 * NO_OVERLAP (exit 0), and a catalogue without {@code ra} is rejected with exit code 3 naming the column.
 */
class InjectCommandTest {
  /** Pixel positions of the fakes on the 256 x 256 image; the last one is far off it. */
  private static final double[][] PIXELS = {{60.3, 70.6}, {180.5, 120.2}, {128.0, 200.7}, {-400.0, -400.0}};

  @TempDir
  static Path dir;
  static Path image;
  static Exposure input;

  @BeforeAll
  static void writeImage() {
    input = new SyntheticSurvey(SurveyConfig.of(1, 1, List.of("r"), 256, 11)).renderCalexp(1, 0).calexp();
    image = dir.resolve("calexp.fits");
    FitsExposures.write(input, image);
  }

  private static Path catalogue(String name, boolean withRa) throws Exception {
    Wcs wcs = input.wcs().orElseThrow();
    StringBuilder csv = new StringBuilder(withRa ? "injection_id,ra,dec,mag\n" : "injection_id,dec,mag\n");
    for (int i = 0; i < PIXELS.length; i++) {
      SkyCoord c = wcs.pixelToSky(PIXELS[i][0], PIXELS[i][1]);
      csv.append(100 + i).append(',');
      if (withRa) {
        csv.append(c.ra()).append(',');
      }
      csv.append(c.dec()).append(',').append(19.0 + 0.5 * i).append('\n');
    }
    Path p = dir.resolve(name);
    Files.writeString(p, csv.toString());
    return p;
  }

  @Test
  void injectsTheFakesAndFlagsTheOneOffTheImage() throws Exception {
    Path cat = catalogue("fakes.csv", true);
    Path out = dir.resolve("injected.fits");
    Path outCat = dir.resolve("injected.parquet");
    CliRunner.Result r = CliRunner.run("inject", "--image", image.toString(), "--catalog", cat.toString(),
        "--out", out.toString(), "--out-catalog", outCat.toString(), "--no-noise");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("injected 3 of 4 fakes (flagged: NO_OVERLAP 1)"), r.out());

    Catalog c = Catalogs.read(outCat);
    for (String col : List.of("injection_id", "ra", "dec", "mag", "injected_x", "injected_y", "injection_flag",
        "injected_flux")) {
      assertTrue(c.hasColumn(col), col + " in " + c.columnNames());
    }
    assertEquals(4, c.rowCount());
    int[] flags = c.intColumn("injection_flag");
    double[] x = c.doubleColumn("injected_x");
    double[] y = c.doubleColumn("injected_y");
    double[] flux = c.doubleColumn("injected_flux");
    assertEquals(InjectionFlag.NO_OVERLAP.bit(), flags[3]);

    /* Each fake's added flux, summed in a 41 x 41 box (about 8 PSF FWHM), is its catalogue flux: the image
     * differs from the input only by the fakes (no noise), and the PSF's wings beyond the box hold < 1% of it. */
    Exposure injected = FitsExposures.read(out);
    float[] before = input.image().array();
    float[] after = injected.image().array();
    int w = input.width();
    for (int i = 0; i < 3; i++) {
      assertEquals(0, flags[i], "row " + i);
      assertEquals(PIXELS[i][0], x[i], 1e-6, "injected_x of row " + i);
      assertEquals(PIXELS[i][1], y[i], 1e-6, "injected_y of row " + i);
      double expected = input.photoCalib().orElseThrow().magnitudeToInstFlux(19.0 + 0.5 * i);
      assertEquals(expected, flux[i], 1e-6 * expected, "injected_flux of row " + i);
      double sum = 0;
      int cx = (int) Math.round(x[i]);
      int cy = (int) Math.round(y[i]);
      for (int yy = Math.max(0, cy - 20); yy <= Math.min(input.height() - 1, cy + 20); yy++) {
        for (int xx = Math.max(0, cx - 20); xx <= Math.min(w - 1, cx + 20); xx++) {
          sum += after[yy * w + xx] - before[yy * w + xx];
        }
      }
      assertEquals(flux[i], sum, 0.01 * flux[i], "flux added around row " + i);
    }
    assertTrue(injected.mask().planes().bitmask("INJECTED") != 0);
  }

  @Test
  void aCatalogueWithoutRaExitsWithBadDataNamingTheColumn() throws Exception {
    Path cat = catalogue("no_ra.csv", false);
    Path out = dir.resolve("never.fits");
    CliRunner.Result r = CliRunner.run("inject", "--image", image.toString(), "--catalog", cat.toString(),
        "--out", out.toString());
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("missing required column 'ra'"), r.err());
    assertTrue(r.err().contains("no_ra.csv"), r.err());
    assertFalse(Files.exists(out), "nothing is written");
  }
}
