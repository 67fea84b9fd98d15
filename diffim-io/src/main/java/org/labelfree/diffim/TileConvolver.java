package org.labelfree.diffim;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Overlap-save FFT convolution of one image with a few kernels, tile by tile, with a separable per-pixel weight for
 * each kernel: {@code out(x, y) = sum_s colWeight[s][x] * rowWeight[s][y] * (C_s (x) in)(x, y)}; optionally plus a
 * second image convolved with its own kernel, {@code + (E (x) extra)(x, y)}. When term 0 has no weights (weight 1),
 * the second image shares its inverse transform: {@code Z_in * C_0 + Z_extra * E} is one spectrum.
 *
 * <p>Tiles of {@code nx x ny} pixels overlap by {@code 2r}; each yields {@code (nx - 2r) x (ny - 2r)} exact output
 * pixels (no wrap-around reaches them). Two tiles share one complex transform: tile A goes into the real part and
 * tile B into the imaginary part; because the kernels are real, the inverse transform of {@code Z * C_s} holds
 * {@code A (x) C_s} in its real part and {@code B (x) C_s} in its imaginary part. Each pair is one task; every
 * transform is single-threaded (1-d JTransforms transforms of at most 2048 points, below its threading threshold), and
 * each output pixel is written by exactly one task with a fixed order of sums, so results do not depend on the
 * thread count. NaN inputs and pixels outside the image count as 0.
 *
 * <p>Immutable once built; {@link #run} may be called from several threads at once (scratch buffers are per
 * worker thread).
 */
final class TileConvolver {
  /**
   * Tile sizes considered per axis: powers of two, JTransforms' fastest lengths (measured: 15 ns per pixel for a 2-d
   * complex transform at 256 and 512 against 21 ns at 384 and 768).
   */
  private static final int[] CANDIDATES = {16, 32, 64, 128, 256, 512, 1024, 2048};

  private final int width;
  private final int height;
  private final int r;
  private final int nx;
  private final int ny;
  private final int vx;
  private final int vy;
  private final int tilesX;
  private final int tilesY;
  /** Per kernel: the spectrum on the tile grid, interleaved complex, already scaled by 1 / (nx * ny). */
  private final float[][] spectra;
  /** The second image's kernel spectrum, or null. */
  private final float[] extraSpectrum;

  /**
   * @param width   image width
   * @param height  image height
   * @param size    kernel size (odd)
   * @param kernels kernels of {@code size * size} values, offsets {@code -r..r} as in {@link SpatialKernel}
   * @param maxTile largest tile width considered (0: no limit; tests use small tiles to cross many tile edges)
   */
  TileConvolver(int width, int height, int size, float[][] kernels, int maxTile) {
    this(width, height, size, kernels, null, maxTile);
  }

  /**
   * @param width       image width
   * @param height      image height
   * @param size        kernel size (odd)
   * @param kernels     kernels of {@code size * size} values, offsets {@code -r..r} as in {@link SpatialKernel}
   * @param extraKernel the second image's kernel, {@code size * size} (null: no second image)
   * @param maxTile     largest tile width considered (0: no limit)
   */
  TileConvolver(int width, int height, int size, float[][] kernels, float[] extraKernel, int maxTile) {
    this.width = width;
    this.height = height;
    this.r = size / 2;
    int[] bx = chooseTile(width, r, maxTile);
    int[] by = chooseTile(height, r, maxTile);
    this.nx = bx[0];
    this.ny = by[0];
    this.vx = nx - 2 * r;
    this.vy = ny - 2 * r;
    this.tilesX = bx[1];
    this.tilesY = by[1];
    FloatFFT_1D fx = new FloatFFT_1D(nx);
    FloatFFT_1D fy = ny == nx ? fx : new FloatFFT_1D(ny);
    float[] tile = new float[2 * nx * ny];
    this.spectra = new float[kernels.length][];
    for (int s = 0; s < kernels.length; s++) {
      spectra[s] = spectrum(kernels[s], size, fx, fy, tile);
    }
    this.extraSpectrum = extraKernel == null ? null : spectrum(extraKernel, size, fx, fy, tile);
  }

  /** A kernel's spectrum on the tile grid (transposed layout, see {@link #forward}), scaled by 1 / (nx * ny). */
  private float[] spectrum(float[] kernel, int size, FloatFFT_1D fx, FloatFFT_1D fy, float[] tile) {
    float scale = 1f / ((float) nx * ny);
    Arrays.fill(tile, 0f);
    for (int j = -r; j <= r; j++) {
      int row = Math.floorMod(j, ny);
      for (int i = -r; i <= r; i++) {
        tile[2 * (row * nx + Math.floorMod(i, nx))] = kernel[(j + r) * size + i + r] * scale;
      }
    }
    float[] z = new float[2 * nx * ny];
    forward(tile, z, fx, fy, 0, ny);
    return z;
  }

  /** Tile width along one axis and the tile count: minimises tiles * n * log2(n), the FFT work. */
  static int[] chooseTile(int length, int r, int maxTile) {
    int best = -1;
    int bestCount = 0;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int n : CANDIDATES) {
      int valid = n - 2 * r;
      if (valid < Math.max(8, r) || (maxTile > 0 && n > maxTile)) {
        continue;
      }
      int count = (length + valid - 1) / valid;
      double cost = count * (double) n * (Math.log(n) / Math.log(2) + 4);
      if (cost < bestCost) {
        bestCost = cost;
        best = n;
        bestCount = count;
      }
    }
    if (best < 0) {
      throw new IllegalArgumentException("kernel radius " + r + " is too large for tiles of at most "
          + (maxTile > 0 ? maxTile : 2048) + " pixels");
    }
    return new int[] {best, bestCount};
  }

  /** Tile width in pixels (for tests and logging). */
  int tileWidth() {
    return nx;
  }

  /** Tile height in pixels. */
  int tileHeight() {
    return ny;
  }

  /**
   * Convolves {@code in} and writes {@code out} (both {@code width * height}, row-major).
   *
   * @param colWeight per kernel, a weight per column (null: 1)
   * @param rowWeight per kernel, a weight per row (null: 1)
   * @param threads   worker threads; 1 runs on the caller's thread, 0 uses the common pool
   */
  void run(float[] in, float[] out, float[][] colWeight, float[][] rowWeight, int threads) {
    run(in, null, out, colWeight, rowWeight, threads);
  }

  /**
   * As {@link #run(float[], float[], float[][], float[][], int)}, adding {@code extra} convolved with the extra
   * kernel given at construction.
   *
   * @param extra the second image, {@code width * height} (null exactly when no extra kernel was given)
   */
  void run(float[] in, float[] extra, float[] out, float[][] colWeight, float[][] rowWeight, int threads) {
    if ((extra == null) != (extraSpectrum == null)) {
      throw new IllegalArgumentException(extraSpectrum == null ? "no extra kernel was given for the second image"
          : "an extra kernel was given but no second image");
    }
    int tiles = tilesX * tilesY;
    int pairs = (tiles + 1) / 2;
    if (threads == 1 || pairs == 1) {
      Work work = new Work();
      for (int p = 0; p < pairs; p++) {
        pair(p, in, extra, out, colWeight, rowWeight, work);
      }
      return;
    }
    ThreadLocal<Work> works = ThreadLocal.withInitial(Work::new);
    Runnable all = () -> IntStream.range(0, pairs).parallel()
        .forEach(p -> pair(p, in, extra, out, colWeight, rowWeight, works.get()));
    if (threads <= 0) {
      all.run();
      return;
    }
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      pool.submit(all).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while convolving", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new IllegalStateException(c);
    } finally {
      pool.shutdown();
    }
  }

  /** Per-thread scratch: transforms and buffers. */
  private final class Work {
    final FloatFFT_1D fx = new FloatFFT_1D(nx);
    final FloatFFT_1D fy = ny == nx ? fx : new FloatFFT_1D(ny);
    /** A tile in pixel space, row-major: the input before its transform, the output after the inverse. */
    final float[] tile = new float[2 * nx * ny];
    final float[] z = new float[2 * nx * ny];
    final float[] w = new float[2 * nx * ny];
    final float[] z2 = extraSpectrum == null ? null : new float[2 * nx * ny];
  }

  private void pair(int p, float[] in, float[] extra, float[] out, float[][] colWeight, float[][] rowWeight,
      Work work) {
    int ta = 2 * p;
    int tb = 2 * p + 1 < tilesX * tilesY ? 2 * p + 1 : -1;
    float[] z = work.z;
    load(in, z, ta, tb, work);
    float[] z2 = work.z2;
    if (extra != null) {
      load(extra, z2, ta, tb, work);
    }
    /* The second image shares term 0's inverse transform when term 0 is unweighted, else it gets its own. */
    boolean fold = extra != null && weight(colWeight, 0) == null && weight(rowWeight, 0) == null;
    int passes = spectra.length + (extra != null && !fold ? 1 : 0);

    /* Per term: multiply, inverse transform the rows that hold valid output, accumulate with the weights. */
    float[] w = work.w;
    for (int s = 0; s < passes; s++) {
      boolean extraPass = s == spectra.length;
      float[] h = extraPass ? extraSpectrum : spectra[s];
      multiply(extraPass ? z2 : z, h, w);
      if (s == 0 && fold) {
        float[] e = extraSpectrum;
        for (int k = 0; k < z2.length; k += 2) {
          float a = z2[k];
          float b = z2[k + 1];
          float c = e[k];
          float d = e[k + 1];
          w[k] += a * c - b * d;
          w[k + 1] += a * d + b * c;
        }
      }
      inverse(w, work.tile, work.fx, work.fy);
      float[][] cws = extraPass ? null : colWeight;
      float[][] rws = extraPass ? null : rowWeight;
      for (int part = 0; part < 2; part++) {
        int t = part == 0 ? ta : tb;
        if (t >= 0) {
          accumulate(work.tile, part, t, out, weight(cws, s), weight(rws, s), s == 0);
        }
      }
    }
  }

  private static float[] weight(float[][] weights, int s) {
    return weights == null ? null : weights[s];
  }

  /** {@code w = z * h}, complex, interleaved. */
  private static void multiply(float[] z, float[] h, float[] w) {
    for (int k = 0; k < z.length; k += 2) {
      float a = z[k];
      float b = z[k + 1];
      float c = h[k];
      float d = h[k + 1];
      w[k] = a * c - b * d;
      w[k + 1] = a * d + b * c;
    }
  }

  /**
   * Tiles ta (real part) and tb (imaginary part, -1: none) of {@code image}, transformed into z (transposed layout);
   * NaN and outside: 0.
   */
  private void load(float[] image, float[] z, int ta, int tb, Work work) {
    float[] tile = work.tile;
    Arrays.fill(tile, 0f);
    int rowLo = ny;
    int rowHi = 0;
    for (int part = 0; part < 2; part++) {
      int t = part == 0 ? ta : tb;
      if (t < 0) {
        continue;
      }
      int ox = (t % tilesX) * vx - r;
      int oy = (t / tilesX) * vy - r;
      int x0 = Math.max(0, -ox);
      int x1 = Math.min(nx, width - ox);
      int y0 = Math.max(0, -oy);
      int y1 = Math.min(ny, height - oy);
      rowLo = Math.min(rowLo, y0);
      rowHi = Math.max(rowHi, y1);
      for (int ty = y0; ty < y1; ty++) {
        int src = (oy + ty) * width + ox;
        int dst = 2 * ty * nx + part;
        for (int tx = x0; tx < x1; tx++) {
          float v = image[src + tx];
          tile[dst + 2 * tx] = v == v ? v : 0f;
        }
      }
    }
    forward(tile, z, work.fx, work.fy, rowLo, rowHi);
  }

  /** Writes (first term) or adds the valid output of tile t, held in the given part of w, with its weights. */
  private void accumulate(float[] w, int part, int t, float[] out, float[] cwt, float[] rwt, boolean first) {
    int outX = (t % tilesX) * vx;
    int outY = (t / tilesX) * vy;
    int cw = Math.min(vx, width - outX);
    int ch = Math.min(vy, height - outY);
    for (int u = 0; u < ch; u++) {
      int y = outY + u;
      float ry = rwt == null ? 1f : rwt[y];
      int src = 2 * (u * nx + r) + part;
      int dst = y * width + outX;
      if (first) {
        if (cwt == null) {
          for (int q = 0; q < cw; q++) {
            out[dst + q] = ry * w[src + 2 * q];
          }
        } else {
          for (int q = 0; q < cw; q++) {
            out[dst + q] = ry * cwt[outX + q] * w[src + 2 * q];
          }
        }
      } else {
        if (cwt == null) {
          for (int q = 0; q < cw; q++) {
            out[dst + q] += ry * w[src + 2 * q];
          }
        } else {
          for (int q = 0; q < cw; q++) {
            out[dst + q] += ry * cwt[outX + q] * w[src + 2 * q];
          }
        }
      }
    }
  }

  /**
   * Forward 2-d transform of a row-major tile ({@code ny} rows of {@code nx}) into {@code spectrum} in the transposed
   * layout ({@code nx} rows of {@code ny}: {@code spectrum[kx][ky]}): rows, one transpose, rows again. Products of
   * spectra do not care about the layout and {@link #inverse} undoes it, so the spectrum is never transposed back.
   * Rows of the tile outside [rowLo, rowHi) are known to be zero; the tile is overwritten.
   */
  private void forward(float[] tile, float[] spectrum, FloatFFT_1D fx, FloatFFT_1D fy, int rowLo, int rowHi) {
    for (int t = rowLo; t < rowHi; t++) {
      fx.complexForward(tile, 2 * t * nx);
    }
    transpose(tile, ny, nx, spectrum, 0, nx);
    for (int c = 0; c < nx; c++) {
      fy.complexForward(spectrum, 2 * c * ny);
    }
  }

  /**
   * Inverse 2-d transform (unscaled) of a spectrum in the transposed layout; only the tile rows [r, r + vy) that hold
   * valid output are finished, into rows 0 .. vy - 1 of {@code tile} (row-major, nx wide). The spectrum is
   * overwritten.
   */
  private void inverse(float[] spectrum, float[] tile, FloatFFT_1D fx, FloatFFT_1D fy) {
    for (int c = 0; c < nx; c++) {
      fy.complexInverse(spectrum, 2 * c * ny, false);
    }
    transpose(spectrum, nx, ny, tile, r, r + vy);
    for (int t = 0; t < vy; t++) {
      fx.complexInverse(tile, 2 * t * nx, false);
    }
  }

  /**
   * Square blocks of the transpose, in complex values. Measured on 512^2 tiles (Xeon, 48 KB L1): 0.58 ms per transpose
   * for 64-blocks written one destination row at a time, against 1.17 ms for 16-blocks read one source row at a time.
   */
  private static final int BLOCK = 64;

  /**
   * Complex transpose of columns [c0, c1) of a {@code rows x cols} interleaved matrix: {@code dst[c - c0][q] =
   * src[q][c]}, dst being {@code (c1 - c0) x rows}; blocked for the cache, each destination run written in order.
   */
  static void transpose(float[] src, int rows, int cols, float[] dst, int c0, int c1) {
    for (int cb = c0; cb < c1; cb += BLOCK) {
      int ce = Math.min(c1, cb + BLOCK);
      for (int qb = 0; qb < rows; qb += BLOCK) {
        int qe = Math.min(rows, qb + BLOCK);
        for (int c = cb; c < ce; c++) {
          int to = 2 * ((c - c0) * rows);
          for (int q = qb; q < qe; q++) {
            int from = 2 * (q * cols + c);
            dst[to + 2 * q] = src[from];
            dst[to + 2 * q + 1] = src[from + 1];
          }
        }
      }
    }
  }
}
