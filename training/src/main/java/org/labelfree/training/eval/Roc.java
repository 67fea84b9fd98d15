package org.labelfree.training.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ROC curve and its area for scores against binary labels (positive = label 1). Static and thread-safe.
 *
 * <p>The area is the Mann-Whitney statistic: the probability that a random positive scores above a random negative,
 * ties counting one half, computed from mid-ranks in O(n log n).
 */
public final class Roc {
  private Roc() {}

  /**
   * One point of the curve: the rates when stamps with {@code score >= threshold} are called positive.
   *
   * @param fpr       false positive rate, FP / negatives
   * @param tpr       true positive rate, TP / positives
   * @param threshold the score threshold ({@code +infinity} for the first point, where nothing is positive)
   */
  public record Point(double fpr, double tpr, double threshold) {}

  /**
   * The area under the ROC curve (Mann-Whitney U / (P N), ties 1/2).
   *
   * @return the area in [0, 1]; NaN when either class is empty
   * @throws IllegalArgumentException if the lengths differ, a label is not 0/1 or a score is NaN
   */
  public static double auc(float[] score, byte[] label) {
    Integer[] order = sortedRows(score, label);
    int n = score.length;
    long positives = 0;
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      /* Give a run of tied scores the mean of its 1-based ranks. */
      int j = i;
      while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        if (label[order[k]] == 1) {
          positives++;
          rankSum += midRank;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double u = rankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }

  /**
   * The ROC curve: a first point (0, 0, +infinity), then one point per distinct score, thresholds descending, the
   * last at (1, 1). Rates are NaN for an empty class.
   *
   * @throws IllegalArgumentException as {@link #auc}
   */
  public static List<Point> curve(float[] score, byte[] label) {
    Integer[] order = sortedRows(score, label);
    int n = score.length;
    long positives = 0;
    for (byte b : label) {
      positives += b;
    }
    long negatives = n - positives;
    List<Point> points = new ArrayList<>();
    points.add(new Point(rate(0, negatives), rate(0, positives), Double.POSITIVE_INFINITY));
    long tp = 0;
    long fp = 0;
    int i = n - 1;
    while (i >= 0) {
      float s = score[order[i]];
      while (i >= 0 && score[order[i]] == s) {
        if (label[order[i]] == 1) {
          tp++;
        } else {
          fp++;
        }
        i--;
      }
      points.add(new Point(rate(fp, negatives), rate(tp, positives), s));
    }
    return points;
  }

  /** Writes a curve as CSV with the header {@code fpr,tpr,threshold}, atomically. */
  public static void writeCsv(Path path, List<Point> curve) throws IOException {
    StringBuilder sb = new StringBuilder("fpr,tpr,threshold\n");
    for (Point p : curve) {
      sb.append(Reports.csv(p.fpr())).append(',').append(Reports.csv(p.tpr())).append(',')
          .append(Double.isInfinite(p.threshold()) ? "inf" : Reports.csv(p.threshold())).append('\n');
    }
    Reports.writeText(path, sb.toString());
  }

  private static double rate(long count, long total) {
    return total == 0 ? Double.NaN : (double) count / total;
  }

  /** Rows sorted by score ascending (ties by row), after validating the inputs. */
  private static Integer[] sortedRows(float[] score, byte[] label) {
    if (score.length != label.length) {
      throw new IllegalArgumentException("score has length " + score.length + " but label has length "
          + label.length + "; expected equal lengths");
    }
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) {
      if (Float.isNaN(score[i])) {
        throw new IllegalArgumentException("score[" + i + "] is NaN; expected a number");
      }
      if (label[i] != 0 && label[i] != 1) {
        throw new IllegalArgumentException("label[" + i + "] is " + label[i] + "; expected 0 or 1");
      }
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Float.compare(score[a], score[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    return order;
  }
}
