package org.labelfree.detect;

import java.util.stream.IntStream;

/**
 * Per-source measurement on a background-subtracted image: windowed centroid, adaptive moments (Bernstein &amp;
 * Jarvis 2002), PSF flux, Kron (1980) flux with SExtractor's first-moment radius, circular aperture flux.
 * Package-private; one instance per run, read-only, thread-safe: {@link #measure} writes only its own row.
 */
final class Measurement {
  private static final int MAX_CENTROID_ITER = 20;
  /** Largest factor on the windowed centroid's mean offset: that of a source sqrt(15) times the window's width. */
  private static final double MAX_CENTROID_STEP = 16;
  private static final int MAX_MOMENT_ITER = 60;
  /** Iterates beyond the newest that the moments' Anderson mixing combines. */
  private static final int ANDERSON_DEPTH = 3;
  /** The longest accelerated move from the plain update, in units of that update's own length. */
  private static final double ANDERSON_REACH = 3;
  private static final double MAX_MOMENT_SIGMA = 60;
  /** Largest exponent magnitude of a row's first weight for the row-to-row recurrences (e^-600 is a normal double). */
  private static final double MAX_START_EXPONENT = 600;
  /** Convergence: relative change of the size mxx + myy (SdssShape's tol2). */
  private static final double SIZE_TOLERANCE = 1e-4;
  /** Convergence: change of the ellipticity components (mxx - myy) / T and 2 mxy / T (SdssShape's tol1). */
  private static final double SHAPE_TOLERANCE = 1e-5;
  /** Convergence: centre shift in pixels. */
  private static final double CENTRE_TOLERANCE = 1e-3;
  /** Rows per parallel band of the {@link #clean} copy. */
  private static final int ROWS = 64;

  final float[] img;
  /** {@code img} where {@link #usable} holds, 0 elsewhere: weighted sums run over it without a test per pixel. */
  final float[] clean;
  /** Whether each pixel is usable (finite value, non-negative variance, no excluded mask bit), computed once. */
  private final boolean[] ok;
  final float[] var;
  final int[] mask;
  final int exclude;
  final int w;
  final int h;

  /**
   * @param img     background-subtracted pixels
   * @param var     variance per pixel (> 0 where usable)
   * @param mask    mask bits
   * @param exclude mask bits whose pixels are skipped (NO_DATA, BAD)
   */
  Measurement(float[] img, float[] var, int[] mask, int exclude, int w, int h) {
    this(img, new float[img.length], new boolean[img.length], var, mask, exclude, w, h);
    IntStream.range(0, (h + ROWS - 1) / ROWS).parallel().forEach(b ->
        cleanPixels(img, var, mask, exclude, b * ROWS * w, Math.min(h, (b + 1) * ROWS) * w, clean, ok));
  }

  /**
   * A measurement whose {@code clean} copy and usability map were already filled by {@link #cleanPixels} (e.g. row
   * by row as the background was subtracted).
   */
  Measurement(float[] img, float[] clean, boolean[] ok, float[] var, int[] mask, int exclude, int w, int h) {
    this.img = img;
    this.clean = clean;
    this.ok = ok;
    this.var = var;
    this.mask = mask;
    this.exclude = exclude;
    this.w = w;
    this.h = h;
  }

  /**
   * Fills {@code ok[p]} (finite value, non-negative variance, no {@code exclude} bit) and {@code clean[p]} (the
   * value where usable, else 0) for pixels {@code from..to-1}.
   */
  static void cleanPixels(float[] img, float[] var, int[] mask, int exclude, int from, int to, float[] clean,
                          boolean[] ok) {
    cleanRow(img, from, from, to - from, var, mask, exclude, clean, ok);
  }

  /**
   * As {@link #cleanPixels} for the {@code n} values {@code src[at..at+n)}, which are pixels {@code base..base+n-1}
   * of the image (a row held in a buffer, or the image itself).
   */
  static void cleanRow(float[] src, int at, int base, int n, float[] var, int[] mask, int exclude, float[] clean,
                       boolean[] ok) {
    for (int x = 0; x < n; x++) {
      float a = src[at + x];
      float v = var[base + x];
      /* NaN fails both comparisons. */
      boolean u = v >= 0 && Math.abs(a) < Float.POSITIVE_INFINITY && (mask[base + x] & exclude) == 0;
      ok[base + x] = u;
      clean[base + x] = u ? a : 0f;
    }
  }

  /** Whether pixel {@code p} has a finite value, a non-negative variance and no excluded mask bit. */
  boolean usable(int p) {
    return ok[p];
  }

  /**
   * Windowed centroid (SExtractor's XWIN_IMAGE): the fixed point of the Gaussian-weighted mean position, the weight
   * of {@code sigmaW} centred on the position itself, summed within 4 {@code sigmaW}. Returns {x, y, ok (1/0)};
   * on failure the start. Errors come from {@link #centroidErrors} at the final position.
   *
   * <p>The step is the weighted mean offset {@code m} times {@code sigmaW^2 / (sigmaW^2 - q)}, {@code q} the
   * weighted variance along the axis: for a Gaussian source that lands on its centre in one step. SExtractor's
   * fixed factor 2 is the case of a source as wide as the window; it overshoots on narrower sources and converges
   * only geometrically on wider ones (on a 4096^2 survey image it left 258 of 3,926 centroids unconverged after 20
   * steps, this rule 49, in a third fewer steps). The factor is held to [1, 16]; the fixed point, where
   * {@code m} = 0, is the same.
   */
  double[] centroid(double x0, double y0, double sign, double sigmaW) {
    double x = x0;
    double y = y0;
    int r = Math.max(2, (int) Math.ceil(4 * sigmaW));
    double[] ex = new double[2 * r + 1];
    double[] ey = new double[2 * r + 1];
    double inv = 1 / (2 * sigmaW * sigmaW);
    double s2 = sigmaW * sigmaW;
    double rad2 = 16 * s2;
    for (int it = 0; it < MAX_CENTROID_ITER; it++) {
      int cx = (int) Math.round(x);
      int cy = (int) Math.round(y);
      gaussian1d(ex, cx - x, r, inv);
      gaussian1d(ey, cy - y, r, inv);
      /* Weighted sums row by row over the clean copy (unusable pixels are 0 there), within the circle of radius
         4 sigmaW around the current centre; the sign is applied to the totals, as it cancels in the ratios. */
      double sw = 0;
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double syy = 0;
      for (int j = Math.max(-r, -cy), je = Math.min(r, h - 1 - cy); j <= je; j++) {
        int yy = cy + j;
        double dy = yy - y;
        double rest = rad2 - dy * dy;
        if (!(rest >= 0)) {
          continue;
        }
        double half = Math.sqrt(rest);
        int ia = Math.max(Math.max(-r, -cx), (int) Math.ceil(x - half) - cx);
        int ib = Math.min(Math.min(r, w - 1 - cx), (int) Math.floor(x + half) - cx);
        int row = yy * w + cx;
        /* Sums of w, w i, w i^2 in four partial sums each (pixels i mod 4), which shortens the chains of
           dependent adds. */
        double r0 = 0;
        double r1 = 0;
        double r2 = 0;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double u0 = 0;
        double u1 = 0;
        double u2 = 0;
        int i = ia;
        for (; i + 3 <= ib; i += 4) {
          double wa = ex[i + r] * clean[row + i];
          double wb = ex[i + 1 + r] * clean[row + i + 1];
          double wc = ex[i + 2 + r] * clean[row + i + 2];
          double wd = ex[i + 3 + r] * clean[row + i + 3];
          double wai = wa * i;
          double wbi = wb * (i + 1);
          double wci = wc * (i + 2);
          double wdi = wd * (i + 3);
          r0 += wa;
          r1 += wai;
          r2 += wai * i;
          q0 += wb;
          q1 += wbi;
          q2 += wbi * (i + 1);
          t0 += wc;
          t1 += wci;
          t2 += wci * (i + 2);
          u0 += wd;
          u1 += wdi;
          u2 += wdi * (i + 3);
        }
        for (; i <= ib; i++) {
          double wi = ex[i + r] * clean[row + i];
          double wii = wi * i;
          r0 += wi;
          r1 += wii;
          r2 += wii * i;
        }
        r0 += q0 + (t0 + u0);
        r1 += q1 + (t1 + u1);
        r2 += q2 + (t2 + u2);
        double wy = ey[j + r];
        /* Offsets from x: sum w I (i + c) and sum w I (i + c)^2 with c = cx - x. */
        double c = cx - x;
        sw += wy * r0;
        sx += wy * (r1 + r0 * c);
        sxx += wy * (r2 + c * (2 * r1 + r0 * c));
        sy += wy * r0 * dy;
        syy += wy * r0 * dy * dy;
      }
      if (!(sign * sw > 0)) {
        return new double[] {x0, y0, 0};
      }
      double mx = sx / sw;
      double my = sy / sw;
      double ddx = mx * stepFactor(s2, sxx / sw - mx * mx);
      double ddy = my * stepFactor(s2, syy / sw - my * my);
      x += ddx;
      y += ddy;
      if (Math.hypot(x - x0, y - y0) > 2 * sigmaW + 1.5 || !Double.isFinite(x + y)) {
        return new double[] {x0, y0, 0};
      }
      if (Math.abs(ddx) < 1e-4 && Math.abs(ddy) < 1e-4) {
        break;
      }
    }
    return new double[] {x, y, 1};
  }

  /** {@code s2 / (s2 - q)} held to [1, {@link #MAX_CENTROID_STEP}] (2 when {@code q} is not finite). */
  static double stepFactor(double s2, double q) {
    if (!Double.isFinite(q)) {
      return 2;
    }
    double d = s2 - q;
    return d * MAX_CENTROID_STEP <= s2 ? MAX_CENTROID_STEP : Math.max(1, s2 / d);
  }

  /**
   * Errors of a windowed centroid at (x, y) with window {@code sigmaW}: {xErr, yErr} from 4 sum(w^2 V d^2) /
   * (sum w I)^2 (SExtractor's windowed-position errors).
   */
  double[] centroidErrors(double x, double y, double sign, double sigmaW) {
    int r = Math.max(2, (int) Math.ceil(4 * sigmaW));
    double[] ex = new double[2 * r + 1];
    double[] ey = new double[2 * r + 1];
    double inv = 1 / (2 * sigmaW * sigmaW);
    int cx = (int) Math.round(x);
    int cy = (int) Math.round(y);
    gaussian1d(ex, cx - x, r, inv);
    gaussian1d(ey, cy - y, r, inv);
    double rad2 = 16 * sigmaW * sigmaW;
    double sw = 0;
    double vx = 0;
    double vy = 0;
    for (int j = Math.max(-r, -cy), je = Math.min(r, h - 1 - cy); j <= je; j++) {
      int yy = cy + j;
      double dy = yy - y;
      double wy = ey[j + r];
      for (int i = Math.max(-r, -cx), ie = Math.min(r, w - 1 - cx); i <= ie; i++) {
        int p = yy * w + cx + i;
        double dx = cx + i - x;
        if (!usable(p) || dx * dx + dy * dy > rad2) {
          continue;
        }
        double wt = ex[i + r] * wy;
        double wv = wt * wt * var[p];
        sw += wt * img[p];
        vx += wv * dx * dx;
        vy += wv * dy * dy;
      }
    }
    sw *= sign;
    return new double[] {2 * Math.sqrt(vx) / sw, 2 * Math.sqrt(vy) / sw};
  }

  /**
   * {@code out[k + r] = exp(-(d0 + k)^2 inv)} for k = -r..r, by multiplicative recurrences outwards from k = 0
   * (ratios exp(-inv (2 (d0 + k) + 1)) that shrink by exp(-2 inv) per step): three exponentials instead of 2r + 1.
   */
  private static void gaussian1d(double[] out, double d0, int r, double inv) {
    double c = Math.exp(-2 * inv);
    double g0 = Math.exp(-d0 * d0 * inv);
    out[r] = g0;
    double up = Math.exp(-inv * (2 * d0 + 1));
    double g = g0;
    for (int k = 1; k <= r; k++) {
      g *= up;
      up *= c;
      out[r + k] = g;
    }
    /* Downwards: g(k - 1) / g(k) = exp(inv (2 (d0 + k) - 1)), starting at k = 0. */
    double down = Math.exp(-inv * (1 - 2 * d0));
    g = g0;
    for (int k = 1; k <= r; k++) {
      g *= down;
      down *= c;
      out[r - k] = g;
    }
  }

  /** Adaptive moments around (x, y): {ixx, iyy, ixy, xc, yc, ok}; starts from a circular sigma0. */
  double[] adaptiveMoments(double x, double y, double sign, double sigma0) {
    double mxx = sigma0 * sigma0;
    double myy = mxx;
    double mxy = 0;
    double xc = x;
    double yc = y;
    double[] wrow = new double[64];
    /* Anderson mixing: the last iterates x and their updates G(x) (mxx, myy, mxy, xc, yc each, newest last). */
    double[][] hx = new double[ANDERSON_DEPTH + 1][];
    double[][] hg = new double[ANDERSON_DEPTH + 1][];
    int kept = 0;
    double lastRes = Double.POSITIVE_INFINITY;
    for (int it = 0; it < MAX_MOMENT_ITER; it++) {
      double det = mxx * myy - mxy * mxy;
      if (!(det > 0)) {
        break;
      }
      double ia = myy / det;
      double ib = -mxy / det;
      double ic = mxx / det;
      int rx = (int) Math.ceil(4 * Math.sqrt(mxx));
      int ry = (int) Math.ceil(4 * Math.sqrt(myy));
      int cx = (int) Math.round(xc);
      int cy = (int) Math.round(yc);
      double s0 = 0;
      double s1x = 0;
      double s1y = 0;
      double sxx = 0;
      double syy = 0;
      double sxy = 0;
      int xa = Math.max(0, cx - rx);
      int xb = Math.min(w - 1, cx + rx);
      if (xb < xa) {
        break;
      }
      if (wrow.length < xb - xa + 1) {
        wrow = new double[xb - xa + 1];
      }
      double cstep = Math.exp(-ia);
      /* Row sums of w I, w I dx and w I dx^2 over the clean copy (unusable pixels are 0 there), then the row's dy;
         the sign cancels in every ratio below and is applied to the total only. */
      double ox = xa - xc;
      /* The weights of each row start at the column cx nearest the centre: that start and the ratio to the next
         column follow recurrences from row to row (the exponent is quadratic in dy), so a row costs no exponential;
         rows take their own exponentials (gaussianRow) when a start could underflow (very elongated weights). */
      int ya = Math.max(0, cy - ry);
      int ye = Math.min(h - 1, cy + ry);
      double dx0 = cx - xc;
      double dy0 = ya - yc;
      double dmax = Math.max(Math.abs(dy0), Math.abs(ye - yc));
      boolean recur = cx >= xa && cx <= xb
          && 0.5 * (ia * dx0 * dx0 + 2 * Math.abs(ib * dx0) * dmax + ic * dmax * dmax) < MAX_START_EXPONENT;
      double start = 0;
      double startStep = 0;
      double startRatio = 0;
      double right = 0;
      double rightStep = 0;
      if (recur) {
        start = Math.exp(-0.5 * (ia * dx0 * dx0 + 2 * ib * dx0 * dy0 + ic * dy0 * dy0));
        startStep = Math.exp(-ib * dx0 - ic * dy0 - 0.5 * ic);
        startRatio = Math.exp(-ic);
        right = Math.exp(-ia * dx0 - 0.5 * ia - ib * dy0);
        rightStep = Math.exp(-ib);
      }
      for (int yy = ya; yy <= ye; yy++) {
        double dy = yy - yc;
        if (recur) {
          double left = cstep / right;
          geometric(wrow, cx - xa, 1, xb - cx + 1, start, right, cstep);
          geometric(wrow, cx - 1 - xa, -1, cx - xa, start * left, left * cstep, cstep);
          start *= startStep;
          startStep *= startRatio;
          right *= rightStep;
        } else {
          gaussianRow(wrow, xa, xb, xc, dy, ia, ib, ic, cstep);
        }
        int row = yy * w + xa;
        /* Four interleaved partial sums per moment (pixels k mod 4) shorten the chains of dependent adds. */
        double r0 = 0;
        double r1 = 0;
        double r2 = 0;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double u0 = 0;
        double u1 = 0;
        double u2 = 0;
        int ke = xb - xa;
        int k = 0;
        double dx = ox;
        for (; k + 3 <= ke; k += 4) {
          double wa = wrow[k] * clean[row + k];
          double wb = wrow[k + 1] * clean[row + k + 1];
          double wc = wrow[k + 2] * clean[row + k + 2];
          double wd = wrow[k + 3] * clean[row + k + 3];
          double db = dx + 1;
          double dc = dx + 2;
          double dd = dx + 3;
          double wax = wa * dx;
          double wbx = wb * db;
          double wcx = wc * dc;
          double wdx = wd * dd;
          r0 += wa;
          q0 += wb;
          t0 += wc;
          u0 += wd;
          r1 += wax;
          q1 += wbx;
          t1 += wcx;
          u1 += wdx;
          r2 += wax * dx;
          q2 += wbx * db;
          t2 += wcx * dc;
          u2 += wdx * dd;
          dx += 4;
        }
        for (; k <= ke; k++) {
          double wt = wrow[k] * clean[row + k];
          double wtx = wt * dx;
          r0 += wt;
          r1 += wtx;
          r2 += wtx * dx;
          dx += 1;
        }
        r0 += t0;
        r1 += t1;
        r2 += t2;
        q0 += u0;
        q1 += u1;
        q2 += u2;
        r0 += q0;
        r1 += q1;
        r2 += q2;
        s0 += r0;
        s1x += r1;
        s1y += r0 * dy;
        sxx += r2;
        syy += r0 * dy * dy;
        sxy += r1 * dy;
      }
      if (!(sign * s0 > 0)) {
        return new double[] {Double.NaN, Double.NaN, Double.NaN, x, y, 0};
      }
      double mx = s1x / s0;
      double my = s1y / s0;
      double qxx = sxx / s0 - mx * mx;
      double qyy = syy / s0 - my * my;
      double qxy = sxy / s0 - mx * my;
      /* Next weight: the Gaussian that the weighted moments imply, (q^-1 - W^-1)^-1, which reaches the fixed point
         W = 2 q (the adaptive moments) in one step for a Gaussian source; where that is not a positive-definite
         matrix, or grows the weight more than fourfold, the plain update W = 2 q (Bernstein & Jarvis 2002). */
      double nxx = 2 * qxx;
      double nyy = 2 * qyy;
      double nxy = 2 * qxy;
      double stepX = mx;
      double stepY = my;
      double qdet = qxx * qyy - qxy * qxy;
      if (qdet > 0) {
        double pxx = qyy / qdet - ia;
        double pyy = qxx / qdet - ic;
        double pxy = -qxy / qdet - ib;
        double pdet = pxx * pyy - pxy * pxy;
        if (pxx > 0 && pdet > 0) {
          double gxx = pyy / pdet;
          double gyy = pxx / pdet;
          double gxy = -pxy / pdet;
          if (gxx + gyy <= 4 * (mxx + myy)) {
            nxx = 0.5 * (nxx + gxx);
            nyy = 0.5 * (nyy + gyy);
            nxy = 0.5 * (nxy + gxy);
            /* Centre: for a Gaussian source S the weighted mean moves by q S^-1 of the offset, so the step that
               lands on the centre is S q^-1 times the weighted mean (twice it at the fixed point W = S, where
               the plain step converges only by halves). */
            double ux = (qyy * mx - qxy * my) / qdet;
            double uy = (qxx * my - qxy * mx) / qdet;
            stepX = gxx * ux + gxy * uy;
            stepY = gxy * ux + gyy * uy;
          }
        }
      }
      double px = xc;
      double py = yc;
      xc += stepX;
      yc += stepY;
      if (!(nxx > 0 && nyy > 0 && nxx * nyy - nxy * nxy > 0) || nxx + nyy > 2 * MAX_MOMENT_SIGMA * MAX_MOMENT_SIGMA
          || Math.hypot(xc - x, yc - y) > 3 * sigma0 + 2) {
        return new double[] {Double.NaN, Double.NaN, Double.NaN, x, y, 0};
      }
      /* Converged (SdssShape's criteria): size within SIZE_TOLERANCE, ellipticity components within
         SHAPE_TOLERANCE, and a centre step below CENTRE_TOLERANCE. */
      double t0 = mxx + myy;
      double t1 = nxx + nyy;
      boolean done = Math.abs(t1 / t0 - 1) < SIZE_TOLERANCE
          && Math.abs((nxx - nyy) / t1 - (mxx - myy) / t0) < SHAPE_TOLERANCE
          && Math.abs(2 * nxy / t1 - 2 * mxy / t0) < SHAPE_TOLERANCE
          && Math.abs(stepX) + Math.abs(stepY) < CENTRE_TOLERANCE;
      if (done) {
        return new double[] {nxx, nyy, nxy, xc, yc, 1};
      }
      /* Acceleration (Anderson mixing, depth ANDERSON_DEPTH): plain updates approach the fixed point geometrically,
         at 0.3-0.7 per step on real sources; the next iterate combines the last updates so that the change their
         residuals G(x) - x predict cancels (on the 4096^2 bench image 9.5 instead of 13.2 steps a source with the
         Aitken jumps used before). The convergence test above applies to plain updates only, so the result is a
         fixed point within the same tolerances; an accelerated point that is not a valid weight falls back to the
         plain update. */
      if (kept == hx.length) {
        System.arraycopy(hx, 1, hx, 0, kept - 1);
        System.arraycopy(hg, 1, hg, 0, kept - 1);
        kept--;
      }
      hx[kept] = new double[] {mxx, myy, mxy, px, py};
      hg[kept] = new double[] {nxx, nyy, nxy, xc, yc};
      kept++;
      /* The scaled residual of this update; a growing residual restarts the history from this iterate. */
      double sm = 1 / t1;
      double sc = 1 / Math.sqrt(t1);
      double res = Math.sqrt(sq(sm * (nxx - mxx)) + sq(sm * (nyy - myy)) + sq(sm * (nxy - mxy))
          + sq(sc * (xc - px)) + sq(sc * (yc - py)));
      if (res > lastRes) {
        kept = keepNewest(hx, hg, kept);
      }
      lastRes = res;
      double[] next = anderson(hx, hg, kept, sm, sc);
      /* A jump far beyond the plain update (more than ANDERSON_REACH residuals) is not trusted. */
      if (next != null && Math.sqrt(sq(sm * (next[0] - nxx)) + sq(sm * (next[1] - nyy)) + sq(sm * (next[2] - nxy))
          + sq(sc * (next[3] - xc)) + sq(sc * (next[4] - yc))) > ANDERSON_REACH * res) {
        next = null;
        kept = keepNewest(hx, hg, kept);
      }
      boolean valid = next != null && next[0] > 0 && next[1] > 0 && next[0] * next[1] - next[2] * next[2] > 0
          && next[0] + next[1] < 2 * MAX_MOMENT_SIGMA * MAX_MOMENT_SIGMA
          && Math.hypot(next[3] - x, next[4] - y) <= 3 * sigma0 + 2;
      if (valid) {
        mxx = next[0];
        myy = next[1];
        mxy = next[2];
        xc = next[3];
        yc = next[4];
      } else {
        mxx = nxx;
        myy = nyy;
        mxy = nxy;
        if (next != null) {
          /* The history misled: start it again from this point. */
          kept = 0;
        }
      }
    }
    return new double[] {Double.NaN, Double.NaN, Double.NaN, x, y, 0};
  }

  /**
   * The Anderson-mixed next iterate from the last {@code n} iterates {@code hx} and their updates {@code hg} (oldest
   * first): {@code g_n - sum_j gamma_j (g_{j+1} - g_j)}, where gamma minimises the norm of
   * {@code f_n - sum_j gamma_j (f_{j+1} - f_j)} over the residuals {@code f = (g - x)} scaled by {@code sm} (the
   * moments) and {@code sc} (the centre). Null with a single iterate or when the differences are degenerate.
   */
  private static double[] anderson(double[][] hx, double[][] hg, int n, double sm, double sc) {
    int k = n - 1;
    if (k < 1) {
      return null;
    }
    /* Scaled residual differences df[j] = f[j + 1] - f[j] (k of them) and the newest residual. */
    double[][] df = new double[k][5];
    double[] fn = new double[5];
    for (int c = 0; c < 5; c++) {
      double s = c < 3 ? sm : sc;
      fn[c] = s * (hg[n - 1][c] - hx[n - 1][c]);
      for (int j = 0; j < k; j++) {
        df[j][c] = s * ((hg[j + 1][c] - hx[j + 1][c]) - (hg[j][c] - hx[j][c]));
      }
    }
    /* Normal equations (df^T df) gamma = df^T fn by Gaussian elimination; a pivot that vanishes against its
       diagonal drops the oldest difference and tries again. */
    for (int first = 0; first < k; first++) {
      int m = k - first;
      double[][] a = new double[m][m + 1];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          a[i][j] = dot5(df[first + i], df[first + j]);
        }
        a[i][m] = dot5(df[first + i], fn);
      }
      boolean ok = true;
      for (int c = 0; c < m && ok; c++) {
        double piv = a[c][c];
        ok = piv > 1e-12 * dot5(df[first + c], df[first + c]) && piv > 1e-300;
        for (int i = c + 1; i < m && ok; i++) {
          double f = a[i][c] / piv;
          for (int j = c; j <= m; j++) {
            a[i][j] -= f * a[c][j];
          }
        }
      }
      if (!ok) {
        continue;
      }
      double[] gamma = new double[m];
      for (int i = m - 1; i >= 0; i--) {
        double v = a[i][m];
        for (int j = i + 1; j < m; j++) {
          v -= a[i][j] * gamma[j];
        }
        gamma[i] = v / a[i][i];
      }
      double[] out = hg[n - 1].clone();
      for (int j = 0; j < m; j++) {
        for (int c = 0; c < 5; c++) {
          out[c] -= gamma[j] * (hg[first + j + 1][c] - hg[first + j][c]);
        }
      }
      return out;
    }
    return null;
  }

  /** Drops all but the newest of the {@code n} iterates, which moves to slot 0; returns the new count, 1. */
  private static int keepNewest(double[][] hx, double[][] hg, int n) {
    hx[0] = hx[n - 1];
    hg[0] = hg[n - 1];
    return 1;
  }

  private static double sq(double v) {
    return v * v;
  }

  private static double dot5(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3] + a[4] * b[4];
  }

  /**
   * The Gaussian weights {@code exp(-0.5 (ia dx^2 + 2 ib dx dy + ic dy^2))} of the pixels {@code xa..xb} of one row
   * at offset {@code dy} from the centre {@code xc}, into {@code out[0..xb-xa]}. Along the row the weight is a 1-d
   * Gaussian around {@code dx* = -ib dy / ia}; it is built by a multiplicative recurrence walking away from dx*
   * in both directions (ratios shrink by {@code cstep = exp(-ia)} per pixel), so only two exponentials are taken
   * per row and no weight underflows before its neighbours do.
   */
  private static void gaussianRow(double[] out, int xa, int xb, double xc, double dy, double ia, double ib,
                                  double ic, double cstep) {
    double us = -ib * dy / ia;
    int xm = (int) Math.round(xc + us);
    xm = Math.max(xa, Math.min(xb, xm));
    double u0 = xm - xc - us;
    double g0 = Math.exp(-0.5 * (dy * dy * (ic - ib * ib / ia) + ia * u0 * u0));
    /* Rightwards: g(u + 1) = g(u) exp(-ia u - ia / 2), the ratio shrinking by exp(-ia) per step. */
    double rr = Math.exp(-ia * u0 - 0.5 * ia);
    /* Leftwards: g(u - 1) = g(u) exp(ia u - ia / 2), which is exp(-ia) / rr. */
    double rl = cstep / rr;
    /* Rightwards from xm, then leftwards from xm - 1 (whose ratio to g0 is rl). */
    geometric(out, xm - xa, 1, xb - xm + 1, g0, rr, cstep);
    geometric(out, xm - 1 - xa, -1, xm - xa, g0 * rl, rl * cstep, cstep);
  }

  /**
   * {@code out[at + step m] = v(m)} for m = 0..count-1, where {@code v(0) = v0}, {@code v(m + 1) = v(m) q(m)},
   * {@code q(0) = q0} and {@code q(m + 1) = q(m) c}: four interleaved chains (m mod 4), each advancing four terms per
   * product, {@code v(m + 4) = v(m) q(m)^4 c^6} with that factor shrinking by {@code c^16}.
   */
  private static void geometric(double[] out, int at, int step, int count, double v0, double q0, double c) {
    if (count <= 0) {
      return;
    }
    double v1 = v0 * q0;
    double q1 = q0 * c;
    double v2 = v1 * q1;
    double q2 = q1 * c;
    double v3 = v2 * q2;
    double q3 = q2 * c;
    double c2 = c * c;
    double c6 = c2 * c2 * c2;
    double c16 = c6 * c6 * c2 * c2;
    double f0 = q0 * q0 * q0 * q0 * c6;
    double f1 = q1 * q1 * q1 * q1 * c6;
    double f2 = q2 * q2 * q2 * q2 * c6;
    double f3 = q3 * q3 * q3 * q3 * c6;
    int m = 0;
    int p = at;
    int s4 = 4 * step;
    for (; m + 3 < count; m += 4) {
      out[p] = v0;
      out[p + step] = v1;
      out[p + 2 * step] = v2;
      out[p + 3 * step] = v3;
      v0 *= f0;
      v1 *= f1;
      v2 *= f2;
      v3 *= f3;
      f0 *= c16;
      f1 *= c16;
      f2 *= c16;
      f3 *= c16;
      p += s4;
    }
    if (m < count) {
      out[p] = v0;
    }
    if (m + 1 < count) {
      out[p + step] = v1;
    }
    if (m + 2 < count) {
      out[p + 2 * step] = v2;
    }
  }

  /** PSF flux with a kernel already shifted to the centroid; kernel centre at pixel (cx, cy): {flux, err, ok}. */
  double[] psfFlux(float[] k, int kw, int cx, int cy) {
    int r = kw / 2;
    double num = 0;
    double den = 0;
    double lost = 0;
    double all = 0;
    for (int j = 0; j < kw; j++) {
      int yy = cy + j - r;
      for (int i = 0; i < kw; i++) {
        double pk = k[j * kw + i];
        double p2 = pk * pk;
        all += p2;
        int xx = cx + i - r;
        if (xx < 0 || yy < 0 || xx >= w || yy >= h) {
          lost += p2;
          continue;
        }
        int p = yy * w + xx;
        if (!usable(p) || !(var[p] > 0)) {
          lost += p2;
          continue;
        }
        double iv = 1 / var[p];
        num += pk * img[p] * iv;
        den += p2 * iv;
      }
    }
    if (!(den > 0)) {
      return new double[] {Double.NaN, Double.NaN, 0};
    }
    return new double[] {num / den, 1 / Math.sqrt(den), lost > 0.1 * all ? 0 : 1};
  }

  /**
   * Kron radius and flux in an ellipse of the shape of (mxx, myy, mxy): {kronRad, flux, err, ok}. Radii are
   * circularised pixels; pixels that are not usable take the value of their mirror image through the centre.
   */
  double[] kron(double xc, double yc, double mxx, double myy, double mxy, double sign, double factor, double minR) {
    double det = mxx * myy - mxy * mxy;
    double sq = Math.sqrt(det);
    double qa = myy / sq;
    double qb = -mxy / sq;
    double qc = mxx / sq;
    double rm = Math.sqrt(sq);
    double r6 = 6 * rm;
    double s1 = 0;
    double s0 = 0;
    int ex = (int) Math.ceil(r6 * Math.sqrt(mxx / sq)) + 1;
    int ey = (int) Math.ceil(r6 * Math.sqrt(myy / sq)) + 1;
    int cx = (int) Math.round(xc);
    int cy = (int) Math.round(yc);
    boolean clipped = false;
    for (int j = -ey; j <= ey; j++) {
      double dy = cy + j - yc;
      int[] span = chord(qa, qb, qc, dy, r6 * r6, xc - cx, ex);
      for (int i = span[0]; i <= span[1]; i++) {
        double dx = cx + i - xc;
        double re2 = qa * dx * dx + 2 * qb * dx * dy + qc * dy * dy;
        if (re2 > r6 * r6) {
          continue;
        }
        double v = value(cx + i, cy + j, xc, yc);
        if (Double.isNaN(v)) {
          clipped = true;
          continue;
        }
        s1 += Math.sqrt(re2) * sign * v;
        s0 += sign * v;
      }
    }
    boolean ok = s0 > 0 && s1 > 0;
    double r1 = ok ? s1 / s0 : Double.NaN;
    double rk = ok ? Math.max(factor * r1, minR) : Math.max(minR, factor * rm);
    if (!(rk > 0)) {
      return new double[] {r1, Double.NaN, Double.NaN, 0};
    }
    int kx = (int) Math.ceil(rk * Math.sqrt(mxx / sq)) + 1;
    int ky = (int) Math.ceil(rk * Math.sqrt(myy / sq)) + 1;
    double f = 0;
    double vs = 0;
    for (int j = -ky; j <= ky; j++) {
      double dy = cy + j - yc;
      int[] span = chord(qa, qb, qc, dy, rk * rk, xc - cx, kx);
      for (int i = span[0]; i <= span[1]; i++) {
        double dx = cx + i - xc;
        if (qa * dx * dx + 2 * qb * dx * dy + qc * dy * dy > rk * rk) {
          continue;
        }
        int p = pixelOrMirror(cx + i, cy + j, xc, yc);
        if (p < 0) {
          clipped = true;
          continue;
        }
        f += img[p];
        vs += var[p];
      }
    }
    return new double[] {r1, f, Math.sqrt(vs), ok && !clipped ? 1 : 0};
  }

  /**
   * The offsets {i0, i1} (within -lim..lim) of a row at offset {@code dy} that can lie in the ellipse
   * {@code qa dx^2 + 2 qb dx dy + qc dy^2 <= r2}, with {@code dx = i - off}: the chord, widened by one pixel on each
   * side, so the exact test in the caller decides every pixel it could hold.
   */
  private static int[] chord(double qa, double qb, double qc, double dy, double r2, double off, int lim) {
    double disc = qb * dy * qb * dy - qa * (qc * dy * dy - r2);
    if (!(disc >= 0)) {
      return new int[] {0, -1};
    }
    double root = Math.sqrt(disc);
    double mid = -qb * dy / qa;
    int i0 = Math.max(-lim, (int) Math.ceil(off + mid - root / qa) - 1);
    int i1 = Math.min(lim, (int) Math.floor(off + mid + root / qa) + 1);
    return new int[] {i0, i1};
  }

  /** Circular aperture flux with 5x5 sub-sampling of the edge pixels: {flux, err, ok}. */
  double[] aperture(double xc, double yc, double radius) {
    int r = (int) Math.ceil(radius + 1);
    int cx = (int) Math.round(xc);
    int cy = (int) Math.round(yc);
    double f = 0;
    double vs = 0;
    boolean clipped = false;
    double inner = radius - 0.7072;
    double outer = radius + 0.7072;
    for (int j = -r; j <= r; j++) {
      for (int i = -r; i <= r; i++) {
        double dx = cx + i - xc;
        double dy = cy + j - yc;
        double d = Math.sqrt(dx * dx + dy * dy);
        if (d > outer) {
          continue;
        }
        double wt;
        if (d < inner) {
          wt = 1;
        } else {
          int in = 0;
          for (int b = 0; b < 5; b++) {
            double sy = dy - 0.4 + 0.2 * b;
            for (int a = 0; a < 5; a++) {
              double sx = dx - 0.4 + 0.2 * a;
              if (sx * sx + sy * sy <= radius * radius) {
                in++;
              }
            }
          }
          wt = in / 25.0;
          if (in == 0) {
            continue;
          }
        }
        double v = value(cx + i, cy + j, xc, yc);
        if (Double.isNaN(v)) {
          clipped = true;
          continue;
        }
        f += wt * v;
        vs += wt * var[pixelOrMirror(cx + i, cy + j, xc, yc)];
      }
    }
    return new double[] {f, Math.sqrt(vs), clipped ? 0 : 1};
  }

  /** The pixel value, or its mirror through (xc, yc) when it is unusable; NaN when neither is usable. */
  private double value(int x, int y, double xc, double yc) {
    int p = pixelOrMirror(x, y, xc, yc);
    return p < 0 ? Double.NaN : img[p];
  }

  private int pixelOrMirror(int x, int y, double xc, double yc) {
    if (x >= 0 && y >= 0 && x < w && y < h) {
      int p = y * w + x;
      if (usable(p)) {
        return p;
      }
    }
    int mx = (int) Math.round(2 * xc - x);
    int my = (int) Math.round(2 * yc - y);
    if (mx >= 0 && my >= 0 && mx < w && my < h) {
      int p = my * w + mx;
      if (usable(p)) {
        return p;
      }
    }
    return -1;
  }
}
