package org.labelfree.training.eval;

/** Small hand-made scored stamp sets for the tests. */
final class Fixtures {
  private Fixtures() {}

  /** Stamps with given labels, truth, S/N and scores; logits chosen so that softmax(z)[1] equals the score. */
  static ScoredStamps stamps(long[] ids, byte[] label, byte[] truth, float[] snr, float[] score) {
    int n = ids.length;
    long[] visit = new long[n];
    int[] det = new int[n];
    double[] ra = new double[n];
    double[] dec = new double[n];
    float[] logits = new float[2 * n];
    for (int i = 0; i < n; i++) {
      visit[i] = 100 + i % 3;
      det[i] = i % 4;
      ra[i] = 150.0 + i * 1e-3;
      dec[i] = 2.0 - i * 1e-3;
      double p = Math.min(Math.max(score[i], 1e-6), 1 - 1e-6);
      logits[2 * i + 1] = (float) Math.log(p / (1 - p));
    }
    return new ScoredStamps(ids, visit, det, ra, dec, snr, label, truth, logits, null, 0);
  }
}
