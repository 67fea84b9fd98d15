package org.labelfree.injection;

import java.util.ArrayList;
import java.util.List;

/**
 * Detection completeness of fakes versus magnitude: counts in magnitude bins with Wilson intervals, and a
 * maximum-likelihood fit of the logistic curve {@code C(m) = cMax / (1 + exp((m - m50) / width))} to the individual
 * fakes (each a Bernoulli trial).
 *
 * <p>The fit is Fisher scoring (Newton's method with the expected information, Jennrich &amp; Sampson 1976) with
 * step halving on the log-likelihood; {@code cMax} is bounded by 1 and fixed there when the likelihood pushes past
 * it (every bright fake found), {@code width} is kept above {@value #MIN_WIDTH} mag. Uncertainties are the square
 * roots of the diagonal of the inverse Fisher information at the optimum (for the free parameters). Static and
 * thread-safe.
 */
public final class CompletenessCurve {
  /** The normal quantile of the two-sided 68.27% interval (one sigma). */
  public static final double Z_68 = 1.0;
  /** Fewest fakes for a fit. */
  public static final int MIN_FAKES = 20;
  /** Fewest detected and fewest missed fakes for a fit: both ends of the curve must be seen. */
  public static final int MIN_EACH_OUTCOME = 5;
  /** Smallest width of the fitted curve, mag (a step sharper than this is not resolved by magnitudes). */
  static final double MIN_WIDTH = 0.005;
  private static final int MAX_ITERATIONS = 200;

  private CompletenessCurve() {}

  /**
   * One magnitude bin.
   *
   * @param magLo    the bin's lower edge, mag (inclusive)
   * @param magHi    its upper edge, mag (exclusive)
   * @param injected fakes in the bin (> 0)
   * @param detected of which detected (0..injected)
   * @param fraction detected / injected
   * @param lower68  lower end of the Wilson 68.27% interval of the fraction
   * @param upper68  upper end of it
   */
  public record Bin(double magLo, double magHi, int injected, int detected, double fraction, double lower68,
                    double upper68) {
    /** Validates the counts. */
    public Bin {
      if (injected <= 0 || detected < 0 || detected > injected) {
        throw new IllegalArgumentException("bin counts must satisfy 0 <= detected <= injected and injected > 0, but"
            + " were detected " + detected + " of " + injected);
      }
    }
  }

  /**
   * The logistic completeness curve fitted to the fakes.
   *
   * @param m50       the magnitude where {@code C = cMax / 2}, mag (NaN when not fitted)
   * @param m50Err    its 1-sigma uncertainty, mag (NaN when not fitted)
   * @param width     the curve's width, mag (NaN when not fitted)
   * @param widthErr  its uncertainty (NaN when not fitted)
   * @param cMax      the bright-end completeness (0, 1] (NaN when not fitted)
   * @param cMaxErr   its uncertainty (0 when fixed at 1; NaN when not fitted)
   * @param fakes     fakes in the fit
   * @param detected  of which detected
   * @param converged whether the fit converged
   * @param note      why there is no fit or what to beware of, empty when none
   */
  public record Fit(double m50, double m50Err, double width, double widthErr, double cMax, double cMaxErr, int fakes,
                    int detected, boolean converged, String note) {
    /** Checks the note is present. */
    public Fit {
      note = note == null ? "" : note;
    }

    /**
     * The magnitude where the completeness is half of full ({@code C = 1/2}), which equals {@link #m50()} only when
     * {@code cMax = 1}; NaN when {@code cMax <= 1/2} or there is no fit.
     */
    public double mHalfOfOne() {
      if (!(cMax > 0.5)) {
        return Double.NaN;
      }
      return m50 + width * Math.log(2 * cMax - 1);
    }
  }

  /**
   * The Wilson score interval of a binomial fraction.
   *
   * @param k detected (0..n)
   * @param n trials (> 0)
   * @param z the normal quantile (e.g. {@link #Z_68})
   * @return {lower, upper}, within [0, 1]
   * @throws IllegalArgumentException if the counts are not 0 <= k <= n, n > 0
   */
  public static double[] wilson(int k, int n, double z) {
    if (n <= 0 || k < 0 || k > n) {
      throw new IllegalArgumentException("wilson needs 0 <= k <= n and n > 0, but k was " + k + " and n " + n);
    }
    double p = (double) k / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /**
   * Counts in bins of {@code binWidth} mag with edges at integer multiples of it, from the bin holding the brightest
   * fake to the one holding the faintest; empty bins are left out. Non-finite magnitudes are ignored.
   *
   * @param mag      the fakes' magnitudes
   * @param detected whether each was detected; same length
   * @param binWidth bin width, mag (finite, in (0, 10])
   * @return the non-empty bins, brightest first
   * @throws IllegalArgumentException if lengths differ or the width is out of range
   */
  public static List<Bin> bins(double[] mag, boolean[] detected, double binWidth) {
    if (mag.length != detected.length) {
      throw new IllegalArgumentException("mag and detected must have one length, but were " + mag.length + " and "
          + detected.length);
    }
    if (!(binWidth > 0 && binWidth <= 10)) {
      throw new IllegalArgumentException("binWidth must be in (0, 10] mag, but was " + binWidth);
    }
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    for (double m : mag) {
      if (Double.isFinite(m)) {
        long b = (long) Math.floor(m / binWidth);
        lo = Math.min(lo, b);
        hi = Math.max(hi, b);
      }
    }
    List<Bin> out = new ArrayList<>();
    if (lo > hi) {
      return out;
    }
    int nb = (int) (hi - lo + 1);
    int[] n = new int[nb];
    int[] k = new int[nb];
    for (int i = 0; i < mag.length; i++) {
      if (Double.isFinite(mag[i])) {
        int b = (int) ((long) Math.floor(mag[i] / binWidth) - lo);
        n[b]++;
        k[b] += detected[i] ? 1 : 0;
      }
    }
    for (int b = 0; b < nb; b++) {
      if (n[b] > 0) {
        double[] ci = wilson(k[b], n[b], Z_68);
        out.add(new Bin((lo + b) * binWidth, (lo + b + 1) * binWidth, n[b], k[b], (double) k[b] / n[b], ci[0],
            ci[1]));
      }
    }
    return out;
  }

  /**
   * Fits the logistic completeness curve to individual fakes by maximum likelihood (class comment).
   *
   * @param mag      the fakes' magnitudes (non-finite ones are ignored)
   * @param detected whether each was detected; same length
   * @return the fit; with {@code converged == false} and a note when there are too few fakes (fewer than
   *     {@value #MIN_FAKES}, or fewer than {@value #MIN_EACH_OUTCOME} detected or missed) or the iteration did not
   *     converge
   * @throws IllegalArgumentException if lengths differ
   */
  public static Fit fit(double[] mag, boolean[] detected) {
    if (mag.length != detected.length) {
      throw new IllegalArgumentException("mag and detected must have one length, but were " + mag.length + " and "
          + detected.length);
    }
    /* The usable fakes. */
    int n = 0;
    for (double m : mag) {
      n += Double.isFinite(m) ? 1 : 0;
    }
    double[] m = new double[n];
    boolean[] y = new boolean[n];
    int k = 0;
    for (int i = 0, j = 0; i < mag.length; i++) {
      if (Double.isFinite(mag[i])) {
        m[j] = mag[i];
        y[j] = detected[i];
        k += detected[i] ? 1 : 0;
        j++;
      }
    }
    if (n < MIN_FAKES || k < MIN_EACH_OUTCOME || n - k < MIN_EACH_OUTCOME) {
      return new Fit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, n, k, false,
          "too few fakes for a fit: " + n + " fakes, " + k + " detected, " + (n - k) + " missed; need at least "
              + MIN_FAKES + " fakes with " + MIN_EACH_OUTCOME + " of each outcome");
    }

    /* Start: the median magnitude of the fakes near the half-way point, a width of 0.2 mag, full completeness
       slightly below 1. */
    double[] start = startingPoint(m, y);
    double[] theta = {start[0], 0.2, Math.min(0.99, Math.max(0.5, start[1]))};
    boolean cFixed = false;
    double ll = logLikelihood(m, y, theta);
    boolean converged = false;
    int releases = 0;
    int iter;
    for (iter = 0; iter < MAX_ITERATIONS; iter++) {
      int np = cFixed ? 2 : 3;
      double[] g = new double[3];
      double[][] info = new double[3][3];
      scoreAndInformation(m, y, theta, g, info);
      double[] step = solve(info, g, np);
      if (step == null) {
        break;
      }
      /* Step halving until the likelihood does not drop and the parameters stay in range. */
      double t = 1;
      double[] next = null;
      double nextLl = Double.NEGATIVE_INFINITY;
      boolean hitCeiling = false;
      for (int h = 0; h < 40; h++, t /= 2) {
        double[] cand = {theta[0] + t * step[0], Math.max(MIN_WIDTH, theta[1] + t * step[1]),
            cFixed ? 1.0 : theta[2] + t * step[2]};
        if (cand[2] >= 1) {
          cand[2] = 1;
          hitCeiling = true;
        }
        if (!(cand[2] > 0)) {
          hitCeiling = false;
          continue;
        }
        double cl = logLikelihood(m, y, cand);
        if (cl >= ll - 1e-12) {
          next = cand;
          nextLl = cl;
          break;
        }
        hitCeiling = false;
      }
      if (next == null) {
        break;
      }
      double change = Math.max(Math.abs(next[0] - theta[0]), Math.max(Math.abs(next[1] - theta[1]),
          Math.abs(next[2] - theta[2])));
      theta = next;
      double dll = nextLl - ll;
      ll = nextLl;
      if (hitCeiling && !cFixed) {
        cFixed = true;
        continue;
      }
      if (change < 1e-7 || (dll < 1e-10 && change < 1e-5)) {
        if (cFixed && releases < 3 && cMaxScore(m, y, theta) < 0) {
          /* The ceiling was reached on the way, but the optimum lies below it: free cMax again. */
          cFixed = false;
          releases++;
          theta[2] = 0.999;
          ll = logLikelihood(m, y, theta);
          continue;
        }
        converged = true;
        break;
      }
    }

    /* Uncertainties from the inverse information of the free parameters. */
    double[] g = new double[3];
    double[][] info = new double[3][3];
    scoreAndInformation(m, y, theta, g, info);
    double[][] cov = invert(info, cFixed ? 2 : 3);
    String note = "";
    if (!converged) {
      note = "the fit did not converge in " + MAX_ITERATIONS + " iterations";
    } else if (cov == null) {
      converged = false;
      note = "the fit's information matrix is singular";
    } else if (theta[0] < min(m) || theta[0] > max(m)) {
      note = "m50 lies outside the fakes' magnitude range [" + String.format("%.2f, %.2f", min(m), max(m)) + "]";
    }
    double m50Err = cov == null ? Double.NaN : Math.sqrt(cov[0][0]);
    double wErr = cov == null ? Double.NaN : Math.sqrt(cov[1][1]);
    double cErr = cov == null ? Double.NaN : cFixed ? 0 : Math.sqrt(cov[2][2]);
    return new Fit(theta[0], m50Err, theta[1], wErr, theta[2], cErr, n, k, converged, note);
  }

  /** {magnitude where the running fraction of detections (bright to faint) first drops below half, bright fraction}. */
  private static double[] startingPoint(double[] m, boolean[] y) {
    Integer[] idx = new Integer[m.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Double.compare(m[a], m[b]));
    int quarter = Math.max(1, m.length / 4);
    int brightHits = 0;
    for (int i = 0; i < quarter; i++) {
      brightHits += y[idx[i]] ? 1 : 0;
    }
    double cStart = (double) brightHits / quarter;
    /* The magnitude that splits the fakes into as many misses brighter as hits fainter (the point a step fit picks). */
    int hitsFainter = 0;
    for (boolean b : y) {
      hitsFainter += b ? 1 : 0;
    }
    int missesBrighter = 0;
    double best = m[idx[m.length / 2]];
    int bestCost = Integer.MAX_VALUE;
    for (int i = 0; i < idx.length; i++) {
      int cost = missesBrighter + hitsFainter;
      if (cost < bestCost) {
        bestCost = cost;
        best = m[idx[i]];
      }
      if (y[idx[i]]) {
        hitsFainter--;
      } else {
        missesBrighter++;
      }
    }
    return new double[] {best, cStart};
  }

  private static double logLikelihood(double[] m, boolean[] y, double[] theta) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      double p = clamp(theta[2] * sigmoid((m[i] - theta[0]) / theta[1]));
      s += y[i] ? Math.log(p) : Math.log1p(-p);
    }
    return s;
  }

  /** The score (gradient of the log-likelihood) and the Fisher information, for (m50, width, cMax). */
  private static void scoreAndInformation(double[] m, boolean[] y, double[] theta, double[] g, double[][] info) {
    double m50 = theta[0];
    double w = theta[1];
    double c = theta[2];
    for (int i = 0; i < m.length; i++) {
      double z = (m[i] - m50) / w;
      double s = sigmoid(z);
      double p = clamp(c * s);
      double ds = s * (1 - s);
      double[] dp = {c * ds / w, c * ds * z / w, s};
      double r = ((y[i] ? 1 : 0) - p) / (p * (1 - p));
      double wt = 1 / (p * (1 - p));
      for (int a = 0; a < 3; a++) {
        g[a] += r * dp[a];
        for (int b = 0; b < 3; b++) {
          info[a][b] += wt * dp[a] * dp[b];
        }
      }
    }
  }

  /** The derivative of the log-likelihood by cMax. */
  private static double cMaxScore(double[] m, boolean[] y, double[] theta) {
    double[] g = new double[3];
    scoreAndInformation(m, y, theta, g, new double[3][3]);
    return g[2];
  }

  /** {@code 1 / (1 + exp(z))}, the falling logistic. */
  private static double sigmoid(double z) {
    if (z > 0) {
      double e = Math.exp(-z);
      return e / (1 + e);
    }
    return 1 / (1 + Math.exp(z));
  }

  private static double clamp(double p) {
    return Math.min(1 - 1e-12, Math.max(1e-12, p));
  }

  /** Solves the leading {@code np x np} block of {@code a x = b}; null when singular. */
  private static double[] solve(double[][] a, double[] b, int np) {
    double[][] inv = invert(a, np);
    if (inv == null) {
      return null;
    }
    double[] x = new double[3];
    for (int i = 0; i < np; i++) {
      for (int j = 0; j < np; j++) {
        x[i] += inv[i][j] * b[j];
      }
    }
    return x;
  }

  /** The inverse of the leading {@code np x np} block (Gauss-Jordan with partial pivoting); null when singular. */
  private static double[][] invert(double[][] a, int np) {
    double[][] m = new double[np][2 * np];
    for (int i = 0; i < np; i++) {
      for (int j = 0; j < np; j++) {
        m[i][j] = a[i][j];
      }
      m[i][np + i] = 1;
    }
    double scale = 0;
    for (int i = 0; i < np; i++) {
      scale = Math.max(scale, Math.abs(a[i][i]));
    }
    for (int col = 0; col < np; col++) {
      int piv = col;
      for (int r = col + 1; r < np; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
          piv = r;
        }
      }
      if (!(Math.abs(m[piv][col]) > 1e-14 * scale)) {
        return null;
      }
      double[] tmp = m[col];
      m[col] = m[piv];
      m[piv] = tmp;
      double d = m[col][col];
      for (int j = 0; j < 2 * np; j++) {
        m[col][j] /= d;
      }
      for (int r = 0; r < np; r++) {
        if (r != col) {
          double f = m[r][col];
          for (int j = 0; j < 2 * np; j++) {
            m[r][j] -= f * m[col][j];
          }
        }
      }
    }
    double[][] inv = new double[np][np];
    for (int i = 0; i < np; i++) {
      System.arraycopy(m[i], np, inv[i], 0, np);
    }
    return inv;
  }

  private static double min(double[] a) {
    double v = Double.POSITIVE_INFINITY;
    for (double x : a) {
      v = Math.min(v, x);
    }
    return v;
  }

  private static double max(double[] a) {
    double v = Double.NEGATIVE_INFINITY;
    for (double x : a) {
      v = Math.max(v, x);
    }
    return v;
  }
}
