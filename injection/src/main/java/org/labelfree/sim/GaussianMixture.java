package org.labelfree.sim;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable mixture of 2-D Gaussians sharing one centre: component k has amplitude a_k (its share of the flux)
 * and covariance [[cxx, cxy], [cxy, cyy]] in pixels^2. The amplitudes sum to the total flux fraction
 * ({@link #totalAmplitude()}, 1 for a normalised profile). Galaxies and PSFs are drawn as such mixtures, after Hogg
 * and Lang (2013, PASP 125, 719): a Sersic profile and the PSF are each approximated by concentric Gaussians, so
 * their convolution is analytic (covariances add) and every component is cheap to draw. Thread-safe.
 *
 * <p>Drawing integrates over pixels (0-based, pixel (i, j) covers [i-0.5, i+0.5) x [j-0.5, j+0.5)). A component whose
 * principal sigmas are both at least 1 px is sampled at pixel centres with the pixel box's variance 1/12 px^2 added
 * to its own (the sum of the samples then equals the flux to ~1e-8), with a few exponentials per component: the
 * Gaussian along a row or a column is a product of geometric recurrences, restarted from exact values every 32
 * steps. A narrower component is integrated: its marginal over the pixel row exactly (normal CDF), and the
 * pixel columns exactly (normal CDF) for each of six Gauss-Legendre nodes of the conditional distribution within
 * the row, so that its drawn flux is exact whatever its size.
 */
public final class GaussianMixture {
  /** Components whose smaller principal variance is below this (px^2) are integrated rather than sampled. */
  static final double SAMPLE_MIN_VARIANCE = 1.0;
  /** Mahalanobis radius squared out to which components are drawn when no floor cuts them earlier (6 sigma). */
  private static final double MAX_Q = 36.0;
  private static final double PIXEL_VARIANCE = 1.0 / 12.0;
  private static final int RESTART = 32;
  private static final double[] GL_X = {
      -0.9324695142031521, -0.6612093864662645, -0.2386191860831969,
      0.2386191860831969, 0.6612093864662645, 0.9324695142031521};
  private static final double[] GL_W = {
      0.1713244923791704, 0.3607615730481386, 0.4679139345726910,
      0.4679139345726910, 0.3607615730481386, 0.1713244923791704};

  private final double[] amp;
  private final double[] cxx;
  private final double[] cxy;
  private final double[] cyy;
  /* Drawing data per component: sampled ones use the inverse of C + I/12 and its normalisation; integrated ones
     the row marginal sigma, the slope of the conditional x mean on y, and the conditional x sigma. */
  private final boolean[] integrated;
  private final double[] ia;
  private final double[] ib;
  private final double[] ic;
  private final double[] norm;

  private GaussianMixture(double[] amp, double[] cxx, double[] cxy, double[] cyy) {
    this.amp = amp;
    this.cxx = cxx;
    this.cxy = cxy;
    this.cyy = cyy;
    int n = amp.length;
    integrated = new boolean[n];
    ia = new double[n];
    ib = new double[n];
    ic = new double[n];
    norm = new double[n];
    for (int k = 0; k < n; k++) {
      double half = 0.5 * (cxx[k] + cyy[k]);
      double diff = 0.5 * (cxx[k] - cyy[k]);
      double minVariance = half - Math.sqrt(diff * diff + cxy[k] * cxy[k]);
      if (minVariance >= SAMPLE_MIN_VARIANCE) {
        double a = cxx[k] + PIXEL_VARIANCE;
        double c = cyy[k] + PIXEL_VARIANCE;
        double det = a * c - cxy[k] * cxy[k];
        ia[k] = c / det;
        ib[k] = -cxy[k] / det;
        ic[k] = a / det;
        norm[k] = 1.0 / (2.0 * Math.PI * Math.sqrt(det));
      } else {
        integrated[k] = true;
        ia[k] = Math.sqrt(cyy[k]);
        ib[k] = cxy[k] / cyy[k];
        ic[k] = Math.sqrt(Math.max(cxx[k] - cxy[k] * cxy[k] / cyy[k], 1e-300));
      }
    }
  }

  /**
   * A mixture with the given components; the arrays are copied.
   *
   * @param amplitudes flux share of each component, finite and >= 0
   * @param cxx        x variance of each component, pixels^2
   * @param cxy        xy covariance of each component, pixels^2
   * @param cyy        y variance of each component, pixels^2
   * @throws NullPointerException     if an array is null
   * @throws IllegalArgumentException if the lengths differ, an amplitude is negative or not finite, or a covariance
   *                                  is not finite and positive definite
   */
  public static GaussianMixture of(double[] amplitudes, double[] cxx, double[] cxy, double[] cyy) {
    Objects.requireNonNull(amplitudes, "amplitudes");
    Objects.requireNonNull(cxx, "cxx");
    Objects.requireNonNull(cxy, "cxy");
    Objects.requireNonNull(cyy, "cyy");
    int n = amplitudes.length;
    if (cxx.length != n || cxy.length != n || cyy.length != n) {
      throw new IllegalArgumentException("amplitudes, cxx, cxy and cyy must have equal lengths, but had "
          + n + ", " + cxx.length + ", " + cxy.length + ", " + cyy.length);
    }
    for (int k = 0; k < n; k++) {
      if (!(amplitudes[k] >= 0.0) || Double.isInfinite(amplitudes[k])) {
        throw new IllegalArgumentException("amplitudes[" + k + "] must be finite and >= 0, but was " + amplitudes[k]);
      }
      if (!(cxx[k] > 0.0) || Double.isInfinite(cxx[k])) {
        throw new IllegalArgumentException("cxx[" + k + "] must be finite and > 0, but was " + cxx[k]);
      }
      if (!(cyy[k] > 0.0) || Double.isInfinite(cyy[k])) {
        throw new IllegalArgumentException("cyy[" + k + "] must be finite and > 0, but was " + cyy[k]);
      }
      if (!(cxy[k] * cxy[k] < cxx[k] * cyy[k])) {
        throw new IllegalArgumentException("cxy[" + k + "] must satisfy cxy^2 < cxx * cyy (positive definite), but was "
            + cxy[k] + " with cxx = " + cxx[k] + ", cyy = " + cyy[k]);
      }
    }
    return new GaussianMixture(amplitudes.clone(), cxx.clone(), cxy.clone(), cyy.clone());
  }

  /**
   * A circular Gaussian of unit flux.
   *
   * @param sigma standard deviation, pixels, finite and > 0
   * @throws IllegalArgumentException if sigma is out of range
   */
  public static GaussianMixture gaussian(double sigma) {
    if (!(sigma > 0.0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and > 0, but was " + sigma);
    }
    double v = sigma * sigma;
    return new GaussianMixture(new double[] {1.0}, new double[] {v}, new double[] {0.0}, new double[] {v});
  }

  /**
   * The unit-flux Sersic profile: components fitted once per index on a grid and interpolated linearly in amplitude
   * between grid indices (see {@link SersicProfiles}); 1 to ~15 components.
   *
   * @param n     Sersic index, in [0.5, 6]
   * @param rEff  half-light radius along the geometric-mean axis, pixels, finite and > 0 (area-preserving: the
   *              major axis half-light radius is rEff / sqrt(q))
   * @param q     axis ratio minor / major, in (0, 1]
   * @param theta position angle of the major axis, radians from +x towards +y, finite
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static GaussianMixture sersic(double n, double rEff, double q, double theta) {
    SersicProfiles.checkIndex(n);
    if (!(rEff > 0.0) || Double.isInfinite(rEff)) {
      throw new IllegalArgumentException("rEff must be finite and > 0, but was " + rEff);
    }
    checkShape(q, theta);
    return elliptical(SersicProfiles.amplitudes(n), SersicProfiles.VARIANCES, rEff * rEff, q, theta);
  }

  /**
   * A unit-flux approximation (4-6 components) of the elliptical Moffat profile (1 + r^2 / alpha^2)^-beta, with the
   * PSF's parameterisation: the FWHM along the geometric-mean axis (area-preserving), and the reduced-shear
   * ellipticity (e1, e2), with axis ratio q = (1 - |g|) / (1 + |g|) and position angle theta = atan2(e2, e1) / 2.
   * Fitted to the enclosed-flux curve up to 10 FWHM; fits are memoised per beta.
   *
   * @param fwhm full width at half maximum, pixels, finite and > 0
   * @param beta Moffat exponent, in [2, 20]
   * @param e1   reduced shear component along x, with e1^2 + e2^2 < 1
   * @param e2   reduced shear component along the diagonal
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static GaussianMixture moffat(double fwhm, double beta, double e1, double e2) {
    if (!(fwhm > 0.0) || Double.isInfinite(fwhm)) {
      throw new IllegalArgumentException("fwhm must be finite and > 0, but was " + fwhm);
    }
    double g = Math.hypot(e1, e2);
    if (!(g < 1.0)) {
      throw new IllegalArgumentException("e1, e2 must satisfy e1^2 + e2^2 < 1, but were " + e1 + ", " + e2);
    }
    double q = (1.0 - g) / (1.0 + g);
    double theta = 0.5 * Math.atan2(e2, e1);
    return elliptical(MoffatMixtures.amplitudes(beta), MoffatMixtures.VARIANCES, fwhm * fwhm, q, theta);
  }

  private static void checkShape(double q, double theta) {
    if (!(q > 0.0 && q <= 1.0)) {
      throw new IllegalArgumentException("q must be in (0, 1], but was " + q);
    }
    if (!Double.isFinite(theta)) {
      throw new IllegalArgumentException("theta must be finite, but was " + theta);
    }
  }

  /** The non-zero components of a circular unit-scale fit, scaled by scale2, sheared to axis ratio q, rotated. */
  private static GaussianMixture elliptical(double[] amplitudes, double[] unitVariances, double scale2, double q,
      double theta) {
    int n = 0;
    for (double a : amplitudes) {
      if (a > 0.0) {
        n++;
      }
    }
    double[] amp = new double[n];
    double[] xx = new double[n];
    double[] xy = new double[n];
    double[] yy = new double[n];
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    int k = 0;
    for (int j = 0; j < amplitudes.length; j++) {
      if (amplitudes[j] > 0.0) {
        double v = unitVariances[j] * scale2;
        double major = v / q;
        double minor = v * q;
        amp[k] = amplitudes[j];
        xx[k] = major * cos * cos + minor * sin * sin;
        yy[k] = major * sin * sin + minor * cos * cos;
        xy[k] = (major - minor) * sin * cos;
        k++;
      }
    }
    return new GaussianMixture(amp, xx, xy, yy);
  }

  /** The number of components. */
  public int size() {
    return amp.length;
  }

  /**
   * The amplitude (flux share) of component k.
   *
   * @throws IndexOutOfBoundsException if k is not in [0, size())
   */
  public double amplitude(int k) {
    return amp[k];
  }

  /** The x variance of component k, pixels^2; throws IndexOutOfBoundsException if k is not in [0, size()). */
  public double cxx(int k) {
    return cxx[k];
  }

  /** The xy covariance of component k, pixels^2; throws IndexOutOfBoundsException if k is not in [0, size()). */
  public double cxy(int k) {
    return cxy[k];
  }

  /** The y variance of component k, pixels^2; throws IndexOutOfBoundsException if k is not in [0, size()). */
  public double cyy(int k) {
    return cyy[k];
  }

  /** The sum of the amplitudes (the mixture's total flux for unit flux; 0 for an empty mixture). */
  public double totalAmplitude() {
    double s = 0.0;
    for (double a : amp) {
      s += a;
    }
    return s;
  }

  /**
   * The convolution of this mixture with another: all pairwise products, component i * other.size() + j having
   * amplitude a_i * b_j and covariance C_i + D_j.
   *
   * @throws NullPointerException if other is null
   */
  public GaussianMixture convolve(GaussianMixture other) {
    Objects.requireNonNull(other, "other");
    int n = amp.length * other.amp.length;
    double[] a = new double[n];
    double[] xx = new double[n];
    double[] xy = new double[n];
    double[] yy = new double[n];
    int k = 0;
    for (int i = 0; i < amp.length; i++) {
      for (int j = 0; j < other.amp.length; j++) {
        a[k] = amp[i] * other.amp[j];
        xx[k] = cxx[i] + other.cxx[j];
        xy[k] = cxy[i] + other.cxy[j];
        yy[k] = cyy[i] + other.cyy[j];
        k++;
      }
    }
    return new GaussianMixture(a, xx, xy, yy);
  }

  /**
   * The convolution with another mixture, with pairs dominated by one factor merged: the components of this
   * mixture whose covariance trace is at most {@code tolerance} times that of a component D of other are combined
   * into one component (amplitude the sum, covariance D plus their amplitude-weighted mean covariance), and
   * likewise the components of other that small against a component of this one. Total flux and the first and
   * second moments equal those of {@link #convolve(GaussianMixture)} exactly; the profile differs to second order in
   * the merged covariance spread (a relative change of order tolerance^2). A galaxy convolved with a PSF of similar
   * size this way has about half the components. Tolerance 0 gives exactly {@link #convolve(GaussianMixture)}.
   *
   * @param other     the other factor, typically the PSF
   * @param tolerance in [0, 1)
   * @throws NullPointerException     if other is null
   * @throws IllegalArgumentException if tolerance is out of range
   */
  public GaussianMixture convolve(GaussianMixture other, double tolerance) {
    Objects.requireNonNull(other, "other");
    if (!(tolerance >= 0.0 && tolerance < 1.0)) {
      throw new IllegalArgumentException("tolerance must be in [0, 1), but was " + tolerance);
    }
    int n = amp.length;
    int m = other.amp.length;
    /* Group sums: index j < m collects small components of this under other's j, m + i the reverse. */
    double[] ga = new double[n + m];
    double[] gxx = new double[n + m];
    double[] gxy = new double[n + m];
    double[] gyy = new double[n + m];
    double[] a = new double[n * m + n + m];
    double[] xx = new double[a.length];
    double[] xy = new double[a.length];
    double[] yy = new double[a.length];
    int k = 0;
    for (int i = 0; i < n; i++) {
      double ti = cxx[i] + cyy[i];
      for (int j = 0; j < m; j++) {
        double tj = other.cxx[j] + other.cyy[j];
        double w = amp[i] * other.amp[j];
        if (ti <= tolerance * tj) {
          ga[j] += w;
          gxx[j] += w * cxx[i];
          gxy[j] += w * cxy[i];
          gyy[j] += w * cyy[i];
        } else if (tj <= tolerance * ti) {
          ga[m + i] += w;
          gxx[m + i] += w * other.cxx[j];
          gxy[m + i] += w * other.cxy[j];
          gyy[m + i] += w * other.cyy[j];
        } else {
          a[k] = w;
          xx[k] = cxx[i] + other.cxx[j];
          xy[k] = cxy[i] + other.cxy[j];
          yy[k] = cyy[i] + other.cyy[j];
          k++;
        }
      }
    }
    for (int g = 0; g < n + m; g++) {
      if (ga[g] > 0.0) {
        boolean ofOther = g < m;
        int c = ofOther ? g : g - m;
        a[k] = ga[g];
        xx[k] = (ofOther ? other.cxx[c] : cxx[c]) + gxx[g] / ga[g];
        xy[k] = (ofOther ? other.cxy[c] : cxy[c]) + gxy[g] / ga[g];
        yy[k] = (ofOther ? other.cyy[c] : cyy[c]) + gyy[g] / ga[g];
        k++;
      }
    }
    return new GaussianMixture(Arrays.copyOf(a, k), Arrays.copyOf(xx, k), Arrays.copyOf(xy, k),
        Arrays.copyOf(yy, k));
  }

  /**
   * This mixture without the components whose amplitude is below {@code fraction * totalAmplitude()}, in the same
   * order. The remaining amplitudes are NOT renormalised: the total drops by the pruned flux.
   *
   * @param fraction in [0, 1]; 0 keeps every component
   * @throws IllegalArgumentException if fraction is out of range
   */
  public GaussianMixture pruned(double fraction) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new IllegalArgumentException("fraction must be in [0, 1], but was " + fraction);
    }
    double cut = fraction * totalAmplitude();
    int n = 0;
    for (double a : amp) {
      if (a >= cut) {
        n++;
      }
    }
    double[] a = new double[n];
    double[] xx = new double[n];
    double[] xy = new double[n];
    double[] yy = new double[n];
    int k = 0;
    for (int j = 0; j < amp.length; j++) {
      if (amp[j] >= cut) {
        a[k] = amp[j];
        xx[k] = cxx[j];
        xy[k] = cxy[j];
        yy[k] = cyy[j];
        k++;
      }
    }
    return new GaussianMixture(a, xx, xy, yy);
  }

  /**
   * The flux of the circularised mixture within radius r: each component replaced by the circular Gaussian of the
   * same area (variance sqrt(det C)), so for concentric components of one shape this is the flux within the
   * elliptical aperture of geometric-mean radius r.
   *
   * @param radius pixels, >= 0
   * @return in [0, totalAmplitude()]
   * @throws IllegalArgumentException if radius is negative or not finite
   */
  public double enclosedFlux(double radius) {
    if (!(radius >= 0.0) || Double.isInfinite(radius)) {
      throw new IllegalArgumentException("radius must be finite and >= 0, but was " + radius);
    }
    double r2 = radius * radius;
    double s = 0.0;
    for (int k = 0; k < amp.length; k++) {
      double v = Math.sqrt(cxx[k] * cyy[k] - cxy[k] * cxy[k]);
      s -= amp[k] * Math.expm1(-r2 / (2.0 * v));
    }
    return s;
  }

  /**
   * The radius (pixels) containing half of the mixture's flux, solved on {@link #enclosedFlux} (for elliptical
   * mixtures the area-preserving circularised radius); 0 for an empty or zero-flux mixture.
   */
  public double halfLightRadius() {
    double half = 0.5 * totalAmplitude();
    if (!(half > 0.0)) {
      return 0.0;
    }
    double hi = 1.0;
    while (enclosedFlux(hi) < half) {
      hi *= 2.0;
    }
    double lo = 0.0;
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (enclosedFlux(mid) < half) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /**
   * Adds flux times the pixel-integrated mixture centred at (x, y) to the canvas, clipped to it. For each component,
   * pixels where it would add less than {@code floor} (in absolute value, canvas units) are skipped; with floor = 0
   * each component is drawn out to 6 sigma (Mahalanobis radius 6, which holds all but 1.5e-8 of its flux). The floor
   * applies per component, so a pixel may lose up to floor * size(), and a component of flux F and peak P loses
   * about F * floor / P of it (all of it when P &lt; floor): an extended bright galaxy of ~40 components loses ~15%
   * of its flux at floor 0.5 with flux 2e4. Choose floor well below the pixel noise divided by size().
   * Equivalent to {@link #addTo(float[], int, int, double, double, double, double, int, int)} over all rows.
   *
   * @param canvas row-major image, index y * width + x, modified in place; not thread-safe for concurrent writers
   * @param width  canvas width, > 0
   * @param height canvas height, > 0, with width * height == canvas.length
   * @param x      centre column, pixels (0-based), finite
   * @param y      centre row, pixels (0-based), finite
   * @param flux   total flux, canvas units times pixels, finite
   * @param floor  >= 0, canvas units
   * @throws NullPointerException     if canvas is null
   * @throws IllegalArgumentException if an argument is out of range
   */
  public void addTo(float[] canvas, int width, int height, double x, double y, double flux, double floor) {
    addTo(canvas, width, height, x, y, flux, floor, 0, height);
  }

  /**
   * As {@link #addTo(float[], int, int, double, double, double, double)}, restricted to canvas rows
   * [rowMin, rowMax): every row is computed independently of the others, so drawing a canvas in row bands (for
   * instance by different threads, one band each) gives a result bit-identical to one call over all rows.
   *
   * @param rowMin first row drawn, in [0, height]
   * @param rowMax one past the last row drawn, in [rowMin, height]
   * @throws NullPointerException     if canvas is null
   * @throws IllegalArgumentException if an argument is out of range
   */
  public void addTo(float[] canvas, int width, int height, double x, double y, double flux, double floor,
      int rowMin, int rowMax) {
    Objects.requireNonNull(canvas, "canvas");
    if (width <= 0 || height <= 0 || (long) width * height != canvas.length) {
      throw new IllegalArgumentException("width and height must be > 0 with width * height == canvas.length ("
          + canvas.length + "), but were " + width + ", " + height);
    }
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("x, y must be finite, but were " + x + ", " + y);
    }
    if (!Double.isFinite(flux)) {
      throw new IllegalArgumentException("flux must be finite, but was " + flux);
    }
    if (!(floor >= 0.0) || Double.isInfinite(floor)) {
      throw new IllegalArgumentException("floor must be finite and >= 0, but was " + floor);
    }
    if (rowMin < 0 || rowMax > height || rowMin > rowMax) {
      throw new IllegalArgumentException("rowMin, rowMax must satisfy 0 <= rowMin <= rowMax <= height (" + height
          + "), but were " + rowMin + ", " + rowMax);
    }
    if (flux == 0.0) {
      return;
    }
    for (int k = 0; k < amp.length; k++) {
      if (integrated[k]) {
        addIntegrated(k, canvas, width, x, y, flux * amp[k], floor, rowMin, rowMax);
      } else {
        addSampled(k, canvas, width, height, x, y, flux * amp[k], floor, rowMin, rowMax);
      }
    }
  }

  /**
   * Samples a wide component at pixel centres (variance + 1/12) over the rows and row spans where it is >= floor.
   * exp(-Q/2) is advanced by geometric recurrences: down the centre column from its nearest row, then along each
   * row from the centre column, each restarted from an exact value every {@value #RESTART} steps, so a component
   * costs a handful of exponentials rather than two per row. Every row's values follow the same chain whatever
   * band is drawn, which keeps row bands bit-identical.
   */
  private void addSampled(int k, float[] canvas, int width, int height, double x, double y, double a, double floor,
      int rowMin, int rowMax) {
    double peak = a * norm[k];
    double qMax = MAX_Q;
    if (floor > 0.0) {
      double absPeak = Math.abs(peak);
      if (absPeak < floor) {
        return;
      }
      qMax = Math.min(MAX_Q, 2.0 * Math.log(absPeak / floor));
    }
    double cyyP = cyy[k] + PIXEL_VARIANCE;
    double halfHeight = Math.sqrt(qMax * cyyP);
    int y0 = Math.max(0, (int) Math.ceil(y - halfHeight));
    int y1 = Math.min(height - 1, (int) Math.floor(y + halfHeight));
    if (y0 > y1 || y1 < rowMin || y0 >= rowMax) {
      return;
    }
    Row row = new Row(canvas, width, x, y, peak, qMax, ia[k], ib[k], ic[k]);
    /* Down the centre column Q grows to at most qMax / (1 - rho^2); beyond ~700 the chain could underflow, and far
       off-canvas centres would need long walks: then every row starts from exact values. */
    boolean chain = qMax * ic[k] * cyyP < 700.0 && Math.abs(x) < 1e7;
    if (!chain) {
      for (int j = Math.max(y0, rowMin); j <= Math.min(y1, rowMax - 1); j++) {
        row.drawExact(j);
      }
      return;
    }
    int jc = Math.max(y0, Math.min(y1, (int) Math.round(y)));
    double stepC = Math.exp(-ic[k]);
    double stepB = Math.exp(-ib[k]);
    for (int dir = 1; dir >= -1; dir -= 2) {
      int first = dir > 0 ? jc : jc - 1;
      int last = dir > 0 ? Math.min(y1, rowMax - 1) : Math.max(y0, rowMin);
      double rowStepB = dir > 0 ? stepB : 1.0 / stepB;
      for (int j = first, n = 0; dir > 0 ? j <= last : j >= last; j += dir, n++) {
        if (n % RESTART == 0) {
          row.startColumn(j, dir);
        }
        if (j >= rowMin && j < rowMax) {
          row.draw(j);
        }
        row.v *= row.s;
        row.s *= stepC;
        row.right *= rowStepB;
        row.left /= rowStepB;
      }
    }
  }

  /** One sampled component's recurrence state at the centre column X of the current row. */
  private static final class Row {
    private final float[] canvas;
    private final int width;
    private final double x;
    private final double y;
    private final double peak;
    private final double qMax;
    private final double pa;
    private final double pb;
    private final double pc;
    private final double stepA;
    private final int col;
    /** Value at (X, j), ratio to the next row in the walking direction, ratios to X + 1 and X - 1. */
    double v;
    double s;
    double right;
    double left;

    Row(float[] canvas, int width, double x, double y, double peak, double qMax, double pa, double pb, double pc) {
      this.canvas = canvas;
      this.width = width;
      this.x = x;
      this.y = y;
      this.peak = peak;
      this.qMax = qMax;
      this.pa = pa;
      this.pb = pb;
      this.pc = pc;
      this.stepA = Math.exp(-pa);
      this.col = (int) Math.round(x);
    }

    private double value(double dx, double dy) {
      return peak * Math.exp(-0.5 * (pa * dx * dx + 2.0 * pb * dx * dy + pc * dy * dy));
    }

    private double rightRatio(double dx, double dy) {
      return Math.exp(-0.5 * (pa * (2.0 * dx + 1.0) + 2.0 * pb * dy));
    }

    private double leftRatio(double dx, double dy) {
      return Math.exp(-0.5 * (pa * (1.0 - 2.0 * dx) - 2.0 * pb * dy));
    }

    /** Exact state at (X, j), walking rows in direction dir. */
    void startColumn(int j, int dir) {
      double dx = col - x;
      double dy = j - y;
      v = value(dx, dy);
      s = Math.exp(-0.5 * (pc * (2.0 * dir * dy + 1.0) + 2.0 * dir * pb * dx));
      right = rightRatio(dx, dy);
      left = leftRatio(dx, dy);
    }

    /**
     * Draws row j from the column state: walks from X to the span's first pixel (up to RESTART steps; further
     * away it starts from exact values), then along the span.
     */
    void draw(int j) {
      double dy = j - y;
      double disc = qMax * pa - dy * dy * (pa * pc - pb * pb);
      if (disc <= 0.0) {
        return;
      }
      double halfWidth = Math.sqrt(disc) / pa;
      double mid = x - pb * dy / pa;
      int x0 = Math.max(0, (int) Math.ceil(mid - halfWidth));
      int x1 = Math.min(width - 1, (int) Math.floor(mid + halfWidth));
      if (x0 > x1) {
        return;
      }
      int d = x0 - col;
      double val;
      double r;
      if (d > RESTART || d < -RESTART) {
        val = value(x0 - x, dy);
        r = rightRatio(x0 - x, dy);
      } else if (d >= 0) {
        val = v;
        r = right;
        for (int t = 0; t < d; t++) {
          val *= r;
          r *= stepA;
        }
      } else {
        val = v;
        double l = left;
        double used = 1.0;
        for (int t = 0; t < -d; t++) {
          val *= l;
          used = l;
          l *= stepA;
        }
        r = 1.0 / used;
      }
      walk(j * width, x0, x1, val, r, dy);
    }

    /** Draws row j with exact values at its span start. */
    void drawExact(int j) {
      double dy = j - y;
      double disc = qMax * pa - dy * dy * (pa * pc - pb * pb);
      if (disc <= 0.0) {
        return;
      }
      double halfWidth = Math.sqrt(disc) / pa;
      double mid = x - pb * dy / pa;
      int x0 = Math.max(0, (int) Math.ceil(mid - halfWidth));
      int x1 = Math.min(width - 1, (int) Math.floor(mid + halfWidth));
      if (x0 <= x1) {
        walk(j * width, x0, x1, value(x0 - x, dy), rightRatio(x0 - x, dy), dy);
      }
    }

    /** Adds the values from column from to column to (inclusive), restarting exactly every RESTART pixels. */
    private void walk(int base, int from, int to, double value, double ratio, double dy) {
      double val = value;
      double r = ratio;
      int i = from;
      while (true) {
        int end = Math.min(to, i + RESTART - 1);
        for (int p = base + i, stop = base + end; p <= stop; p++) {
          canvas[p] += (float) val;
          val *= r;
          r *= stepA;
        }
        if (end == to) {
          return;
        }
        i = end + 1;
        val = value(i - x, dy);
        r = rightRatio(i - x, dy);
      }
    }
  }

  /**
   * Integrates a narrow component over pixels: exactly over each row (marginal normal CDF), and for six
   * Gauss-Legendre nodes in the row's probability the conditional x distribution exactly over each pixel column
   * (one node suffices when x and y are uncorrelated). Row sums are exact; pixels below floor are skipped.
   */
  private void addIntegrated(int k, float[] canvas, int width, double x, double y, double a, double floor,
      int rowMin, int rowMax) {
    double absA = Math.abs(a);
    if (absA < floor) {
      return;
    }
    double sy = ia[k];
    double slope = ib[k];
    double sx = ic[k];
    int nodes = slope == 0.0 ? 1 : GL_X.length;
    double[] mean = new double[nodes];
    double[] weight = new double[nodes];
    double[] prev = new double[nodes];
    double reach = 6.0 * sy;
    int y0 = Math.max(rowMin, (int) Math.floor(y - reach + 0.5));
    int y1 = Math.min(rowMax - 1, (int) Math.floor(y + reach + 0.5));
    for (int j = y0; j <= y1; j++) {
      /* Probability of the row, and the conditional x means at the quadrature nodes within it. */
      double uLo = (j - 0.5 - y) / sy;
      double uHi = (j + 0.5 - y) / sy;
      boolean upper = uLo >= 0.0;
      double pLo = upper ? SpecialFunctions.normalTail(uHi) : SpecialFunctions.normalCdf(uLo);
      double pHi = upper ? SpecialFunctions.normalTail(uLo) : SpecialFunctions.normalCdf(uHi);
      double rowP = pHi - pLo;
      if (!(rowP > 0.0) || absA * rowP < floor) {
        continue;
      }
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int q = 0; q < nodes; q++) {
        double u;
        if (nodes == 1) {
          u = 0.0;
          weight[q] = rowP;
        } else {
          double p = pLo + 0.5 * rowP * (1.0 + GL_X[q]);
          u = upper ? -SpecialFunctions.inverseNormalCdf(p) : SpecialFunctions.inverseNormalCdf(p);
          u = Math.max(uLo, Math.min(uHi, u));
          weight[q] = 0.5 * rowP * GL_W[q];
        }
        mean[q] = x + slope * sy * u;
        lo = Math.min(lo, mean[q]);
        hi = Math.max(hi, mean[q]);
      }
      int x0 = Math.max(0, (int) Math.floor(lo - 6.0 * sx + 0.5));
      int x1 = Math.min(width - 1, (int) Math.floor(hi + 6.0 * sx + 0.5));
      if (x0 > x1) {
        continue;
      }
      /* Pixel columns: differences of the conditional CDF at the pixel edges, summed over the nodes. */
      for (int q = 0; q < nodes; q++) {
        prev[q] = SpecialFunctions.normalCdf((x0 - 0.5 - mean[q]) / sx);
      }
      int base = j * width;
      for (int i = x0; i <= x1; i++) {
        double edge = i + 0.5;
        double sum = 0.0;
        for (int q = 0; q < nodes; q++) {
          double next = SpecialFunctions.normalCdf((edge - mean[q]) / sx);
          sum += weight[q] * (next - prev[q]);
          prev[q] = next;
        }
        double v = a * sum;
        if (Math.abs(v) >= floor) {
          canvas[base + i] += (float) v;
        }
      }
    }
  }

  /** Equal when the component arrays are equal element by element, in order. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GaussianMixture)) {
      return false;
    }
    GaussianMixture m = (GaussianMixture) o;
    return Arrays.equals(amp, m.amp) && Arrays.equals(cxx, m.cxx) && Arrays.equals(cxy, m.cxy)
        && Arrays.equals(cyy, m.cyy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(amp), Arrays.hashCode(cxx), Arrays.hashCode(cxy), Arrays.hashCode(cyy));
  }

  @Override
  public String toString() {
    return "GaussianMixture[size=" + amp.length + ", total=" + totalAmplitude() + "]";
  }
}
