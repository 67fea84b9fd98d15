package org.labelfree.sim;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.labelfree.image.MaskPlanes;

/**
 * Detector noise on a row-major canvas: photon (Poisson) noise on expected electrons, read noise and the conversion
 * to ADU with an ADC ceiling, and the ISR-style variance plane.
 *
 * <p>Threading: the per-pixel work runs over bands of {@value #BAND_ROWS} rows on the calling thread's
 * {@link java.util.concurrent.ForkJoinPool} (the common pool unless called from inside another pool). Every row draws
 * from its own generator seeded {@code Seeds.mix(seed, row)}, so the output is bit-identical whatever the number of
 * threads. The canvases must not be touched by other threads during a call. Stateless class.
 */
public final class Noise {
  static final int BAND_ROWS = 64;
  private static final int SAT = MaskPlanes.defaults().bitmask("SAT");

  private Noise() {
  }

  /**
   * Replaces expected electrons by a Poisson draw of that mean, in place: exact for means below 50, the Gaussian
   * approximation rounded to an integer above (see {@code PoissonSampler}); a mean <= 0 or NaN gives 0.
   *
   * @param e    canvas, expected electrons per pixel on entry, electrons (integers) on return; row-major, length w*h
   * @param w    width (pixels, > 0)
   * @param h    height (pixels, > 0)
   * @param seed seed of this canvas's photon noise; row y draws from {@code Seeds.mix(seed, y)}
   * @throws IllegalArgumentException if the sizes disagree
   */
  public static void addPhotonNoise(float[] e, int w, int h, long seed) {
    checkCanvas("e", e, w, h);
    forEachRow(h, y -> {
      SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, y));
      int end = (y + 1) * w;
      for (int i = y * w; i < end; i++) {
        e[i] = (float) PoissonSampler.sample(rng, e[i]);
      }
    });
  }

  /**
   * Adds Gaussian read noise, converts electrons to ADU and clamps at the ADC ceiling, in place. Pixels at or above
   * {@code adcMaxAdu} are set to it and get SAT ({@code MaskPlanes.defaults()}). No quantisation: the values stand for
   * bias-subtracted, flat-fielded (ISR) pixels, which are not integers.
   *
   * @param e         canvas: electrons on entry, ADU on return; row-major, length w*h
   * @param mask      mask of the canvas, length w*h; SAT is OR-ed in where clamped
   * @param gain      electrons per ADU (> 0)
   * @param readNoiseE read noise (electrons rms, >= 0)
   * @param adcMaxAdu the ADC ceiling (ADU, > 0)
   * @param seed      seed of this canvas's read noise; row y draws from {@code Seeds.mix(seed, y)}
   * @throws IllegalArgumentException if the sizes disagree or a parameter is out of range
   */
  public static void readout(float[] e, int[] mask, int w, int h, double gain, double readNoiseE, double adcMaxAdu,
                             long seed) {
    checkCanvas("e", e, w, h);
    checkMask(mask, w, h);
    checkGain(gain, readNoiseE);
    if (!(adcMaxAdu > 0)) {
      throw new IllegalArgumentException("adcMaxAdu must be > 0, but was " + adcMaxAdu);
    }
    double invGain = 1 / gain;
    float ceiling = (float) adcMaxAdu;
    forEachRow(h, y -> {
      SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, y));
      int end = (y + 1) * w;
      for (int i = y * w; i < end; i++) {
        float adu = (float) ((e[i] + readNoiseE * rng.nextGaussian()) * invGain);
        if (adu >= ceiling) {
          adu = ceiling;
          mask[i] |= SAT;
        }
        e[i] = adu;
      }
    });
  }

  /**
   * The ISR variance plane of an image in ADU: {@code max(adu, 0) / gain + (readNoiseE / gain)^2} per pixel
   * (ADU^2), a new array.
   *
   * @param adu        image (ADU), row-major, length w*h; not modified
   * @param gain       electrons per ADU (> 0)
   * @param readNoiseE read noise (electrons rms, >= 0)
   * @throws IllegalArgumentException if the sizes disagree or a parameter is out of range
   */
  public static float[] variance(float[] adu, int w, int h, double gain, double readNoiseE) {
    checkCanvas("adu", adu, w, h);
    checkGain(gain, readNoiseE);
    float[] v = new float[adu.length];
    double invGain = 1 / gain;
    double read = (readNoiseE * invGain) * (readNoiseE * invGain);
    forEachRow(h, y -> {
      int end = (y + 1) * w;
      for (int i = y * w; i < end; i++) {
        float a = adu[i];
        v[i] = (float) ((a > 0 ? a : 0) * invGain + read);
      }
    });
    return v;
  }

  /** Runs body(y) for every row, in parallel over bands of rows. */
  static void forEachRow(int h, java.util.function.IntConsumer body) {
    int bands = (h + BAND_ROWS - 1) / BAND_ROWS;
    IntStream.range(0, bands).parallel().forEach(b -> {
      int end = Math.min(h, (b + 1) * BAND_ROWS);
      for (int y = b * BAND_ROWS; y < end; y++) {
        body.accept(y);
      }
    });
  }

  static void checkCanvas(String name, float[] a, int w, int h) {
    if (w <= 0 || h <= 0) {
      throw new IllegalArgumentException("w and h must be > 0, but were " + w + " x " + h);
    }
    if (a == null || a.length != (long) w * h) {
      throw new IllegalArgumentException(name + " must have length w*h = " + (long) w * h + ", but had "
          + (a == null ? "null" : a.length));
    }
  }

  static void checkMask(int[] mask, int w, int h) {
    if (mask == null || mask.length != (long) w * h) {
      throw new IllegalArgumentException("mask must have length w*h = " + (long) w * h + ", but had "
          + (mask == null ? "null" : mask.length));
    }
  }

  private static void checkGain(double gain, double readNoiseE) {
    if (!(gain > 0) || Double.isInfinite(gain)) {
      throw new IllegalArgumentException("gain must be finite and > 0, but was " + gain);
    }
    if (!(readNoiseE >= 0) || Double.isInfinite(readNoiseE)) {
      throw new IllegalArgumentException("readNoiseE must be finite and >= 0, but was " + readNoiseE);
    }
  }
}
