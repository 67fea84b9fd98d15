package org.labelfree.image;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;

/**
 * A quick-look summary of one exposure: background level and noise of the image, masked fractions per plane, and
 * where the exposure points.
 *
 * @param medianBackground median of the finite image pixels not flagged BAD, SAT, CR, NO_DATA, DETECTED or
 *                         DETECTED_NEGATIVE (counts); NaN when none is left
 * @param robustSigma      1.4826 x MAD of the same pixels (counts); NaN when none is left
 * @param finiteFraction   fraction of image pixels that are finite, in [0, 1]
 * @param maskFractions    fraction of pixels with each registered mask plane set, by plane name in bit order
 * @param centreRa         right ascension of the image centre (degrees), NaN without a WCS
 * @param centreDec        declination of the image centre (degrees), NaN without a WCS
 * @param pixelScaleArcsec local pixel scale at the centre (arcsec/pixel), NaN without a WCS
 */
public record ExposureSummary(double medianBackground, double robustSigma, double finiteFraction,
    Map<String, Double> maskFractions, double centreRa, double centreDec, double pixelScaleArcsec) {

  /** The mask planes whose pixels {@link #of(Exposure)} leaves out of the background statistics, in this order. */
  public static final List<String> NOT_BACKGROUND = List.of("BAD", "SAT", "CR", "NO_DATA", "DETECTED",
      "DETECTED_NEGATIVE");

  public ExposureSummary {
    maskFractions = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(maskFractions,
        "maskFractions")));
  }

  /**
   * Summarises an exposure, leaving the pixels of the {@link #NOT_BACKGROUND} planes out of the background. Pure;
   * thread-safe.
   */
  public static ExposureSummary of(Exposure exposure) {
    return of(exposure, NOT_BACKGROUND);
  }

  /**
   * Summarises an exposure, leaving the pixels with any of the given mask planes set out of the median background
   * and robust sigma (they still count in the finite and mask fractions). Pure; thread-safe.
   *
   * @param exposure            the exposure, not null
   * @param notBackgroundPlanes names of the planes that exclude a pixel from the background statistics, not null;
   *                            a name the exposure's mask does not register is ignored (no pixel can carry it)
   * @return the summary
   */
  public static ExposureSummary of(Exposure exposure, Collection<String> notBackgroundPlanes) {
    Objects.requireNonNull(notBackgroundPlanes, "notBackgroundPlanes");
    ImageF image = exposure.image();
    Mask mask = exposure.mask();
    MaskPlanes planes = mask.planes();
    int exclude = 0;
    for (String p : notBackgroundPlanes) {
      if (planes.bit(p).isPresent()) {
        exclude |= planes.bitmask(p);
      }
    }
    float[] px = image.array();
    int[] bits = mask.array();
    float[] background = new float[px.length];
    int n = 0;
    long finite = 0;
    long[] perBit = new long[32];
    for (int i = 0; i < px.length; i++) {
      float v = px[i];
      int b = bits[i];
      if (Float.isFinite(v)) {
        finite++;
        if ((b & exclude) == 0) {
          background[n++] = v;
        }
      }
      while (b != 0) {
        int bit = Integer.numberOfTrailingZeros(b);
        perBit[bit]++;
        b &= b - 1;
      }
    }
    ImageStatistics stats = ImageStatistics.of(java.util.Arrays.copyOf(background, n));
    Map<String, Double> fractions = new LinkedHashMap<>();
    planes.asMap().forEach((name, bit) -> fractions.put(name, perBit[bit] / (double) px.length));

    double ra = Double.NaN;
    double dec = Double.NaN;
    double scale = Double.NaN;
    if (exposure.wcs().isPresent()) {
      Wcs wcs = exposure.wcs().get();
      /* The WCS works in parent-grid pixels: the centre of this (sub)image is its origin plus half its size. */
      double cx = image.x0() + (image.width() - 1) / 2.0;
      double cy = image.y0() + (image.height() - 1) / 2.0;
      SkyCoord c = wcs.pixelToSky(cx, cy);
      ra = c.ra();
      dec = c.dec();
      scale = wcs.pixelScaleArcsec(cx, cy);
    }
    return new ExposureSummary(stats.median(), stats.robustSigma(), finite / (double) px.length, fractions, ra, dec,
        scale);
  }
}
