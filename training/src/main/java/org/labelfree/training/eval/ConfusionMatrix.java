package org.labelfree.training.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A two-class confusion matrix with "injected" (label 1) as the positive class, and the paper's derived rates.
 *
 * @param tp injected stamps predicted injected ({@code >= 0})
 * @param fn injected stamps predicted real ({@code >= 0})
 * @param fp real stamps predicted injected ({@code >= 0})
 * @param tn real stamps predicted real ({@code >= 0})
 */
public record ConfusionMatrix(long tp, long fn, long fp, long tn) {

  /** Validates the counts; throws {@link IllegalArgumentException} naming a negative one. */
  public ConfusionMatrix {
    if (tp < 0 || fn < 0 || fp < 0 || tn < 0) {
      throw new IllegalArgumentException("counts must be >= 0, but were tp=" + tp + " fn=" + fn + " fp=" + fp
          + " tn=" + tn);
    }
  }

  /**
   * Counts the confusion matrix of scores against labels: a stamp is predicted positive when
   * {@code score >= threshold} (a NaN score is predicted negative), and positive when its label is 1.
   *
   * @throws IllegalArgumentException if the lengths differ or a label is not 0 or 1
   */
  public static ConfusionMatrix of(float[] score, byte[] label, double threshold) {
    if (score.length != label.length) {
      throw new IllegalArgumentException("score has length " + score.length + " but label has length "
          + label.length + "; expected equal lengths");
    }
    long tp = 0;
    long fn = 0;
    long fp = 0;
    long tn = 0;
    for (int i = 0; i < score.length; i++) {
      boolean predicted = score[i] >= threshold;
      if (label[i] == 1) {
        if (predicted) {
          tp++;
        } else {
          fn++;
        }
      } else if (label[i] == 0) {
        if (predicted) {
          fp++;
        } else {
          tn++;
        }
      } else {
        throw new IllegalArgumentException("label[" + i + "] is " + label[i] + "; expected 0 or 1");
      }
    }
    return new ConfusionMatrix(tp, fn, fp, tn);
  }

  /** All stamps, {@code tp + fn + fp + tn}. */
  public long total() {
    return tp + fn + fp + tn;
  }

  /** Sensitivity (recall of injected), TP / (TP + FN); NaN when there is no injected stamp. */
  public double sensitivity() {
    return ratio(tp, tp + fn);
  }

  /** Specificity, TN / (TN + FP); NaN when there is no real stamp. */
  public double specificity() {
    return ratio(tn, tn + fp);
  }

  /** Precision, TP / (TP + FP); NaN when nothing is predicted injected. */
  public double precision() {
    return ratio(tp, tp + fp);
  }

  /** Negative predictive value, TN / (TN + FN); NaN when nothing is predicted real. */
  public double npv() {
    return ratio(tn, tn + fn);
  }

  /** Accuracy, (TP + TN) / total; NaN when the matrix is empty. */
  public double accuracy() {
    return ratio(tp + tn, total());
  }

  /** A count as a percentage of all stamps, {@code 100 * count / total}; NaN when the matrix is empty. */
  public double percent(long count) {
    return 100.0 * ratio(count, total());
  }

  private static double ratio(long num, long den) {
    return den == 0 ? Double.NaN : (double) num / den;
  }

  /**
   * The paper's 2x2 table: TP, FN, FP, TN as percentages of all stamps (one decimal, with the count), then
   * sensitivity, specificity, precision, negative predictive value and accuracy in percent; "n/a" for NaN. Fixed
   * width; lines end with {@code \n}.
   */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "TP: %s %-10s FN: %s %-10s Sensitivity: %s   Specificity:         %s\n",
        pct(percent(tp)), "(" + tp + ")", pct(percent(fn)), "(" + fn + ")", pct(100 * sensitivity()),
        pct(100 * specificity())));
    sb.append(String.format(Locale.ROOT, "FP: %s %-10s TN: %s %-10s Precision:   %s   Negative predictive: %s\n",
        pct(percent(fp)), "(" + fp + ")", pct(percent(tn)), "(" + tn + ")", pct(100 * precision()),
        pct(100 * npv())));
    sb.append(String.format(Locale.ROOT, "%-39s Accuracy:    %s\n", "n = " + total(), pct(100 * accuracy())));
    return sb.toString();
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "  n/a " : String.format(Locale.ROOT, "%5.1f%%", v);
  }

  /**
   * The counts, percentages and rates for JSON, in a fixed key order: tp, fn, fp, tn, n, tp_percent, fn_percent,
   * fp_percent, tn_percent, sensitivity, specificity, precision, npv, accuracy. NaN becomes null.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tp", tp);
    m.put("fn", fn);
    m.put("fp", fp);
    m.put("tn", tn);
    m.put("n", total());
    m.put("tp_percent", Reports.json(percent(tp)));
    m.put("fn_percent", Reports.json(percent(fn)));
    m.put("fp_percent", Reports.json(percent(fp)));
    m.put("tn_percent", Reports.json(percent(tn)));
    m.put("sensitivity", Reports.json(sensitivity()));
    m.put("specificity", Reports.json(specificity()));
    m.put("precision", Reports.json(precision()));
    m.put("npv", Reports.json(npv()));
    m.put("accuracy", Reports.json(accuracy()));
    return m;
  }
}
