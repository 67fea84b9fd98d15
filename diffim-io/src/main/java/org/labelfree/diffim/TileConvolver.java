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
    float[][] colBuf = new float[BLOCK][2 * ny];
    this.spectra = new float[kernels.length][];
    for (int s = 0; s < kernels.length; s++) {
      spectra[s] = spectrum(kernels[s], size, fx, fy, colBuf);
    }
    this.extraSpectrum = extraKernel == null ? null : spectrum(extraKernel, size, fx, fy, colBuf);
  }

  /** A kernel's spectrum on the tile grid, scaled by 1 / (nx * ny) (the inverse transforms are unscaled). */
  private float[] spectrum(float[] kernel, int size, FloatFFT_1D fx, FloatFFT_1D fy, float[][] colBuf) {
    float scale = 1f / ((float) nx * ny);
    float[] z = new float[2 * nx * ny];
    for (int j = -r; j <= r; j++) {
      int row = Math.floorMod(j, ny);
      for (int i = -r; i <= r; i++) {
        z[2 * (row * nx + Math.floorMod(i, nx))] = kernel[(j + r) * size + i + r] * scale;
      }
    }
    forward(z, fx, fy, colBuf, 0, ny);
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

  /** Number of columns transformed together (one cache line of complex floats). */
  private static final int BLOCK = 8;

  /** Per-thread scratch: transforms and buffers. */
  private final class Work {
    final FloatFFT_1D fx = new FloatFFT_1D(nx);
    final FloatFFT_1D fy = ny == nx ? fx : new FloatFFT_1D(ny);
    final float[] z = new float[2 * nx * ny];
    final float[] w = new float[2 * nx * ny];
    final float[] z2 = extraSpectrum == null ? null : new float[2 * nx * ny];
    final float[][] colBuf = new float[BLOCK][2 * ny];
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
      inverse(w, work.fx, work.fy, work.colBuf, r, r + vy);
      float[][] cws = extraPass ? null : colWeight;
      float[][] rws = extraPass ? null : rowWeight;
      for (int part = 0; part < 2; part++) {
        int t = part == 0 ? ta : tb;
        if (t >= 0) {
          accumulate(w, part, t, out, weight(cws, s), weight(rws, s), s == 0);
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

  /** Tiles ta (real part) and tb (imaginary part, -1: none) of {@code image} into z, transformed; NaN and outside: 0. */
  private void load(float[] image, float[] z, int ta, int tb, Work work) {
    Arrays.fill(z, 0f);
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
          z[dst + 2 * tx] = v == v ? v : 0f;
        }
      }
    }
    forward(z, work.fx, work.fy, work.colBuf, rowLo, rowHi);
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
      int src = 2 * ((u + r) * nx + r) + part;
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

  /** Forward 2-d transform in place; rows outside [rowLo, rowHi) are known to be zero. */
  private void forward(float[] a, FloatFFT_1D fx, FloatFFT_1D fy, float[][] colBuf, int rowLo, int rowHi) {
    for (int t = rowLo; t < rowHi; t++) {
      fx.complexForward(a, 2 * t * nx);
    }
    columns(a, fy, colBuf, true);
  }

  /** Inverse 2-d transform (unscaled) in place; only rows [rowLo, rowHi) of the result are finished. */
  private void inverse(float[] a, FloatFFT_1D fx, FloatFFT_1D fy, float[][] colBuf, int rowLo, int rowHi) {
    columns(a, fy, colBuf, false);
    for (int t = rowLo; t < rowHi; t++) {
      fx.complexInverse(a, 2 * t * nx, false);
    }
  }

  private void columns(float[] a, FloatFFT_1D fy, float[][] colBuf, boolean forward) {
    int stride = 2 * nx;
    for (int c0 = 0; c0 < nx; c0 += BLOCK) {
      int nb = Math.min(BLOCK, nx - c0);
      for (int t = 0; t < ny; t++) {
        int base = t * stride + 2 * c0;
        for (int b = 0; b < nb; b++) {
          colBuf[b][2 * t] = a[base + 2 * b];
          colBuf[b][2 * t + 1] = a[base + 2 * b + 1];
        }
      }
      for (int b = 0; b < nb; b++) {
        if (forward) {
          fy.complexForward(colBuf[b]);
        } else {
          fy.complexInverse(colBuf[b], false);
        }
      }
      for (int t = 0; t < ny; t++) {
        int base = t * stride + 2 * c0;
        for (int b = 0; b < nb; b++) {
          a[base + 2 * b] = colBuf[b][2 * t];
          a[base + 2 * b + 1] = colBuf[b][2 * t + 1];
        }
      }
    }
  }
}
