package org.labelfree.training;

/**
 * What one training epoch did.
 *
 * @param epoch              0-based epoch T
 * @param trainLoss          mean training loss of the samples each network updated on (per batch: the selected
 *                           subset's mean; averaged over batches weighted by batch size, and over the networks)
 * @param validationLoss     mean plain cross-entropy on the validation data (for co-teaching, the lower of the two
 *                           networks); NaN without validation data
 * @param validationAccuracy fraction of validation stamps whose arg-max class (score >= 0.5) is their label, for
 *                           the network of {@code validationLoss}; NaN without validation data
 * @param keptFraction0      fraction of label-0 samples kept by the selections over the epoch (1 for standard)
 * @param keptFraction1      fraction of label-1 samples kept by the selections over the epoch (1 for standard)
 * @param keepRate0          keep rate R(T) applied to label 0 in this epoch
 * @param keepRate1          keep rate R(T) applied to label 1 in this epoch
 */
public record EpochStats(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
    double keptFraction0, double keptFraction1, double keepRate0, double keepRate1) {

  /** The keep rate of the epoch: the lower of the two classes' (they are equal except for asymmetric). */
  public double keepRate() {
    return Math.min(keepRate0, keepRate1);
  }
}
