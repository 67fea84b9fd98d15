package org.labelfree.training.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a scored test set the way the paper does, plus what only a simulation can measure. Static and
 * thread-safe; deterministic (the embedding is seeded by its config).
 *
 * <p>Steps: fit the temperature on the validation set (T = 1 without one); score the test set with
 * {@code softmax(logits / T)}; the expected calibration error before (T = 1) and after; at each threshold the
 * confusion matrix on all test stamps and on those outside the excluded S/N range; ROC AUC for both; the score
 * histogram; the candidate list at each threshold with the recall and precision of true transients; the UMAP
 * embedding of the features when the options ask for it and the stamps carry features.
 *
 * <p>Which score is used: for two classes {@code softmax(z / T)[1] >= 0.5} exactly when {@code z1 >= z0}, so the
 * 0.5 threshold gives the same confusion matrix before and after temperature scaling (the argmax). Every other
 * threshold, the candidate lists, the histogram, the embedding's by-score plot and "ECE after" use the calibrated
 * score; AUC is the same for both (T is a monotone rescaling).
 */
public final class Evaluation {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

  private Evaluation() {}

  /**
   * Evaluates.
   *
   * @param test       the test stamps (at least one)
   * @param validation the validation stamps for the temperature; null or empty for T = 1
   * @param o          the options
   * @return the result, which prints the summary and writes the report
   * @throws IllegalArgumentException if the test set is empty
   */
  public static EvaluationResult evaluate(ScoredStamps test, ScoredStamps validation, EvaluationOptions o) {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(o, "o");
    if (test.size() == 0) {
      throw new IllegalArgumentException("test has no stamps; expected at least one to evaluate");
    }
    /* Calibrate on validation; score the test set before and after. */
    int nValidation = validation == null ? 0 : validation.size();
    double temperature = nValidation == 0 ? 1.0 : TemperatureScaling.fit(validation.logits(), validation.label());
    float[] raw = test.scores(1.0);
    float[] scores = test.scores(temperature);
    double eceBefore = Calibration.ece(raw, test.label(), o.eceBins());
    double eceAfter = Calibration.ece(scores, test.label(), o.eceBins());

    /* Confusion matrices and AUC on all of test and outside the excluded S/N range. */
    int[] cutRows = o.excludeSnr() == null ? null : test.rowsOutside(o.excludeSnr());
    float[] cutScores = null;
    byte[] cutLabels = null;
    if (cutRows != null) {
      cutScores = new float[cutRows.length];
      cutLabels = new byte[cutRows.length];
      for (int k = 0; k < cutRows.length; k++) {
        cutScores[k] = scores[cutRows[k]];
        cutLabels[k] = test.label()[cutRows[k]];
      }
    }
    List<ConfusionMatrix> full = new ArrayList<>();
    List<ConfusionMatrix> cut = new ArrayList<>();
    List<CandidateList> candidates = new ArrayList<>();
    for (double t : o.thresholds()) {
      full.add(ConfusionMatrix.of(scores, test.label(), t));
      cut.add(cutRows == null ? null : ConfusionMatrix.of(cutScores, cutLabels, t));
      candidates.add(CandidateList.of(test, scores, t));
    }
    double auc = Roc.auc(scores, test.label());
    double aucCut = cutRows == null ? Double.NaN : Roc.auc(cutScores, cutLabels);
    List<Roc.Point> roc = Roc.curve(scores, test.label());
    ScoreHistogram histogram = ScoreHistogram.of(scores, test.label(), o.histogramBins());

    /* The embedding of the penultimate layer. */
    UmapEmbedding embedding = null;
    String embeddingNote;
    if (o.umap() == null) {
      embeddingNote = "skipped (no UMAP configuration)";
    } else if (test.features() == null) {
      embeddingNote = "skipped (the stamps carry no features)";
    } else if (test.size() < 2) {
      embeddingNote = "skipped (fewer than 2 stamps)";
    } else {
      embedding = Umap.embedSubset(test.features(), test.size(), test.dim(), o.umap());
      embeddingNote = embedding.subsampled()
          ? "UMAP of a seeded random subset of " + embedding.size() + " of " + test.size() + " stamps"
          : "UMAP of all " + embedding.size() + " stamps";
    }
    LOG.info("Evaluated {} test stamps: T = {} from {} validation stamps, AUC {}, {} candidates at threshold {}",
        test.size(), temperature, nValidation, auc, candidates.get(0).size(), o.thresholds().get(0));
    return new EvaluationResult(o, test, raw, scores, temperature, nValidation, eceBefore, eceAfter, auc,
        cutRows == null ? 0 : cutRows.length, aucCut, full, cut, candidates, roc, histogram, embedding,
        embeddingNote);
  }
}
