package org.labelfree.diffim;

/**
 * The terms of a 2-d polynomial of total degree {@code order} over a pixel box, in coordinates normalised to
 * [-1, 1] across the box: {@code u = (x - cx) / sx}, {@code v = (y - cy) / sy} with {@code cx = x0 + (width - 1) / 2}
 * and {@code sx = max((width - 1) / 2, 1)} (likewise for y). Terms are ordered by total degree, then by rising
 * power of v: {@code 1, u, v, u^2, uv, v^2, u^3, ...}; there are {@code (order + 1)(order + 2) / 2} of them.
 *
 * <p>Used for the spatial variation of the Alard-Lupton kernel and of the differential background. Coordinates are
 * parent pixel coordinates (the box origin {@code x0, y0} is the image's xy0). Immutable and thread-safe.
 *
 * @param order  total degree, 0 to 6
 * @param x0     first column of the box (parent coordinates)
 * @param y0     first row of the box
 * @param width  box width in pixels, at least 1
 * @param height box height in pixels, at least 1
 */
public record SpatialPolynomial(int order, int x0, int y0, int width, int height) {
  public SpatialPolynomial {
    if (order < 0 || order > 6) {
      throw new IllegalArgumentException("order is " + order + "; expected 0 to 6");
    }
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("width x height is " + width + " x " + height + "; expected at least 1 x 1");
    }
  }

  /** The number of terms, {@code (order + 1)(order + 2) / 2}. */
  public int termCount() {
    return (order + 1) * (order + 2) / 2;
  }

  /** The normalised coordinate u of column x. */
  public double u(double x) {
    return (x - (x0 + (width - 1) / 2.0)) / Math.max((width - 1) / 2.0, 1.0);
  }

  /** The normalised coordinate v of row y. */
  public double v(double y) {
    return (y - (y0 + (height - 1) / 2.0)) / Math.max((height - 1) / 2.0, 1.0);
  }

  /**
   * Writes the value of every term at parent pixel (x, y) into {@code out[0 .. termCount())}.
   *
   * @throws IllegalArgumentException if {@code out} is shorter than {@link #termCount()}
   */
  public void terms(double x, double y, double[] out) {
    if (out.length < termCount()) {
      throw new IllegalArgumentException("out has length " + out.length + "; expected at least " + termCount());
    }
    double u = u(x);
    double v = v(y);
    int k = 0;
    for (int d = 0; d <= order; d++) {
      for (int j = 0; j <= d; j++) {
        out[k++] = pow(u, d - j) * pow(v, j);
      }
    }
  }

  /** The polynomial with the given coefficients (one per term, in term order) evaluated at parent pixel (x, y). */
  public double evaluate(double[] coefficients, double x, double y) {
    if (coefficients.length != termCount()) {
      throw new IllegalArgumentException("coefficients has length " + coefficients.length + "; expected "
          + termCount() + " for order " + order);
    }
    double[] t = new double[coefficients.length];
    terms(x, y, t);
    double s = 0;
    for (int i = 0; i < t.length; i++) {
      s += coefficients[i] * t[i];
    }
    return s;
  }

  /**
   * The powers {@code u(x)^a}, {@code a = 0 .. order}, of the columns {@code x0 .. x0 + width - 1}: {@code
   * out[a][x - x0]}. With {@link #rowCoefficients} a polynomial over a whole image costs {@code order + 1}
   * multiply-adds per pixel.
   */
  public double[][] columnPowers(int firstColumn, int columns) {
    double[][] out = new double[order + 1][columns];
    for (int x = 0; x < columns; x++) {
      double u = u(firstColumn + x);
      double p = 1;
      for (int a = 0; a <= order; a++) {
        out[a][x] = p;
        p *= u;
      }
    }
    return out;
  }

  /**
   * The polynomial with the given coefficients on row {@code y} as a polynomial in u: {@code out[a] = sum_b
   * c(a, b) v(y)^b}, so that {@code evaluate(c, x, y) = sum_a out[a] u(x)^a}.
   *
   * @throws IllegalArgumentException if {@code coefficients} does not have {@link #termCount()} values or
   *                                  {@code out} is shorter than {@code order + 1}
   */
  public void rowCoefficients(double[] coefficients, double y, double[] out) {
    if (coefficients.length != termCount() || out.length < order + 1) {
      throw new IllegalArgumentException("coefficients has length " + coefficients.length + " and out "
          + out.length + "; expected " + termCount() + " and at least " + (order + 1) + " for order " + order);
    }
    double v = v(y);
    java.util.Arrays.fill(out, 0, order + 1, 0.0);
    int k = 0;
    for (int d = 0; d <= order; d++) {
      for (int j = 0; j <= d; j++) {
        out[d - j] += coefficients[k++] * pow(v, j);
      }
    }
  }

  private static double pow(double a, int n) {
    double r = 1;
    for (int i = 0; i < n; i++) {
      r *= a;
    }
    return r;
  }
}
