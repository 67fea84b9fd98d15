package org.labelfree.training;

/**
 * The outputs of the network for {@code n} stamps: the two logits (bogus, transient) and the penultimate features
 * (the hidden layer after ReLU, {@code hidden} values per stamp). Immutable; arrays are copied in and out.
 */
public final class Predictions {
  private final float[] logits;
  private final float[] features;
  private final int n;
  private final int hidden;

  /**
   * Copies the arrays.
   *
   * @param logits   {@code n * 2} values, row-major
   * @param features {@code n * hidden} values, row-major
   * @throws IllegalArgumentException if the lengths do not match
   */
  public Predictions(float[] logits, float[] features, int n, int hidden) {
    if (n < 0 || hidden < 1 || logits.length != 2L * n || features.length != (long) n * hidden) {
      throw new IllegalArgumentException("logits and features have " + logits.length + " and " + features.length
          + " values; expected 2 * n = " + 2L * n + " and n * hidden = " + (long) n * hidden);
    }
    this.logits = logits.clone();
    this.features = features.clone();
    this.n = n;
    this.hidden = hidden;
  }

  /** The number of stamps. */
  public int n() {
    return n;
  }

  /** Features per stamp. */
  public int hidden() {
    return hidden;
  }

  /** A copy of the logits, {@code (n, 2)} row-major. */
  public float[] logits() {
    return logits.clone();
  }

  /** A copy of the features, {@code (n, hidden)} row-major. */
  public float[] features() {
    return features.clone();
  }

  /** Logit {@code k} (0 bogus, 1 transient) of stamp {@code i}. */
  public float logit(int i, int k) {
    return logits[2 * i + k];
  }

  /**
   * The transient probability of every stamp: {@code softmax(logits / temperature)[:, 1]} (see
   * {@link #transientProbabilities}).
   *
   * @param temperature > 0 (1 for the raw network)
   */
  public float[] scores(double temperature) {
    return transientProbabilities(logits, temperature);
  }

  /**
   * {@code softmax(logits / temperature)[:, 1]} for row-major pairs of logits, computed as the logistic function of
   * {@code (l1 - l0) / temperature} without overflow: the one definition of the calibrated score that training,
   * evaluation and ONNX scoring share.
   *
   * @param logits      {@code 2 n} values, row-major
   * @param temperature finite and > 0 (1 for the raw network)
   * @throws IllegalArgumentException if the temperature is not finite and positive or the length is odd
   */
  public static float[] transientProbabilities(float[] logits, double temperature) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0, but was " + temperature);
    }
    if (logits.length % 2 != 0) {
      throw new IllegalArgumentException("logits has " + logits.length + " values; expected two per stamp");
    }
    float[] s = new float[logits.length / 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) logistic(((double) logits[2 * i + 1] - logits[2 * i]) / temperature);
    }
    return s;
  }

  /** {@code 1 / (1 + exp(-m))} without overflow for large |m|. */
  public static double logistic(double m) {
    if (m >= 0) {
      return 1.0 / (1.0 + Math.exp(-m));
    }
    double e = Math.exp(m);
    return e / (1.0 + e);
  }
}
