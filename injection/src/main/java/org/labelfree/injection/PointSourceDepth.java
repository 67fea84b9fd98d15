package org.labelfree.injection;

import java.util.Objects;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.ImageStatistics;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Psf;

/**
 * The 5-sigma point-source depth of an image from its variance plane and PSF:
 * {@code m5 = zp - 2.5 log10(5 sqrt(V n_eff))}, with {@code V} the median variance over the good pixels (every k-th
 * pixel of a large image, at most {@value #MAX_SAMPLES}), {@code n_eff = 1 / sum(psf^2)} the effective number of
 * pixels of the PSF (normalised to sum 1) at the image centre, and {@code zp} the AB zero point of the PhotoCalib.
 * {@code sqrt(V n_eff)} is the error of an optimal PSF flux in white noise, so {@code m5} is the magnitude of a point source measured at S/N 5. Static and thread-safe.
 */
public final class PointSourceDepth {
  /** Mask planes whose pixels are not used for the median variance (those that exist on the mask). */
  static final String[] BAD_PLANES = {"NO_DATA", "BAD", "SAT", "EDGE", "CR", "INTRP", "SUSPECT"};
  /**
   * The most pixels the median variance is taken over: every k-th pixel beyond (deterministic). The median of 2^18
   * samples of a variance plane with a 50% spread is within about 0.1% of the whole image's; m5 moves by 0.01 mag
   * only for a 2% change.
   */
  static final int MAX_SAMPLES = 1 << 18;

  private PointSourceDepth() {}

  /**
   * The depth of an image: the values it derives from and {@code m5}.
   *
   * @param zeroPoint      AB magnitude of 1 count
   * @param medianVariance median of the variance over good pixels, counts^2
   * @param nEff           effective number of pixels of the PSF at the image centre
   * @param goodPixels     pixels in the median
   * @param m5             the 5-sigma point-source depth, AB mag
   */
  public record Depth(double zeroPoint, double medianVariance, double nEff, long goodPixels, double m5) {}

  /**
   * {@code 1 / sum(k^2)} of a kernel normalised to sum 1 (the kernel is normalised here).
   *
   * @param kernel the PSF image, not null
   * @return the effective number of pixels
   * @throws IllegalArgumentException if the kernel does not sum to a positive finite value
   */
  public static double nEff(ImageF kernel) {
    float[] k = Objects.requireNonNull(kernel, "kernel").array();
    double sum = 0;
    for (float v : k) {
      sum += v;
    }
    if (!(sum > 0 && Double.isFinite(sum))) {
      throw new IllegalArgumentException("PSF kernel " + kernel.width() + "x" + kernel.height() + " sums to " + sum
          + "; expected a positive finite sum");
    }
    double sq = 0;
    for (float v : k) {
      double q = v / sum;
      sq += q * q;
    }
    return 1 / sq;
  }

  /**
   * {@code zp - 2.5 log10(5 sqrt(variance nEff))}.
   *
   * @param zeroPoint AB magnitude of 1 count
   * @param variance  per-pixel variance, counts^2 (> 0)
   * @param nEff      effective number of pixels (> 0)
   * @return the 5-sigma depth, AB mag (NaN when variance or nEff is not positive)
   */
  public static double m5(double zeroPoint, double variance, double nEff) {
    if (!(variance > 0 && nEff > 0)) {
      return Double.NaN;
    }
    return zeroPoint - 2.5 * Math.log10(5 * Math.sqrt(variance * nEff));
  }

  /**
   * The depth of an exposure from its own variance plane, mask, PSF (at the image centre) and PhotoCalib.
   *
   * @param exposure the image (a difference image: the PSF its detection used), not null
   * @param what     how to name it in messages (e.g. the dataset and data ID)
   * @return the depth
   * @throws IllegalArgumentException if it has no PSF, no PhotoCalib or no good pixel with a positive variance
   */
  public static Depth of(Exposure exposure, String what) {
    Objects.requireNonNull(exposure, "exposure");
    Psf psf = exposure.psf().orElseThrow(() -> new IllegalArgumentException(what + " has no PSF"));
    double zp = exposure.photoCalib().orElseThrow(() -> new IllegalArgumentException(what + " has no PhotoCalib"))
        .zeroPoint();
    double cx = exposure.image().x0() + 0.5 * (exposure.width() - 1);
    double cy = exposure.image().y0() + 0.5 * (exposure.height() - 1);
    double nEff = nEff(psf.kernelImage(cx, cy));
    Mask mask = exposure.mask();
    int bad = 0;
    MaskPlanes planes = mask.planes();
    for (String p : BAD_PLANES) {
      if (planes.bit(p).isPresent()) {
        bad |= planes.bitmask(p);
      }
    }
    float[] var = exposure.variance().array();
    int[] bits = mask.array();
    int stride = Math.max(1, var.length / MAX_SAMPLES);
    float[] good = new float[(var.length + stride - 1) / stride];
    int n = 0;
    for (int i = 0; i < var.length; i += stride) {
      float v = var[i];
      if ((bits[i] & bad) == 0 && v > 0 && v < Float.POSITIVE_INFINITY) {
        good[n++] = v;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(what + " has no good pixel with a positive finite variance");
    }
    double median = ImageStatistics.median(good, n);
    return new Depth(zp, median, nEff, n, m5(zp, median, nEff));
  }
}
