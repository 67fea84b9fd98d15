package org.labelfree.training.eval;

import java.util.Arrays;
import java.util.Objects;
import org.labelfree.labeling.dataset.SnrRange;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;

/**
 * The stamps of one evaluation set with what the classifier made of them: per stamp the identifiers and position
 * from the stamp table, the label (1 injected, 0 real), the truth flag of the simulation, the two logits and,
 * optionally, the penultimate-layer features used for the embedding.
 *
 * <p>The record holds the arrays it is given without copying (evaluation sets are large and immutable by
 * convention): treat them as read-only. Equality is that of records, i.e. array identity.
 *
 * @param diaSourceId     DIA source ID per stamp (length n)
 * @param visit           visit per stamp (length n)
 * @param detector        detector per stamp (length n)
 * @param ra              right ascension per stamp (degrees; length n)
 * @param dec             declination per stamp (degrees; length n)
 * @param snr             forced S/N per stamp (length n; NaN where unmeasured)
 * @param label           training label per stamp: 1 injected, 0 real (length n)
 * @param isTrueTransient simulation truth per stamp: 1 a true transient, 0 not, -1 unknown (length n)
 * @param logits          network outputs, row-major n x 2 (column 1 is the "injected" class)
 * @param features        penultimate-layer features, row-major n x dim; null when not recorded
 * @param dim             the feature width ({@code >= 1} with features, 0 without)
 */
public record ScoredStamps(long[] diaSourceId, long[] visit, int[] detector, double[] ra, double[] dec, float[] snr,
    byte[] label, byte[] isTrueTransient, float[] logits, float[] features, int dim) {

  /** Validates the array lengths and values; throws {@link IllegalArgumentException} naming the array. */
  public ScoredStamps {
    Objects.requireNonNull(diaSourceId, "diaSourceId");
    int n = diaSourceId.length;
    checkLength("visit", Objects.requireNonNull(visit, "visit").length, n);
    checkLength("detector", Objects.requireNonNull(detector, "detector").length, n);
    checkLength("ra", Objects.requireNonNull(ra, "ra").length, n);
    checkLength("dec", Objects.requireNonNull(dec, "dec").length, n);
    checkLength("snr", Objects.requireNonNull(snr, "snr").length, n);
    checkLength("label", Objects.requireNonNull(label, "label").length, n);
    checkLength("isTrueTransient", Objects.requireNonNull(isTrueTransient, "isTrueTransient").length, n);
    checkLength("logits", Objects.requireNonNull(logits, "logits").length, 2L * n);
    if (features == null) {
      if (dim != 0) {
        throw new IllegalArgumentException("dim is " + dim + " but features is null; expected dim 0 without features");
      }
    } else {
      if (dim < 1) {
        throw new IllegalArgumentException("dim is " + dim + "; expected >= 1 with features");
      }
      checkLength("features", features.length, (long) n * dim);
    }
    for (int i = 0; i < n; i++) {
      if (label[i] != 0 && label[i] != 1) {
        throw new IllegalArgumentException("label[" + i + "] is " + label[i] + "; expected 0 or 1");
      }
      if (isTrueTransient[i] < -1 || isTrueTransient[i] > 1) {
        throw new IllegalArgumentException("isTrueTransient[" + i + "] is " + isTrueTransient[i]
            + "; expected -1, 0 or 1");
      }
    }
  }

  private static void checkLength(String name, long actual, long expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(name + " has length " + actual + "; expected " + expected);
    }
  }

  /**
   * The stamps at some rows of a shard (e.g. {@code TrainingDataset.stamps()} at the rows of its test split) with
   * the network's outputs for them: identifiers, position, S/N, label and truth come from the shard's rows.
   *
   * @param shard    the stamps
   * @param rows     the rows of {@code shard} scored, in the order of {@code logits}
   * @param logits   row-major rows.length x 2 logits
   * @param features row-major rows.length x dim features, or null
   * @param dim      the feature width (0 without features)
   * @throws IllegalArgumentException if the lengths do not match
   * @throws IndexOutOfBoundsException if a row is outside the shard
   */
  public static ScoredStamps of(StampShard shard, int[] rows, float[] logits, float[] features, int dim) {
    Objects.requireNonNull(shard, "shard");
    int m = rows.length;
    long[] id = new long[m];
    long[] v = new long[m];
    int[] det = new int[m];
    double[] r = new double[m];
    double[] d = new double[m];
    float[] s = new float[m];
    byte[] l = new byte[m];
    byte[] t = new byte[m];
    for (int k = 0; k < m; k++) {
      StampRow row = shard.row(Objects.checkIndex(rows[k], shard.size()));
      id[k] = row.diaSourceId();
      v[k] = row.visit();
      det[k] = row.detector();
      r[k] = row.ra();
      d[k] = row.dec();
      s[k] = row.snr();
      l[k] = row.label();
      t[k] = row.isTrueTransient();
    }
    return new ScoredStamps(id, v, det, r, d, s, l, t, logits, features, dim);
  }

  /** The rows whose code equals {@code split} (e.g. {@code TrainingDataset.splits()} and 2 for test), ascending. */
  public static int[] rowsWithSplit(byte[] splits, int split) {
    int[] out = new int[splits.length];
    int m = 0;
    for (int i = 0; i < splits.length; i++) {
      if (splits[i] == split) {
        out[m++] = i;
      }
    }
    return Arrays.copyOf(out, m);
  }

  /** The number of stamps. */
  public int size() {
    return diaSourceId.length;
  }

  /**
   * The probability of class 1 ("injected") for every stamp: {@code softmax(logits / temperature)[:, 1]}, i.e.
   * {@code 1 / (1 + exp(-(z1 - z0) / T))}, computed in double and rounded to float.
   *
   * @param temperature the temperature T ({@code > 0}, finite; 1 for the raw network output)
   * @throws IllegalArgumentException if the temperature is not positive and finite
   */
  public float[] scores(double temperature) {
    return org.labelfree.training.Predictions.transientProbabilities(logits, temperature);
  }

  /**
   * The stamps at the given rows, in the given order (rows may repeat).
   *
   * @throws IndexOutOfBoundsException naming the row if one is outside {@code [0, size())}
   */
  public ScoredStamps subset(int[] rows) {
    int m = rows.length;
    int n = size();
    long[] id = new long[m];
    long[] v = new long[m];
    int[] det = new int[m];
    double[] r = new double[m];
    double[] d = new double[m];
    float[] s = new float[m];
    byte[] l = new byte[m];
    byte[] t = new byte[m];
    float[] z = new float[2 * m];
    float[] f = features == null ? null : new float[m * dim];
    for (int k = 0; k < m; k++) {
      int i = rows[k];
      if (i < 0 || i >= n) {
        throw new IndexOutOfBoundsException("row " + i + " at position " + k + " is outside [0, " + n + ")");
      }
      id[k] = diaSourceId[i];
      v[k] = visit[i];
      det[k] = detector[i];
      r[k] = ra[i];
      d[k] = dec[i];
      s[k] = snr[i];
      l[k] = label[i];
      t[k] = isTrueTransient[i];
      z[2 * k] = logits[2 * i];
      z[2 * k + 1] = logits[2 * i + 1];
      if (f != null) {
        System.arraycopy(features, i * dim, f, k * dim, dim);
      }
    }
    return new ScoredStamps(id, v, det, r, d, s, l, t, z, f, dim);
  }

  /**
   * The stamps whose S/N is outside {@code range}, in their order; a NaN S/N is in no range and so is kept (the rule
   * of {@code TrainingDatasets}' {@code --exclude-snr}).
   */
  public ScoredStamps excludeSnr(SnrRange range) {
    Objects.requireNonNull(range, "range");
    return subset(rowsOutside(range));
  }

  /** The rows whose S/N is outside {@code range} (NaN kept), ascending. */
  int[] rowsOutside(SnrRange range) {
    int[] keep = new int[size()];
    int m = 0;
    for (int i = 0; i < keep.length; i++) {
      if (!range.contains(snr[i])) {
        keep[m++] = i;
      }
    }
    return Arrays.copyOf(keep, m);
  }
}
