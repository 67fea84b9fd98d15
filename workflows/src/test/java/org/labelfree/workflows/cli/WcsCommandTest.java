package org.labelfree.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.testing.TestData;
import org.labelfree.wcs.SkyCoord;

class WcsCommandTest {
  private static final double MAS = 1.0 / 3.6e6;

  private static String decam() {
    return TestData.real("decam/DEC-OBS04a.mini.fits").toString();
  }

  @Test
  void pixelToSkyMatchesAstropyOnTheRealTpvImage() {
    TestData.requirePython("astropy", "numpy");
    String[] ref = TestData.python(String.join("\n",
        "import sys, warnings; warnings.simplefilter('ignore')",
        "from astropy.io import fits; from astropy.wcs import WCS",
        "w = WCS(fits.getheader(sys.argv[1]))",
        "r = w.all_pix2world([[10.0, 20.0]], 0)[0]",
        "print(repr(float(r[0])), repr(float(r[1])))"), decam()).trim().split(" ");
    CliRunner.Result r = CliRunner.run("wcs", decam(), "--pix", "10", "20");
    assertEquals(0, r.exitCode(), r.err());
    String[] lines = r.out().trim().split("\n");
    assertEquals("x,y,ra,dec", lines[0]);
    String[] v = lines[1].split(",");
    assertEquals("10.0", v[0]);
    SkyCoord ours = new SkyCoord(Double.parseDouble(v[2]), Double.parseDouble(v[3]));
    SkyCoord theirs = new SkyCoord(Double.parseDouble(ref[0]), Double.parseDouble(ref[1]));
    assertTrue(ours.separationDeg(theirs) < 0.1 * MAS, "separation " + ours.separationDeg(theirs) / MAS + " mas");
  }

  @Test
  void originOneShiftsPixelsByOne() {
    CliRunner.Result zero = CliRunner.run("wcs", decam(), "--pix", "10", "20");
    CliRunner.Result one = CliRunner.run("wcs", decam(), "--pix", "11", "21", "--origin", "1");
    assertEquals(zero.out().split("\n")[1].substring(zero.out().split("\n")[1].indexOf(",", 5)),
        one.out().split("\n")[1].substring(one.out().split("\n")[1].indexOf(",", 5)),
        "the same sky position for the same pixel in both conventions");
    assertTrue(one.out().split("\n")[1].startsWith("11.0,21.0,"), one.out());
  }

  @Test
  void csvInputRoundTripsAtFullPrecision(@TempDir Path tmp) throws Exception {
    Path pix = Files.writeString(tmp.resolve("pix.csv"), "x,y\n0,0\n127.5,64.25\n255,255\n");
    CliRunner.Result sky = CliRunner.run("wcs", decam(), "--input", pix.toString());
    assertEquals(0, sky.exitCode(), sky.err());
    StringBuilder radec = new StringBuilder("ra,dec\n");
    String[] rows = sky.out().trim().split("\n");
    assertEquals(4, rows.length);
    for (int i = 1; i < rows.length; i++) {
      String[] v = rows[i].split(",");
      radec.append(v[2]).append(',').append(v[3]).append('\n');
    }
    Path skyCsv = Files.writeString(tmp.resolve("sky.csv"), radec.toString());
    CliRunner.Result back = CliRunner.run("wcs", decam(), "--input", skyCsv.toString(), "--json");
    assertEquals(0, back.exitCode(), back.err());
    JsonNode arr = new ObjectMapper().readTree(back.out());
    double[][] expected = {{0, 0}, {127.5, 64.25}, {255, 255}};
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i][0], arr.get(i).get("x").asDouble(), 1e-6);
      assertEquals(expected[i][1], arr.get(i).get("y").asDouble(), 1e-6);
    }
  }

  @Test
  void csvWithoutPositionColumnsIsRejectedByName(@TempDir Path tmp) throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.csv"), "a,b\n1,2\n");
    CliRunner.Result r = CliRunner.run("wcs", decam(), "--input", bad.toString());
    assertEquals(Main.EXIT_BAD_DATA, r.exitCode());
    assertTrue(r.err().contains("bad.csv") && r.err().contains("x,y"), r.err());
  }

  @Test
  void csvWithABadNumberNamesLineAndColumn(@TempDir Path tmp) throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.csv"), "x,y\n1,2\n3,oops\n");
    CliRunner.Result r = CliRunner.run("wcs", decam(), "--input", bad.toString());
    assertEquals(Main.EXIT_BAD_DATA, r.exitCode());
    assertTrue(r.err().contains("bad.csv") && r.err().contains("line 3") && r.err().contains("oops"), r.err());
  }

  @Test
  void imageWithoutWcsIsABadDataError() {
    CliRunner.Result r = CliRunner.run("wcs", TestData.real("sep/image.fits").toString(), "--pix", "1", "1");
    assertEquals(Main.EXIT_BAD_DATA, r.exitCode());
    assertTrue(r.err().contains("no HDU has a celestial WCS"), r.err());
  }

  @Test
  void exactlyOneInputIsRequired() {
    assertEquals(2, CliRunner.run("wcs", decam()).exitCode());
    assertEquals(2, CliRunner.run("wcs", decam(), "--pix", "1", "1", "--sky", "10", "10").exitCode());
    assertEquals(2, CliRunner.run("wcs", decam(), "--pix", "1", "1", "--origin", "2").exitCode());
  }
}
