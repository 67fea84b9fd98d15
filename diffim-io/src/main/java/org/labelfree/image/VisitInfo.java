package org.labelfree.image;

import java.util.Objects;

/**
 * What an exposure is: instrument, visit, detector, band and filter, when and how long it was taken.
 *
 * @param instrument     instrument name (for example {@code "LSSTCam"}, {@code "HSC"}, {@code "DECam"}); empty if unknown
 * @param visit          visit (exposure) number; -1 if unknown
 * @param detector       detector (CCD) number; -1 if unknown
 * @param band           abstract band ({@code "g"}, {@code "r"}, ...); empty if unknown
 * @param physicalFilter the instrument's filter name; empty if unknown
 * @param mjdMid         MJD (TAI) at mid-exposure, days; NaN if unknown
 * @param exposureTime   exposure time, seconds; NaN if unknown, else >= 0
 * @param gain           detector gain, electrons per ADU; NaN if unknown, else > 0
 */
public record VisitInfo(String instrument, long visit, int detector, String band, String physicalFilter,
    double mjdMid, double exposureTime, double gain) {

  public VisitInfo {
    instrument = Objects.requireNonNullElse(instrument, "").strip();
    band = Objects.requireNonNullElse(band, "").strip();
    physicalFilter = Objects.requireNonNullElse(physicalFilter, "").strip();
    if (visit < -1) {
      throw new IllegalArgumentException("visit must be >= 0 (or -1 for unknown), but was " + visit);
    }
    if (detector < -1) {
      throw new IllegalArgumentException("detector must be >= 0 (or -1 for unknown), but was " + detector);
    }
    if (Double.isInfinite(mjdMid)) {
      throw new IllegalArgumentException("mjdMid must be finite or NaN, but was " + mjdMid);
    }
    if (!(Double.isNaN(exposureTime) || (exposureTime >= 0 && exposureTime < Double.POSITIVE_INFINITY))) {
      throw new IllegalArgumentException("exposureTime must be >= 0 s or NaN, but was " + exposureTime);
    }
    if (!(Double.isNaN(gain) || (gain > 0 && gain < Double.POSITIVE_INFINITY))) {
      throw new IllegalArgumentException("gain must be > 0 e-/ADU or NaN, but was " + gain);
    }
  }

  /** Nothing known. */
  public static VisitInfo unknown() {
    return new VisitInfo("", -1, -1, "", "", Double.NaN, Double.NaN, Double.NaN);
  }
}
