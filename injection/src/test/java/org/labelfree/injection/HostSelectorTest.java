package org.labelfree.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.PhotoCalib;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;

/** The cuts of {@link HostSelector} on a hand-made src catalogue, and the sky shape of known ellipses. */
class HostSelectorTest {
  private static final PhotoCalib CALIB = new PhotoCalib(27.0);
  private static final int X0 = 100;
  private static final int Y0 = 200;

  /** A src catalogue with one row per case; row 0 is a good host, each other row breaks one cut. */
  private static Catalog src(Wcs wcs) {
    int n = 10;
    long[] id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] x = {150, 150, 150, 150, 150, 150, X0 + 300.2, 150, 150, X0 - 0.6};
    double[] y = {250, 250, 250, 250, 250, 250, 250, 250, 250, 250};
    double[] ixx = {4, 4, 4, 4, 4, 4, 4, Double.NaN, 4, 4};
    double[] iyy = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
    double[] ixy = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    double[] kron = {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, Double.NaN, 1000};
    double[] psf = {800, 800, 800, 800, 800, 800, 800, 800, 600, 800};
    double[] snr = {40, 40, 12, 40, 40, 40, 40, 40, 40, 40};
    double[] ext = {1, 0, 1, 1, 1, 1, 1, 1, 1, 1};
    boolean[] edge = new boolean[n];
    boolean[] sat = new boolean[n];
    boolean[] bad = new boolean[n];
    edge[3] = true;
    sat[4] = true;
    bad[5] = true;
    return Catalog.builder().addLongs("id", id, "", "").addDoubles("x", x, "", "").addDoubles("y", y, "", "")
        .addDoubles("ixx", ixx, "", "").addDoubles("iyy", iyy, "", "").addDoubles("ixy", ixy, "", "")
        .addDoubles("kronFlux", kron, "", "").addDoubles("psfFlux", psf, "", "").addDoubles("snr", snr, "", "")
        .addDoubles("extendedness", ext, "", "").addBooleans("pixelFlags_edge", edge, "", "")
        .addBooleans("pixelFlags_saturated", sat, "", "").addBooleans("pixelFlags_bad", bad, "", "").build();
  }

  private static Wcs wcs() {
    return TanWcs.of(new SkyCoord(30, -20), 150, 250, CdMatrix.northUp(0.25 / 3600));
  }

  @Test
  void appliesEveryCut() {
    /* Kept: 1 (good), 9 (kronFlux NaN: psfFlux used). Dropped: 2 extendedness 0, 3 snr 12, 4 edge, 5 saturated,
       6 bad, 7 outside the 300x300 box (x = x0 + 300.2), 8 NaN moments, 10 left of the box (x = x0 - 0.6). */
    List<Host> hosts = HostSelector.select(src(wcs()), wcs(), CALIB, 3, X0, Y0, 300, 300,
        HostSelectionConfig.defaults());
    assertEquals(List.of(1L, 9L), hosts.stream().map(Host::id).toList());
    assertEquals(27.0 - 2.5 * Math.log10(1000), hosts.get(0).mag(), 1e-12);
    assertEquals(27.0 - 2.5 * Math.log10(600), hosts.get(1).mag(), 1e-12);
    assertEquals(3, hosts.get(0).detector());
    SkyCoord c = wcs().pixelToSky(150, 250);
    assertEquals(c.ra(), hosts.get(0).ra(), 1e-12);
    assertEquals(c.dec(), hosts.get(0).dec(), 1e-12);
    /* A lower S/N cut lets row 3 in; a magnitude cut at 20 (host 1 is 19.5, host 9 is 20.05) drops row 9. */
    assertEquals(3, HostSelector.select(src(wcs()), wcs(), CALIB, 3, X0, Y0, 300, 300,
        HostSelectionConfig.defaults().withMinSnr(10)).size());
    assertEquals(List.of(1L), HostSelector.select(src(wcs()), wcs(), CALIB, 3, X0, Y0, 300, 300,
        HostSelectionConfig.defaults().withMaxMag(20.0)).stream().map(Host::id).toList());
  }

  @Test
  void missingColumnIsNamed() {
    Catalog cat = src(wcs()).select("id", "x", "y", "ixx", "iyy", "kronFlux", "psfFlux", "snr", "extendedness");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> HostSelector.select(cat, wcs(), CALIB,
        0, X0, Y0, 300, 300, HostSelectionConfig.defaults()));
    assertTrue(e.getMessage().contains("missing column 'ixy'"), e.getMessage());
  }

  @Test
  void skyShapeThroughRotatedAndFlippedCdMatrices() {
    double aSky = 2.0;
    double bSky = 0.8;
    for (double pa : new double[] {0.0, 35.0, 90.0, 151.0}) {
      for (double rot : new double[] {0.0, 25.0, 110.0, -70.0}) {
        for (boolean flip : new boolean[] {false, true}) {
          /* CD = s R(rot) diag(-1 or +1, 1): east-left (usual) or east-right (flipped) parity. */
          double s = 0.3 / 3600;
          double r = Math.toRadians(rot);
          double p = flip ? 1 : -1;
          double[][] cd = {{s * Math.cos(r) * p, -s * Math.sin(r)}, {s * Math.sin(r) * p, s * Math.cos(r)}};
          Wcs w = TanWcs.of(new SkyCoord(200, 45), 150, 250, new CdMatrix(cd[0][0], cd[0][1], cd[1][0], cd[1][1]));
          /* Sky covariance (east, north) in deg^2, major axis along (sin pa, cos pa); pixel C = CD^-1 S CD^-T (at
             the reference pixel the WCS Jacobian is exactly CD). */
          double t = Math.toRadians(pa);
          double ue = Math.sin(t);
          double un = Math.cos(t);
          double a2 = Math.pow(aSky / 3600, 2);
          double b2 = Math.pow(bSky / 3600, 2);
          double see = a2 * ue * ue + b2 * un * un;
          double snn = a2 * un * un + b2 * ue * ue;
          double sen = (a2 - b2) * ue * un;
          double det = cd[0][0] * cd[1][1] - cd[0][1] * cd[1][0];
          double[][] inv = {{cd[1][1] / det, -cd[0][1] / det}, {-cd[1][0] / det, cd[0][0] / det}};
          double m11 = inv[0][0] * see + inv[0][1] * sen;
          double m12 = inv[0][0] * sen + inv[0][1] * snn;
          double m21 = inv[1][0] * see + inv[1][1] * sen;
          double m22 = inv[1][0] * sen + inv[1][1] * snn;
          double ixx = m11 * inv[0][0] + m12 * inv[0][1];
          double ixy = m11 * inv[1][0] + m12 * inv[1][1];
          double iyy = m21 * inv[1][0] + m22 * inv[1][1];
          double[] shape = HostSelector.skyShape(w.jacobian(150, 250), ixx, iyy, ixy);
          String what = "pa " + pa + " rot " + rot + " flip " + flip;
          /* Brief's tolerances: 0.1% on the axes, 0.1 deg on the angle (modulo 180). */
          assertEquals(aSky, shape[0], aSky * 1e-3, what);
          assertEquals(bSky, shape[1], bSky * 1e-3, what);
          double dTheta = Math.abs(shape[2] - pa) % 180.0;
          assertTrue(Math.min(dTheta, 180 - dTheta) < 0.1, what + ": theta " + shape[2]);
          assertTrue(shape[2] >= 0 && shape[2] < 180);
        }
      }
    }
  }
}
