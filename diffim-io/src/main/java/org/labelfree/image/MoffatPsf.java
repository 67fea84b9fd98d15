package org.labelfree.image;

/**
 * An elliptical Moffat (1969) PSF whose FWHM varies linearly across the detector: the true PSF of simulated images.
 *
 * <p>The circular profile is {@code I(r) = (beta - 1) / (pi alpha^2) (1 + r^2 / alpha^2)^-beta} (unit integral) with
 * {@code alpha = fwhm / (2 sqrt(2^(1/beta) - 1))}. The ellipticity is a reduced shear {@code g = (e1, e2)}: axis
 * ratio {@code q = (1 - |g|) / (1 + |g|)}, major axis at position angle {@code atan2(e2, e1) / 2} from +x towards
 * +y, and an area-preserving elliptical radius {@code r^2 = q u^2 + v^2 / q} ({@code u} along the major axis), so
 * the profile still integrates to 1 and {@code fwhm} is the geometric-mean FWHM. The local FWHM is
 * {@code fwhm + fwhmGradX (x - centerX) + fwhmGradY (y - centerY)}. Kernels and rendered sources are
 * pixel-integrated (see {@link #addMoffat}). Immutable and thread-safe.
 *
 * @param fwhm       FWHM at ({@code centerX}, {@code centerY}), pixels (finite, > 0)
 * @param beta       Moffat power index (finite, > 1; typically 2.5-4.5)
 * @param e1         first reduced-shear component (finite; |(e1, e2)| < 0.5)
 * @param e2         second reduced-shear component (finite; |(e1, e2)| < 0.5)
 * @param centerX    column where the FWHM is {@code fwhm}, parent-grid pixels (finite)
 * @param centerY    row where the FWHM is {@code fwhm}, parent-grid pixels (finite)
 * @param fwhmGradX  change of the FWHM per pixel along x (finite)
 * @param fwhmGradY  change of the FWHM per pixel along y (finite)
 * @param kernelSize side of {@link #kernelImage} in pixels (odd, 3-4095)
 */
public record MoffatPsf(double fwhm, double beta, double e1, double e2, double centerX, double centerY,
                        double fwhmGradX, double fwhmGradY, int kernelSize) implements Psf {
  /** FWHM / sigma of a Gaussian: {@code 2 sqrt(2 ln 2)}. */
  private static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));
  /** The largest kernel side (a 64 MiB kernel image). */
  private static final int MAX_KERNEL_SIZE = 4095;

  public MoffatPsf {
    requireShape(fwhm, beta, e1, e2);
    requireFinite("centerX", centerX);
    requireFinite("centerY", centerY);
    requireFinite("fwhmGradX", fwhmGradX);
    requireFinite("fwhmGradY", fwhmGradY);
    if (kernelSize < 3 || kernelSize > MAX_KERNEL_SIZE || kernelSize % 2 == 0) {
      throw new IllegalArgumentException("kernelSize must be odd and in [3, " + MAX_KERNEL_SIZE + "], but was "
          + kernelSize);
    }
  }

  /**
   * A circular Moffat PSF, the same everywhere, with a kernel of side {@code 2 ceil(3 fwhm) + 1}.
   *
   * @throws IllegalArgumentException if {@code beta} is out of range (see the record components) or {@code fwhm}
   *                                  is not in (0, 682] pixels
   */
  public static MoffatPsf of(double fwhm, double beta) {
    requireShape(fwhm, beta, 0, 0);
    double half = Math.ceil(3 * fwhm);
    if (!(2 * half + 1 <= MAX_KERNEL_SIZE)) {
      throw new IllegalArgumentException("fwhm must be <= " + (MAX_KERNEL_SIZE - 1) / 6
          + " pixels for a kernel of at most " + MAX_KERNEL_SIZE + " pixels, but was " + fwhm);
    }
    return new MoffatPsf(fwhm, beta, 0, 0, 0, 0, 0, 0, 2 * (int) half + 1);
  }

  /** The FWHM in pixels at parent-grid position ({@code x}, {@code y}); may be <= 0 far outside the detector. */
  @Override
  public double fwhmAt(double x, double y) {
    return fwhm + fwhmGradX * (x - centerX) + fwhmGradY * (y - centerY);
  }

  /**
   * The pixel-integrated PSF at the local FWHM, centred on the middle pixel of a {@code kernelSize} square, summing
   * to 1; its origin (xy0) is minus its half-size, as for {@link GaussianPsf}.
   *
   * @throws IllegalArgumentException if the FWHM at ({@code x}, {@code y}) is not > 0
   */
  @Override
  public ImageF kernelImage(double x, double y) {
    double local = localFwhm(x, y);
    int n = kernelSize;
    int c = n / 2;
    float[] k = new float[n * n];
    addMoffat(k, n, n, c, c, 1, local, beta, e1, e2, Double.POSITIVE_INFINITY);
    double sum = 0;
    for (float v : k) {
      sum += v;
    }
    for (int p = 0; p < k.length; p++) {
      k[p] = (float) (k[p] / sum);
    }
    return ImageF.wrap(n, n, k).withXy0(-c, -c);
  }

  /**
   * The Gaussian-equivalent width {@code fwhmAt(x, y) / (2 sqrt(2 ln 2))} in pixels.
   *
   * @throws IllegalArgumentException if the FWHM at ({@code x}, {@code y}) is not > 0
   */
  @Override
  public double sigmaPix(double x, double y) {
    return localFwhm(x, y) / FWHM_PER_SIGMA;
  }

  private double localFwhm(double x, double y) {
    double local = fwhmAt(x, y);
    if (!(local > 0 && local < 1e4)) {
      throw new IllegalArgumentException("the FWHM at (" + x + ", " + y + ") must be in (0, 1e4) pixels, but was "
          + local + " (fwhm " + fwhm + ", gradient (" + fwhmGradX + ", " + fwhmGradY + "))");
    }
    return local;
  }

  /**
   * Adds {@code flux} times the pixel-integrated Moffat profile centred at ({@code x}, {@code y}) to the pixels of
   * {@code canvas} whose centres lie within {@code radius} pixels of the centre (clipped to the canvas). The sum is
   * not renormalised to the truncation: the flux outside {@code radius} ({@link #enclosedFraction}) is lost.
   *
   * <p>Pixels near the core are integrated with a Gauss-Legendre product rule whose order follows the profile's
   * scale; farther out each pixel is its centre value plus the second-order term of the pixel average
   * ({@code laplacian / 24}), which is exact to a relative 1e-3 there. Not thread-safe for one canvas; the same
   * arguments always add the same values.
   *
   * @param canvas row-major image ({@code y * width + x}), modified in place
   * @param width  canvas width (> 0)
   * @param height canvas height (> 0); {@code canvas.length} must be {@code width * height}
   * @param x      centre column, pixels (finite; may lie outside the canvas)
   * @param y      centre row, pixels (finite)
   * @param flux   total flux of the untruncated profile, canvas units (finite)
   * @param fwhm   geometric-mean FWHM, pixels (finite, > 0)
   * @param beta   Moffat power index (finite, > 1)
   * @param e1     reduced-shear component (|(e1, e2)| < 0.5)
   * @param e2     reduced-shear component
   * @param radius truncation radius, pixels (>= 0; may be infinite)
   * @throws IllegalArgumentException if an argument is out of range (the message names it)
   */
  public static void addMoffat(float[] canvas, int width, int height, double x, double y, double flux,
                               double fwhm, double beta, double e1, double e2, double radius) {
    if (canvas == null) {
      throw new IllegalArgumentException("canvas must not be null");
    }
    if (width <= 0 || height <= 0 || (long) width * height != canvas.length) {
      throw new IllegalArgumentException("width x height must be positive and equal canvas.length "
          + canvas.length + ", but was " + width + "x" + height);
    }
    requireFinite("x", x);
    requireFinite("y", y);
    requireFinite("flux", flux);
    requireShape(fwhm, beta, e1, e2);
    if (!(radius >= 0)) {
      throw new IllegalArgumentException("radius must be >= 0 pixels, but was " + radius);
    }
    if (flux == 0) {
      return;
    }
    new MoffatRenderer(fwhm, beta, e1, e2).add(canvas, width, height, x, y, flux, radius);
  }

  /**
   * The fraction of a circular Moffat profile's flux within {@code radius} of its centre:
   * {@code 1 - (1 + radius^2 / alpha^2)^(1 - beta)}.
   *
   * @param radius pixels (>= 0; may be infinite)
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static double enclosedFraction(double radius, double fwhm, double beta) {
    requireShape(fwhm, beta, 0, 0);
    if (!(radius >= 0)) {
      throw new IllegalArgumentException("radius must be >= 0 pixels, but was " + radius);
    }
    double a = alpha(fwhm, beta);
    return 1 - Math.exp((1 - beta) * Math.log1p(radius * radius / (a * a)));
  }

  /**
   * The radius in pixels at which a circular Moffat profile of total {@code flux} falls to {@code level} (flux per
   * pixel, the units of {@code flux}); 0 if its peak is not above {@code level}.
   *
   * @param flux  total flux (finite)
   * @param level surface brightness, flux per pixel (finite, > 0)
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static double radiusForSurfaceBrightness(double flux, double fwhm, double beta, double level) {
    requireFinite("flux", flux);
    requireShape(fwhm, beta, 0, 0);
    if (!(level > 0 && level < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("level must be finite and > 0, but was " + level);
    }
    double a = alpha(fwhm, beta);
    double peak = flux * (beta - 1) / (Math.PI * a * a);
    if (!(peak > level)) {
      return 0;
    }
    return a * Math.sqrt(Math.expm1(Math.log(peak / level) / beta));
  }

  /** The Moffat scale {@code alpha = fwhm / (2 sqrt(2^(1/beta) - 1))} in pixels. */
  static double alpha(double fwhm, double beta) {
    return fwhm / (2 * Math.sqrt(Math.expm1(Math.log(2) / beta)));
  }

  private static void requireShape(double fwhm, double beta, double e1, double e2) {
    if (!(fwhm > 0 && fwhm < 1e4)) {
      throw new IllegalArgumentException("fwhm must be in (0, 1e4) pixels, but was " + fwhm);
    }
    if (!(beta > 1 && beta < 1e3)) {
      throw new IllegalArgumentException("beta must be in (1, 1e3), but was " + beta);
    }
    requireFinite("e1", e1);
    requireFinite("e2", e2);
    double g = Math.hypot(e1, e2);
    if (!(g < 0.5)) {
      throw new IllegalArgumentException("|(e1, e2)| must be < 0.5, but was " + g + " (e1 " + e1 + ", e2 " + e2 + ")");
    }
  }

  private static void requireFinite(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite, but was " + v);
    }
  }
}
