package org.labelfree.training.eval;

/**
 * Temperature scaling (Guo et al., ICML 2017): one scalar T > 0 that divides the logits so that
 * {@code softmax(z / T)} minimises the mean negative log-likelihood of the labels on a held-out set. It changes
 * confidences, never the argmax. Static and thread-safe.
 *
 * <p>The fit is a golden-section search on {@code u = ln T} over {@code [ln 0.05, ln 20]} (the NLL is convex in
 * {@code 1/T}, hence unimodal in u), stopped when the bracket is narrower than {@value #TOLERANCE} in u, i.e. T is
 * known to a relative 1e-6. A minimum outside the range returns the nearer bound.
 */
public final class TemperatureScaling {
  /** Lowest temperature searched. */
  public static final double MIN_T = 0.05;
  /** Highest temperature searched. */
  public static final double MAX_T = 20.0;
  /** Width of the final bracket in {@code ln T}. */
  public static final double TOLERANCE = 1e-6;

  private TemperatureScaling() {}

  /**
   * Fits the temperature.
   *
   * @param logits row-major n x 2 logits
   * @param label  n labels, 0 or 1 (the class index)
   * @return T in [{@value #MIN_T}, {@value #MAX_T}]
   * @throws IllegalArgumentException if n is 0, the lengths do not match or a label is not 0/1
   */
  public static double fit(float[] logits, byte[] label) {
    check(logits, label);
    if (label.length == 0) {
      throw new IllegalArgumentException("label is empty; expected at least one stamp to fit a temperature");
    }
    double phi = (Math.sqrt(5) - 1) / 2;
    double lo = Math.log(MIN_T);
    double hi = Math.log(MAX_T);
    double x1 = hi - phi * (hi - lo);
    double x2 = lo + phi * (hi - lo);
    double f1 = nll(logits, label, Math.exp(x1));
    double f2 = nll(logits, label, Math.exp(x2));
    while (hi - lo > TOLERANCE) {
      if (f1 <= f2) {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - phi * (hi - lo);
        f1 = nll(logits, label, Math.exp(x1));
      } else {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + phi * (hi - lo);
        f2 = nll(logits, label, Math.exp(x2));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  /**
   * The mean negative log-likelihood (natural log) of the labels under {@code softmax(logits / T)}, computed
   * stably as a softplus of the scaled logit margin.
   *
   * @throws IllegalArgumentException if the lengths do not match, a label is not 0/1 or T is not positive
   */
  public static double nll(float[] logits, byte[] label, double temperature) {
    check(logits, label);
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature is " + temperature + "; expected > 0");
    }
    double sum = 0;
    for (int i = 0; i < label.length; i++) {
      double m = ((double) logits[2 * i + 1] - logits[2 * i]) / temperature;
      sum += softplus(label[i] == 1 ? -m : m);
    }
    return sum / label.length;
  }

  private static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  private static void check(float[] logits, byte[] label) {
    if (logits.length != 2L * label.length) {
      throw new IllegalArgumentException("logits has length " + logits.length + "; expected 2 x " + label.length
          + " labels = " + 2L * label.length);
    }
    for (int i = 0; i < label.length; i++) {
      if (label[i] != 0 && label[i] != 1) {
        throw new IllegalArgumentException("label[" + i + "] is " + label[i] + "; expected 0 or 1");
      }
    }
  }
}
