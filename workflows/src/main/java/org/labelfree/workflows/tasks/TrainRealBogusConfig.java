package org.labelfree.workflows.tasks;

import java.util.List;
import org.labelfree.labeling.dataset.DatasetOptions;
import org.labelfree.labeling.dataset.SnrRange;
import org.labelfree.labeling.dataset.SplitSpec;
import org.labelfree.training.ComputeDevice;
import org.labelfree.training.TrainConfig;
import org.labelfree.training.TrainingMethod;
import org.labelfree.training.eval.EvaluationOptions;

/**
 * Configuration of {@link TrainRealBogusTask}: the dataset as {@code labelfree stamps collect} makes it, then the
 * training and evaluation as {@code labelfree train} does them (same names, same defaults).
 *
 * @param split          {@code visit:F1,F2,F3} or {@code object:F1,F2,F3}: train, validation and test fractions
 *                       (default {@code visit:0.7,0.15,0.15}; no DIA object in two splits)
 * @param splitSeed      shuffle seed of the split (default 1)
 * @param datasetExcludeSnr stamps with LO <= snr < HI left out of the dataset, {@code LO:HI}, or empty for none
 *                       (the default)
 * @param keepAmbiguous  keep the stamps of ambiguous matches (AMBIGUOUS_MASK, MULTIPLE_FAKES; default false)
 * @param method         {@code standard}, {@code coteaching} or {@code asymmetric} (the default)
 * @param epochs         maximum epochs (>= 1; default 30)
 * @param batchSize      mini-batch size (>= 1; default 128)
 * @param learningRate   Adam learning rate (> 0; default 1e-3)
 * @param forgetRate     coteaching forget rate tau, in [0, 1) (default 0.1)
 * @param tauInjected    asymmetric forget rate of label 1, in [0, 1) (default 0: every injection kept)
 * @param tauReal        asymmetric forget rate of label 0, in [0, 1) (default 0.1)
 * @param tk             epochs over which the forget rate ramps up (>= 1; default 10)
 * @param schedulePower  exponent c of the ramp (T / T_k)^c (> 0; default 1)
 * @param classWeights   standard: cross-entropy weights of label 0 and label 1, or empty for none (the default)
 * @param focalGamma     standard: focal-loss exponent (>= 0; default 0, plain cross-entropy)
 * @param patience       early stopping: epochs without a lower validation loss (>= 0, 0 = off; default 5)
 * @param augment        random 90-degree rotations and flips (default true)
 * @param rotateAnyAngle also rotate by arbitrary angles, bilinear (default false)
 * @param seed           training seed: initialisation, shuffling, augmentation, dropout (default 1)
 * @param device         {@code cpu} (the default), {@code gpu} or {@code auto}
 * @param excludeSnr     the S/N range left out of the second set of test metrics, {@code LO:HI} (default
 *                       {@code 0:8})
 * @param embedding      compute the UMAP embedding of the penultimate layer for the metrics (default true)
 */
public record TrainRealBogusConfig(String split, long splitSeed, String datasetExcludeSnr, boolean keepAmbiguous,
    TrainingMethod method, int epochs, int batchSize, double learningRate, double forgetRate, double tauInjected,
    double tauReal, int tk, double schedulePower, List<Double> classWeights, double focalGamma, int patience,
    boolean augment, boolean rotateAnyAngle, long seed, ComputeDevice device, String excludeSnr, boolean embedding) {

  /** Validates every field by building what it configures; messages name the field. */
  public TrainRealBogusConfig {
    classWeights = classWeights == null ? List.of() : List.copyOf(classWeights);
    datasetExcludeSnr = datasetExcludeSnr == null ? "" : datasetExcludeSnr;
    dataset(split, splitSeed, datasetExcludeSnr, keepAmbiguous);
    if (method == null || device == null) {
      throw new IllegalArgumentException("method and device must be given (method standard, coteaching or"
          + " asymmetric; device cpu, gpu or auto)");
    }
    train(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, schedulePower,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, seed, device);
    try {
      SnrRange.parse(excludeSnr);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("excludeSnr: " + e.getMessage(), e);
    }
  }

  /** The defaults of {@code labelfree stamps collect} and {@code labelfree train}: asymmetric co-teaching. */
  public static TrainRealBogusConfig defaults() {
    TrainConfig t = TrainConfig.defaults(TrainingMethod.ASYMMETRIC);
    DatasetOptions d = DatasetOptions.defaults();
    return new TrainRealBogusConfig(d.split().toString(), d.seed(), "", d.keepAmbiguous(), t.method(), t.epochs(),
        t.batchSize(), t.learningRate(), t.forgetRate(), t.tauInjected(), t.tauReal(), t.tk(), t.c(), List.of(),
        t.focalGamma(), t.patience(), t.augment(), t.rotateAnyAngle(), t.seed(), t.device(), "0:8", true);
  }

  /** How the stamp shards become a training dataset. */
  public DatasetOptions datasetOptions() {
    return dataset(split, splitSeed, datasetExcludeSnr, keepAmbiguous);
  }

  /** How the network trains. */
  public TrainConfig trainConfig() {
    return train(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, schedulePower,
        classWeights, focalGamma, patience, augment, rotateAnyAngle, seed, device);
  }

  /** How it is evaluated. */
  public EvaluationOptions evaluationOptions() {
    EvaluationOptions eo = EvaluationOptions.defaults().withExcludeSnr(SnrRange.parse(excludeSnr));
    return embedding ? eo : eo.withUmap(null);
  }

  private static DatasetOptions dataset(String split, long seed, String exclude, boolean keepAmbiguous) {
    SplitSpec s;
    SnrRange x;
    try {
      s = SplitSpec.parse(split);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("split: " + e.getMessage(), e);
    }
    try {
      x = exclude.isBlank() ? null : SnrRange.parse(exclude);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("datasetExcludeSnr: " + e.getMessage(), e);
    }
    return new DatasetOptions(s, seed, x, keepAmbiguous);
  }

  private static TrainConfig train(TrainingMethod method, int epochs, int batchSize, double learningRate,
      double forgetRate, double tauInjected, double tauReal, int tk, double c, List<Double> classWeights,
      double focalGamma, int patience, boolean augment, boolean rotateAnyAngle, long seed, ComputeDevice device) {
    double[] w = null;
    if (!classWeights.isEmpty()) {
      w = new double[classWeights.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = classWeights.get(i);
      }
    }
    return new TrainConfig(method, epochs, batchSize, learningRate, forgetRate, tauInjected, tauReal, tk, c, seed, w,
        focalGamma, patience, augment, rotateAnyAngle, device);
  }
}
