package org.labelfree.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.VisitInfo;
import org.labelfree.testing.TestData;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;

class InfoCommandTest {

  @Test
  void decamEpochShowsItsTpvWcs() {
    CliRunner.Result r = CliRunner.run("info", TestData.real("decam/DEC-OBS04a.mini.fits").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("256 x 256"), r.out());
    assertTrue(r.out().contains("WCS TPV"), r.out());
    assertTrue(r.out().contains("BITPIX -64"), r.out());
  }

  @Test
  void jsonSummaryOfTheCompressedTessImage() throws Exception {
    Path fz = TestData.real("compressed/tess_sfft_diff.fits.fz");
    CliRunner.Result r = CliRunner.run("info", "--json", fz + "[1]");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode hdu = new ObjectMapper().readTree(r.out()).get(0).get("hdus").get(0);
    assertEquals(1, hdu.get("index").asInt());
    assertEquals("COMPRESSED_IMAGE", hdu.get("kind").asText());
    assertEquals("RICE_1", hdu.get("compression").asText());
    assertEquals(-64, hdu.get("bitpix").asInt());
    assertEquals("TAN-SIP", hdu.get("wcs").get("type").asText());
    assertEquals(2048, hdu.get("dimensions").get(1).asInt());
  }

  /**
   * {@code info --stats} on the real tile-compressed TESS difference against {@code funpack} + astropy + numpy on the
   * same pixels. The file is quantised (RICE_1, ZBITPIX -64): funpack restores float64 values and we hold float32,
   * so values agree to 1 float32 ulp and statistics to the rounding of float32.
   */
  @Test
  void statsAgreeWithFunpackAndAstropy(@TempDir Path tmp) throws Exception {
    TestData.requireProgram("funpack");
    TestData.requirePython("astropy", "numpy");
    Path fz = TestData.real("compressed/tess_sfft_diff.fits.fz");
    Path plain = tmp.resolve("tess.fits");
    TestData.Result fp = TestData.run(List.of("funpack", "-O", plain.toString(), fz.toString()), null);
    assertEquals(0, fp.exitCode(), fp.stderr());
    String[] expected = TestData.python(String.join("\n",
        "import sys, numpy as np",
        "from astropy.io import fits",
        "d = fits.getdata(sys.argv[1], 0).astype(np.float32).astype(np.float64)",
        "f = d[np.isfinite(d)]",
        "m = np.median(f)",
        "print(f.size, d.size, f.min(), f.max(), f.mean(), m, 1.482602218505602 * np.median(np.abs(f - m)))"),
        plain.toString()).trim().split(" ");

    CliRunner.Result r = CliRunner.run("info", "--stats", "--json", fz.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode s = new ObjectMapper().readTree(r.out()).get(0).get("hdus").get(1).get("stats");
    assertEquals(Long.parseLong(expected[0]), s.get("finite").asLong(), "finite pixels (NaN = null in the file)");
    assertEquals(Long.parseLong(expected[1]), s.get("total").asLong());
    assertEquals(Double.parseDouble(expected[2]), s.get("min").asDouble(), 0.0, "min");
    assertEquals(Double.parseDouble(expected[3]), s.get("max").asDouble(), 0.0, "max");
    assertEquals(Double.parseDouble(expected[4]), s.get("mean").asDouble(), 1e-9, "mean");
    // Median and MAD of float32 pixels: ours averages the two middle float32 values in double, as numpy does.
    assertEquals(Double.parseDouble(expected[5]), s.get("median").asDouble(), 1e-7, "median");
    assertEquals(Double.parseDouble(expected[6]), s.get("robust_sigma").asDouble(), 1e-6, "robust sigma");
  }

  /** An exposure written by us: the LSST layout, the mask planes and the WCS of the IMAGE HDU are reported. */
  @Test
  void ourOwnExposureShowsLayoutMaskPlanesAndWcs(@TempDir Path tmp) throws Exception {
    ImageF image = ImageF.filled(64, 32, 1f);
    Mask mask = Mask.zeros(64, 32, MaskPlanes.defaults());
    TanWcs wcs = TanWcs.of(new SkyCoord(150.0, 2.0), 31.5, 15.5, CdMatrix.northUp(0.2 / 3600));
    Exposure exposure = new Exposure(image, mask, ImageF.filled(64, 32, 4f), wcs, null, null, VisitInfo.unknown(),
        Metadata.empty());
    Path file = tmp.resolve("calexp.fits");
    FitsExposures.write(exposure, file);

    CliRunner.Result r = CliRunner.run("info", "--json", "--stats", file.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode hdus = new ObjectMapper().readTree(r.out()).get(0).get("hdus");
    assertEquals(4, hdus.size());
    assertEquals("IMAGE", hdus.get(1).get("extname").asText());
    assertEquals("MASK", hdus.get(2).get("extname").asText());
    assertEquals("VARIANCE", hdus.get(3).get("extname").asText());
    assertEquals("TAN", hdus.get(1).get("wcs").get("type").asText());
    assertEquals(150.0, hdus.get(1).get("wcs").get("centre_ra").asDouble(), 1e-9, "CRPIX is the image centre");
    assertEquals(0.2, hdus.get(1).get("wcs").get("pixel_scale_arcsec").asDouble(), 1e-9);
    assertTrue(hdus.get(2).get("mask_planes").toString().contains("INJECTED_CORE"), hdus.get(2).toString());
    assertEquals(4.0, hdus.get(3).get("stats").get("median").asDouble(), 0.0);
    assertEquals(2048, hdus.get(1).get("stats").get("finite").asLong());
  }

  @Test
  void notFitsIsABadDataErrorNamingTheFile(@TempDir Path tmp) throws Exception {
    Path bogus = Files.writeString(tmp.resolve("notes.fits"), "hello, this is not FITS");
    CliRunner.Result r = CliRunner.run("info", bogus.toString());
    assertEquals(Main.EXIT_BAD_DATA, r.exitCode());
    assertTrue(r.err().contains("notes.fits"), r.err());
    assertTrue(r.err().toLowerCase(java.util.Locale.ROOT).contains("fits"), r.err());
  }

  @Test
  void missingFileIsAnIoError(@TempDir Path tmp) {
    CliRunner.Result r = CliRunner.run("info", tmp.resolve("nope.fits").toString());
    assertEquals(Main.EXIT_IO, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("nope.fits"), r.err());
  }

  @Test
  void anAbsentExtensionIsReported() {
    CliRunner.Result r = CliRunner.run("info", TestData.real("decam/DEC-OBS04a.mini.fits") + "[MASK]");
    assertEquals(Main.EXIT_BAD_DATA, r.exitCode());
    assertTrue(r.err().contains("MASK"), r.err());
  }
}
