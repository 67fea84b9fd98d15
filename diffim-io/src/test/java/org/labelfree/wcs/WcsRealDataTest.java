package org.labelfree.wcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labelfree.image.Metadata;
import org.labelfree.testing.TestData;

/**
 * Accuracy against astropy 5.2.1 / wcslib 7.12 {@code all_pix2world} on four real headers
 * ({@code shared/data/real/wcs/astropy_pix2world.csv}, FITS 1-based pixels, 121 points per file).
 */
class WcsRealDataTest {
  /** 0.1 milliarcsecond in degrees. */
  static final double MAX_SEP_DEG = 0.1e-3 / 3600.0;
  static final double MAX_ROUND_TRIP_PX = 1e-6;

  private static final Map<String, List<double[]>> POINTS = new LinkedHashMap<>();

  @BeforeAll
  static void readCsv() throws Exception {
    List<String> lines = Files.readAllLines(TestData.real("wcs/astropy_pix2world.csv"));
    assertEquals("file,x_fits1,y_fits1,ra_deg,dec_deg", lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      POINTS.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new double[] {Double.parseDouble(f[1]),
          Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])});
    }
  }

  static Wcs load(String file) throws Exception {
    Path p = TestData.real("wcs/" + file);
    Metadata h = HeaderFiles.read(p);
    return Wcs.fromHeader(h, file).orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"irac_sip.hdr", "siponly.hdr", "tpvonly.hdr", "dss.14.29.56-62.41.05.fits"})
  void matchesAstropyWithin0p1Mas(String file) throws Exception {
    Wcs wcs = load(file);
    List<double[]> pts = POINTS.get(file);
    assertEquals(121, pts.size(), "points for " + file);
    int n = pts.size();
    double[] x = new double[n];
    double[] y = new double[n];
    double maxSep = 0;
    double maxRoundTrip = 0;
    for (int i = 0; i < n; i++) {
      double[] pt = pts.get(i);
      x[i] = pt[0] - 1.0;
      y[i] = pt[1] - 1.0;
      SkyCoord sky = wcs.pixelToSky(x[i], y[i]);
      maxSep = Math.max(maxSep, sky.separationDeg(new SkyCoord(pt[2], pt[3])));
      double[] back = wcs.skyToPixel(sky.ra(), sky.dec());
      maxRoundTrip = Math.max(maxRoundTrip, Math.max(Math.abs(back[0] - x[i]), Math.abs(back[1] - y[i])));
    }
    System.out.printf(Locale.ROOT, "%-28s %-8s max sep from astropy %.3e mas, max round trip %.3e px%n", file,
        wcs.type(), maxSep * 3.6e6, maxRoundTrip);
    assertTrue(maxSep < MAX_SEP_DEG, file + ": max separation " + maxSep * 3.6e6 + " mas; expected < 0.1 mas");
    assertTrue(maxRoundTrip < MAX_ROUND_TRIP_PX, file + ": round trip " + maxRoundTrip + " px; expected < 1e-6");
  }
}
