package org.labelfree.training;

import java.util.Arrays;
import java.util.Objects;

/**
 * How {@link RealBogusTrainer} trains.
 *
 * @param method          standard, co-teaching or asymmetric co-teaching
 * @param epochs          maximum number of epochs (>= 1; default 30)
 * @param batchSize       samples per mini-batch (>= 1; default 128)
 * @param learningRate    Adam learning rate (> 0; default 1e-3)
 * @param forgetRate      co-teaching forget rate tau, in [0, 1) (default 0.1)
 * @param tauInjected     asymmetric: forget rate of label 1 (injected), in [0, 1) (default 0: every injection kept)
 * @param tauReal         asymmetric: forget rate of label 0 (real), in [0, 1) (default 0.1)
 * @param tk              epochs over which the forget rate ramps up, T_k (>= 1; default 10)
 * @param c               exponent of the ramp (> 0; default 1)
 * @param seed            seed of initialisation, shuffling, augmentation and dropout (default 1)
 * @param classWeights    standard: loss weight of label 0 and label 1 (2 finite values > 0), or null for none
 *                        (the default)
 * @param focalGamma      standard: focal-loss exponent gamma (>= 0; default 0 = plain cross-entropy)
 * @param patience        stop after this many epochs without a lower validation loss (>= 0; default 5; 0 = never)
 * @param augment         random dihedral transforms (90-degree rotations and flips) of each sample (default true)
 * @param rotateAnyAngle  also rotate by a random angle, bilinear, zero outside (default false; needs augment)
 * @param device          cpu, gpu or auto (default cpu)
 */
public record TrainConfig(TrainingMethod method, int epochs, int batchSize, double learningRate, double forgetRate,
    double tauInjected, double tauReal, int tk, double c, long seed, double[] classWeights, double focalGamma,
    int patience, boolean augment, boolean rotateAnyAngle, ComputeDevice device) {

  /** Checks every field against its range and copies the class weights. */
  public TrainConfig {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(device, "device");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, but was " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, but was " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be finite and > 0, but was " + learningRate);
    }
    checkTau("forgetRate", forgetRate);
    checkTau("tauInjected", tauInjected);
    checkTau("tauReal", tauReal);
    if (tk < 1) {
      throw new IllegalArgumentException("tk must be >= 1, but was " + tk);
    }
    if (!(c > 0) || Double.isInfinite(c)) {
      throw new IllegalArgumentException("c must be finite and > 0, but was " + c);
    }
    if (classWeights != null) {
      if (classWeights.length != 2) {
        throw new IllegalArgumentException("classWeights must have 2 values (label 0, label 1), but had "
            + classWeights.length);
      }
      for (double w : classWeights) {
        if (!(w > 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException("classWeights must be finite and > 0, but were "
              + Arrays.toString(classWeights));
        }
      }
      classWeights = classWeights.clone();
    }
    if (!(focalGamma >= 0) || Double.isInfinite(focalGamma)) {
      throw new IllegalArgumentException("focalGamma must be finite and >= 0, but was " + focalGamma);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, but was " + patience);
    }
  }

  /** The defaults of the issue for {@code method}: 30 epochs, batch 128, Adam 1e-3, tau 0.1, tk 10, c 1, seed 1. */
  public static TrainConfig defaults(TrainingMethod method) {
    return new TrainConfig(method, 30, 128, 1e-3, 0.1, 0.0, 0.1, 10, 1.0, 1L, null, 0.0, 5, true, false,
        ComputeDevice.CPU);
  }

  /** A copy of the class weights, or null. */
  @Override
  public double[] classWeights() {
    return classWeights == null ? null : classWeights.clone();
  }

  /** The keep rate of label {@code label} (0 or 1) at 0-based epoch {@code epoch}, by {@link ForgetSchedule}. */
  public double keepRate(int label, int epoch) {
    double tau = switch (method) {
      case STANDARD -> 0.0;
      case COTEACHING -> forgetRate;
      case ASYMMETRIC -> label == 1 ? tauInjected : tauReal;
    };
    return ForgetSchedule.keepRate(tau, epoch, tk, c);
  }

  /** A copy with another method. */
  public TrainConfig withMethod(TrainingMethod v) {
    return new TrainConfig(v, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with another number of epochs. */
  public TrainConfig withEpochs(int v) {
    return new TrainConfig(method, v, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with another batch size. */
  public TrainConfig withBatchSize(int v) {
    return new TrainConfig(method, epochs, v, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with another learning rate. */
  public TrainConfig withLearningRate(double v) {
    return new TrainConfig(method, epochs, batchSize, v, forgetRate, tauInjected, tauReal, tk, c, seed,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with another co-teaching forget rate. */
  public TrainConfig withForgetRate(double v) {
    return new TrainConfig(method, epochs, batchSize, learningRate, v, tauInjected, tauReal, tk, c, seed,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with other per-class forget rates (asymmetric). */
  public TrainConfig withTaus(double injected, double real) {
    return new TrainConfig(method, epochs, batchSize, learningRate, forgetRate, injected, real, tk, c, seed,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with another schedule ramp ({@code tk}, {@code c}). */
  public TrainConfig withSchedule(int newTk, double newC) {
    return new TrainConfig(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, newTk, newC,
        seed, classWeights, focalGamma, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with another seed. */
  public TrainConfig withSeed(long v) {
    return new TrainConfig(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, v,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with other class weights (null for none). */
  public TrainConfig withClassWeights(double[] v) {
    return new TrainConfig(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed,
        v, focalGamma, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with another focal-loss gamma. */
  public TrainConfig withFocalGamma(double v) {
    return new TrainConfig(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed,
        classWeights, v, patience, augment, rotateAnyAngle, device);
  }

  /** A copy with another early-stopping patience. */
  public TrainConfig withPatience(int v) {
    return new TrainConfig(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed,
        classWeights, focalGamma, v, augment, rotateAnyAngle, device);
  }

  /** A copy with other augmentation switches. */
  public TrainConfig withAugment(boolean v, boolean anyAngle) {
    return new TrainConfig(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed,
        classWeights, focalGamma, patience, v, anyAngle, device);
  }

  /** A copy with another device. */
  public TrainConfig withDevice(ComputeDevice v) {
    return new TrainConfig(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainConfig t && method == t.method && epochs == t.epochs && batchSize == t.batchSize
        && Double.compare(learningRate, t.learningRate) == 0 && Double.compare(forgetRate, t.forgetRate) == 0
        && Double.compare(tauInjected, t.tauInjected) == 0 && Double.compare(tauReal, t.tauReal) == 0
        && tk == t.tk && Double.compare(c, t.c) == 0 && seed == t.seed && Arrays.equals(classWeights, t.classWeights)
        && Double.compare(focalGamma, t.focalGamma) == 0 && patience == t.patience && augment == t.augment
        && rotateAnyAngle == t.rotateAnyAngle && device == t.device;
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed,
        Arrays.hashCode(classWeights), focalGamma, patience, augment, rotateAnyAngle, device);
  }

  @Override
  public String toString() {
    return "TrainConfig[method=" + method.cliName() + ", epochs=" + epochs + ", batchSize=" + batchSize
        + ", learningRate=" + learningRate + ", forgetRate=" + forgetRate + ", tauInjected=" + tauInjected
        + ", tauReal=" + tauReal + ", tk=" + tk + ", c=" + c + ", seed=" + seed + ", classWeights="
        + Arrays.toString(classWeights) + ", focalGamma=" + focalGamma + ", patience=" + patience + ", augment="
        + augment + ", rotateAnyAngle=" + rotateAnyAngle + ", device=" + device.cliName() + "]";
  }

  private static void checkTau(String name, double tau) {
    if (!(tau >= 0 && tau < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), but was " + tau);
    }
  }
}
