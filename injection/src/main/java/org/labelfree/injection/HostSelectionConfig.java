package org.labelfree.injection;

import java.util.List;

/**
 * Configuration of {@link HostSelector}.
 *
 * <p>A source is a host candidate only when none of {@link #EXCLUDING_FLAGS} is set (a flag column that the
 * catalogue lacks counts as not set).
 *
 * @param minSnr minimum signal to noise ({@code snr} column, strictly greater; finite, >= 0; default 15)
 * @param maxMag faintest accepted host, AB magnitude (hosts with {@code mag > maxMag} are dropped; not NaN; default
 *               {@code +Infinity}: no cut)
 */
public record HostSelectionConfig(double minSnr, double maxMag) {
  /** The flag columns of the src catalogue that exclude a source: edge, saturated, bad. */
  public static final List<String> EXCLUDING_FLAGS =
      List.of("pixelFlags_edge", "pixelFlags_saturated", "pixelFlags_bad");

  /** Validates the fields; throws {@link IllegalArgumentException} naming the bad one, its value and range. */
  public HostSelectionConfig {
    if (!(minSnr >= 0) || Double.isInfinite(minSnr)) {
      throw new IllegalArgumentException("minSnr must be finite and >= 0, but was " + minSnr);
    }
    if (Double.isNaN(maxMag)) {
      throw new IllegalArgumentException("maxMag must be a magnitude or +Infinity, but was NaN");
    }
  }

  /** The defaults: S/N above 15, no magnitude cut. */
  public static HostSelectionConfig defaults() {
    return new HostSelectionConfig(15.0, Double.POSITIVE_INFINITY);
  }

  /** This configuration with another {@code minSnr}. */
  public HostSelectionConfig withMinSnr(double value) {
    return new HostSelectionConfig(value, maxMag);
  }

  /** This configuration with another {@code maxMag}. */
  public HostSelectionConfig withMaxMag(double value) {
    return new HostSelectionConfig(minSnr, value);
  }
}
