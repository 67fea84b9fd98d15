package org.labelfree.diffim;

import java.util.SplittableRandom;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.VisitInfo;

/**
 * Test fixture: a sharp image (Moffat stars FWHM 3 px on a jittered grid, a few extended galaxies, Gaussian noise of
 * variance sky + signal / gain) and a broad one: the noise-free sharp model convolved with a Gaussian whose sigma
 * grows linearly from 1.5 px at x = 0 to 1.8 px at x = W - 1, times 1.7, plus a tilted background plane, plus its
 * own independent noise. Both carry their exact variance planes. Deterministic for a seed.
 */
final class SyntheticPair {
  static final double SCALE = 1.7;
  static final double SIGMA_LEFT = 1.5;
  static final double SIGMA_RIGHT = 1.8;
  static final double FWHM_SHARP = 3.0;
  static final int KR = 15;

  final int size;
  final float[] sharpModel;
  final float[] broadModel;
  final Exposure sharp;
  final Exposure broad;

  SyntheticPair(int size, long seed, int starsPerSide) {
    this.size = size;
    SplittableRandom rnd = new SplittableRandom(seed);
    int pad = KR;
    int big = size + 2 * pad;
    float[] model = new float[big * big];
    double step = (double) size / starsPerSide;
    for (int j = 0; j < starsPerSide; j++) {
      for (int i = 0; i < starsPerSide; i++) {
        double x = pad + (i + 0.5) * step + rnd.nextDouble(-0.2, 0.2) * step;
        double y = pad + (j + 0.5) * step + rnd.nextDouble(-0.2, 0.2) * step;
        double flux = Math.exp(rnd.nextDouble(Math.log(5e3), Math.log(3e5)));
        MoffatPsf.addMoffat(model, big, big, x, y, flux, FWHM_SHARP, 3.0, 0, 0, 40);
      }
    }
    for (int g = 0; g < 6; g++) {
      double x = pad + rnd.nextDouble(0.1, 0.9) * size;
      double y = pad + rnd.nextDouble(0.1, 0.9) * size;
      MoffatPsf.addMoffat(model, big, big, x, y, 1.5e5, rnd.nextDouble(8, 14), 1.8, 0.25, -0.1, 60);
    }

    /* Broad model: per-pixel Gaussian of sigma(x), normalised on the 31 x 31 grid, times SCALE, plus a plane. */
    float[] broadM = new float[size * size];
    float[] sharpM = new float[size * size];
    int ks = 2 * KR + 1;
    double[] g = new double[ks];
    for (int x = 0; x < size; x++) {
      double sigma = sigmaAt(x, size);
      double norm = 0;
      for (int i = -KR; i <= KR; i++) {
        g[i + KR] = Math.exp(-0.5 * i * i / (sigma * sigma));
        norm += g[i + KR];
      }
      for (int i = 0; i < ks; i++) {
        g[i] /= norm;
      }
      for (int y = 0; y < size; y++) {
        double acc = 0;
        for (int j = -KR; j <= KR; j++) {
          int row = (y + pad - j) * big + x + pad;
          double racc = 0;
          for (int i = -KR; i <= KR; i++) {
            racc += g[i + KR] * model[row - i];
          }
          acc += g[j + KR] * racc;
        }
        broadM[y * size + x] = (float) (SCALE * acc + background(x, y));
        sharpM[y * size + x] = model[(y + pad) * big + x + pad];
      }
    }
    this.sharpModel = sharpM;
    this.broadModel = broadM;
    this.sharp = noisy(sharpM, 100, 2.0, rnd);
    this.broad = noisy(broadM, 150, 2.0, rnd);
  }

  static double sigmaAt(double x, int size) {
    return SIGMA_LEFT + (SIGMA_RIGHT - SIGMA_LEFT) * x / (size - 1);
  }

  static double background(double x, double y) {
    return 20 + 0.05 * x - 0.03 * y;
  }

  /** The true kernel at column x on a size x size grid: the normalised Gaussian of sigma(x) times SCALE. */
  static float[] trueKernel(double x, int imageSize, int kernelSize) {
    int r = kernelSize / 2;
    double sigma = sigmaAt(x, imageSize);
    double[] g = new double[kernelSize];
    double norm = 0;
    for (int i = -Math.min(r, KR); i <= Math.min(r, KR); i++) {
      g[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
      norm += g[i + r];
    }
    float[] k = new float[kernelSize * kernelSize];
    for (int j = 0; j < kernelSize; j++) {
      for (int i = 0; i < kernelSize; i++) {
        k[j * kernelSize + i] = (float) (SCALE * g[i] * g[j] / (norm * norm));
      }
    }
    return k;
  }

  /** The FWHM of the broad image's stars (Moffat 3 px in quadrature with the kernel at the centre, approximately). */
  double fwhmBroad() {
    double s = sigmaAt((size - 1) / 2.0, size) * KernelBasis.FWHM_PER_SIGMA;
    return Math.sqrt(FWHM_SHARP * FWHM_SHARP + s * s);
  }

  private Exposure noisy(float[] m, double sky, double gain, SplittableRandom rnd) {
    float[] img = new float[m.length];
    float[] var = new float[m.length];
    for (int p = 0; p < m.length; p++) {
      double v = sky + Math.max(m[p], 0) / gain;
      var[p] = (float) v;
      img[p] = (float) (m[p] + Math.sqrt(v) * gaussian(rnd));
    }
    return new Exposure(ImageF.wrap(size, size, img), Mask.zeros(size, size), ImageF.wrap(size, size, var), null,
        null, null, VisitInfo.unknown(), Metadata.empty());
  }

  static double gaussian(SplittableRandom rnd) {
    double u;
    double v;
    double s;
    do {
      u = rnd.nextDouble(-1, 1);
      v = rnd.nextDouble(-1, 1);
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }
}
