package org.labelfree.workflows.tasks;

/**
 * Configuration of {@link ScoreTask}.
 *
 * @param batchSize stamps per ONNX Runtime call (1 to 65536; default 1024)
 * @param threshold the score at which a label-0 stamp is counted as a candidate in the log (in [0, 1]; default 0.5);
 *                  every score is written whatever it is
 */
public record ScoreConfig(int batchSize, double threshold) {
  /** Validates; throws {@link IllegalArgumentException} naming the parameter, its value and the valid range. */
  public ScoreConfig {
    if (batchSize < 1 || batchSize > 65536) {
      throw new IllegalArgumentException("batchSize is " + batchSize + "; expected 1 to 65536");
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold is " + threshold + "; expected 0 to 1");
    }
  }

  /** Batches of 1024, candidates at 0.5. */
  public static ScoreConfig defaults() {
    return new ScoreConfig(1024, 0.5);
  }
}
