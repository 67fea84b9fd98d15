package org.labelfree.training;

import java.util.Objects;
import org.labelfree.labeling.dataset.TrainingDataset;
import org.labelfree.stamps.StampShard;

/**
 * The in-memory input of training and prediction: {@code n} stamps of {@code channels x stampSize x stampSize}
 * float32 pixels ({@code (n, C, S, S)} row-major), their labels (0 or 1) and the row of each in the dataset it came
 * from. Immutable: arrays are copied in and out (the trainer reads a package-private view). Thread-safe.
 */
public final class StampData {
  private final float[] pixels;
  private final int n;
  private final int channels;
  private final int stampSize;
  private final byte[] labels;
  private final int[] rows;

  /**
   * Copies the arrays and checks their lengths and the labels.
   *
   * @throws IllegalArgumentException if a length does not match {@code n}, or a label is not 0 or 1 (the message
   *                                  names the row)
   */
  public StampData(float[] pixels, int n, int channels, int stampSize, byte[] labels, int[] rows) {
    if (n < 0 || channels < 1 || stampSize < 1) {
      throw new IllegalArgumentException("n, channels, stampSize must be >= 0, >= 1, >= 1, but were " + n + ", "
          + channels + ", " + stampSize);
    }
    long len = (long) n * channels * stampSize * stampSize;
    if (pixels.length != len || labels.length != n || rows.length != n) {
      throw new IllegalArgumentException("pixels, labels, rows have " + pixels.length + ", " + labels.length + ", "
          + rows.length + " values; expected " + len + ", " + n + ", " + n);
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("row " + rows[i] + ": label " + labels[i] + "; expected 0 or 1");
      }
    }
    this.pixels = pixels.clone();
    this.n = n;
    this.channels = channels;
    this.stampSize = stampSize;
    this.labels = labels.clone();
    this.rows = rows.clone();
  }

  /**
   * The stamps of one split of a training dataset, in dataset order.
   *
   * @param splitCode 0 train, 1 validation, 2 test
   * @throws IllegalArgumentException for another split code, or a label other than 0 or 1 (naming the row)
   */
  public static StampData of(TrainingDataset d, int splitCode) {
    Objects.requireNonNull(d, "d");
    if (splitCode < 0 || splitCode > 2) {
      throw new IllegalArgumentException("splitCode must be 0, 1 or 2, but was " + splitCode);
    }
    byte[] split = d.splits();
    int m = 0;
    for (byte s : split) {
      if (s == splitCode) {
        m++;
      }
    }
    int[] rows = new int[m];
    int j = 0;
    for (int i = 0; i < split.length; i++) {
      if (split[i] == splitCode) {
        rows[j++] = i;
      }
    }
    return gather(d.stamps(), rows);
  }

  /** All the stamps of a shard, in order. @throws IllegalArgumentException for a label other than 0 or 1 */
  public static StampData of(StampShard s) {
    Objects.requireNonNull(s, "s");
    int[] rows = new int[s.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    return gather(s, rows);
  }

  private static StampData gather(StampShard s, int[] rows) {
    int len = s.stampLength();
    float[] all = s.copyStamps();
    byte[] allLabels = s.labels();
    float[] px = new float[rows.length * len];
    byte[] lab = new byte[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(all, rows[i] * len, px, i * len, len);
      lab[i] = allLabels[rows[i]];
    }
    return new StampData(px, rows.length, s.channels(), s.stampSize(), lab, rows);
  }

  /** The rows {@code idx} of this data, in that order (their {@link #rows()} are carried over). */
  public StampData subset(int[] idx) {
    int len = stampLength();
    float[] px = new float[idx.length * len];
    byte[] lab = new byte[idx.length];
    int[] r = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(pixels, idx[i] * len, px, i * len, len);
      lab[i] = labels[idx[i]];
      r[i] = rows[idx[i]];
    }
    return new StampData(px, idx.length, channels, stampSize, lab, r);
  }

  /** The number of stamps. */
  public int n() {
    return n;
  }

  /** Channels per stamp. */
  public int channels() {
    return channels;
  }

  /** Stamp side in pixels. */
  public int stampSize() {
    return stampSize;
  }

  /** Values per stamp: {@code C * S * S}. */
  public int stampLength() {
    return channels * stampSize * stampSize;
  }

  /** A copy of the pixels, {@code (n, C, S, S)} row-major. */
  public float[] pixels() {
    return pixels.clone();
  }

  /** The pixels without a copy, for the trainer's hot loop; callers must not write to it. */
  float[] pixelsView() {
    return pixels;
  }

  /** A copy of the labels. */
  public byte[] labels() {
    return labels.clone();
  }

  /** The label of stamp {@code i}. */
  public byte label(int i) {
    return labels[i];
  }

  /** A copy of the dataset row of each stamp. */
  public int[] rows() {
    return rows.clone();
  }

  /** The number of stamps labelled 1. */
  public int countLabel1() {
    int k = 0;
    for (byte b : labels) {
      k += b;
    }
    return k;
  }

  @Override
  public String toString() {
    return "StampData[" + n + " stamps " + channels + "x" + stampSize + "x" + stampSize + ", " + countLabel1()
        + " label 1]";
  }
}
