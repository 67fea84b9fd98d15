package org.labelfree.workflows.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.labelfree.labeling.dataset.SnrRange;
import org.labelfree.training.eval.ConfusionMatrix;
import org.labelfree.training.eval.Evaluation;
import org.labelfree.training.eval.EvaluationOptions;
import org.labelfree.training.eval.EvaluationResult;
import org.labelfree.training.eval.ScoredStamps;

/**
 * {@link ClassifierComparison#table}: three hand-made evaluations of the same 12 test stamps (4 injected, all at
 * S/N 5, inside the excluded 0:8; 8 real at S/N 20, two of them true transients): the header and column order, the
 * TP/FN/FP/TN and rate rows equal to each {@link ConfusionMatrix}'s percentages to one decimal, "n/a" where a rate
 * or the AUC is undefined (no injected stamp outside the S/N cut), the candidate rows, and mismatched inputs
 * rejected.
 */
class ClassifierComparisonTest {
  private static final String INDENT = "  ";
  private static final List<String> NAMES = List.of("standard", "coteaching", "asymmetric");
  private static final byte[] LABEL = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
  private static final byte[] TRUTH = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
  /* Per classifier the score of each stamp: at 0.5 tp/fn/fp/tn = 3/1/1/7, 4/0/2/6, 2/2/0/8. */
  private static final float[][] SCORES = {
      {0.9f, 0.7f, 0.6f, 0.2f, 0.85f, 0.3f, 0.1f, 0.1f, 0.2f, 0.3f, 0.4f, 0.1f},
      {0.95f, 0.9f, 0.8f, 0.7f, 0.9f, 0.6f, 0.2f, 0.1f, 0.1f, 0.2f, 0.3f, 0.4f},
      {0.6f, 0.55f, 0.4f, 0.3f, 0.45f, 0.2f, 0.1f, 0.1f, 0.1f, 0.1f, 0.2f, 0.3f}};

  /** The 12 stamps scored {@code score}; logits (0, logit(p)) so that softmax(z)[1] is the score (T = 1). */
  static ScoredStamps stamps(float[] score) {
    int n = score.length;
    long[] ids = new long[n];
    long[] visit = new long[n];
    int[] det = new int[n];
    double[] ra = new double[n];
    double[] dec = new double[n];
    float[] snr = new float[n];
    float[] logits = new float[2 * n];
    for (int i = 0; i < n; i++) {
      ids[i] = 7000 + i;
      visit[i] = 100 + i % 3;
      det[i] = i % 4;
      ra[i] = 150 + i * 1e-3;
      dec[i] = 2 - i * 1e-3;
      snr[i] = LABEL[i] == 1 ? 5f : 20f;
      logits[2 * i + 1] = (float) Math.log(score[i] / (1.0 - score[i]));
    }
    return new ScoredStamps(ids, visit, det, ra, dec, snr, LABEL.clone(), TRUTH.clone(), logits, null, 0);
  }

  static List<EvaluationResult> results(EvaluationOptions o) {
    List<EvaluationResult> r = new ArrayList<>();
    for (float[] s : SCORES) {
      r.add(Evaluation.evaluate(stamps(s), null, o));
    }
    return r;
  }

  private static final EvaluationOptions OPTIONS = EvaluationOptions.defaults().withUmap(null);

  /** The cells of every line whose label (after the indent, trimmed) is {@code label}, in order of appearance. */
  static List<List<String>> rows(String table, String label) {
    List<List<String>> found = new ArrayList<>();
    for (String line : table.split("\n")) {
      if (line.length() >= INDENT.length() + 34 && line.substring(INDENT.length(), INDENT.length() + 34).strip()
          .equals(label)) {
        List<String> cells = new ArrayList<>();
        for (int k = INDENT.length() + 34; k < line.length(); k += 13) {
          cells.add(line.substring(k, Math.min(k + 13, line.length())).strip());
        }
        found.add(cells);
      }
    }
    return found;
  }

  private static String pct(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  @Test
  void columnsFollowTheNamesAndConfusionRowsEqualTheMatricesPercentages() {
    List<EvaluationResult> results = results(OPTIONS);
    /* The hand-made scores give the intended matrices. */
    assertEquals(new ConfusionMatrix(3, 1, 1, 7), results.get(0).confusion().get(0));
    assertEquals(new ConfusionMatrix(4, 0, 2, 6), results.get(1).confusion().get(0));
    assertEquals(new ConfusionMatrix(2, 2, 0, 8), results.get(2).confusion().get(0));

    String t = ClassifierComparison.table(NAMES, results, INDENT);
    assertTrue(t.endsWith("\n"));
    for (String line : t.split("\n")) {
      assertTrue(line.startsWith(INDENT), "'" + line + "'");
    }
    String header = t.split("\n")[0];
    assertEquals(INDENT + String.format(Locale.ROOT, "%-34s%13s%13s%13s", "test split, score >= 0.5", "standard",
        "coteaching", "asymmetric"), header);

    List<Function<ConfusionMatrix, String>> expected = List.of(
        c -> String.format(Locale.ROOT, "%.1f%%", c.percent(c.tp())),
        c -> String.format(Locale.ROOT, "%.1f%%", c.percent(c.fn())),
        c -> String.format(Locale.ROOT, "%.1f%%", c.percent(c.fp())),
        c -> String.format(Locale.ROOT, "%.1f%%", c.percent(c.tn())),
        c -> pct(c.sensitivity()), c -> pct(c.specificity()), c -> pct(c.precision()), c -> pct(c.accuracy()));
    List<String> labels = List.of("TP (% of stamps)", "FN", "FP", "TN", "sensitivity", "specificity", "precision",
        "accuracy");
    for (int k = 0; k < labels.size(); k++) {
      List<List<String>> found = rows(t, labels.get(k));
      /* Once on all test stamps, once with S/N 0:8 excluded. */
      assertEquals(2, found.size(), labels.get(k));
      for (int j = 0; j < NAMES.size(); j++) {
        assertEquals(expected.get(k).apply(results.get(j).confusion().get(0)), found.get(0).get(j),
            labels.get(k) + " " + NAMES.get(j));
        assertEquals(expected.get(k).apply(results.get(j).confusionSnrCut().get(0)), found.get(1).get(j),
            labels.get(k) + " S/N cut " + NAMES.get(j));
      }
    }
    /* Spelled out for the first column: 3, 1, 1, 7 of 12 stamps. */
    assertEquals(List.of("25.0%", "33.3%", "16.7%"), rows(t, "TP (% of stamps)").get(0));
    assertEquals(List.of("8.3%", "0.0%", "16.7%"), rows(t, "FN").get(0));
    assertEquals(List.of("75.0%", "100.0%", "50.0%"), rows(t, "sensitivity").get(0));
    assertEquals(List.of("75.0%", "66.7%", "100.0%"), rows(t, "precision").get(0));
  }

  @Test
  void undefinedRatesAndAucAreNa() {
    List<EvaluationResult> results = results(OPTIONS);
    String t = ClassifierComparison.table(NAMES, results, INDENT);
    /* Every injected stamp has S/N 5, inside the excluded 0:8: outside it there is none. */
    assertTrue(t.contains(INDENT + "S/N 0:8 excluded (8 stamps)\n"), t);
    List<String> na = List.of("n/a", "n/a", "n/a");
    assertEquals(na, rows(t, "sensitivity").get(1));
    assertEquals(na, rows(t, "ROC AUC").get(1));
    assertEquals(List.of("0.0%", "0.0%", "0.0%"), rows(t, "TP (% of stamps)").get(1));
    /* The third classifier calls no real stamp injected outside the cut: precision 0/0. */
    assertEquals("n/a", rows(t, "precision").get(1).get(2));
    for (int j = 0; j < 3; j++) {
      assertEquals(String.format(Locale.ROOT, "%.3f", results.get(j).auc()), rows(t, "ROC AUC").get(0).get(j));
    }
  }

  @Test
  void candidateRowsCountLabelZeroStampsAndTrueTransients() {
    List<EvaluationResult> results = results(OPTIONS);
    String t = ClassifierComparison.table(NAMES, results, INDENT);
    assertTrue(t.contains(INDENT + "label-0 candidates, calibrated score >= 0.50\n"), t);
    assertTrue(t.contains(INDENT + "label-0 candidates, calibrated score >= 0.80\n"), t);
    /* At 0.5: label-0 stamps 4 (0.85) / 4, 5 (0.9, 0.6) / none; both true transients are stamps 4 and 5. */
    assertEquals(List.of("1", "2", "0"), rows(t, "candidates").get(0));
    assertEquals(List.of("1/2", "2/2", "0/2"), rows(t, "true transients found").get(0));
    assertEquals(List.of("50.0%", "100.0%", "0.0%"), rows(t, "true-transient recall").get(0));
    assertEquals(List.of("100.0%", "100.0%", "n/a"), rows(t, "true-transient precision").get(0));
    /* At 0.8: 0.85 and 0.9 stay. */
    assertEquals(List.of("1", "1", "0"), rows(t, "candidates").get(1));
  }

  @Test
  void mismatchedInputsAreRejected() {
    List<EvaluationResult> results = results(OPTIONS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClassifierComparison.table(NAMES.subList(0, 2), results, INDENT));
    assertTrue(e.getMessage().contains("2 names for 3 results"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClassifierComparison.table(List.of(), List.of(), INDENT));
    /* A result evaluated with other thresholds or another S/N cut is not comparable. */
    List<EvaluationResult> mixed = new ArrayList<>(results.subList(0, 2));
    mixed.add(Evaluation.evaluate(stamps(SCORES[2]), null,
        new EvaluationOptions(List.of(0.5), new SnrRange(0, 8), 20, 15, null)));
    e = assertThrows(IllegalArgumentException.class, () -> ClassifierComparison.table(NAMES, mixed, INDENT));
    assertTrue(e.getMessage().contains("results[2] (asymmetric)") && e.getMessage().contains("[0.5, 0.8]"),
        e.getMessage());
    mixed.set(2, Evaluation.evaluate(stamps(SCORES[2]), null, OPTIONS.withExcludeSnr(null)));
    assertThrows(IllegalArgumentException.class, () -> ClassifierComparison.table(NAMES, mixed, INDENT));
  }

  @Test
  void theHeaderNamesTheFirstThreshold() {
    EvaluationOptions o = new EvaluationOptions(List.of(0.7, 0.9), null, 20, 15, null);
    List<EvaluationResult> results = results(o);
    String t = ClassifierComparison.table(NAMES, results, "");
    assertTrue(t.startsWith("test split, score >= 0.7 "), t);
    /* No S/N range excluded: one set of confusion rows, at 0.7. */
    assertEquals(1, rows2(t, "TP (% of stamps)").size());
    ConfusionMatrix c = results.get(0).confusion().get(0);
    assertEquals(ConfusionMatrix.of(results.get(0).scores(), LABEL, 0.7), c);
    assertEquals(String.format(Locale.ROOT, "%.1f%%", c.percent(c.tp())), rows2(t, "TP (% of stamps)").get(0).get(0));
    assertEquals(ClassifierComparison.toMap(NAMES, results).keySet().stream().toList(), NAMES);
  }

  /** {@link #rows} for a table without indent. */
  private static List<List<String>> rows2(String table, String label) {
    String indented = INDENT + table.replace("\n", "\n" + INDENT);
    return rows(indented, label);
  }
}
