package org.labelfree.labeling;

import java.util.Objects;
import org.labelfree.detect.PsfKernels;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Psf;
import org.labelfree.wcs.Wcs;

/**
 * Forced PSF photometry at a given position of an exposure (here: the difference image at each fake's injected
 * position), the optimal linear estimate of the flux of a point source of known position on uncorrelated Gaussian
 * noise: {@code flux = sum(P I / V) / sum(P^2 / V)}, {@code err = 1 / sqrt(sum(P^2 / V))}, with {@code P} the PSF
 * kernel at the position (unit sum), shifted to the sub-pixel position by a separable normalised Lanczos-3
 * interpolant, {@code I} the image and {@code V} the variance plane. The same estimator as the {@code psfFlux} of
 * DIA sources, so the two compare directly.
 *
 * <p>Positions are parent-grid pixel coordinates (0-based, pixel centres at integers, the frame of
 * {@code injected_x}/{@code injected_y} and of the DIA source centroids). Pixels outside the image, NaN or infinite
 * pixels, pixels whose variance is not positive and finite, and pixels with NO_DATA or BAD set are skipped; a
 * position where no kernel pixel is usable gives {@link ForcedFlux#NOT_MEASURED}. Static and thread-safe.
 */
public final class ForcedPhotometry {
  private ForcedPhotometry() {}

  /**
   * Measures the PSF flux at a pixel position.
   *
   * @param exposure the image with variance and mask, not null
   * @param psf      the PSF model of the image, not null
   * @param x        parent-grid column, pixels
   * @param y        parent-grid row, pixels
   * @return the measurement; {@link ForcedFlux#NOT_MEASURED} when the position is not finite or no kernel pixel
   *     is usable
   */
  public static ForcedFlux measure(Exposure exposure, Psf psf, double x, double y) {
    Objects.requireNonNull(exposure, "exposure");
    Objects.requireNonNull(psf, "psf");
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      return ForcedFlux.NOT_MEASURED;
    }
    int x0 = exposure.image().x0();
    int y0 = exposure.image().y0();
    int w = exposure.width();
    int h = exposure.height();
    long ix = Math.round(x);
    long iy = Math.round(y);
    ImageF kernel = psf.kernelImage(x, y);
    int kw = kernel.width();
    int kh = kernel.height();
    /* Skip positions whose kernel cannot touch the image before shifting it. */
    if (ix + kw / 2 < x0 || ix - kw / 2 >= x0 + w || iy + kh / 2 < y0 || iy - kh / 2 >= y0 + h) {
      return ForcedFlux.NOT_MEASURED;
    }
    float[] k = PsfKernels.shift(kernel, x - ix, y - iy);
    float[] img = exposure.image().array();
    float[] var = exposure.variance().array();
    int[] bits = exposure.mask().array();
    MaskPlanes planes = exposure.mask().planes();
    int exclude = bit(planes, "NO_DATA") | bit(planes, "BAD");

    /* Weighted sums over the usable kernel pixels. */
    double num = 0;
    double den = 0;
    for (int j = 0; j < kh; j++) {
      long py = iy + j - kh / 2 - y0;
      if (py < 0 || py >= h) {
        continue;
      }
      for (int i = 0; i < kw; i++) {
        long px = ix + i - kw / 2 - x0;
        if (px < 0 || px >= w) {
          continue;
        }
        int p = (int) (py * w + px);
        float v = img[p];
        float vv = var[p];
        if ((bits[p] & exclude) != 0 || !Float.isFinite(v) || !(vv > 0 && vv < Float.POSITIVE_INFINITY)) {
          continue;
        }
        double pk = k[j * kw + i];
        num += pk * v / vv;
        den += pk * pk / vv;
      }
    }
    if (!(den > 0)) {
      return ForcedFlux.NOT_MEASURED;
    }
    double flux = num / den;
    double err = 1 / Math.sqrt(den);
    return new ForcedFlux(flux, err, flux / err);
  }

  /**
   * Measures the PSF flux at a sky position, mapped to pixels by the exposure's WCS.
   *
   * @param exposure the image with variance, mask and WCS, not null
   * @param psf      the PSF model of the image, not null
   * @param raDeg    right ascension, degrees
   * @param decDeg   declination, degrees
   * @return as {@link #measure(Exposure, Psf, double, double)}
   * @throws IllegalArgumentException if the exposure has no WCS
   */
  public static ForcedFlux measureSky(Exposure exposure, Psf psf, double raDeg, double decDeg) {
    Wcs wcs = exposure.wcs().orElseThrow(() -> new IllegalArgumentException(
        "exposure has no WCS; forced photometry at a sky position needs one"));
    if (!Double.isFinite(raDeg) || !Double.isFinite(decDeg)) {
      return ForcedFlux.NOT_MEASURED;
    }
    double[] p = wcs.skyToPixel(raDeg, decDeg);
    return measure(exposure, psf, p[0], p[1]);
  }

  private static int bit(MaskPlanes planes, String name) {
    var b = planes.bit(name);
    return b.isPresent() ? 1 << b.getAsInt() : 0;
  }
}
