package org.labelfree.training.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link Evaluation#evaluate}: every number of the evaluation, a text summary in the paper's format,
 * a JSON map, and the report files. Immutable; the per-threshold lists follow {@link EvaluationOptions#thresholds}.
 */
public final class EvaluationResult {
  private final EvaluationOptions options;
  private final ScoredStamps test;
  private final float[] rawScores;
  private final float[] scores;
  private final double temperature;
  private final int validationSize;
  private final double eceBefore;
  private final double eceAfter;
  private final double auc;
  private final int snrCutSize;
  private final double aucSnrCut;
  private final List<ConfusionMatrix> confusion;
  private final List<ConfusionMatrix> confusionSnrCut;
  private final List<CandidateList> candidates;
  private final List<Roc.Point> roc;
  private final ScoreHistogram histogram;
  private final UmapEmbedding embedding;
  private final String embeddingNote;

  EvaluationResult(EvaluationOptions options, ScoredStamps test, float[] rawScores, float[] scores,
      double temperature, int validationSize, double eceBefore, double eceAfter, double auc, int snrCutSize,
      double aucSnrCut, List<ConfusionMatrix> confusion, List<ConfusionMatrix> confusionSnrCut,
      List<CandidateList> candidates, List<Roc.Point> roc, ScoreHistogram histogram, UmapEmbedding embedding,
      String embeddingNote) {
    this.options = options;
    this.test = test;
    this.rawScores = rawScores;
    this.scores = scores;
    this.temperature = temperature;
    this.validationSize = validationSize;
    this.eceBefore = eceBefore;
    this.eceAfter = eceAfter;
    this.auc = auc;
    this.snrCutSize = snrCutSize;
    this.aucSnrCut = aucSnrCut;
    this.confusion = List.copyOf(confusion);
    this.confusionSnrCut = Collections.unmodifiableList(new ArrayList<>(confusionSnrCut));
    this.candidates = List.copyOf(candidates);
    this.roc = List.copyOf(roc);
    this.histogram = histogram;
    this.embedding = embedding;
    this.embeddingNote = embeddingNote;
  }

  /** The options used. */
  public EvaluationOptions options() {
    return options;
  }

  /** The test stamps. */
  public ScoredStamps test() {
    return test;
  }

  /** The fitted temperature (1 without validation stamps). */
  public double temperature() {
    return temperature;
  }

  /** The number of validation stamps the temperature was fitted on (0: none). */
  public int validationSize() {
    return validationSize;
  }

  /** The uncalibrated score per test stamp, {@code softmax(z)[1]} (a copy). */
  public float[] rawScores() {
    return rawScores.clone();
  }

  /** The calibrated score per test stamp, {@code softmax(z / T)[1]} (a copy). */
  public float[] scores() {
    return scores.clone();
  }

  /** Expected calibration error of the test set before temperature scaling. */
  public double eceBefore() {
    return eceBefore;
  }

  /** Expected calibration error of the test set after temperature scaling. */
  public double eceAfter() {
    return eceAfter;
  }

  /** ROC AUC on all test stamps (NaN when a class is empty). */
  public double auc() {
    return auc;
  }

  /** The number of test stamps outside the excluded S/N range (0 when no range is excluded). */
  public int snrCutSize() {
    return snrCutSize;
  }

  /** ROC AUC outside the excluded S/N range (NaN when none is excluded or a class is empty). */
  public double aucSnrCut() {
    return aucSnrCut;
  }

  /** Confusion matrices on all test stamps, one per threshold. */
  public List<ConfusionMatrix> confusion() {
    return confusion;
  }

  /** Confusion matrices outside the excluded S/N range, one per threshold (elements null when none is excluded). */
  public List<ConfusionMatrix> confusionSnrCut() {
    return confusionSnrCut;
  }

  /** The candidate lists, one per threshold. */
  public List<CandidateList> candidates() {
    return candidates;
  }

  /** The ROC curve on all test stamps. */
  public List<Roc.Point> roc() {
    return roc;
  }

  /** The histogram of calibrated scores. */
  public ScoreHistogram histogram() {
    return histogram;
  }

  /** The embedding, or null when it was skipped (see {@link #embeddingNote()}). */
  public UmapEmbedding embedding() {
    return embedding;
  }

  /** What was embedded, or why not. */
  public String embeddingNote() {
    return embeddingNote;
  }

  private long injected() {
    long c = 0;
    for (byte b : test.label()) {
      c += b;
    }
    return c;
  }

  /**
   * The evaluation as a map for JSON, in a fixed key order: n_test, n_test_injected, n_test_real, n_validation,
   * temperature, ece_bins, ece_before, ece_after, auc, exclude_snr, n_snr_cut, auc_snr_cut, thresholds (a list of
   * maps: threshold, confusion, confusion_snr_cut, candidates), histogram, embedding, notes. NaN becomes null.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    long nInjected = injected();
    m.put("n_test", test.size());
    m.put("n_test_injected", nInjected);
    m.put("n_test_real", test.size() - nInjected);
    m.put("n_validation", validationSize);
    m.put("temperature", temperature);
    m.put("ece_bins", options.eceBins());
    m.put("ece_before", Reports.json(eceBefore));
    m.put("ece_after", Reports.json(eceAfter));
    m.put("auc", Reports.json(auc));
    m.put("exclude_snr", options.excludeSnr() == null ? null : options.excludeSnr().toString());
    m.put("n_snr_cut", snrCutSize);
    m.put("auc_snr_cut", Reports.json(aucSnrCut));
    List<Object> perThreshold = new ArrayList<>();
    for (int t = 0; t < options.thresholds().size(); t++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("threshold", options.thresholds().get(t));
      e.put("confusion", confusion.get(t).toMap());
      e.put("confusion_snr_cut", confusionSnrCut.get(t) == null ? null : confusionSnrCut.get(t).toMap());
      CandidateList c = candidates.get(t);
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("n", c.size());
      cm.put("true_transients_found", c.truePositivesFound());
      cm.put("true_transients_label0", c.truthPositives());
      cm.put("truth_known_label0", c.truthKnown());
      cm.put("truth_recall", Reports.json(c.truthRecall()));
      cm.put("truth_precision", Reports.json(c.truthPrecision()));
      e.put("candidates", cm);
      perThreshold.add(e);
    }
    m.put("thresholds", perThreshold);
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("bins", histogram.bins());
    h.put("injected", histogram.injected());
    h.put("real", histogram.real());
    h.put("all", histogram.all());
    m.put("histogram", h);
    Map<String, Object> emb = new LinkedHashMap<>();
    emb.put("note", embeddingNote);
    if (embedding != null) {
      UmapConfig u = options.umap();
      emb.put("points", embedding.size());
      emb.put("total_points", embedding.totalPoints());
      emb.put("subsampled", embedding.subsampled());
      emb.put("n_neighbors", u.nNeighbors());
      emb.put("min_dist", u.minDist());
      emb.put("epochs", u.epochs());
      emb.put("seed", u.seed());
    }
    m.put("embedding", emb);
    m.put("notes", "threshold 0.5 is the argmax, the same before and after temperature scaling; other thresholds,"
        + " candidates, histogram and ece_after use the calibrated score softmax(z / T)");
    return m;
  }

  /**
   * A text summary: sizes, temperature, ECE before and after, AUC, the paper's confusion table at each threshold on
   * all test stamps and outside the excluded S/N range, and the candidates per threshold with the recall and
   * precision of true transients. Lines end with {@code \n}.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    long nInjected = injected();
    sb.append(String.format(Locale.ROOT, "Test set: %d stamps (%d injected, %d real)\n", test.size(), nInjected,
        test.size() - nInjected));
    sb.append(validationSize == 0 ? "Temperature: T = 1 (no validation stamps)\n"
        : String.format(Locale.ROOT, "Temperature: T = %.4f fitted on %d validation stamps\n", temperature,
            validationSize));
    sb.append(String.format(Locale.ROOT, "ECE (%d bins, binary): %.4f -> %.4f after temperature scaling\n",
        options.eceBins(), eceBefore, eceAfter));
    sb.append(String.format(Locale.ROOT, "ROC AUC: %s on all test stamps", num(auc)));
    if (options.excludeSnr() != null) {
      sb.append(String.format(Locale.ROOT, "; %s with S/N %s excluded (%d stamps)", num(aucSnrCut),
          options.excludeSnr(), snrCutSize));
    }
    sb.append('\n');
    for (int t = 0; t < options.thresholds().size(); t++) {
      String thr = Reports.threshold(options.thresholds().get(t));
      sb.append("\nConfusion matrix, all test stamps, score >= ").append(thr).append(":\n");
      sb.append(confusion.get(t).toTable());
      if (confusionSnrCut.get(t) != null) {
        sb.append("Confusion matrix, S/N ").append(options.excludeSnr()).append(" excluded, score >= ").append(thr)
            .append(":\n");
        sb.append(confusionSnrCut.get(t).toTable());
      }
    }
    sb.append("\nCandidates (label-0 stamps with calibrated score >= threshold):\n");
    for (CandidateList c : candidates) {
      sb.append(String.format(Locale.ROOT, "  threshold %s: %d candidates", Reports.threshold(c.threshold()),
          c.size()));
      if (c.truthKnown() > 0) {
        sb.append(String.format(Locale.ROOT, "; true transients %d of %d (recall %s, precision %s)",
            c.truePositivesFound(), c.truthPositives(), pct(c.truthRecall()), pct(c.truthPrecision())));
      } else {
        sb.append("; truth unknown");
      }
      sb.append('\n');
    }
    sb.append("Embedding: ").append(embeddingNote).append('\n');
    sb.append("Note: threshold 0.5 is the argmax and the same before and after temperature scaling; other"
        + " thresholds, the candidates, the histogram and the ECE after use the calibrated score.\n");
    return sb.toString();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  /**
   * Writes the report into {@code dir} (created if missing), each file atomically: {@code <prefix>_scores.csv}
   * (every test stamp), {@code <prefix>_histogram.csv/.png}, {@code <prefix>_roc.csv},
   * {@code <prefix>_candidates_<threshold>.csv} per threshold, {@code <prefix>_embedding.csv},
   * {@code <prefix>_embedding_by_label.png} and {@code <prefix>_embedding_by_score.png} when there is an
   * embedding, and {@code <prefix>_evaluation.json} last.
   *
   * @param prefix file name prefix: letters, digits, '.', '-' or '_' only, not empty
   * @return the files written, in the order written
   * @throws IllegalArgumentException if the prefix is not valid
   * @throws IOException if a file cannot be written
   */
  public List<Path> writeReport(Path dir, String prefix) throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (prefix == null || !prefix.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("prefix '" + prefix + "' is not valid; expected letters, digits, '.', '-'"
          + " or '_'");
    }
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    Path p = dir.resolve(prefix + "_scores.csv");
    Reports.writeText(p, scoresCsv());
    written.add(p);
    p = dir.resolve(prefix + "_histogram.csv");
    histogram.writeCsv(p);
    written.add(p);
    p = dir.resolve(prefix + "_histogram.png");
    histogram.writePng(p, prefix + ": calibrated score, injected vs all test stamps");
    written.add(p);
    p = dir.resolve(prefix + "_roc.csv");
    Roc.writeCsv(p, roc);
    written.add(p);
    for (CandidateList c : candidates) {
      p = dir.resolve(prefix + "_candidates_" + Reports.threshold(c.threshold()) + ".csv");
      c.writeCsv(p);
      written.add(p);
    }
    if (embedding != null) {
      p = dir.resolve(prefix + "_embedding.csv");
      EmbeddingPlot.writeCsv(p, embedding, test, scores);
      written.add(p);
      p = dir.resolve(prefix + "_embedding_by_label.png");
      EmbeddingPlot.writeByLabel(p, embedding, test, prefix + ": UMAP of the penultimate layer, by label");
      written.add(p);
      p = dir.resolve(prefix + "_embedding_by_score.png");
      EmbeddingPlot.writeByScore(p, embedding, scores, prefix + ": UMAP of the penultimate layer, by score");
      written.add(p);
    }
    p = dir.resolve(prefix + "_evaluation.json");
    Reports.writeJson(p, toMap());
    written.add(p);
    return written;
  }

  private String scoresCsv() {
    StringBuilder sb = new StringBuilder(
        "row,diaSourceId,visit,detector,ra,dec,snr,label,isTrueTransient,logit0,logit1,score_raw,score\n");
    float[] z = test.logits();
    for (int i = 0; i < test.size(); i++) {
      sb.append(i).append(',').append(test.diaSourceId()[i]).append(',').append(test.visit()[i]).append(',')
          .append(test.detector()[i]).append(',').append(Reports.csv(test.ra()[i])).append(',')
          .append(Reports.csv(test.dec()[i])).append(',').append(Reports.csv(test.snr()[i])).append(',')
          .append(test.label()[i]).append(',').append(test.isTrueTransient()[i]).append(',')
          .append(Reports.csv(z[2 * i])).append(',').append(Reports.csv(z[2 * i + 1])).append(',')
          .append(Reports.csv(rawScores[i])).append(',').append(Reports.csv(scores[i])).append('\n');
    }
    return sb.toString();
  }
}
