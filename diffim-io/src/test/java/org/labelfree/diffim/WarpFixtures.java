package org.labelfree.diffim;

import java.util.SplittableRandom;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.Metadata;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.Psf;
import org.labelfree.image.VisitInfo;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanSipWcs;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;

/** WCSs and exposures shared by the warp tests. */
final class WarpFixtures {
  static final SkyCoord CENTRE = new SkyCoord(150.1, 2.2);

  private WarpFixtures() {}

  /** A TAN WCS, {@code scaleArcsec} per pixel, east left, rotated by {@code rotDeg}, reference pixel (0-based). */
  static TanWcs tan(double crpixX, double crpixY, double scaleArcsec, double rotDeg) {
    double s = scaleArcsec / 3600.0;
    double c = Math.cos(Math.toRadians(rotDeg));
    double n = Math.sin(Math.toRadians(rotDeg));
    return TanWcs.of(CENTRE, crpixX, crpixY, new CdMatrix(-s * c, s * n, s * n, s * c));
  }

  /**
   * A TAN-SIP WCS with a cubic radial distortion {@code (u, v) -> (u, v) (1 + k r^2)} about the reference pixel, as
   * the optics of a wide-field survey camera give, no inverse polynomials (sky to pixel by Newton iteration).
   */
  static TanSipWcs radialSip(TanWcs tan, double k) {
    double[][] a = new double[4][4];
    double[][] b = new double[4][4];
    a[3][0] = k;
    a[1][2] = k;
    b[2][1] = k;
    b[0][3] = k;
    return TanSipWcs.of(tan, a, b, null, null);
  }

  /** An exposure with the given image, a constant variance, an empty mask, and the WCS and PSF. */
  static Exposure exposure(ImageF image, float variance, Wcs wcs, Psf psf) {
    ImageF var = ImageF.filled(image.width(), image.height(), variance).withXy0(image.x0(), image.y0());
    Mask mask = Mask.zeros(image.width(), image.height()).withXy0(image.x0(), image.y0());
    return new Exposure(image, mask, var, wcs, psf, new PhotoCalib(31.4), VisitInfo.unknown(), Metadata.empty());
  }

  /** Gaussian white noise of unit variance times {@code sigma}, seeded. */
  static float[] noise(int w, int h, double sigma, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] p = new float[w * h];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (sigma * gaussian(rnd));
    }
    return p;
  }

  /** A standard normal deviate (Box-Muller; deterministic for a given generator state). */
  static double gaussian(SplittableRandom rnd) {
    double u = 1.0 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Maps a source pixel through the sky onto the destination grid. */
  static double[] map(Wcs from, Wcs to, double x, double y) {
    SkyCoord s = from.pixelToSky(x, y);
    return to.skyToPixel(s.ra(), s.dec());
  }
}
