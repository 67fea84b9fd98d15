package org.labelfree.training.eval;

/**
 * Calibration measures of a binary classifier. Static and thread-safe.
 *
 * <p>The expected calibration error here is the binary form (Naeini et al., AAAI 2015): the predicted probability of
 * class 1 is cut into equal-width bins over [0, 1] (a probability of exactly 1 goes to the last bin), and
 * {@code ECE = sum_b (n_b / n) |mean(label in b) - mean(p in b)|}, i.e. the observed frequency of label 1 against
 * the mean predicted probability of class 1. (Guo et al.'s multi-class form bins the top-class confidence
 * instead; for two classes the two differ only in how the bins fold at 0.5.)
 */
public final class Calibration {
  private Calibration() {}

  /**
   * The binary expected calibration error.
   *
   * @param prob  predicted probability of class 1 per stamp, in [0, 1]
   * @param label label per stamp, 0 or 1
   * @param bins  number of equal-width bins ({@code >= 1}; 15 is usual)
   * @return ECE in [0, 1]; NaN for no stamps
   * @throws IllegalArgumentException if the lengths differ, bins is below 1, a label is not 0/1 or a probability is
   *     outside [0, 1] or NaN
   */
  public static double ece(float[] prob, byte[] label, int bins) {
    if (prob.length != label.length) {
      throw new IllegalArgumentException("prob has length " + prob.length + " but label has length " + label.length
          + "; expected equal lengths");
    }
    if (bins < 1) {
      throw new IllegalArgumentException("bins is " + bins + "; expected >= 1");
    }
    if (prob.length == 0) {
      return Double.NaN;
    }
    long[] count = new long[bins];
    double[] sumProb = new double[bins];
    double[] sumLabel = new double[bins];
    for (int i = 0; i < prob.length; i++) {
      float p = prob[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("prob[" + i + "] is " + p + "; expected a probability in [0, 1]");
      }
      if (label[i] != 0 && label[i] != 1) {
        throw new IllegalArgumentException("label[" + i + "] is " + label[i] + "; expected 0 or 1");
      }
      int b = bin(p, bins);
      count[b]++;
      sumProb[b] += p;
      sumLabel[b] += label[i];
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(sumLabel[b] - sumProb[b]) / prob.length;
      }
    }
    return ece;
  }

  /** The bin of a probability: {@code floor(p * bins)}, with 1 in the last bin. */
  static int bin(double p, int bins) {
    return Math.min((int) (p * bins), bins - 1);
  }
}
