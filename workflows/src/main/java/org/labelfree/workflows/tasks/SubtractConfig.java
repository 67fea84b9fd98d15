package org.labelfree.workflows.tasks;

import org.labelfree.diffim.AlardLuptonConfig;
import org.labelfree.diffim.SubtractionMode;

/**
 * Configuration of {@link SubtractTask}. The kernel basis (three Gaussians with polynomial degrees 4, 2, 2, widths
 * scaled to the two PSFs) and the stamp search are those of {@link AlardLuptonConfig#defaults()}.
 *
 * @param mode               which image is convolved: {@code auto} (the one with the smaller PSF; default),
 *                           {@code convolve_template} or {@code convolve_science}
 * @param decorrelate        decorrelate the difference (Reiss &amp; Lupton 2016; default true)
 * @param spatialKernelOrder order of the kernel's spatial variation (default 1)
 * @param backgroundOrder    order of the differential background polynomial (default 2)
 * @param kernelSizeMin      smallest kernel side in pixels (default 21)
 * @param kernelSizeMax      largest kernel side in pixels (default 35)
 * @param candidateMinSnr    src sources above this S/N, unflagged and point-like, are offered as kernel stamps; the
 *                           stamp search of the images themselves is used when fewer are usable (default 20)
 */
public record SubtractConfig(SubtractionMode mode, boolean decorrelate, int spatialKernelOrder, int backgroundOrder,
    int kernelSizeMin, int kernelSizeMax, double candidateMinSnr) {

  /** Validates (the kernel settings are checked again by {@link AlardLuptonConfig}). */
  public SubtractConfig {
    if (mode == null) {
      throw new IllegalArgumentException("mode must be auto, convolve_template or convolve_science, but was null");
    }
    if (!(candidateMinSnr >= 0)) {
      throw new IllegalArgumentException("candidate_min_snr is " + candidateMinSnr + "; expected >= 0");
    }
    alardLupton(mode, decorrelate, spatialKernelOrder, backgroundOrder, kernelSizeMin, kernelSizeMax);
  }

  /** The defaults listed above. */
  public static SubtractConfig defaults() {
    AlardLuptonConfig a = AlardLuptonConfig.defaults();
    return new SubtractConfig(a.mode(), a.decorrelate(), a.spatialKernelOrder(), a.backgroundOrder(),
        a.kernelSizeMin(), a.kernelSizeMax(), 20.0);
  }

  /** The Alard-Lupton settings these values give. */
  AlardLuptonConfig alardLupton() {
    return alardLupton(mode, decorrelate, spatialKernelOrder, backgroundOrder, kernelSizeMin, kernelSizeMax);
  }

  private static AlardLuptonConfig alardLupton(SubtractionMode mode, boolean decorrelate, int spatialKernelOrder,
      int backgroundOrder, int kernelSizeMin, int kernelSizeMax) {
    AlardLuptonConfig a = AlardLuptonConfig.defaults();
    return new AlardLuptonConfig(a.gaussianDegrees(), a.sigmaFactors(), a.kernelSizeSigmas(), kernelSizeMin,
        kernelSizeMax, spatialKernelOrder, backgroundOrder, a.stampGrid(), a.stampsPerCell(), a.clipSigma(),
        a.clipIterations(), a.minStamps(), mode, decorrelate);
  }
}
