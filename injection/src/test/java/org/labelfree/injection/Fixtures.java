package org.labelfree.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;

/** Test support: four 2048x2048 detectors at 0.2"/pixel on a rotated TAN grid, and hosts spread over them. */
final class Fixtures {
  static final int SIZE = 2048;
  static final double SCALE_DEG = 0.2 / 3600.0;

  private Fixtures() {
  }

  /** Four detectors in a 2x2 mosaic about (150, 2), rotated by 30 degrees, each with its own TAN WCS. */
  static List<DetectorFootprint> footprints(double ra0, double dec0) {
    double r = Math.toRadians(30.0);
    double c = Math.cos(r);
    double s = Math.sin(r);
    CdMatrix cd = new CdMatrix(-SCALE_DEG * c, SCALE_DEG * s, SCALE_DEG * s, SCALE_DEG * c);
    List<DetectorFootprint> out = new ArrayList<>();
    for (int d = 0; d < 4; d++) {
      double shiftX = (d % 2) * 2100.0;
      double shiftY = (d / 2) * 2100.0;
      Wcs wcs = TanWcs.of(new SkyCoord(ra0, dec0), 2100.0 - shiftX, 2100.0 - shiftY, cd);
      out.add(new DetectorFootprint(d, wcs, 0, 0, SIZE, SIZE));
    }
    return out;
  }

  /** {@code n} hosts, uniform over the detectors, mag U(19, 23), a U(0.5, 3)", b/a U(0.3, 1), theta U(0, 180). */
  static List<Host> hosts(List<DetectorFootprint> fps, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Host> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      DetectorFootprint fp = fps.get(rng.nextInt(fps.size()));
      double x = rng.nextDouble() * SIZE - 0.5;
      double y = rng.nextDouble() * SIZE - 0.5;
      SkyCoord sky = fp.wcs().pixelToSky(x, y);
      double a = 0.5 + 2.5 * rng.nextDouble();
      double b = a * (0.3 + 0.7 * rng.nextDouble());
      out.add(new Host(i + 1, fp.detector(), x, y, sky.ra(), sky.dec(), 19 + 4 * rng.nextDouble(), a, b,
          180 * rng.nextDouble()));
    }
    return out;
  }

  /**
   * Exact gnomonic offsets {east, north} (arcsec) of (ra, dec) about (ra0, dec0), from unit vectors (written apart
   * from the code under test).
   */
  static double[] tangentOffset(double ra0, double dec0, double ra, double dec) {
    double a0 = Math.toRadians(ra0);
    double d0 = Math.toRadians(dec0);
    double a = Math.toRadians(ra);
    double d = Math.toRadians(dec);
    double[] p = {Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)};
    double[] p0 = {Math.cos(d0) * Math.cos(a0), Math.cos(d0) * Math.sin(a0), Math.sin(d0)};
    double[] e = {-Math.sin(a0), Math.cos(a0), 0};
    double[] nn = {-Math.sin(d0) * Math.cos(a0), -Math.sin(d0) * Math.sin(a0), Math.cos(d0)};
    double dot = p[0] * p0[0] + p[1] * p0[1] + p[2] * p0[2];
    double xi = (p[0] * e[0] + p[1] * e[1] + p[2] * e[2]) / dot;
    double eta = (p[0] * nn[0] + p[1] * nn[1] + p[2] * nn[2]) / dot;
    return new double[] {Math.toDegrees(xi) * 3600, Math.toDegrees(eta) * 3600};
  }
}
