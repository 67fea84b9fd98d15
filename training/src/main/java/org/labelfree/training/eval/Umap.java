package org.labelfree.training.eval;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uniform Manifold Approximation and Projection to two dimensions (McInnes, Healy &amp; Melville 2018,
 * arXiv:1802.03426), written for this project, single-threaded and deterministic. Static and thread-safe.
 *
 * <p>The steps follow the paper and umap-learn's defaults:
 * <ol>
 *   <li>Exact (brute-force) Euclidean k nearest neighbours, the point itself counted as the first of the k
 *       ({@code nNeighbors}); ties by row index.</li>
 *   <li>The local fuzzy simplicial sets (paper section 3.1, eq. of definition 9): {@code rho_i} is the distance to
 *       the nearest neighbour at a non-zero distance; {@code sigma_i} is found by bisection (64 steps, tolerance
 *       1e-5) so that {@code sum_j exp(-max(0, d_ij - rho_i) / sigma_i) = log2(k)} over the k - 1 neighbours, with
 *       umap-learn's floor of 1e-3 times the mean neighbour distance; memberships
 *       {@code w_ij = exp(-max(0, d_ij - rho_i) / sigma_i)}.</li>
 *   <li>The fuzzy union {@code W + W^T - W o W^T}, both directions of every edge kept; edges lighter than
 *       {@code max / epochs} dropped, as umap-learn does.</li>
 *   <li>Initialisation by PCA: the first two principal components, each scaled to [-10, 10]. <b>Deviation:</b>
 *       umap-learn initialises with a spectral embedding of the graph; PCA is cheaper, needs no sparse eigensolver
 *       and keeps the global layout of well-separated groups, which is what the report's plot needs.</li>
 *   <li>The low-dimensional similarity {@code 1 / (1 + a d^(2b))} with a and b fitted by least squares
 *       (Levenberg-Marquardt, 300 points on [0, 3]) to {@code 1} for {@code d < minDist} and
 *       {@code exp(-(d - minDist))} beyond (spread 1), as umap-learn's {@code find_ab_params}; minDist 0.1 gives
 *       a = 1.577, b = 0.895.</li>
 *   <li>Stochastic gradient descent on the fuzzy-set cross entropy (paper section 3.2): each edge is sampled in
 *       proportion to its weight (every {@code max_w / w} epochs) and pulls its two ends together; each sample
 *       draws 5 negative (repulsive, gamma 1) samples uniformly from all points; gradients clipped to [-4, 4];
 *       learning rate {@code 1 - epoch / epochs}. One {@link SplittableRandom} seeded from the config draws every
 *       negative sample, in edge order, so the same input and seed give identical output.</li>
 * </ol>
 */
public final class Umap {
  private static final Logger LOG = LoggerFactory.getLogger(Umap.class);
  private static final int NEGATIVE_SAMPLE_RATE = 5;
  private static final double GAMMA = 1.0;
  private static final double SMOOTH_K_TOLERANCE = 1e-5;
  private static final double MIN_K_DIST_SCALE = 1e-3;
  private static final int BISECTION_STEPS = 64;
  private static final double INIT_RANGE = 10.0;

  private Umap() {}

  /**
   * Embeds all points in two dimensions.
   *
   * @param x   row-major n x dim data
   * @param n   number of points ({@code 2 <= n <= maxPoints})
   * @param dim number of features ({@code >= 1})
   * @param c   the configuration
   * @return row-major n x 2 coordinates
   * @throws IllegalArgumentException if the sizes do not match, n is out of range (above maxPoints use
   *     {@link #embedSubset}) or a feature is not finite
   */
  public static float[] embed(float[] x, int n, int dim, UmapConfig c) {
    Objects.requireNonNull(c, "c");
    checkInput(x, n, dim);
    if (n > c.maxPoints()) {
      throw new IllegalArgumentException("n is " + n + ", above maxPoints " + c.maxPoints()
          + "; embed a subset with Umap.embedSubset or raise maxPoints");
    }
    return run(x, n, dim, c);
  }

  /**
   * Embeds all points, or, when there are more than {@code maxPoints}, a random subset of {@code maxPoints} rows
   * drawn with the config's seed (logged once at INFO).
   *
   * @return the embedded rows (ascending) and their coordinates
   * @throws IllegalArgumentException as {@link #embed}, except for the upper limit on n
   */
  public static UmapEmbedding embedSubset(float[] x, int n, int dim, UmapConfig c) {
    Objects.requireNonNull(c, "c");
    checkInput(x, n, dim);
    if (n <= c.maxPoints()) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return new UmapEmbedding(all, run(x, n, dim, c), n);
    }
    /* Draw maxPoints distinct rows by a partial Fisher-Yates shuffle, then keep them in row order. */
    int m = c.maxPoints();
    SplittableRandom rng = new SplittableRandom(c.seed() ^ 0x5DEECE66DL);
    int[] perm = new int[n];
    Arrays.setAll(perm, i -> i);
    for (int i = 0; i < m; i++) {
      int j = i + rng.nextInt(n - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] rows = Arrays.copyOf(perm, m);
    Arrays.sort(rows);
    float[] sub = new float[m * dim];
    for (int k = 0; k < m; k++) {
      System.arraycopy(x, rows[k] * dim, sub, k * dim, dim);
    }
    LOG.info("UMAP: embedding a seeded random subset of {} of {} points (maxPoints {}, seed {})", m, n, m, c.seed());
    return new UmapEmbedding(rows, run(sub, m, dim, c), n);
  }

  /**
   * The parameters a and b of the low-dimensional similarity {@code 1 / (1 + a d^(2b))} for a minimum distance
   * and spread, fitted by least squares as described in the class comment.
   *
   * @return {a, b}
   */
  public static double[] curveParameters(double minDist, double spread) {
    int m = 300;
    double[] xs = new double[m];
    double[] ys = new double[m];
    for (int i = 0; i < m; i++) {
      xs[i] = 3.0 * spread * i / (m - 1);
      ys[i] = xs[i] < minDist ? 1.0 : Math.exp(-(xs[i] - minDist) / spread);
    }
    /* Levenberg-Marquardt from (1, 1), with a and b kept positive. */
    double a = 1;
    double b = 1;
    double lambda = 1e-3;
    double sse = sse(xs, ys, a, b);
    for (int iter = 0; iter < 500; iter++) {
      double jaa = 0;
      double jab = 0;
      double jbb = 0;
      double ga = 0;
      double gb = 0;
      for (int i = 0; i < m; i++) {
        double x = xs[i];
        if (x <= 0) {
          continue;
        }
        double g = Math.pow(x, 2 * b);
        double den = 1 + a * g;
        double r = 1 / den - ys[i];
        double da = -g / (den * den);
        double db = -a * g * 2 * Math.log(x) / (den * den);
        jaa += da * da;
        jab += da * db;
        jbb += db * db;
        ga += da * r;
        gb += db * r;
      }
      boolean accepted = false;
      while (!accepted && lambda < 1e12) {
        double haa = jaa * (1 + lambda);
        double hbb = jbb * (1 + lambda);
        double det = haa * hbb - jab * jab;
        double stepA = -(hbb * ga - jab * gb) / det;
        double stepB = -(haa * gb - jab * ga) / det;
        double na = a + stepA;
        double nb = b + stepB;
        double nsse = na > 0 && nb > 0 ? sse(xs, ys, na, nb) : Double.POSITIVE_INFINITY;
        if (nsse < sse) {
          boolean converged = sse - nsse < 1e-15 * Math.max(1, sse);
          a = na;
          b = nb;
          sse = nsse;
          lambda = Math.max(lambda / 10, 1e-12);
          accepted = true;
          if (converged) {
            return new double[] {a, b};
          }
        } else {
          lambda *= 10;
        }
      }
      if (!accepted) {
        break;
      }
    }
    return new double[] {a, b};
  }

  private static double sse(double[] xs, double[] ys, double a, double b) {
    double s = 0;
    for (int i = 0; i < xs.length; i++) {
      double r = 1 / (1 + a * Math.pow(xs[i], 2 * b)) - ys[i];
      s += r * r;
    }
    return s;
  }

  private static void checkInput(float[] x, int n, int dim) {
    Objects.requireNonNull(x, "x");
    if (n < 2) {
      throw new IllegalArgumentException("n is " + n + "; expected at least 2 points to embed");
    }
    if (dim < 1) {
      throw new IllegalArgumentException("dim is " + dim + "; expected >= 1");
    }
    if (x.length != (long) n * dim) {
      throw new IllegalArgumentException("x has length " + x.length + "; expected n x dim = " + n + " x " + dim);
    }
    for (int i = 0; i < x.length; i++) {
      if (!Float.isFinite(x[i])) {
        throw new IllegalArgumentException("x[" + i + "] (point " + i / dim + ", feature " + i % dim + ") is "
            + x[i] + "; expected a finite value");
      }
    }
  }

  private static float[] run(float[] x, int n, int dim, UmapConfig c) {
    int k = Math.min(c.nNeighbors(), n);
    if (k < c.nNeighbors()) {
      LOG.debug("UMAP: {} points, fewer than nNeighbors {}; using {} neighbours", n, c.nNeighbors(), k);
    }
    int[][] knn = new int[n][];
    double[][] dist = new double[n][];
    nearestNeighbours(x, n, dim, k, knn, dist);
    Graph g = fuzzyUnion(knn, dist, n, k);
    double[] y = pcaInit(x, n, dim, c.seed());
    double[] ab = curveParameters(c.minDist(), 1.0);
    optimise(y, g, n, c.epochs(), ab[0], ab[1], new SplittableRandom(c.seed()));
    float[] out = new float[2 * n];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) y[i];
    }
    return out;
  }

  /** For each point its k nearest points, itself first at distance 0, then by distance (ties by index). */
  private static void nearestNeighbours(float[] x, int n, int dim, int k, int[][] knn, double[][] dist) {
    int m = k - 1;
    double[] d2 = new double[n];
    for (int i = 0; i < n; i++) {
      /* Squared distances to every point, then an insertion-sorted top m (m is small). */
      int oi = i * dim;
      for (int j = 0; j < n; j++) {
        int oj = j * dim;
        double s = 0;
        for (int f = 0; f < dim; f++) {
          double diff = (double) x[oi + f] - x[oj + f];
          s += diff * diff;
        }
        d2[j] = s;
      }
      int[] idx = new int[m];
      double[] best = new double[m];
      int filled = 0;
      for (int j = 0; j < n; j++) {
        if (j == i) {
          continue;
        }
        double v = d2[j];
        if (filled == m && v >= best[m - 1]) {
          continue;
        }
        int p = filled < m ? filled++ : m - 1;
        while (p > 0 && best[p - 1] > v) {
          best[p] = best[p - 1];
          idx[p] = idx[p - 1];
          p--;
        }
        best[p] = v;
        idx[p] = j;
      }
      knn[i] = new int[k];
      dist[i] = new double[k];
      knn[i][0] = i;
      for (int q = 0; q < m; q++) {
        knn[i][q + 1] = idx[q];
        dist[i][q + 1] = Math.sqrt(best[q]);
      }
    }
  }

  /** The symmetric fuzzy graph: for each edge its head, tail and weight, sorted by head then tail. */
  private record Graph(int[] head, int[] tail, double[] weight) {}

  private static Graph fuzzyUnion(int[][] knn, double[][] dist, int n, int k) {
    /* rho and sigma per point (smooth kNN distances). */
    double target = Math.log(k) / Math.log(2);
    double meanAll = 0;
    for (double[] row : dist) {
      for (double d : row) {
        meanAll += d;
      }
    }
    meanAll /= (double) n * k;
    double[][] w = new double[n][k];
    for (int i = 0; i < n; i++) {
      double[] d = dist[i];
      double rho = 0;
      for (int q = 1; q < k; q++) {
        if (d[q] > 0) {
          rho = d[q];
          break;
        }
      }
      double lo = 0;
      double hi = Double.POSITIVE_INFINITY;
      double mid = 1;
      for (int step = 0; step < BISECTION_STEPS; step++) {
        double psum = 0;
        for (int q = 1; q < k; q++) {
          psum += Math.exp(-Math.max(0, d[q] - rho) / mid);
        }
        if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) {
          break;
        }
        if (psum > target) {
          hi = mid;
          mid = (lo + hi) / 2;
        } else {
          lo = mid;
          mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
        }
      }
      double meanRow = 0;
      for (double v : d) {
        meanRow += v;
      }
      meanRow /= k;
      double sigma = Math.max(mid, MIN_K_DIST_SCALE * (rho > 0 ? meanRow : meanAll));
      for (int q = 1; q < k; q++) {
        double e = d[q] - rho;
        w[i][q] = e <= 0 ? 1.0 : Math.exp(-e / sigma);
      }
    }

    /* Per head, its neighbours sorted by index, to look up the reverse membership. */
    int[][] sortedNbr = new int[n][];
    double[][] sortedW = new double[n][];
    for (int i = 0; i < n; i++) {
      Integer[] order = new Integer[k - 1];
      for (int q = 0; q < k - 1; q++) {
        order[q] = q + 1;
      }
      final int row = i;
      Arrays.sort(order, (p, q) -> Integer.compare(knn[row][p], knn[row][q]));
      sortedNbr[i] = new int[k - 1];
      sortedW[i] = new double[k - 1];
      for (int q = 0; q < k - 1; q++) {
        sortedNbr[i][q] = knn[i][order[q]];
        sortedW[i][q] = w[i][order[q]];
      }
    }

    /* Fuzzy union of W and its transpose: every pair linked either way gets p + q - p q, in both directions. */
    long[] keys = new long[2 * n * (k - 1)];
    double[] vals = new double[keys.length];
    int e = 0;
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < k - 1; q++) {
        int j = sortedNbr[i][q];
        double p = sortedW[i][q];
        int back = Arrays.binarySearch(sortedNbr[j], i);
        double r = back >= 0 ? sortedW[j][back] : 0;
        double u = p + r - p * r;
        keys[e] = (long) i * n + j;
        vals[e++] = u;
        if (back < 0) {
          keys[e] = (long) j * n + i;
          vals[e++] = u;
        }
      }
    }
    /* Sort by (head, tail); drop zero weights. */
    Integer[] order = new Integer[e];
    for (int t = 0; t < e; t++) {
      order[t] = t;
    }
    final long[] fk = keys;
    Arrays.sort(order, (p, q) -> Long.compare(fk[p], fk[q]));
    int[] head = new int[e];
    int[] tail = new int[e];
    double[] weight = new double[e];
    int m = 0;
    for (int t = 0; t < e; t++) {
      int o = order[t];
      if (vals[o] > 0) {
        head[m] = (int) (keys[o] / n);
        tail[m] = (int) (keys[o] % n);
        weight[m++] = vals[o];
      }
    }
    return new Graph(Arrays.copyOf(head, m), Arrays.copyOf(tail, m), Arrays.copyOf(weight, m));
  }

  /** The first two principal components of the centred data, each scaled to [-10, 10]; row-major n x 2. */
  private static double[] pcaInit(float[] x, int n, int dim, long seed) {
    /* Centre and form the covariance matrix. */
    double[] mean = new double[dim];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < dim; f++) {
        mean[f] += x[i * dim + f];
      }
    }
    for (int f = 0; f < dim; f++) {
      mean[f] /= n;
    }
    double[][] cov = new double[dim][dim];
    double[] row = new double[dim];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < dim; f++) {
        row[f] = x[i * dim + f] - mean[f];
      }
      for (int f = 0; f < dim; f++) {
        double rf = row[f];
        if (rf == 0) {
          continue;
        }
        double[] cf = cov[f];
        for (int g = f; g < dim; g++) {
          cf[g] += rf * row[g];
        }
      }
    }
    for (int f = 0; f < dim; f++) {
      for (int g = 0; g < f; g++) {
        cov[f][g] = cov[g][f];
      }
    }

    /* Top two eigenvectors by orthogonal (subspace) iteration from a seeded start. */
    SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    double[][] v = new double[2][dim];
    for (int c = 0; c < 2; c++) {
      for (int f = 0; f < dim; f++) {
        v[c][f] = rng.nextDouble() - 0.5;
      }
    }
    orthonormalise(v);
    for (int iter = 0; iter < 1000; iter++) {
      double[][] nv = new double[2][dim];
      for (int c = 0; c < 2; c++) {
        for (int f = 0; f < dim; f++) {
          double s = 0;
          double[] cf = cov[f];
          for (int g = 0; g < dim; g++) {
            s += cf[g] * v[c][g];
          }
          nv[c][f] = s;
        }
      }
      orthonormalise(nv);
      double change = 0;
      for (int c = 0; c < 2; c++) {
        double dot = 0;
        for (int f = 0; f < dim; f++) {
          dot += nv[c][f] * v[c][f];
        }
        change = Math.max(change, 1 - Math.abs(dot));
      }
      v = nv;
      if (change < 1e-12) {
        break;
      }
    }

    /* Project and scale each component to [-10, 10]; a flat component falls back to seeded uniform values. */
    double[] y = new double[2 * n];
    for (int c = 0; c < 2; c++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int f = 0; f < dim; f++) {
          s += (x[i * dim + f] - mean[f]) * v[c][f];
        }
        y[2 * i + c] = s;
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
      }
      double range = hi - lo;
      for (int i = 0; i < n; i++) {
        y[2 * i + c] = range > 1e-12 * Math.max(1, Math.max(Math.abs(lo), Math.abs(hi)))
            ? 2 * INIT_RANGE * (y[2 * i + c] - lo) / range - INIT_RANGE
            : INIT_RANGE * (2 * rng.nextDouble() - 1);
      }
    }
    return y;
  }

  /** Gram-Schmidt on two vectors; a vector that vanishes is replaced by a unit axis orthogonal to the first. */
  private static void orthonormalise(double[][] v) {
    int dim = v[0].length;
    normalise(v[0], 0);
    double dot = 0;
    for (int f = 0; f < dim; f++) {
      dot += v[0][f] * v[1][f];
    }
    for (int f = 0; f < dim; f++) {
      v[1][f] -= dot * v[0][f];
    }
    normalise(v[1], dim > 1 ? 1 : 0);
  }

  private static void normalise(double[] a, int fallbackAxis) {
    double s = 0;
    for (double t : a) {
      s += t * t;
    }
    s = Math.sqrt(s);
    if (s < 1e-300) {
      Arrays.fill(a, 0);
      a[fallbackAxis] = 1;
      return;
    }
    for (int f = 0; f < a.length; f++) {
      a[f] /= s;
    }
  }

  /** SGD with edge sampling by weight and negative sampling, as in the class comment. */
  private static void optimise(double[] y, Graph g, int n, int epochs, double a, double b, SplittableRandom rng) {
    int edges = g.head().length;
    double maxW = 0;
    for (double w : g.weight()) {
      maxW = Math.max(maxW, w);
    }
    /* Edges too light to be sampled once in all epochs are dropped; the rest are sampled every max/w epochs. */
    double[] epochsPerSample = new double[edges];
    for (int e = 0; e < edges; e++) {
      double w = g.weight()[e];
      epochsPerSample[e] = w < maxW / epochs ? -1 : maxW / w;
    }
    double[] epochsPerNegative = new double[edges];
    double[] nextSample = new double[edges];
    double[] nextNegative = new double[edges];
    for (int e = 0; e < edges; e++) {
      epochsPerNegative[e] = epochsPerSample[e] / NEGATIVE_SAMPLE_RATE;
      nextSample[e] = epochsPerSample[e];
      nextNegative[e] = epochsPerNegative[e];
    }
    for (int epoch = 0; epoch < epochs; epoch++) {
      double alpha = 1.0 - (double) epoch / epochs;
      for (int e = 0; e < edges; e++) {
        if (epochsPerSample[e] <= 0 || nextSample[e] > epoch) {
          continue;
        }
        /* Attract the two ends of the edge. */
        int j = g.head()[e];
        int k = g.tail()[e];
        double dx = y[2 * j] - y[2 * k];
        double dy = y[2 * j + 1] - y[2 * k + 1];
        double d2 = dx * dx + dy * dy;
        double coeff = d2 > 0 ? -2 * a * b * Math.pow(d2, b - 1) / (a * Math.pow(d2, b) + 1) : 0;
        double gx = clip(coeff * dx) * alpha;
        double gy = clip(coeff * dy) * alpha;
        y[2 * j] += gx;
        y[2 * j + 1] += gy;
        y[2 * k] -= gx;
        y[2 * k + 1] -= gy;
        nextSample[e] += epochsPerSample[e];

        /* Repel the head from uniformly drawn points, as many as are due for this edge. */
        int negatives = (int) ((epoch - nextNegative[e]) / epochsPerNegative[e]);
        for (int p = 0; p < negatives; p++) {
          int r = rng.nextInt(n);
          double rx = y[2 * j] - y[2 * r];
          double ry = y[2 * j + 1] - y[2 * r + 1];
          double r2 = rx * rx + ry * ry;
          if (r2 > 0) {
            double rc = 2 * GAMMA * b / ((0.001 + r2) * (a * Math.pow(r2, b) + 1));
            y[2 * j] += clip(rc * rx) * alpha;
            y[2 * j + 1] += clip(rc * ry) * alpha;
          } else if (r != j) {
            y[2 * j] += 4 * alpha;
            y[2 * j + 1] += 4 * alpha;
          }
        }
        nextNegative[e] += negatives * epochsPerNegative[e];
      }
    }
  }

  private static double clip(double v) {
    return v > 4 ? 4 : (v < -4 ? -4 : v);
  }
}
