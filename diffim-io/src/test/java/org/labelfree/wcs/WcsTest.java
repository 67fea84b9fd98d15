package org.labelfree.wcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labelfree.image.Metadata;
import org.labelfree.testing.TestData;

/** Behaviour of the WCS types: header round trips, Jacobian, pixel scale, bulk versus single point, forms. */
class WcsTest {
  static final String[] FILES = {"irac_sip.hdr", "siponly.hdr", "tpvonly.hdr", "dss.14.29.56-62.41.05.fits"};

  static Metadata.Builder tanHeader() {
    return Metadata.builder().set("CTYPE1", "RA---TAN").set("CTYPE2", "DEC--TAN").set("CRVAL1", 30.0)
        .set("CRVAL2", -45.0).set("CRPIX1", 100.5).set("CRPIX2", 200.25);
  }

  @Test
  void noCtypeMeansNoWcs() {
    assertEquals(Optional.empty(), Wcs.fromHeader(Metadata.builder().set("NAXIS", 2L).build(), "x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"irac_sip.hdr", "siponly.hdr", "tpvonly.hdr", "dss.14.29.56-62.41.05.fits"})
  void realHeadersHaveExpectedTypes(String file) throws Exception {
    Wcs w = WcsRealDataTest.load(file);
    if (w instanceof TanSipWcs s) {
      assertTrue(file.contains("sip"), file + " parsed as TAN-SIP");
      assertEquals(file.equals("siponly.hdr") ? 4 : 2, s.aOrder());
      assertTrue(s.hasInverse(), "AP/BP read");
    } else if (w instanceof TpvWcs) {
      assertTrue(file.startsWith("tpv") || file.startsWith("dss"), file + " parsed as TPV");
    } else {
      throw new AssertionError(file + " parsed as " + w.type());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"irac_sip.hdr", "siponly.hdr", "tpvonly.hdr", "dss.14.29.56-62.41.05.fits"})
  void headerCardsRoundTripExactly(String file) throws Exception {
    Wcs w = WcsRealDataTest.load(file);
    Metadata cards = w.toHeaderCards();
    Wcs back = Wcs.fromHeader(cards, "round trip").orElseThrow();
    assertEquals(w, back);
    assertEquals(w.hashCode(), back.hashCode());
    assertEquals(cards, back.toHeaderCards());
    assertEquals("deg", cards.optString("CUNIT1").orElseThrow());
    assertEquals("ICRS", cards.optString("RADESYS").orElseThrow());
    assertTrue(cards.contains("CD1_1") && !cards.contains("PC1_1") && !cards.contains("CDELT1"), "CD form");
  }

  @Test
  void plainTanRoundTripAndOneBasedCrpix() {
    TanWcs w = TanWcs.of(new SkyCoord(10.0, 20.0), 99.5, 199.25, new CdMatrix(-1e-4, 2e-6, 3e-6, 1e-4));
    Metadata cards = w.toHeaderCards();
    assertEquals(100.5, cards.optDouble("CRPIX1").orElseThrow(), 0.0);
    assertEquals(200.25, cards.optDouble("CRPIX2").orElseThrow(), 0.0);
    assertEquals(w, Wcs.fromHeader(cards, "rt").orElseThrow());
    /* The reference pixel maps to CRVAL exactly (0-based API). */
    SkyCoord c = w.pixelToSky(99.5, 199.25);
    assertEquals(10.0, c.ra(), 1e-12);
    assertEquals(20.0, c.dec(), 1e-12);
    assertNotEquals(w, TanWcs.of(new SkyCoord(10.0, 20.0), 99.5, 199.0, w.cd()));
  }

  @Test
  void pixelScaleOfPureTanAtCrpix() {
    double s = 0.263 / 3600.0;
    TanWcs w = TanWcs.of(new SkyCoord(200.0, 35.0), 1000.0, 2000.0, CdMatrix.northUp(s));
    assertEquals(0.263, w.pixelScaleArcsec(1000.0, 2000.0), 1e-9);
    Jacobian j = w.jacobian(1000.0, 2000.0);
    assertEquals(-s, j.dEastDx(), 1e-18);
    assertEquals(s, j.dNorthDy(), 1e-18);
    /* Gnomonic: 1 degree from the centre a pixel covers cos^2 (radial) times cos (tangential) of the central area. */
    double off = Math.tan(Math.toRadians(1.0)) * Math.toDegrees(1.0) / s;
    double expected = 0.263 * Math.pow(Math.cos(Math.toRadians(1.0)), 1.5);
    assertEquals(expected, w.pixelScaleArcsec(1000.0 + off, 2000.0), 1e-9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"irac_sip.hdr", "siponly.hdr", "tpvonly.hdr", "dss.14.29.56-62.41.05.fits"})
  void jacobianMatchesFiniteDifferences(String file) throws Exception {
    Wcs w = WcsRealDataTest.load(file);
    SplittableRandom rnd = new SplittableRandom(7);
    double h = 0.5;
    double worst = 0;
    for (int k = 0; k < 20; k++) {
      double x = rnd.nextDouble(0, 256);
      double y = rnd.nextDouble(0, 256);
      Jacobian j = w.jacobian(x, y);
      SkyCoord c = w.pixelToSky(x, y);
      double cosDec = Math.cos(Math.toRadians(c.dec()));
      double[] dx = diff(w.pixelToSky(x + h, y), w.pixelToSky(x - h, y), cosDec, 2 * h);
      double[] dy = diff(w.pixelToSky(x, y + h), w.pixelToSky(x, y - h), cosDec, 2 * h);
      double scale = Math.sqrt(Math.abs(j.determinant()));
      worst = Math.max(worst, Math.max(Math.max(Math.abs(j.dEastDx() - dx[0]), Math.abs(j.dNorthDx() - dx[1])),
          Math.max(Math.abs(j.dEastDy() - dy[0]), Math.abs(j.dNorthDy() - dy[1]))) / scale);
      assertEquals(j.pixelScaleArcsec(), w.pixelScaleArcsec(x, y), 0.0);
    }
    System.out.printf(Locale.ROOT, "%-28s Jacobian vs finite differences: max relative error %.2e%n", file, worst);
    assertTrue(worst < 1e-6, file + ": Jacobian differs from finite differences by " + worst + " (relative)");
  }

  private static double[] diff(SkyCoord plus, SkyCoord minus, double cosDec, double step) {
    double dra = plus.ra() - minus.ra();
    dra -= 360.0 * Math.rint(dra / 360.0);
    return new double[] {dra * cosDec / step, (plus.dec() - minus.dec()) / step};
  }

  @ParameterizedTest
  @ValueSource(strings = {"irac_sip.hdr", "siponly.hdr", "tpvonly.hdr", "dss.14.29.56-62.41.05.fits"})
  void bulkEqualsSinglePointExactly(String file) throws Exception {
    Wcs w = WcsRealDataTest.load(file);
    int n = 3 * Bulk.CHUNK + 17;
    SplittableRandom rnd = new SplittableRandom(11);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble(-10, 300);
      y[i] = rnd.nextDouble(-10, 300);
    }
    double[] ra = new double[n];
    double[] dec = new double[n];
    w.pixelToSky(x, y, ra, dec);
    /* A far-side point (NaN in both forms). */
    SkyCoord ref = w.pixelToSky(0, 0);
    ra[5] = (ref.ra() + 180.0) % 360.0;
    dec[5] = -ref.dec();
    double[] xb = new double[n];
    double[] yb = new double[n];
    w.skyToPixel(ra, dec, xb, yb);
    assertTrue(Double.isNaN(xb[5]) && Double.isNaN(yb[5]), "far side point gives NaN");
    for (int i = 0; i < n; i += (i < 1000 ? 1 : 7)) {
      if (i != 5) {
        SkyCoord c = w.pixelToSky(x[i], y[i]);
        assertEquals(c.ra(), ra[i], 0.0, "ra at " + i);
        assertEquals(c.dec(), dec[i], 0.0, "dec at " + i);
      }
      double[] p = w.skyToPixel(ra[i], dec[i]);
      assertArrayEquals(new double[] {xb[i], yb[i]}, p, 0.0, "pixel at " + i);
      if (i != 5) {
        assertEquals(x[i], xb[i], 1e-6, "round trip x at " + i);
        assertEquals(y[i], yb[i], 1e-6, "round trip y at " + i);
      }
    }
  }

  @Test
  void farSideSkyToPixelIsNaN() {
    TanWcs w = TanWcs.of(new SkyCoord(10.0, 20.0), 0, 0, CdMatrix.northUp(1e-4));
    double[] p = w.skyToPixel(190.0, -20.0);
    assertTrue(Double.isNaN(p[0]) && Double.isNaN(p[1]), "antipode gives NaN");
    p = w.skyToPixel(120.0, 20.0);
    assertTrue(Double.isNaN(p[0]) && Double.isNaN(p[1]), "more than 90 degrees away gives NaN");
  }

  @Test
  void raWrapsIntoZeroTo360() {
    TanWcs w = TanWcs.of(new SkyCoord(359.999, 0.0), 0, 0, CdMatrix.northUp(1e-3));
    double ra = w.pixelToSky(-10.0, 0.0).ra();
    assertEquals(0.009, ra, 1e-9);
    assertEquals(359.989, w.pixelToSky(10.0, 0.0).ra(), 1e-9);
    double[] p = w.skyToPixel(ra, 0.0);
    assertEquals(-10.0, p[0], 1e-9);
    assertEquals(0.0, p[1], 1e-9);
  }

  @Test
  void pcAndCrotaFormsEqualTheCdForm() {
    double s = 1e-4;
    double rho = 30.0;
    double c = Math.cos(Math.toRadians(rho));
    double sn = Math.sin(Math.toRadians(rho));
    Wcs crota = Wcs.fromHeader(tanHeader().set("CDELT1", -s).set("CDELT2", s).set("CROTA2", rho).build(), "x")
        .orElseThrow();
    Wcs pc = Wcs.fromHeader(tanHeader().set("CDELT1", -s).set("CDELT2", s).set("PC1_1", c).set("PC1_2", sn)
        .set("PC2_1", -sn).set("PC2_2", c).build(), "x").orElseThrow();
    Wcs cd = Wcs.fromHeader(tanHeader().set("CD1_1", -s * c).set("CD1_2", -s * sn).set("CD2_1", -s * sn)
        .set("CD2_2", s * c).build(), "x").orElseThrow();
    for (Wcs w : new Wcs[] {crota, pc}) {
      SkyCoord a = w.pixelToSky(500, -300);
      SkyCoord b = cd.pixelToSky(500, -300);
      assertEquals(0.0, a.separationDeg(b), 1e-12);
    }
  }

  @Test
  void linearFormsAndLonpoleMatchAstropy() {
    TestData.requirePython("astropy", "numpy");
    String[][] headers = {
        {"CDELT1=-2e-4", "CDELT2=2e-4", "CROTA2=25.0"},
        {"CDELT1=-1e-4", "CDELT2=1.5e-4", "PC1_1=0.9", "PC1_2=0.2", "PC2_1=-0.1", "PC2_2=1.1"},
        {"CD1_1=-1e-4", "CD1_2=1e-5", "CD2_1=2e-5", "CD2_2=1e-4", "LONPOLE=150.0"},
        {"CD1_1=-1e-4", "CD1_2=0.0", "CD2_1=0.0", "CD2_2=1e-4", "CRVAL2X=89.99"}};
    String script = String.join("\n",
        "import sys, warnings",
        "warnings.simplefilter('ignore')",
        "from astropy.io import fits",
        "from astropy.wcs import WCS",
        "h = fits.Header()",
        "h['CTYPE1']='RA---TAN'; h['CTYPE2']='DEC--TAN'; h['CRVAL1']=30.0; h['CRVAL2']=-45.0",
        "h['CRPIX1']=100.5; h['CRPIX2']=200.25",
        "for kv in sys.argv[1:]:",
        "    k, v = kv.split('=')",
        "    if k == 'CRVAL2X': k = 'CRVAL2'",
        "    h[k] = float(v)",
        "w = WCS(h)",
        "for x, y in [(0, 0), (1000, -500), (-2000, 3000)]:",
        "    r, d = w.all_pix2world([[x, y]], 0)[0]",
        "    print('%.17g %.17g' % (r, d))");
    for (String[] cards : headers) {
      Metadata.Builder b = tanHeader();
      for (String kv : cards) {
        String[] f = kv.split("=");
        b.set(f[0].equals("CRVAL2X") ? "CRVAL2" : f[0], Double.parseDouble(f[1]));
      }
      Wcs w = Wcs.fromHeader(b.build(), "x").orElseThrow();
      String[] lines = TestData.python(script, cards).strip().split("\n");
      double[][] pix = {{0, 0}, {1000, -500}, {-2000, 3000}};
      for (int i = 0; i < pix.length; i++) {
        String[] f = lines[i].trim().split(" ");
        SkyCoord expected = new SkyCoord(Double.parseDouble(f[0]), Double.parseDouble(f[1]));
        double sep = w.pixelToSky(pix[i][0], pix[i][1]).separationDeg(expected);
        assertTrue(sep < 1e-11, String.join(",", cards) + " point " + i + ": " + sep * 3.6e6 + " mas from astropy");
      }
    }
  }

  @Test
  void dssPlateSolutionBecomesTpv() throws Exception {
    Wcs w = WcsRealDataTest.load("dss.14.29.56-62.41.05.fits");
    TpvWcs tpv = assertInstanceOf(TpvWcs.class, w);
    /* Plate centre 14h37m46.88s -60d12m59.29s is the reference point; PV1_1 is 1 by construction. */
    assertEquals(15.0 * (14 + 37 / 60.0 + 46.88253 / 3600.0), tpv.tan().crval().ra(), 1e-9);
    assertEquals(-(60 + 12 / 60.0 + 59.28761 / 3600.0), tpv.tan().crval().dec(), 1e-9);
    assertEquals(1.0, tpv.pv1()[1], 1e-15);
    assertEquals(1.7, w.pixelScaleArcsec(50, 50), 0.01);
  }

  @Test
  void defaultLonpoleAtTheNorthPoleIsZero() {
    TanWcs w = TanWcs.of(new SkyCoord(0.0, 90.0), 0, 0, CdMatrix.northUp(1e-3));
    assertEquals(0.0, w.lonpole(), 0.0);
    TanWcs v = TanWcs.of(new SkyCoord(0.0, 89.0), 0, 0, CdMatrix.northUp(1e-3));
    assertEquals(180.0, v.lonpole(), 0.0);
  }

  @Test
  void tanSipFactoryValidatesShape() {
    TanWcs tan = TanWcs.of(new SkyCoord(1, 2), 0, 0, CdMatrix.northUp(1e-4));
    double[][] ok = {{0, 0, 1e-6}, {0, 2e-6, 0}, {3e-6, 0, 0}};
    TanSipWcs sip = TanSipWcs.of(tan, ok, ok, null, null);
    assertEquals(2, sip.aOrder());
    double[][] above = {{0, 0, 0}, {0, 0, 1e-6}, {0, 0, 0}};
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TanSipWcs.of(tan, above, ok, null, null));
    assertTrue(e.getMessage().contains("A_1_2"), e.getMessage());
  }
}
