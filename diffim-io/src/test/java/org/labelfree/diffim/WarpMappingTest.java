package org.labelfree.diffim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.labelfree.testing.TestData;
import org.labelfree.wcs.HeaderFiles;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;

/**
 * The position error of the interpolation grid of {@link PixelMapping} (32 px, the default) against the exact WCS
 * mapping, on survey-like and real distorted WCSs: the target is below 0.01 pixel.
 */
class WarpMappingTest {
  private static final int SPACING = WarpConfig.defaults().interpolationLength();

  @Test
  void radialSipDetectorOnTanSource() {
    /* The warp test's geometry scaled to a 4096 x 4096 detector (source TAN, 0.2"/px; SIP 1 px at r = 2000 px). */
    Wcs src = WarpFixtures.tan(2048, 2048, 0.2, 0);
    Wcs dest = WarpFixtures.radialSip(WarpFixtures.tan(2047.63, 2048.39, 0.2, 1.0), 1.25e-10);
    double err = maxError(dest, src, 4096, 4096, 13);
    System.out.printf("grid %d px, radial SIP 4096x4096: max position error %.2e px%n", SPACING, err);
    assertTrue(err < 0.01, "max error " + err);
  }

  @Test
  void realPtfSipAndTpvChipsOnTanSource() throws Exception {
    for (String name : new String[] {"siponly.hdr", "tpvonly.hdr"}) {
      Wcs dest = Wcs.fromHeader(HeaderFiles.read(TestData.real("wcs/" + name)), name).orElseThrow();
      /* A TAN source of the same scale through the chip centre, rotated 1 degree: the whole distortion is mapped. */
      var sky = dest.pixelToSky(1023.5, 2047.5);
      double scale = dest.pixelScaleArcsec(1023.5, 2047.5);
      double s = scale / 3600;
      double c = Math.cos(Math.toRadians(1));
      double n = Math.sin(Math.toRadians(1));
      Wcs src = TanWcs.of(sky, 1100.2, 2100.7, new org.labelfree.wcs.CdMatrix(-s * c, s * n, s * n, s * c));
      double err = maxError(dest, src, 2048, 4096, 7);
      System.out.printf("grid %d px, real PTF %s 2048x4096: max position error %.2e px%n", SPACING, name, err);
      assertTrue(err < 0.01, name + ": max error " + err);
    }
  }

  /** Max distance between interpolated and exact source positions over every {@code step}-th pixel and cell edge. */
  private static double maxError(Wcs dest, Wcs src, int w, int h, int step) {
    PixelMapping m = new PixelMapping(dest, src, 0, 0, 0, 0, w, h, SPACING);
    int nx = 0;
    int[] xs = new int[w];
    for (int x = 0; x < w; x++) {
      if (x % step == 0 || x % SPACING == SPACING / 2 || x == w - 1) {
        xs[nx++] = x;
      }
    }
    double worst = 0;
    double[] px = new double[nx];
    double[] py = new double[nx];
    double[] ra = new double[nx];
    double[] dec = new double[nx];
    double[] ex = new double[nx];
    double[] ey = new double[nx];
    for (int y = 0; y < h; y++) {
      if (!(y % step == 0 || y % SPACING == SPACING / 2 || y == h - 1)) {
        continue;
      }
      for (int i = 0; i < nx; i++) {
        px[i] = xs[i];
        py[i] = y;
      }
      dest.pixelToSky(px, py, ra, dec);
      src.skyToPixel(ra, dec, ex, ey);
      for (int i = 0; i < nx; i++) {
        double[] got = m.sourcePosition(xs[i], y);
        worst = Math.max(worst, Math.hypot(got[0] - ex[i], got[1] - ey[i]));
      }
    }
    return worst;
  }
}
