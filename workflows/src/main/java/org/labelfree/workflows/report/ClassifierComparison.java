package org.labelfree.workflows.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.labelfree.training.eval.CandidateList;
import org.labelfree.training.eval.ConfusionMatrix;
import org.labelfree.training.eval.EvaluationOptions;
import org.labelfree.training.eval.EvaluationResult;

/**
 * The demo's side-by-side view of several trained classifiers evaluated on the same test split: the paper's
 * confusion-matrix percentages and rates at score 0.5 on all test stamps and with the S/N range excluded, the ROC AUC,
 * and the label-0 candidates at each threshold with the recall and precision of true transients among them.
 */
public final class ClassifierComparison {
  private ClassifierComparison() {}

  /**
   * The table, one column per classifier (in the order given), lines ending with {@code \n}, each indented by
   * {@code indent}.
   *
   * <p>The confusion rows are at the first threshold of the options (0.5 by default), which the header names.
   *
   * @param names   the column names, e.g. the methods
   * @param results one evaluation per name, all on the same test split with the same thresholds and S/N range
   * @throws IllegalArgumentException if the lists are empty or differ in length, or a result's thresholds or
   *                                  excluded S/N range differ from the first's
   */
  public static String table(List<String> names, List<EvaluationResult> results, String indent) {
    if (names.size() != results.size() || results.isEmpty()) {
      throw new IllegalArgumentException(names.size() + " names for " + results.size() + " results; expected one"
          + " name per result, at least one");
    }
    EvaluationResult first = results.get(0);
    for (int i = 1; i < results.size(); i++) {
      EvaluationOptions o = results.get(i).options();
      if (!o.thresholds().equals(first.options().thresholds())
          || !Objects.equals(o.excludeSnr(), first.options().excludeSnr())) {
        throw new IllegalArgumentException("results[" + i + "] (" + names.get(i) + ") has thresholds "
            + o.thresholds() + " and excluded S/N " + o.excludeSnr() + "; expected those of results[0] ("
            + names.get(0) + "): " + first.options().thresholds() + " and " + first.options().excludeSnr());
      }
    }
    StringBuilder sb = new StringBuilder();
    String cut = first.options().excludeSnr() == null ? null : first.options().excludeSnr().toString();
    String header = "test split, score >= "
        + BigDecimal.valueOf(first.options().thresholds().get(0)).stripTrailingZeros().toPlainString();
    sb.append(indent).append(String.format(Locale.ROOT, "%-34s", header));
    for (String n : names) {
      sb.append(String.format(Locale.ROOT, "%13s", n));
    }
    sb.append('\n');
    confusionRows(sb, indent, "", results, r -> r.confusion().get(0));
    row(sb, indent, "ROC AUC", results, r -> fmt(r.auc(), 3));
    if (cut != null) {
      sb.append(indent).append("S/N ").append(cut).append(" excluded (").append(first.snrCutSize())
          .append(" stamps)\n");
      confusionRows(sb, indent, "", results, r -> r.confusionSnrCut().get(0));
      row(sb, indent, "ROC AUC", results, r -> fmt(r.aucSnrCut(), 3));
    }
    List<Double> thresholds = first.options().thresholds();
    for (int t = 0; t < thresholds.size(); t++) {
      int k = t;
      sb.append(indent).append(String.format(Locale.ROOT, "label-0 candidates, calibrated score >= %.2f%n",
          thresholds.get(t)));
      row(sb, indent, "  candidates", results, r -> Integer.toString(r.candidates().get(k).size()));
      row(sb, indent, "  true transients found", results, r -> {
        CandidateList c = r.candidates().get(k);
        return c.truePositivesFound() + "/" + c.truthPositives();
      });
      row(sb, indent, "  true-transient recall", results, r -> pct(r.candidates().get(k).truthRecall()));
      row(sb, indent, "  true-transient precision", results, r -> pct(r.candidates().get(k).truthPrecision()));
    }
    return sb.toString();
  }

  /** Per classifier (in order), the headline numbers as nested maps for JSON, in a fixed key order. */
  public static Map<String, Object> toMap(List<String> names, List<EvaluationResult> results) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), results.get(i).toMap());
    }
    return m;
  }

  private static void confusionRows(StringBuilder sb, String indent, String prefix, List<EvaluationResult> results,
      Function<EvaluationResult, ConfusionMatrix> cm) {
    row(sb, indent, prefix + "  TP (% of stamps)", results, r -> pct(cm.apply(r).percent(cm.apply(r).tp()) / 100));
    row(sb, indent, prefix + "  FN", results, r -> pct(cm.apply(r).percent(cm.apply(r).fn()) / 100));
    row(sb, indent, prefix + "  FP", results, r -> pct(cm.apply(r).percent(cm.apply(r).fp()) / 100));
    row(sb, indent, prefix + "  TN", results, r -> pct(cm.apply(r).percent(cm.apply(r).tn()) / 100));
    row(sb, indent, prefix + "  sensitivity", results, r -> pct(cm.apply(r).sensitivity()));
    row(sb, indent, prefix + "  specificity", results, r -> pct(cm.apply(r).specificity()));
    row(sb, indent, prefix + "  precision", results, r -> pct(cm.apply(r).precision()));
    row(sb, indent, prefix + "  accuracy", results, r -> pct(cm.apply(r).accuracy()));
  }

  private static void row(StringBuilder sb, String indent, String label, List<EvaluationResult> results,
      Function<EvaluationResult, String> cell) {
    List<String> cells = new ArrayList<>();
    for (EvaluationResult r : results) {
      cells.add(cell.apply(r));
    }
    sb.append(indent).append(String.format(Locale.ROOT, "%-34s", label));
    for (String c : cells) {
      sb.append(String.format(Locale.ROOT, "%13s", c));
    }
    sb.append('\n');
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String fmt(double v, int digits) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
