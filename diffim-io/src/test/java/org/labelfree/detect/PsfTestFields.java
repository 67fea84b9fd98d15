package org.labelfree.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.VisitInfo;

/**
 * Test support for the PSF tests: synthetic star fields with a known Moffat PSF, and a simple source finder
 * (local maxima plus adaptive moments) for real images.
 */
final class PsfTestFields {
  private PsfTestFields() {}

  /** What a synthetic field holds: the exposure, the truth PSF, and the candidates by kind. */
  record Field(Exposure exposure, MoffatPsf truth, List<PsfCandidate> candidates, List<PsfCandidate> stars,
               List<PsfCandidate> galaxies, List<PsfCandidate> saturated) {}

  static final float SATURATION = 60000f;
  static final double SKY_SIGMA = 10;

  /**
   * A {@code size x size} field: {@code nStars} stars of the Moffat PSF (beta 3, FWHM {@code fwhm} at the centre,
   * growing linearly by 10% from the lower-left to the upper-right corner), 12 galaxies (Moffat, twice the FWHM),
   * 6 saturated stars (clipped at {@link #SATURATION}, SAT mask bit set, candidates NOT flagged), sky noise of
   * sigma 10 plus Poisson noise (gain 1) and a constant background. Candidates sit at the truth positions plus a
   * Gaussian scatter of 0.1 px; moments are measured on the image; S/N comes from the truth flux.
   */
  static Field field(int size, double fwhm, double background, int nStars, long seed) {
    return field(size, fwhm, background, nStars, seed, 1.0, false);
  }

  static Field field(int size, double fwhm, double background, int nStars, long seed, double noise, boolean grid) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double c = (size - 1) / 2.0;
    double grad = 0.05 * fwhm / (size - 1);
    MoffatPsf truth = new MoffatPsf(fwhm, 3.0, 0, 0, c, c, grad, grad, 2 * (int) Math.ceil(3 * fwhm * 1.05) + 1);
    float[] img = new float[size * size];
    double[][] pos = new double[nStars + 18][];
    int margin = 10;
    for (int s = 0; s < pos.length; s++) {
      double x = rnd.nextDouble(margin, size - 1 - margin);
      double y = rnd.nextDouble(margin, size - 1 - margin);
      if (grid) {
        int g = (int) Math.ceil(Math.sqrt(pos.length));
        x = 20 + (size - 40) * ((s % g) + rnd.nextDouble()) / g;
        y = 20 + (size - 40) * ((s / g) + rnd.nextDouble()) / g;
      }
      double snr = Math.exp(rnd.nextDouble(Math.log(20), Math.log(2000)));
      double local = truth.fwhmAt(x, y);
      double sigma = local / 2.3548;
      double nEff = 4 * Math.PI * sigma * sigma * SKY_SIGMA * SKY_SIGMA;
      /* flux from S/N: F^2 = snr^2 (F + nEff). */
      double flux = 0.5 * (snr * snr + Math.sqrt(Math.pow(snr, 4) + 4 * snr * snr * nEff));
      int kind = s < nStars ? 0 : s < nStars + 12 ? 1 : 2;
      if (kind == 2) {
        flux = 3e7;
        snr = flux / Math.sqrt(flux + nEff);
      }
      double f = kind == 1 ? 2 * local : local;
      MoffatPsf.addMoffat(img, size, size, x, y, flux, f, 3.0, 0, 0, 12 * f);
      pos[s] = new double[] {x, y, flux, snr, kind};
    }
    /* Noise, saturation and background. */
    float[] var = new float[img.length];
    int[] bits = new int[img.length];
    int sat = MaskPlanes.defaults().bitmask("SAT");
    for (int i = 0; i < img.length; i++) {
      double signal = Math.max(img[i], 0);
      double v = SKY_SIGMA * SKY_SIGMA + signal;
      double noisy = img[i] + noise * Math.sqrt(v) * rnd.nextGaussian();
      v *= noise * noise;
      if (noisy > SATURATION) {
        noisy = SATURATION;
        bits[i] |= sat;
      }
      img[i] = (float) (noisy + background);
      var[i] = (float) v;
    }
    ImageF image = ImageF.wrap(size, size, img);
    List<PsfCandidate> all = new ArrayList<>();
    List<PsfCandidate> stars = new ArrayList<>();
    List<PsfCandidate> gals = new ArrayList<>();
    List<PsfCandidate> sats = new ArrayList<>();
    for (double[] p : pos) {
      double x = p[0] + 0.1 * rnd.nextGaussian();
      double y = p[1] + 0.1 * rnd.nextGaussian();
      double[] m = adaptiveMoments(img, size, size, x, y, background);
      PsfCandidate cand = new PsfCandidate(x, y, p[2], p[3], m[0], m[1], m[2], false);
      all.add(cand);
      (p[4] == 0 ? stars : p[4] == 1 ? gals : sats).add(cand);
    }
    Exposure e = new Exposure(image, Mask.wrap(size, size, bits, MaskPlanes.defaults()),
        ImageF.wrap(size, size, var), null, null, null, VisitInfo.unknown(), Metadata.empty());
    return new Field(e, truth, all, stars, gals, sats);
  }

  /**
   * Adaptive (Gaussian-weighted, iterated circular weight) second moments {ixx, iyy, ixy} about (x, y), pixels^2,
   * of the image less {@code background}; NaN when they do not converge.
   */
  static double[] adaptiveMoments(float[] img, int w, int h, double x, double y, double background) {
    double s2 = 4;
    double[] out = {Double.NaN, Double.NaN, Double.NaN};
    for (int it = 0; it < 30; it++) {
      int r = (int) Math.ceil(4 * Math.sqrt(s2));
      int ix = (int) Math.round(x);
      int iy = (int) Math.round(y);
      double sw = 0;
      double sxx = 0;
      double syy = 0;
      double sxy = 0;
      for (int j = Math.max(0, iy - r); j <= Math.min(h - 1, iy + r); j++) {
        for (int i = Math.max(0, ix - r); i <= Math.min(w - 1, ix + r); i++) {
          double v = img[j * w + i] - background;
          if (Double.isNaN(v)) {
            continue;
          }
          double dx = i - x;
          double dy = j - y;
          double wv = Math.exp(-(dx * dx + dy * dy) / (2 * s2)) * v;
          sw += wv;
          sxx += wv * dx * dx;
          syy += wv * dy * dy;
          sxy += wv * dx * dy;
        }
      }
      if (!(sw > 0)) {
        return out;
      }
      double m = (sxx + syy) / (2 * sw);
      if (!(m > 0) || m >= s2) {
        return out;
      }
      double next = m * s2 / (s2 - m);
      out = new double[] {2 * sxx / sw, 2 * syy / sw, 2 * sxy / sw};
      if (Math.abs(next - s2) < 1e-6 * s2) {
        break;
      }
      s2 = Math.min(next, 400);
    }
    return out;
  }

  /**
   * A simple source finder for a sky-subtracted real image: local maxima above {@code nSigma} robust sigma of the
   * image, then adaptive moments and a box flux; S/N from the box flux and the robust sigma; flagged when a pixel
   * within 3 px is NaN or above {@code saturation}.
   */
  static List<PsfCandidate> findSources(ImageF image, double nSigma, double saturation) {
    int w = image.width();
    int h = image.height();
    float[] img = image.array();
    float[] finite = new float[img.length];
    int n = 0;
    for (float v : img) {
      if (!Float.isNaN(v)) {
        finite[n++] = v;
      }
    }
    Arrays.sort(finite, 0, n);
    double med = finite[n / 2];
    for (int i = 0; i < n; i++) {
      finite[i] = (float) Math.abs(finite[i] - med);
    }
    Arrays.sort(finite, 0, n);
    double sigma = 1.4826 * finite[n / 2];
    List<PsfCandidate> out = new ArrayList<>();
    for (int j = 2; j < h - 2; j++) {
      for (int i = 2; i < w - 2; i++) {
        float v = img[j * w + i];
        if (!(v - med > nSigma * sigma)) {
          continue;
        }
        boolean max = true;
        for (int dj = -2; dj <= 2 && max; dj++) {
          for (int di = -2; di <= 2; di++) {
            if ((di != 0 || dj != 0) && !(img[(j + dj) * w + i + di] < v)) {
              max = false;
              break;
            }
          }
        }
        if (!max) {
          continue;
        }
        boolean flagged = false;
        double flux = 0;
        int np = 0;
        for (int dj = -6; dj <= 6; dj++) {
          for (int di = -6; di <= 6; di++) {
            int jj = j + dj;
            int ii = i + di;
            if (jj < 0 || ii < 0 || jj >= h || ii >= w) {
              continue;
            }
            float p = img[jj * w + ii];
            if (Math.abs(di) <= 3 && Math.abs(dj) <= 3 && (Float.isNaN(p) || p >= saturation)) {
              flagged = true;
            }
            if (!Float.isNaN(p)) {
              flux += p - med;
              np++;
            }
          }
        }
        double[] m = adaptiveMoments(img, w, h, i, j, med);
        double snr = flux / (sigma * Math.sqrt(np));
        out.add(new PsfCandidate(i + image.x0(), j + image.y0(), flux, snr, m[0], m[1], m[2], flagged));
      }
    }
    return out;
  }
}
