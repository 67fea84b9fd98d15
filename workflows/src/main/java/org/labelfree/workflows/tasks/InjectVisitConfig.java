package org.labelfree.workflows.tasks;

import org.labelfree.injection.InjectionConfig;

/**
 * Configuration of {@link InjectVisitTask}.
 *
 * @param noise              add the Poisson noise of the injected flux to the image and flux / gain to the variance
 *                           (default true)
 * @param seed               base seed of the noise; each fake's stream is mixed from it and the fake's
 *                           {@code injection_id} (default 1)
 * @param maskThresholdSigma INJECTED marks pixels where the injected model exceeds this many sigma of the pixel's
 *                           noise (default 0.1)
 * @param gain               e-/count; NaN (default) takes it from the exposure's visit info or GAIN header, else
 *                           estimates it from the image's variance against its level
 * @param keepNoOverlap      keep catalogue rows whose fake does not touch the detector in
 *                           {@code injected_calexp_catalog}, flagged NO_OVERLAP (default false: the visit-level
 *                           catalogue would be repeated on every detector)
 */
public record InjectVisitConfig(boolean noise, long seed, double maskThresholdSigma, double gain,
    boolean keepNoOverlap) {

  /** Validates through {@link InjectionConfig}. */
  public InjectVisitConfig {
    injection(noise, seed, maskThresholdSigma, gain);
  }

  /** The defaults listed above. */
  public static InjectVisitConfig defaults() {
    InjectionConfig d = InjectionConfig.defaults();
    return new InjectVisitConfig(d.noise(), d.seed(), d.maskThresholdSigma(), d.gain(), false);
  }

  /** The engine settings these values give. */
  InjectionConfig injection() {
    return injection(noise, seed, maskThresholdSigma, gain);
  }

  private static InjectionConfig injection(boolean noise, long seed, double maskThresholdSigma, double gain) {
    return new InjectionConfig(noise, seed, maskThresholdSigma, gain);
  }
}
