package org.labelfree.diffim;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageStatistics;
import org.labelfree.image.InvalidDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a spatially varying Alard and Lupton (1998) kernel with the spatial variation of Alard (2000), as LSST's
 * ip_diffim does: with C the image to convolve and R the other one, {@code R ~ K (x) C + B} where
 * {@code K(x, y) = sum_b sum_s a_{b,s} P_s(x, y) B_b} ({@link KernelBasis} images B_b, spatial terms P_s of order
 * {@code spatialKernelOrder}) and B is a polynomial of order {@code backgroundOrder}.
 *
 * <p>Steps:
 * <ol>
 *   <li>Per stamp (fit box of half-width {@link KernelCandidates#fitHalfWidth}, centred on the stamp's nearest pixel):
 *       C is convolved with every basis image (exactly, through the separable raw functions) and the basis
 *       coefficients plus a constant background are solved by weighted least squares, twice: first with weights
 *       {@code 1 / var_R}, then with {@code 1 / (var_R + K^2 (x) var_C)} using the first kernel, which is the
 *       variance of the difference. A stamp whose box leaves the image or holds an unusable pixel (NaN, variance
 *       <= 0, BAD, SAT, NO_DATA, CR) is skipped.</li>
 *   <li>Stamps are sigma-clipped ({@code clipSigma}, up to {@code clipIterations} rounds) on the kernel sum
 *       (two-sided) and on chi^2 per dof (one-sided), around the median with sigma = 1.4826 MAD, floored at
 *       1e-3 x |median kernel sum| and at sqrt(2 / dof) respectively.</li>
 *   <li>The spatial coefficients and the background polynomial are fitted over the surviving stamps in one normal
 *       system (the kernel's spatial terms taken at each stamp centre, the background's at each pixel), solved by
 *       Cholesky decomposition after Jacobi scaling; a scaled condition number above 1e12 or a failed decomposition
 *       is an {@link AlgorithmFailureException}.</li>
 *   <li>Stamps are clipped once more on their chi^2 under the global model (one-sided), and the system is solved
 *       again if any was dropped.</li>
 * </ol>
 *
 * <p>FWHMs given as NaN are estimated from the stamps: the stellar locus (see {@code StarMoments}) of the
 * adaptive-moment FWHMs of the stamp stars in that image. Images are read in their own units (the kernel sum absorbs
 * the photometric scale); a variance plane with no finite positive value is estimated (see {@code StampPlanes}).
 * The per-stamp work runs in parallel, each stamp on one thread, so the result does not depend on the thread count.
 * Stateless and thread-safe.
 */
public final class KernelFitter {
  private static final Logger LOG = LoggerFactory.getLogger(KernelFitter.class);
  /** Largest condition number of the Jacobi-scaled global normal matrix. */
  static final double MAX_CONDITION = 1e12;
  /**
   * Filter taps below this fraction of a filter's largest one are skipped in the stamp convolutions (the tails of
   * the narrow Gaussians, and of the squared kernel, underflow long before the kernel's edge); they change a
   * convolved pixel by less than 1e-10 of its value.
   */
  private static final double NEGLIGIBLE = 1e-12;
  /**
   * The weights' {@code K^2 (x) var_C} skips the smallest taps of K^2 that together hold at most this fraction of its
   * sum: the variance is non-negative, so the convolved variance, and the weight, change by at most about this
   * fraction (weights only set how the pixels share the fit; they need not be exact). K^2 is far more compact than
   * K, so most of its taps go: for a 35^2 kernel fitted to the 4096^2 benchmark, 192 of 1,225 remain (346 at 1e-4).
   */
  private static final double VARIANCE_TAIL = 1e-3;

  private KernelFitter() {}

  /**
   * Fits the kernel.
   *
   * @param science      the science exposure (not null)
   * @param template     the template on the science pixel grid (not null)
   * @param stamps       the stars to fit on, parent pixels (not null; e.g. from {@link KernelCandidates})
   * @param fwhmScience  science PSF FWHM in pixels, or NaN to estimate it from the stamps
   * @param fwhmTemplate template PSF FWHM in pixels, or NaN to estimate it from the stamps
   * @param config       the configuration (not null)
   * @return the fit, never null; its kernel never holds NaN
   * @throws InvalidDataException       if the exposures are not on one grid
   * @throws AlgorithmFailureException  if fewer stamps than {@link AlardLuptonConfig#effectiveMinStamps()} survive,
   *                                    a FWHM cannot be estimated, or the normal matrix is singular
   */
  public static KernelFit fit(Exposure science, Exposure template, List<KernelStamp> stamps, double fwhmScience,
      double fwhmTemplate, AlardLuptonConfig config) {
    Objects.requireNonNull(stamps, "stamps");
    Objects.requireNonNull(config, "config");
    KernelCandidates.requireSameGrid(science, template);
    StampPlanes sci = new StampPlanes(science);
    StampPlanes tmp = new StampPlanes(template);
    int need = config.effectiveMinStamps();
    if (stamps.size() < need) {
      throw tooFew(stamps.size(), need, 0, 0);
    }

    /* FWHMs, convolution direction, basis and polynomials. */
    double fs = Double.isNaN(fwhmScience) ? stampFwhm(sci, stamps, "science") : fwhmScience;
    double ft = Double.isNaN(fwhmTemplate) ? stampFwhm(tmp, stamps, "template") : fwhmTemplate;
    boolean convolveScience = config.mode().convolvesScience(fs, ft);
    KernelBasis basis = KernelBasis.alardLupton(fs, ft, convolveScience, config);
    StampPlanes c = convolveScience ? sci : tmp;
    StampPlanes r = convolveScience ? tmp : sci;
    SpatialPolynomial kPoly = new SpatialPolynomial(config.spatialKernelOrder(), c.x0, c.y0, c.width, c.height);
    SpatialPolynomial bPoly = new SpatialPolynomial(config.backgroundOrder(), c.x0, c.y0, c.width, c.height);
    int hf = KernelCandidates.fitHalfWidth(fs, ft);
    Layout lay = new Layout(basis, kPoly, bPoly, hf);

    /* Step 1: per-stamp fits. */
    StampSystem[] built = new StampSystem[stamps.size()];
    IntStream.range(0, built.length).parallel().forEach(i -> built[i] = StampSystem.build(stamps.get(i), c, r, lay));
    StampSystem[] usable = Arrays.stream(built).filter(Objects::nonNull).toArray(StampSystem[]::new);
    int unusable = built.length - usable.length;

    /* Step 2: sigma-clip on kernel sum and chi^2 per dof. */
    boolean[] active = new boolean[usable.length];
    Arrays.fill(active, true);
    int clipped = 0;
    for (int it = 0; it < config.clipIterations(); it++) {
      int n = clipRound(usable, active, config.clipSigma());
      clipped += n;
      if (n == 0) {
        break;
      }
    }
    int nActive = count(active);
    if (nActive < need) {
      throw tooFew(nActive, need, unusable, clipped);
    }

    /* Step 3: the global fit; step 4: one more clip on its residuals, and a refit if it dropped a stamp. */
    double[] alpha = solveGlobal(usable, active, lay);
    int reclipped = clipResiduals(usable, active, alpha, lay, config.clipSigma());
    if (reclipped > 0) {
      clipped += reclipped;
      nActive = count(active);
      if (nActive < need) {
        throw tooFew(nActive, need, unusable, clipped);
      }
      alpha = solveGlobal(usable, active, lay);
    }

    /* The result: kernel components, background, chi^2 per dof over the used stamps. */
    double chi2 = 0;
    long pixels = 0;
    for (int i = 0; i < usable.length; i++) {
      if (active[i]) {
        chi2 += usable[i].chi2(usable[i].theta(alpha, lay));
        pixels += usable[i].npix;
      }
    }
    double chi2PerDof = chi2 / Math.max(pixels - lay.unknowns, 1);
    int nb = basis.count();
    int nt = kPoly.termCount();
    int kk = basis.size() * basis.size();
    float[][] comps = new float[nt][kk];
    for (int s = 0; s < nt; s++) {
      double[] acc = new double[kk];
      for (int b = 0; b < nb; b++) {
        double a = alpha[b * nt + s];
        float[] img = basis.imageView(b);
        for (int p = 0; p < kk; p++) {
          acc[p] += a * img[p];
        }
      }
      for (int p = 0; p < kk; p++) {
        comps[s][p] = (float) acc[p];
      }
    }
    SpatialKernel kernel = new SpatialKernel(basis.size(), kPoly, comps);
    double[] bg = Arrays.copyOfRange(alpha, nb * nt, nb * nt + bPoly.termCount());
    double sum = kernel.sumAt(c.x0 + (c.width - 1) / 2.0, c.y0 + (c.height - 1) / 2.0);
    KernelFit fit = new KernelFit(kernel, bPoly, bg, convolveScience, nActive, stamps.size() - nActive, chi2PerDof,
        sum, fs, ft);
    LOG.info("Alard-Lupton kernel fit: {} stamps used, {} rejected ({} unusable, {} clipped); kernel {}x{}, sum {}, "
        + "chi2/dof {}; convolving the {}", nActive, stamps.size() - nActive, unusable, clipped, basis.size(),
        basis.size(), String.format("%.5f", sum), String.format("%.3f", chi2PerDof),
        convolveScience ? "science image" : "template");
    return fit;
  }

  private static AlgorithmFailureException tooFew(int usable, int need, int unusable, int clipped) {
    Map<String, Object> md = new LinkedHashMap<>();
    md.put("stampsUsable", usable);
    md.put("stampsNeeded", need);
    md.put("stampsUnusable", unusable);
    md.put("stampsClipped", clipped);
    return new AlgorithmFailureException(usable + " kernel stamps usable, need " + need + " (" + unusable
        + " unusable, " + clipped + " clipped)", md);
  }

  private static double stampFwhm(StampPlanes pl, List<KernelStamp> stamps, String which) {
    double[] sizes = new double[stamps.size()];
    int n = 0;
    for (KernelStamp s : stamps) {
      double f = StarMoments.fwhm(pl, (int) Math.round(s.x()) - pl.x0, (int) Math.round(s.y()) - pl.y0, 12);
      if (Double.isFinite(f)) {
        sizes[n++] = f;
      }
    }
    double fwhm = StarMoments.locusFwhm(sizes, n);
    if (!(fwhm > 0)) {
      Map<String, Object> md = new LinkedHashMap<>();
      md.put("stamps", stamps.size());
      md.put("measured", n);
      throw new AlgorithmFailureException("cannot estimate the " + which + " FWHM from " + stamps.size()
          + " stamps (" + n + " measurable)", md);
    }
    LOG.debug("{} FWHM estimated at {} px from {} stamps", which, fwhm, n);
    return fwhm;
  }

  private static int count(boolean[] a) {
    int n = 0;
    for (boolean b : a) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** One clipping round on the per-stamp kernel sums and chi^2; returns how many stamps it dropped. */
  private static int clipRound(StampSystem[] st, boolean[] active, double clip) {
    int n = count(active);
    if (n < 3) {
      return 0;
    }
    float[] ks = new float[n];
    float[] cs = new float[n];
    double dofSum = 0;
    int k = 0;
    for (int i = 0; i < st.length; i++) {
      if (active[i]) {
        ks[k] = (float) st[i].kernelSum;
        cs[k] = (float) st[i].chi2PerDof;
        dofSum += st[i].npix - st[i].localParams;
        k++;
      }
    }
    ImageStatistics sk = ImageStatistics.of(ks);
    ImageStatistics sc = ImageStatistics.of(cs);
    double sigK = Math.max(sk.robustSigma(), 1e-3 * Math.abs(sk.median()));
    double sigC = Math.max(sc.robustSigma(), Math.sqrt(2 / (dofSum / n)));
    int dropped = 0;
    for (int i = 0; i < st.length; i++) {
      if (active[i] && (Math.abs(st[i].kernelSum - sk.median()) > clip * sigK
          || st[i].chi2PerDof - sc.median() > clip * sigC)) {
        active[i] = false;
        dropped++;
      }
    }
    return dropped;
  }

  /** Drops stamps whose chi^2 per pixel under the global model is more than clip sigma above the median. */
  private static int clipResiduals(StampSystem[] st, boolean[] active, double[] alpha, Layout lay, double clip) {
    int n = count(active);
    if (n < 3) {
      return 0;
    }
    float[] cs = new float[n];
    double[] per = new double[st.length];
    double pixSum = 0;
    int k = 0;
    for (int i = 0; i < st.length; i++) {
      if (active[i]) {
        per[i] = st[i].chi2(st[i].theta(alpha, lay)) / st[i].npix;
        cs[k++] = (float) per[i];
        pixSum += st[i].npix;
      }
    }
    ImageStatistics sc = ImageStatistics.of(cs);
    double sig = Math.max(sc.robustSigma(), Math.sqrt(2 / (pixSum / n)));
    int dropped = 0;
    for (int i = 0; i < st.length; i++) {
      if (active[i] && per[i] - sc.median() > clip * sig) {
        active[i] = false;
        dropped++;
      }
    }
    return dropped;
  }

  /** Builds and solves the global normal system over the active stamps; returns (kernel coefficients, background). */
  private static double[] solveGlobal(StampSystem[] st, boolean[] active, Layout lay) {
    int nu = lay.unknowns;
    int nb = lay.nb;
    int nt = lay.nt;
    int nl = lay.nl;
    double[] a = new double[nu * nu];
    double[] rhs = new double[nu];
    int used = 0;
    for (int i = 0; i < st.length; i++) {
      if (!active[i]) {
        continue;
      }
      used++;
      StampSystem s = st[i];
      /* Local column l maps to global columns: kernel b -> (b, t) for every spatial term t, background g -> g. */
      for (int l = 0; l < nl; l++) {
        double[] fl = l < nb ? s.terms : null;
        for (int m = 0; m < nl; m++) {
          double q = s.q[l * nl + m];
          if (q == 0) {
            continue;
          }
          double[] fm = m < nb ? s.terms : null;
          int nl1 = fl == null ? 1 : nt;
          int nm1 = fm == null ? 1 : nt;
          for (int u = 0; u < nl1; u++) {
            int gu = l < nb ? l * nt + u : nb * nt + (l - nb);
            double wu = fl == null ? 1 : fl[u];
            int row = gu * nu;
            for (int v = 0; v < nm1; v++) {
              int gv = m < nb ? m * nt + v : nb * nt + (m - nb);
              a[row + gv] += wu * (fm == null ? 1 : fm[v]) * q;
            }
          }
        }
        int nl1 = fl == null ? 1 : nt;
        for (int u = 0; u < nl1; u++) {
          int gu = l < nb ? l * nt + u : nb * nt + (l - nb);
          rhs[gu] += (fl == null ? 1 : fl[u]) * s.b[l];
        }
      }
    }

    /* Jacobi scaling, a condition-number check, then Cholesky. */
    double[] d = new double[nu];
    for (int i = 0; i < nu; i++) {
      double v = a[i * nu + i];
      d[i] = v > 0 && Double.isFinite(v) ? 1 / Math.sqrt(v) : 0;
    }
    DMatrixRMaj m = new DMatrixRMaj(nu, nu);
    for (int i = 0; i < nu; i++) {
      for (int j = 0; j < nu; j++) {
        m.set(i, j, a[i * nu + j] * d[i] * d[j]);
      }
    }
    double cond = conditionNumber(m);
    LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(nu);
    if (!(cond <= MAX_CONDITION) || !chol.setA(m.copy())) {
      Map<String, Object> md = new LinkedHashMap<>();
      md.put("conditionNumber", cond);
      md.put("stamps", used);
      md.put("unknowns", nu);
      throw new AlgorithmFailureException("singular kernel normal matrix: scaled condition number " + cond
          + " (limit " + MAX_CONDITION + ") with " + used + " stamps and " + nu + " unknowns", md);
    }
    DMatrixRMaj y = new DMatrixRMaj(nu, 1);
    DMatrixRMaj bb = new DMatrixRMaj(nu, 1);
    for (int i = 0; i < nu; i++) {
      bb.set(i, 0, rhs[i] * d[i]);
    }
    chol.solve(bb, y);
    double[] out = new double[nu];
    for (int i = 0; i < nu; i++) {
      out[i] = y.get(i, 0) * d[i];
      if (!Double.isFinite(out[i])) {
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("conditionNumber", cond);
        md.put("stamps", used);
        throw new AlgorithmFailureException("singular kernel normal matrix: non-finite solution", md);
      }
    }
    return out;
  }

  /** The 2-norm condition number of a symmetric matrix (infinite when an eigenvalue is <= 0 or not finite). */
  private static double conditionNumber(DMatrixRMaj m) {
    if (Arrays.stream(m.data).anyMatch(v -> !Double.isFinite(v))) {
      return Double.POSITIVE_INFINITY;
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m.numRows, false, true);
    if (!eig.decompose(m.copy())) {
      return Double.POSITIVE_INFINITY;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (int i = 0; i < m.numRows; i++) {
      double ev = eig.getEigenvalue(i).getReal();
      lo = Math.min(lo, ev);
      hi = Math.max(hi, Math.abs(ev));
    }
    return lo > 0 ? hi / lo : Double.POSITIVE_INFINITY;
  }

  /** Sizes shared by all stamps. */
  static final class Layout {
    final KernelBasis basis;
    final SpatialPolynomial kPoly;
    final SpatialPolynomial bPoly;
    final int hf;
    final int r;
    final int nb;
    final int nt;
    final int ng;
    final int nl;
    final int unknowns;

    Layout(KernelBasis basis, SpatialPolynomial kPoly, SpatialPolynomial bPoly, int hf) {
      this.basis = basis;
      this.kPoly = kPoly;
      this.bPoly = bPoly;
      this.hf = hf;
      this.r = basis.size() / 2;
      this.nb = basis.count();
      this.nt = kPoly.termCount();
      this.ng = bPoly.termCount();
      this.nl = nb + ng;
      this.unknowns = nb * nt + ng;
    }
  }

  /**
   * The weighted normal equations of one stamp over its local columns (the nb convolved basis images, then the ng
   * background terms): q = A^T W A, b = A^T W R, rwr = R^T W R, with the final weights.
   */
  static final class StampSystem {
    final double[] terms;
    final double[] q;
    final double[] b;
    final double rwr;
    final int npix;
    final int nl;
    final int localParams;
    final double kernelSum;
    final double chi2PerDof;

    private StampSystem(double[] terms, double[] q, double[] b, double rwr, int npix, int nl, int localParams,
        double kernelSum, double chi2PerDof) {
      this.terms = terms;
      this.q = q;
      this.b = b;
      this.rwr = rwr;
      this.npix = npix;
      this.nl = nl;
      this.localParams = localParams;
      this.kernelSum = kernelSum;
      this.chi2PerDof = chi2PerDof;
    }

    /** The local parameters (per-basis kernel coefficients at the stamp centre, background) of a global solution. */
    double[] theta(double[] alpha, Layout lay) {
      double[] th = new double[nl];
      for (int bi = 0; bi < lay.nb; bi++) {
        double s = 0;
        for (int t = 0; t < lay.nt; t++) {
          s += alpha[bi * lay.nt + t] * terms[t];
        }
        th[bi] = s;
      }
      System.arraycopy(alpha, lay.nb * lay.nt, th, lay.nb, lay.ng);
      return th;
    }

    /** chi^2 of local parameters theta: rwr - 2 theta.b + theta.Q.theta. */
    double chi2(double[] th) {
      double s = rwr;
      for (int i = 0; i < nl; i++) {
        s -= 2 * th[i] * b[i];
        double row = 0;
        for (int j = 0; j < nl; j++) {
          row += q[i * nl + j] * th[j];
        }
        s += th[i] * row;
      }
      return Math.max(s, 0);
    }

    /** Builds the system of one stamp, or null if the stamp is unusable or its local fit fails. */
    static StampSystem build(KernelStamp stamp, StampPlanes c, StampPlanes r, Layout lay) {
      int x = (int) Math.round(stamp.x()) - c.x0;
      int y = (int) Math.round(stamp.y()) - c.y0;
      int hf = lay.hf;
      int kr = lay.r;
      if (!c.usableBox(x - hf - kr, y - hf - kr, x + hf + kr, y + hf + kr)
          || !r.usableBox(x - hf, y - hf, x + hf, y + hf)) {
        return null;
      }
      int n = 2 * hf + 1;
      int m = n + 2 * kr;
      int npix = n * n;
      int ks = 2 * kr + 1;
      KernelBasis basis = lay.basis;
      int nb = lay.nb;
      int ng = lay.ng;
      int nl = lay.nl;

      /* C's image and variance over the stamp box grown by the kernel radius, m x m, as doubles (loops over one
       * type vectorise). */
      int w = c.width;
      double[] ci = new double[m * m];
      double[] cv = new double[m * m];
      for (int yy = 0; yy < m; yy++) {
        int src = (y - hf - kr + yy) * w + x - hf - kr;
        for (int xx = 0; xx < m; xx++) {
          ci[yy * m + xx] = c.image[src + xx];
          cv[yy * m + xx] = c.variance[src + xx];
        }
      }

      /* Convolve C with the raw separable functions (rows first, shared per x factor), then combine into the basis. */
      Map<double[], double[]> rows = new IdentityHashMap<>();
      double[][] conv = new double[nb][npix];
      double[] v = new double[npix];
      for (int k = 0; k < basis.rawCount(); k++) {
        double[] hx = basis.rawX(k);
        double[] h = rows.get(hx);
        if (h == null) {
          double tinyX = NEGLIGIBLE * maxAbs(hx);
          int parityX = parity(hx);
          h = new double[m * n];
          for (int yy = 0; yy < m; yy++) {
            filterAdd(h, yy * n, ci, yy * m + kr, 1, hx, tinyX, parityX, n);
          }
          rows.put(hx, h);
        }
        double[] hy = basis.rawY(k);
        double tinyY = NEGLIGIBLE * maxAbs(hy);
        int parityY = parity(hy);
        Arrays.fill(v, 0);
        /* The rows of h are n wide with no gap, so the column filter of all n output rows is one run of n^2. */
        filterAdd(v, 0, h, kr * n, n, hy, tinyY, parityY, n * n);
        for (int bi = 0; bi < nb; bi++) {
          double t = basis.transform(bi)[k];
          if (t == 0) {
            continue;
          }
          double[] cb = conv[bi];
          for (int p = 0; p < npix; p++) {
            cb[p] += t * v[p];
          }
        }
      }

      /* Columns: convolved basis, then background terms per pixel; data and variances. */
      double[][] cols = new double[nl][];
      System.arraycopy(conv, 0, cols, 0, nb);
      double[] tt = new double[ng];
      for (int g = 0; g < ng; g++) {
        cols[nb + g] = new double[npix];
      }
      double[] rv = new double[npix];
      double[] varR = new double[npix];
      for (int yy = 0; yy < n; yy++) {
        for (int xx = 0; xx < n; xx++) {
          int p = yy * n + xx;
          int src = (y - hf + yy) * r.width + (x - hf + xx);
          rv[p] = r.image[src];
          varR[p] = r.variance[src];
          lay.bPoly.terms(c.x0 + x - hf + xx, c.y0 + y - hf + yy, tt);
          for (int g = 0; g < ng; g++) {
            cols[nb + g][p] = tt[g];
          }
        }
      }

      /* Pass 1: weights 1 / var_R; a first kernel. */
      double[] wt = new double[npix];
      for (int p = 0; p < npix; p++) {
        wt[p] = 1 / varR[p];
      }
      int[] sub = new int[nb + 1];
      for (int i = 0; i < nb; i++) {
        sub[i] = i;
      }
      sub[nb] = nb;
      double[] a1 = solveLocal(cols, rv, wt, sub);
      if (a1 == null) {
        return null;
      }

      /* Pass 2: weights 1 / (var_R + K^2 (x) var_C). */
      double[] k2 = new double[ks * ks];
      for (int bi = 0; bi < nb; bi++) {
        float[] img = basis.imageView(bi);
        for (int p = 0; p < k2.length; p++) {
          k2[p] += a1[bi] * img[p];
        }
      }
      for (int p = 0; p < k2.length; p++) {
        k2[p] *= k2[p];
      }
      double[] kv = new double[npix];
      double tinyK2 = tailCut(k2, VARIANCE_TAIL);
      for (int yy = 0; yy < n; yy++) {
        int dst = yy * n;
        for (int j = -kr; j <= kr; j++) {
          int krow = (j + kr) * ks + kr;
          int srcRow = (yy + kr - j) * m + kr;
          for (int i = -kr; i <= kr; i++) {
            double f = k2[krow + i];
            if (f < tinyK2) {
              continue;
            }
            int src = srcRow - i;
            for (int xx = 0; xx < n; xx++) {
              kv[dst + xx] += f * cv[src + xx];
            }
          }
        }
      }
      for (int p = 0; p < npix; p++) {
        wt[p] = 1 / (varR[p] + kv[p]);
      }
      double[] q = new double[nl * nl];
      double[] b = new double[nl];
      double rwr = 0;
      for (int p = 0; p < npix; p++) {
        rwr += wt[p] * rv[p] * rv[p];
      }
      int[] all = new int[nl];
      for (int i = 0; i < nl; i++) {
        all[i] = i;
      }
      normalEquations(cols, all, wt, rv, q, b);
      double[] a2 = solveNormal(q, b, nl, sub);
      if (a2 == null) {
        return null;
      }
      double chi2 = rwr;
      for (int i = 0; i < sub.length; i++) {
        chi2 -= 2 * a2[i] * b[sub[i]];
        for (int j = 0; j < sub.length; j++) {
          chi2 += a2[i] * q[sub[i] * nl + sub[j]] * a2[j];
        }
      }
      double[] terms = new double[lay.nt];
      lay.kPoly.terms(c.x0 + x, c.y0 + y, terms);
      double kernelSum = a2[0];
      return new StampSystem(terms, q, b, rwr, npix, nl, sub.length, kernelSum,
          Math.max(chi2, 0) / Math.max(npix - sub.length, 1));
    }

    /**
     * The weighted normal equations of the columns {@code cols[idx[i]]}: {@code q[i * k + j] = sum wt c_i c_j} and
     * {@code b[i] = sum wt c_i rv}, with {@code k = idx.length}.
     */
    private static void normalEquations(double[][] cols, int[] idx, double[] wt, double[] rv, double[] q,
        double[] b) {
      int k = idx.length;
      double[] wc = new double[rv.length];
      double[] two = new double[2];
      for (int i = 0; i < k; i++) {
        double[] ci = cols[idx[i]];
        for (int p = 0; p < wc.length; p++) {
          wc[p] = wt[p] * ci[p];
        }
        b[i] = dot(wc, rv);
        /* Two columns per sweep: wc is read once for both. */
        int j = 0;
        for (; j + 1 <= i; j += 2) {
          dot2(wc, cols[idx[j]], cols[idx[j + 1]], two);
          q[i * k + j] = two[0];
          q[j * k + i] = two[0];
          q[i * k + j + 1] = two[1];
          q[(j + 1) * k + i] = two[1];
        }
        for (; j <= i; j++) {
          double s = dot(wc, cols[idx[j]]);
          q[i * k + j] = s;
          q[j * k + i] = s;
        }
      }
    }

    /**
     * {@code out[outAt + p] += sum_i f[r + i] * in[inAt - i * step + p]} for {@code p < len}, {@code |i| <= r} (f has
     * {@code 2r + 1} taps): a 1-d filter along a row ({@code step} 1) or a column ({@code step} the row length), tap
     * by tap over the whole run (a vectorisable multiply-add). Taps with {@code |f| <= tiny} are skipped. A filter of
     * parity +1 (even) or -1 (odd, from {@link #parity}) takes taps i and -i together: half the multiplications and
     * half the updates of {@code out}.
     */
    static void filterAdd(double[] out, int outAt, double[] in, int inAt, int step, double[] f, double tiny,
        int parity, int len) {
      int r = f.length / 2;
      if (parity == 0) {
        for (int i = -r; i <= r; i++) {
          double c = f[r + i];
          if (Math.abs(c) > tiny) {
            int src = inAt - i * step;
            for (int p = 0; p < len; p++) {
              out[outAt + p] += c * in[src + p];
            }
          }
        }
        return;
      }
      double c0 = f[r];
      if (Math.abs(c0) > tiny) {
        for (int p = 0; p < len; p++) {
          out[outAt + p] += c0 * in[inAt + p];
        }
      }
      for (int i = 1; i <= r; i++) {
        double c = f[r + i];
        if (Math.abs(c) <= tiny) {
          continue;
        }
        int lo = inAt - i * step;
        int hi = inAt + i * step;
        if (parity > 0) {
          for (int p = 0; p < len; p++) {
            out[outAt + p] += c * (in[lo + p] + in[hi + p]);
          }
        } else {
          for (int p = 0; p < len; p++) {
            out[outAt + p] += c * (in[lo + p] - in[hi + p]);
          }
        }
      }
    }

    /** +1 if {@code f[r + i] == f[r - i]} for every i, -1 if {@code f[r + i] == -f[r - i]}, else 0 (exact tests). */
    static int parity(double[] f) {
      int r = f.length / 2;
      boolean even = true;
      boolean odd = f[r] == 0;
      for (int i = 1; i <= r; i++) {
        even &= f[r + i] == f[r - i];
        odd &= f[r + i] == -f[r - i];
      }
      return even ? 1 : odd ? -1 : 0;
    }

    /**
     * The smallest value to keep so that the values below it, all dropped, sum to at most {@code fraction} of the
     * total ({@code values} non-negative; the array is not modified).
     */
    static double tailCut(double[] values, double fraction) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double total = 0;
      for (double v : sorted) {
        total += v;
      }
      double budget = fraction * total;
      double dropped = 0;
      for (double v : sorted) {
        if (dropped + v > budget) {
          return v;
        }
        dropped += v;
      }
      return Double.POSITIVE_INFINITY;
    }

    /** The largest absolute value. */
    private static double maxAbs(double[] a) {
      double m = 0;
      for (double v : a) {
        m = Math.max(m, Math.abs(v));
      }
      return m;
    }

    /** {@link #dot}{@code (a, b)} and {@code dot(a, c)} in one sweep, each summed in the same order as dot. */
    static void dot2(double[] a, double[] b, double[] c, double[] out) {
      int n = a.length;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      double t0 = 0;
      double t1 = 0;
      double t2 = 0;
      double t3 = 0;
      int p = 0;
      for (; p + 3 < n; p += 4) {
        double a0 = a[p];
        double a1 = a[p + 1];
        double a2 = a[p + 2];
        double a3 = a[p + 3];
        s0 += a0 * b[p];
        s1 += a1 * b[p + 1];
        s2 += a2 * b[p + 2];
        s3 += a3 * b[p + 3];
        t0 += a0 * c[p];
        t1 += a1 * c[p + 1];
        t2 += a2 * c[p + 2];
        t3 += a3 * c[p + 3];
      }
      for (; p < n; p++) {
        s0 += a[p] * b[p];
        t0 += a[p] * c[p];
      }
      out[0] = (s0 + s1) + (s2 + s3);
      out[1] = (t0 + t1) + (t2 + t3);
    }

    /** The dot product with four partial sums (independent chains the processor can overlap). */
    static double dot(double[] a, double[] b) {
      int n = a.length;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int p = 0;
      for (; p + 3 < n; p += 4) {
        s0 += a[p] * b[p];
        s1 += a[p + 1] * b[p + 1];
        s2 += a[p + 2] * b[p + 2];
        s3 += a[p + 3] * b[p + 3];
      }
      for (; p < n; p++) {
        s0 += a[p] * b[p];
      }
      return (s0 + s1) + (s2 + s3);
    }

    private static double[] solveLocal(double[][] cols, double[] rv, double[] wt, int[] sub) {
      int k = sub.length;
      double[] q = new double[k * k];
      double[] b = new double[k];
      normalEquations(cols, sub, wt, rv, q, b);
      int[] ident = new int[k];
      for (int i = 0; i < k; i++) {
        ident[i] = i;
      }
      return solveNormal(q, b, k, ident);
    }

    /** Solves the sub-system of the given columns of q (stride nl) by Cholesky; null if it is not positive definite. */
    private static double[] solveNormal(double[] q, double[] b, int nl, int[] sub) {
      int k = sub.length;
      DMatrixRMaj a = new DMatrixRMaj(k, k);
      DMatrixRMaj rhs = new DMatrixRMaj(k, 1);
      double[] d = new double[k];
      for (int i = 0; i < k; i++) {
        double v = q[sub[i] * nl + sub[i]];
        if (!(v > 0) || !Double.isFinite(v)) {
          return null;
        }
        d[i] = 1 / Math.sqrt(v);
      }
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          a.set(i, j, q[sub[i] * nl + sub[j]] * d[i] * d[j]);
        }
        rhs.set(i, 0, b[sub[i]] * d[i]);
      }
      LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(k);
      if (!chol.setA(a)) {
        return null;
      }
      DMatrixRMaj x = new DMatrixRMaj(k, 1);
      chol.solve(rhs, x);
      double[] out = new double[k];
      for (int i = 0; i < k; i++) {
        out[i] = x.get(i, 0) * d[i];
        if (!Double.isFinite(out[i])) {
          return null;
        }
      }
      return out;
    }
  }
}
