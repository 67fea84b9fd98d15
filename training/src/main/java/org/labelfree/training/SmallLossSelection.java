package org.labelfree.training;

import java.util.Arrays;

/**
 * The small-loss selection of co-teaching: which samples of a batch a network judges clean and passes to its peer.
 * The number kept is {@code floor(keep * n + 1e-9)}: the {@code 1e-9} absorbs the float error of a keep rate such
 * as {@code 1 - 0.1 * 0.7}, so that a product meant to be an integer is not floored one short. Ties of equal loss
 * are broken by the lower index; a NaN loss ranks after every number. Pure Java, stateless, thread-safe.
 */
public final class SmallLossSelection {
  private static final double EPS = 1e-9;

  private SmallLossSelection() {}

  /**
   * Co-teaching: the {@code floor(keepRate * n)} samples of smallest loss.
   *
   * @param losses   per-sample losses of the batch
   * @param keepRate fraction to keep, in [0, 1]
   * @return the kept indices, sorted ascending
   * @throws IllegalArgumentException if the keep rate is outside [0, 1]
   */
  public static int[] select(float[] losses, double keepRate) {
    checkRate("keepRate", keepRate);
    int[] all = new int[losses.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return smallest(losses, all, keepRate);
  }

  /**
   * Asymmetric co-teaching: within each class {@code c}, the {@code floor(keep_c * n_c)} samples of smallest loss;
   * a keep rate of 1 keeps the whole class. An empty class contributes nothing.
   *
   * @param losses per-sample losses of the batch
   * @param labels per-sample labels, 0 or 1, as many as losses
   * @param keep0  fraction of class 0 to keep, in [0, 1]
   * @param keep1  fraction of class 1 to keep, in [0, 1]
   * @return the kept indices of both classes, sorted ascending
   * @throws IllegalArgumentException if a rate is outside [0, 1], the lengths differ or a label is not 0 or 1
   */
  public static int[] selectPerClass(float[] losses, byte[] labels, double keep0, double keep1) {
    checkRate("keep0", keep0);
    checkRate("keep1", keep1);
    if (labels.length != losses.length) {
      throw new IllegalArgumentException("labels has " + labels.length + " values; expected " + losses.length
          + ", one per loss");
    }
    int n1 = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("labels[" + i + "] is " + labels[i] + "; expected 0 or 1");
      }
      n1 += labels[i];
    }
    int[] class0 = new int[labels.length - n1];
    int[] class1 = new int[n1];
    int a = 0;
    int b = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 0) {
        class0[a++] = i;
      } else {
        class1[b++] = i;
      }
    }
    int[] k0 = smallest(losses, class0, keep0);
    int[] k1 = smallest(losses, class1, keep1);
    int[] out = Arrays.copyOf(k0, k0.length + k1.length);
    System.arraycopy(k1, 0, out, k0.length, k1.length);
    Arrays.sort(out);
    return out;
  }

  /** The number of samples kept of {@code n} at {@code rate}: {@code floor(rate * n + 1e-9)}. */
  public static int keptCount(int n, double rate) {
    return (int) Math.min(n, Math.floor(rate * n + EPS));
  }

  private static int[] smallest(float[] losses, int[] candidates, double rate) {
    int k = keptCount(candidates.length, rate);
    Integer[] order = new Integer[candidates.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = candidates[i];
    }
    Arrays.sort(order, (p, q) -> {
      int c = Float.compare(losses[p], losses[q]);
      return c != 0 ? c : Integer.compare(p, q);
    });
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = order[i];
    }
    Arrays.sort(out);
    return out;
  }

  private static void checkRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], but was " + rate);
    }
  }
}
