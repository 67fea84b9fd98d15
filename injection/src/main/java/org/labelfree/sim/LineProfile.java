package org.labelfree.sim;

/**
 * The pixel-integrated cross-profile of a line with a Gaussian cross-section (satellite trails, diffraction spikes).
 *
 * <p>A unit pixel seen across a line of unit normal (nx, ny) projects onto the normal as the convolution of two boxes
 * of widths |nx| and |ny| (a trapezoid of unit area). The pixel's mean of the profile {@code exp(-d^2 / 2 sigma^2)} is
 * then a second difference of the twice-integrated Gaussian {@code H(s) = sigma^2 sqrt(2 pi) (t Phi(t) + phi(t))},
 * {@code t = s / sigma}, which this class evaluates: exact up to the 1.2e-7 relative accuracy of the complementary
 * error function (Press et al. 1992, Numerical Recipes, section 6.2, Chebyshev fit {@code erfcc}). Stateless.
 */
final class LineProfile {
  private static final double SQRT2 = Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  private final double sigma;
  private final double a;
  private final double b;
  private final boolean box;
  private final double scale;

  /**
   * @param sigma the cross-section's Gaussian sigma (pixels, > 0)
   * @param nx    x of the line's unit normal
   * @param ny    y of the line's unit normal
   */
  LineProfile(double sigma, double nx, double ny) {
    this.sigma = sigma;
    double ax = Math.abs(nx);
    double ay = Math.abs(ny);
    this.a = Math.max(ax, ay);
    this.b = Math.min(ax, ay);
    this.box = b < 1e-3;
    this.scale = box ? sigma * Math.sqrt(2 * Math.PI) / a : sigma * sigma * Math.sqrt(2 * Math.PI) / (a * b);
  }

  /** Half-width (pixels) beyond which a pixel's mean profile is below 4e-6 of the peak. */
  double reach() {
    return 5 * sigma + 1;
  }

  /**
   * The mean over the pixel of the profile of unit peak, for a pixel whose centre is at signed distance {@code d}
   * (pixels) from the line; in [0, 1].
   */
  double pixelMean(double d) {
    double v;
    if (box) {
      double h = 0.5 * a;
      v = scale * (phiCdf((d + h) / sigma) - phiCdf((d - h) / sigma));
    } else {
      double p = 0.5 * (a + b);
      double m = 0.5 * (a - b);
      v = scale * (psi((d + p) / sigma) - psi((d + m) / sigma) - psi((d - m) / sigma) + psi((d - p) / sigma));
    }
    return v < 0 ? 0 : Math.min(v, 1);
  }

  /** The integral of the unit-peak profile across the line (pixels): sigma sqrt(2 pi). */
  double lineIntegral() {
    return sigma * Math.sqrt(2 * Math.PI);
  }

  private static double psi(double t) {
    return t * phiCdf(t) + INV_SQRT_2PI * Math.exp(-0.5 * t * t);
  }

  static double phiCdf(double t) {
    return 0.5 * erfc(-t / SQRT2);
  }

  /** The complementary error function, fractional error < 1.2e-7 everywhere. */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
