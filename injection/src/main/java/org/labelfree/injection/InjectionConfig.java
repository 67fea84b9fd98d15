package org.labelfree.injection;

/**
 * Configuration of {@link Injector}.
 *
 * @param noise              add the Poisson noise of the injected flux to the image and its variance to the variance
 *                           plane (default true)
 * @param seed               base seed; the noise of a row is drawn from {@code Seeds.mix(seed, injection_id)}
 *                           (default 1)
 * @param maskThresholdSigma {@code INJECTED} is set where the noise-free injected model exceeds this many sigma of the
 *                           pixel's noise, {@code sqrt(variance)} (finite, >= 0; default 0.1)
 * @param gain               electrons per count (finite and > 0), or NaN to take it from the exposure: its
 *                           {@code VisitInfo.gain}, else the {@code GAIN} header card, else {@link GainEstimate}
 *                           (default NaN); only used when {@code noise} is true
 */
public record InjectionConfig(boolean noise, long seed, double maskThresholdSigma, double gain) {

  /** Validates the values. @throws IllegalArgumentException naming the parameter, its value and the valid range */
  public InjectionConfig {
    if (!(maskThresholdSigma >= 0 && maskThresholdSigma < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("maskThresholdSigma must be finite and >= 0, but was " + maskThresholdSigma);
    }
    if (!(Double.isNaN(gain) || (gain > 0 && gain < Double.POSITIVE_INFINITY))) {
      throw new IllegalArgumentException("gain must be NaN (from the exposure) or finite and > 0 e-/count, but was "
          + gain);
    }
  }

  /** Noise on, seed 1, mask threshold 0.1 sigma, gain from the exposure. */
  public static InjectionConfig defaults() {
    return new InjectionConfig(true, 1L, 0.1, Double.NaN);
  }

  /** This configuration with noise on or off. */
  public InjectionConfig withNoise(boolean v) {
    return new InjectionConfig(v, seed, maskThresholdSigma, gain);
  }

  /** This configuration with another base seed. */
  public InjectionConfig withSeed(long v) {
    return new InjectionConfig(noise, v, maskThresholdSigma, gain);
  }

  /** This configuration with another mask threshold (sigma, finite, >= 0). */
  public InjectionConfig withMaskThresholdSigma(double v) {
    return new InjectionConfig(noise, seed, v, gain);
  }

  /** This configuration with an explicit gain (e-/count, > 0) or NaN to take it from the exposure. */
  public InjectionConfig withGain(double v) {
    return new InjectionConfig(noise, seed, maskThresholdSigma, v);
  }
}
