package org.labelfree.image;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.labelfree.diffim.SpatialPolynomial;

/**
 * A pixelised PSF that varies smoothly across the detector, as PSFEx (Bertin 2011) models it: one basis image per
 * term of a {@link SpatialPolynomial}, and the PSF at (x, y) is {@code sum_s P_s(x, y) B_s}.
 *
 * <p>The basis images sample the <em>pixel-integrated</em> PSF (the profile convolved with a native pixel) on a
 * grid of {@code modelSize = oversampling (kernelSize - 1) + 1} nodes per side spaced {@code 1 / oversampling}
 * native pixels, with the PSF centre on the middle node. With oversampling 1 (the default of
 * {@code org.labelfree.detect.PsfEstimator}) the basis images are native kernels; with oversampling 2 every other
 * node falls on a native pixel centre, so {@link #kernelImage} picks those nodes. Basis image {@code s} is indexed
 * {@code [j * modelSize + i]}.
 *
 * <p>Immutable (the basis arrays are copied in and out), value semantics on the contents, thread-safe. The FWHM
 * from {@link #fwhmAt} is a Moffat fit and is cached for the last few positions asked.
 */
public final class PixelPsf implements Psf {
  private static final int CACHE_SIZE = 64;

  private final SpatialPolynomial spatial;
  private final int oversampling;
  private final int kernelSize;
  private final int modelSize;
  private final float[][] basis;
  /** The basis images at the native pixel centres ({@code kernelSize^2} nodes each), for {@link #kernelImage}. */
  private final float[][] nativeBasis;
  private final Map<Position, Double> fwhmCache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Position, Double> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  /**
   * @param spatial      the spatial polynomial over the detector box (parent pixels); its term count must equal
   *                     {@code basis.length}
   * @param oversampling model nodes per native pixel: 1 or 2
   * @param kernelSize   side of {@link #kernelImage} in native pixels: odd, 3 to 255
   * @param basis        one image of {@code modelSize * modelSize} finite values per spatial term (copied)
   * @throws IllegalArgumentException if a size disagrees or a value is not finite
   */
  public PixelPsf(SpatialPolynomial spatial, int oversampling, int kernelSize, float[][] basis) {
    this.spatial = Objects.requireNonNull(spatial, "spatial");
    Objects.requireNonNull(basis, "basis");
    if (oversampling != 1 && oversampling != 2) {
      throw new IllegalArgumentException("oversampling must be 1 or 2, but was " + oversampling);
    }
    if (kernelSize < 3 || kernelSize > 255 || kernelSize % 2 == 0) {
      throw new IllegalArgumentException("kernelSize must be odd and in [3, 255], but was " + kernelSize);
    }
    if (basis.length != spatial.termCount()) {
      throw new IllegalArgumentException("basis has " + basis.length + " images; expected " + spatial.termCount()
          + " (the terms of spatial order " + spatial.order() + ")");
    }
    this.oversampling = oversampling;
    this.kernelSize = kernelSize;
    this.modelSize = oversampling * (kernelSize - 1) + 1;
    this.basis = new float[basis.length][];
    for (int s = 0; s < basis.length; s++) {
      float[] b = Objects.requireNonNull(basis[s], "basis[" + s + "]");
      if (b.length != modelSize * modelSize) {
        throw new IllegalArgumentException("basis[" + s + "] has " + b.length + " values; expected " + modelSize
            + " x " + modelSize);
      }
      for (int i = 0; i < b.length; i++) {
        if (!Float.isFinite(b[i])) {
          throw new IllegalArgumentException("basis[" + s + "][" + i + "] must be finite, but was " + b[i]);
        }
      }
      this.basis[s] = b.clone();
    }
    this.nativeBasis = new float[basis.length][kernelSize * kernelSize];
    for (int s = 0; s < basis.length; s++) {
      for (int j = 0; j < kernelSize; j++) {
        for (int i = 0; i < kernelSize; i++) {
          nativeBasis[s][j * kernelSize + i] = this.basis[s][j * oversampling * modelSize + i * oversampling];
        }
      }
    }
  }

  /** The spatial polynomial whose terms weight the basis images. */
  public SpatialPolynomial spatial() {
    return spatial;
  }

  /** Model nodes per native pixel (1 or 2). */
  public int oversampling() {
    return oversampling;
  }

  /** Side of {@link #kernelImage} in native pixels (odd). */
  public int kernelSize() {
    return kernelSize;
  }

  /** Side of a basis image in model nodes, {@code oversampling (kernelSize - 1) + 1} (odd). */
  public int modelSize() {
    return modelSize;
  }

  /** The number of basis images (spatial terms). */
  public int termCount() {
    return basis.length;
  }

  /** A copy of basis image {@code term} ({@code modelSize^2} values, row-major). */
  public float[] basis(int term) {
    Objects.checkIndex(term, basis.length);
    return basis[term].clone();
  }

  /**
   * The model at parent position ({@code x}, {@code y}) on native pixels: a {@code kernelSize} square centred on
   * its middle pixel, normalised to unit sum (when its sum is positive), origin at minus its half-size. Outside
   * the fitted box the polynomial extrapolates.
   */
  @Override
  public ImageF kernelImage(double x, double y) {
    double[] t = new double[basis.length];
    spatial.terms(x, y, t);
    int n = kernelSize;
    double[] acc = new double[n * n];
    for (int s = 0; s < basis.length; s++) {
      float[] b = nativeBasis[s];
      double ts = t[s];
      for (int p = 0; p < b.length; p++) {
        acc[p] += ts * b[p];
      }
    }
    double sum = 0;
    for (double v : acc) {
      sum += v;
    }
    double scale = sum > 0 ? 1 / sum : 1;
    float[] k = new float[n * n];
    for (int i = 0; i < k.length; i++) {
      k[i] = (float) (acc[i] * scale);
    }
    int c = n / 2;
    return ImageF.wrap(n, n, k).withXy0(-c, -c);
  }

  /**
   * The Gaussian-equivalent sigma in pixels at ({@code x}, {@code y}) from the adaptive (Gaussian-weighted) second
   * moments of {@link #kernelImage}, less the pixel's own variance of 1/12 per axis.
   */
  @Override
  public double sigmaPix(double x, double y) {
    return KernelShape.adaptiveSigma(kernelImage(x, y));
  }

  /**
   * The FWHM in pixels at ({@code x}, {@code y}) of the circular Moffat profile whose pixel integral fits
   * {@link #kernelImage} best (FWHM and beta free), so it compares with a {@link MoffatPsf}'s FWHM; cached per
   * position.
   *
   * @throws AlgorithmFailureException if the fit fails
   */
  @Override
  public double fwhmAt(double x, double y) {
    Position key = new Position(x, y);
    synchronized (fwhmCache) {
      Double cached = fwhmCache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    ImageF k = kernelImage(x, y);
    double fwhm = KernelShape.moffatFwhm(k, KernelShape.FWHM_PER_SIGMA * KernelShape.adaptiveSigma(k));
    synchronized (fwhmCache) {
      fwhmCache.put(key, fwhm);
    }
    return fwhm;
  }

  /** A cache key. */
  private record Position(double x, double y) {}

  @Override
  public boolean equals(Object o) {
    return o instanceof PixelPsf p && p.spatial.equals(spatial) && p.oversampling == oversampling
        && p.kernelSize == kernelSize && Arrays.deepEquals(p.basis, basis);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(spatial, oversampling, kernelSize) + Arrays.deepHashCode(basis);
  }

  @Override
  public String toString() {
    return "PixelPsf[" + kernelSize + "x" + kernelSize + ", oversampling=" + oversampling + ", spatial=" + spatial
        + "]";
  }
}
