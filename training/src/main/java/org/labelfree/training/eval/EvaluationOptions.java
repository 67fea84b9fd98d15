package org.labelfree.training.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.labelfree.labeling.dataset.SnrRange;

/**
 * Options of {@link Evaluation#evaluate}.
 *
 * @param thresholds    score thresholds for the confusion matrices and the candidate lists, each in [0, 1],
 *                      distinct, at least one (default 0.5 and 0.8); kept in the given order
 * @param excludeSnr    the S/N range left out of the second set of metrics (default {@code 0:8}, the paper's cut);
 *                      null for none
 * @param histogramBins bins of the score histogram over [0, 1] ({@code >= 1}; default 20)
 * @param eceBins       bins of the expected calibration error ({@code >= 1}; default 15)
 * @param umap          the embedding's configuration; null to skip the embedding (default
 *                      {@link UmapConfig#defaults()})
 */
public record EvaluationOptions(List<Double> thresholds, SnrRange excludeSnr, int histogramBins, int eceBins,
    UmapConfig umap) {

  /** Validates the fields; throws {@link IllegalArgumentException} naming the parameter and its range. */
  public EvaluationOptions {
    Objects.requireNonNull(thresholds, "thresholds");
    thresholds = List.copyOf(thresholds);
    if (thresholds.isEmpty()) {
      throw new IllegalArgumentException("thresholds is empty; expected at least one threshold in [0, 1]");
    }
    if (new HashSet<>(thresholds).size() != thresholds.size()) {
      throw new IllegalArgumentException("thresholds " + thresholds + " repeat a value; expected distinct values");
    }
    for (double t : thresholds) {
      if (!(t >= 0 && t <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], but was " + t);
      }
    }
    if (histogramBins < 1) {
      throw new IllegalArgumentException("histogramBins must be >= 1, but was " + histogramBins);
    }
    if (eceBins < 1) {
      throw new IllegalArgumentException("eceBins must be >= 1, but was " + eceBins);
    }
  }

  /** The defaults: thresholds 0.5 and 0.8, S/N 0:8 excluded, 20 histogram bins, 15 ECE bins, default UMAP. */
  public static EvaluationOptions defaults() {
    return new EvaluationOptions(List.of(0.5, 0.8), new SnrRange(0, 8), 20, 15, UmapConfig.defaults());
  }

  /** These options with another embedding configuration (null to skip the embedding). */
  public EvaluationOptions withUmap(UmapConfig c) {
    return new EvaluationOptions(thresholds, excludeSnr, histogramBins, eceBins, c);
  }

  /** These options with another S/N range for the second set of metrics (null for none). */
  public EvaluationOptions withExcludeSnr(SnrRange r) {
    return new EvaluationOptions(thresholds, r, histogramBins, eceBins, umap);
  }
}
