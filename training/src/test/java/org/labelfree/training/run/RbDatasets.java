package org.labelfree.training.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.labelfree.labeling.dataset.DatasetOptions;
import org.labelfree.labeling.dataset.ShardInput;
import org.labelfree.labeling.dataset.SplitSpec;
import org.labelfree.labeling.dataset.TrainingDataset;
import org.labelfree.labeling.dataset.TrainingDatasets;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;

/**
 * Small training datasets with a learnable signal, written as {@code labelfree stamps collect} writes them: 20 visits
 * (one shard each) of 15 one-off sources; source k of a visit is label 1 (a centred Gaussian, "injected") when
 * {@code k % 3 == 0}, otherwise label 0: a dipole or plain noise, except {@code k == 1}, a centred Gaussian with
 * truth 1 (a true transient hidden in the real class). Each stamp is min-max normalised to [0, 1]. S/N is uniform
 * in [2, 30], NaN for every 11th stamp.
 */
public final class RbDatasets {
  static final int VISITS = 20;
  static final int PER_VISIT = 15;
  static final int SIZE = 30;

  private RbDatasets() {}

  /** The dataset with the given channels (each a copy of the same pattern) and normalisation name. */
  public static TrainingDataset make(long seed, int channels, String normalisation, String split) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      names.add(channels == 1 ? "difference" : List.of("science", "template", "difference").get(c % 3));
    }
    ShardAttributes attrs = new ShardAttributes(names, normalisation, SIZE, "0.1.0-test", "ab12");
    SplittableRandom rng = new SplittableRandom(seed);
    List<ShardInput> shards = new ArrayList<>();
    Map<Long, Long> objects = new HashMap<>();
    int len = SIZE * SIZE;
    int row = 0;
    for (int v = 0; v < VISITS; v++) {
      long visit = 1000 + v;
      StampShard.Builder b = StampShard.builder(attrs);
      for (int k = 0; k < PER_VISIT; k++) {
        long id = visit * 100 + k;
        byte label = (byte) (k % 3 == 0 ? 1 : 0);
        byte truth = (byte) (label == 1 || k == 1 ? 1 : 0);
        int kind = truth == 1 ? 0 : 1 + rng.nextInt(2);
        float[] plane = stamp(rng, kind);
        float[] px = new float[channels * len];
        for (int c = 0; c < channels; c++) {
          System.arraycopy(plane, 0, px, c * len, len);
        }
        float snr = row % 11 == 0 ? Float.NaN : (float) rng.nextDouble(2, 30);
        b.add(new StampRow(id, visit, v % 4, v % 2 == 0 ? "g" : "r", 150 + v * 1e-2 + k * 1e-4, 2.0 - k * 1e-4,
            15f, 15f, snr, label, label == 1 ? 50_000 + row : -1, truth), px);
        objects.put(id, id);
        row++;
      }
      shards.add(new ShardInput("visit" + visit + ".h5", b.build(), new int[PER_VISIT]));
    }
    return TrainingDatasets.collect(shards, objects, new DatasetOptions(SplitSpec.parse(split), 1, null));
  }

  /**
   * One shard of {@code n} one-off sources of one visit-detector in the pattern of {@link #make} (source k is label 1
   * when {@code k % 3 == 0}; k == 1 is a true transient in the real class), 1 channel, minmax, drawn from
   * {@code seed}; {@code diaSourceId = visit * 10000 + detector * 100 + k}, positions 1 arcmin apart per k around
   * ({@code ra}, {@code dec}), S/N uniform in [2, 30].
   */
  public static StampShard shard(long seed, long visit, int detector, String band, double ra, double dec, int n) {
    ShardAttributes attrs = new ShardAttributes(List.of("difference"), "minmax", SIZE, "0.1.0-test", "ab12");
    SplittableRandom rng = new SplittableRandom(seed);
    StampShard.Builder b = StampShard.builder(attrs);
    for (int k = 0; k < n; k++) {
      byte label = (byte) (k % 3 == 0 ? 1 : 0);
      byte truth = (byte) (label == 1 || k == 1 ? 1 : 0);
      float[] px = stamp(rng, truth == 1 ? 0 : 1 + rng.nextInt(2));
      b.add(new StampRow(visit * 10000 + detector * 100L + k, visit, detector, band, ra + k / 60.0, dec, 15f, 15f,
          (float) rng.nextDouble(2, 30), label, label == 1 ? visit * 10000 + k : -1, truth), px);
    }
    return b.build();
  }

  /** The default dataset (1 channel, minmax, visit:0.7,0.15,0.15) written to {@code file} and read back. */
  public static TrainingDataset write(Path file, long seed, int channels, String normalisation, String split)
      throws IOException {
    make(seed, channels, normalisation, split).write(file);
    return TrainingDataset.read(file);
  }

  /** One SIZE x SIZE stamp: kind 0 a centred Gaussian, 1 a dipole, 2 noise; min-max normalised. */
  private static float[] stamp(SplittableRandom rng, int kind) {
    float[] px = new float[SIZE * SIZE];
    double c = (SIZE - 1) / 2.0;
    double amp = 6 + 3 * rng.nextDouble();
    double sigma = 1.5 + rng.nextDouble();
    double cx = c + rng.nextDouble(-1, 1);
    double cy = c + rng.nextDouble(-1, 1);
    double angle = rng.nextDouble() * 2 * Math.PI;
    double dx = 2.5 * Math.cos(angle);
    double dy = 2.5 * Math.sin(angle);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double[] raw = new double[px.length];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double v = rng.nextGaussian();
        if (kind == 0) {
          v += amp * g(x - cx, y - cy, sigma);
        } else if (kind == 1) {
          v += amp * (g(x - cx - dx, y - cy - dy, sigma) - g(x - cx + dx, y - cy + dy, sigma));
        }
        raw[y * SIZE + x] = v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) ((raw[i] - lo) / (hi - lo));
    }
    return px;
  }

  private static double g(double dx, double dy, double s) {
    return Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
  }
}
