package org.labelfree.diffim;

import java.util.List;
import java.util.Objects;

/**
 * Configuration of the Alard-Lupton kernel fit ({@link KernelBasis}, {@link KernelCandidates}, {@link KernelFitter}).
 *
 * <p>The basis Gaussians have widths {@code sigmaFactors[g] x sigma_match}, where {@code sigma_match =
 * sqrt(sigma_target^2 - sigma_source^2)} is the width of the Gaussian that turns the convolved image's PSF
 * ({@code sigma_source}) into the other image's ({@code sigma_target}), both from the FWHMs (sigma = FWHM / 2.3548).
 * For nearly equal PSFs (or a forced mode that convolves the broader image) {@code sigma_match} is floored at
 * {@link KernelBasis#SIGMA_MATCH_FLOOR} pixels, so the basis still spans sub-pixel shifts and small broadenings.
 *
 * @param gaussianDegrees   polynomial degree multiplying each Gaussian, one per Gaussian (each 0-8; default [4, 2, 2])
 * @param sigmaFactors      Gaussian widths relative to sigma_match, as many as {@code gaussianDegrees} (each finite,
 *                          > 0; default [1.0, 1.5, 3.0]; ip_diffim uses [0.7, 1.5, 3.0] px unscaled: a narrowest Gaussian below sigma_match lets the fit put +-5% pixel-scale patterns into the kernel that the template PSF cannot constrain)
 * @param kernelSizeSigmas  kernel full width in units of the widest Gaussian sigma, rounded up to odd (> 0; default 6)
 * @param kernelSizeMin     smallest kernel width, pixels (odd, >= 3; default 21)
 * @param kernelSizeMax     largest kernel width, pixels (odd, >= kernelSizeMin, <= 101; default 35)
 * @param spatialKernelOrder total degree of the spatial polynomial of every basis coefficient (0-6; default 1)
 * @param backgroundOrder   total degree of the differential background polynomial (0-6; default 2)
 * @param stampGrid         stamps are sought in a stampGrid x stampGrid grid of cells over the image (>= 1; default 8)
 * @param stampsPerCell     at most this many stamps per cell, brightest first (>= 1; default 3)
 * @param clipSigma         stamps farther than this many robust sigmas from the median kernel sum, or above the
 *                          median chi^2 per dof by this many, are rejected (> 0; default 3)
 * @param clipIterations    iterations of that clipping on the per-stamp fits (>= 0; default 3); the global fit is
 *                          re-clipped once more on its own residuals
 * @param minStamps         fewest stamps the fit accepts; 0 means automatic: twice the larger of the spatial-kernel
 *                          and background term counts (12 for the defaults) (>= 0; default 0)
 * @param mode              which image to convolve (not null; default {@link SubtractionMode#AUTO})
 * @param decorrelate       whether the subtraction decorrelates the difference image (Reiss and Lupton 2016); not read
 *                          by the fit itself (default true)
 */
public record AlardLuptonConfig(List<Integer> gaussianDegrees, List<Double> sigmaFactors, double kernelSizeSigmas,
    int kernelSizeMin, int kernelSizeMax, int spatialKernelOrder, int backgroundOrder, int stampGrid,
    int stampsPerCell, double clipSigma, int clipIterations, int minStamps, SubtractionMode mode,
    boolean decorrelate) {

  public AlardLuptonConfig {
    gaussianDegrees = List.copyOf(Objects.requireNonNull(gaussianDegrees, "gaussianDegrees"));
    sigmaFactors = List.copyOf(Objects.requireNonNull(sigmaFactors, "sigmaFactors"));
    Objects.requireNonNull(mode, "mode");
    if (gaussianDegrees.isEmpty() || gaussianDegrees.size() != sigmaFactors.size()) {
      throw new IllegalArgumentException("gaussianDegrees " + gaussianDegrees + " and sigmaFactors " + sigmaFactors
          + " must be non-empty and of equal length");
    }
    for (int d : gaussianDegrees) {
      if (d < 0 || d > 8) {
        throw new IllegalArgumentException("gaussianDegrees " + gaussianDegrees + ": each must be in 0-8, but one was "
            + d);
      }
    }
    for (double f : sigmaFactors) {
      if (!(f > 0) || !Double.isFinite(f)) {
        throw new IllegalArgumentException("sigmaFactors " + sigmaFactors + ": each must be finite and > 0, but one was "
            + f);
      }
    }
    if (!(kernelSizeSigmas > 0) || !Double.isFinite(kernelSizeSigmas)) {
      throw new IllegalArgumentException("kernelSizeSigmas must be finite and > 0, but was " + kernelSizeSigmas);
    }
    if (kernelSizeMin < 3 || kernelSizeMin % 2 == 0) {
      throw new IllegalArgumentException("kernelSizeMin must be odd and >= 3, but was " + kernelSizeMin);
    }
    if (kernelSizeMax < kernelSizeMin || kernelSizeMax > 101 || kernelSizeMax % 2 == 0) {
      throw new IllegalArgumentException("kernelSizeMax must be odd and in [kernelSizeMin=" + kernelSizeMin
          + ", 101], but was " + kernelSizeMax);
    }
    if (spatialKernelOrder < 0 || spatialKernelOrder > 6) {
      throw new IllegalArgumentException("spatialKernelOrder must be in 0-6, but was " + spatialKernelOrder);
    }
    if (backgroundOrder < 0 || backgroundOrder > 6) {
      throw new IllegalArgumentException("backgroundOrder must be in 0-6, but was " + backgroundOrder);
    }
    if (stampGrid < 1) {
      throw new IllegalArgumentException("stampGrid must be >= 1, but was " + stampGrid);
    }
    if (stampsPerCell < 1) {
      throw new IllegalArgumentException("stampsPerCell must be >= 1, but was " + stampsPerCell);
    }
    if (!(clipSigma > 0) || !Double.isFinite(clipSigma)) {
      throw new IllegalArgumentException("clipSigma must be finite and > 0, but was " + clipSigma);
    }
    if (clipIterations < 0) {
      throw new IllegalArgumentException("clipIterations must be >= 0, but was " + clipIterations);
    }
    if (minStamps < 0) {
      throw new IllegalArgumentException("minStamps must be >= 0 (0 = automatic), but was " + minStamps);
    }
  }

  /** The defaults (ip_diffim's basis: degrees [4, 2, 2], widths [1.0, 1.5, 3.0] x sigma_match; see the components). */
  public static AlardLuptonConfig defaults() {
    return new AlardLuptonConfig(List.of(4, 2, 2), List.of(1.0, 1.5, 3.0), 6.0, 21, 35, 1, 2, 8, 3, 3.0, 3, 0,
        SubtractionMode.AUTO, true);
  }

  /** A copy with another mode. */
  public AlardLuptonConfig withMode(SubtractionMode newMode) {
    return new AlardLuptonConfig(gaussianDegrees, sigmaFactors, kernelSizeSigmas, kernelSizeMin, kernelSizeMax,
        spatialKernelOrder, backgroundOrder, stampGrid, stampsPerCell, clipSigma, clipIterations, minStamps, newMode,
        decorrelate);
  }

  /** A copy with these spatial orders of the kernel and the differential background. */
  public AlardLuptonConfig withOrders(int newSpatialKernelOrder, int newBackgroundOrder) {
    return new AlardLuptonConfig(gaussianDegrees, sigmaFactors, kernelSizeSigmas, kernelSizeMin, kernelSizeMax,
        newSpatialKernelOrder, newBackgroundOrder, stampGrid, stampsPerCell, clipSigma, clipIterations, minStamps,
        mode, decorrelate);
  }

  /** The stamps the fit needs: {@link #minStamps()}, or when that is 0, twice the larger polynomial term count. */
  public int effectiveMinStamps() {
    if (minStamps > 0) {
      return minStamps;
    }
    int nt = (spatialKernelOrder + 1) * (spatialKernelOrder + 2) / 2;
    int ng = (backgroundOrder + 1) * (backgroundOrder + 2) / 2;
    return 2 * Math.max(nt, ng);
  }
}
