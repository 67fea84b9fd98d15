package org.labelfree.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.LocalParameterServer;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the real/bogus CNN from noisy labels: standard (weighted, focal) cross-entropy, co-teaching (Han et al.
 * 2018, NeurIPS, Algorithm 1) or asymmetric co-teaching (one forget rate per class).
 *
 * <p>Per epoch T the training samples are shuffled with a generator seeded by {@code (seed, T)}; each mini-batch
 * is augmented (one seeded dihedral transform per sample, see {@link Augmentation}) and fed to every network.
 * <ul>
 *   <li>standard: loss {@code mean_i w_{y_i} (1 - p_{y_i})^gamma (-log p_{y_i})} over the batch;</li>
 *   <li>co-teaching: networks A (initialised with {@code seed}) and B ({@code seed + 1}), each with its own Adam,
 *       compute their per-sample cross-entropy; A's {@code R(T)} small-loss subset ({@link SmallLossSelection})
 *       updates B and B's updates A, each with the subset's loss averaged once (sum / number selected);</li>
 *   <li>asymmetric: as co-teaching, the selection made within each class with {@code R_1(T)} from tau_injected and
 *       {@code R_0(T)} from tau_real.</li>
 * </ul>
 * After each epoch the validation cross-entropy is computed (eval mode); for co-teaching the epoch's validation
 * loss is the lower of the two networks'. The returned model is the network and epoch of the lowest validation
 * loss (so for co-teaching, the better of the two peers); training stops when {@code patience} epochs pass without
 * a lower one. Without validation data the last epoch of network A is returned.
 *
 * <p>Determinism: parameters are drawn after seeding the engine with {@code seed} (A) and {@code seed + 1} (B);
 * the engine is then seeded with {@code seed ^ 0x5DEECE66D} for dropout; shuffling and augmentation use
 * {@link SplittableRandom}s derived from the seed. The same inputs, configuration and seed give bit-identical
 * parameters on the CPU. Not thread-safe (the engine's generator is global): train one model at a time per JVM.
 */
public final class RealBogusTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(RealBogusTrainer.class);
  private static final int EVAL_BATCH = 512;
  private static final long SHUFFLE_SALT = 0x2545F4914F6CDD1DL;

  private RealBogusTrainer() {}

  /**
   * Trains a network.
   *
   * @param train      the training stamps (at least 1)
   * @param validation the validation stamps for early stopping and the choice of network; null or empty for none
   * @param net        the architecture; its channels and stamp size must match the data
   * @param cfg        the method and its settings
   * @param progress   called after each epoch with its statistics; may be null
   * @return the chosen model (the caller closes it) and the statistics
   * @throws IllegalArgumentException if the data do not match the architecture or are empty, or {@code gpu} was
   *                                  asked for without a GPU
   */
  public static TrainResult train(StampData train, StampData validation, CnnConfig net, TrainConfig cfg,
      Consumer<EpochStats> progress) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(net, "net");
    Objects.requireNonNull(cfg, "cfg");
    checkShape("train", train, net);
    if (train.n() == 0) {
      throw new IllegalArgumentException("train has no stamps; expected at least 1");
    }
    boolean hasValidation = validation != null && validation.n() > 0;
    if (hasValidation) {
      checkShape("validation", validation, net);
    }
    Device device = Devices.resolve(cfg.device());
    Engine engine = Engine.getEngine(RealBogusModel.ENGINE);
    int nets = cfg.method() == TrainingMethod.STANDARD ? 1 : 2;
    RealBogusModel[] models = new RealBogusModel[nets];
    ParameterStore[] stores = new ParameterStore[nets];
    try {
      /* Initialise the networks, each from its own seed, each with its own Adam. */
      for (int k = 0; k < nets; k++) {
        models[k] = RealBogusModel.create(net, device, cfg.seed() + k);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) cfg.learningRate())).build();
        stores[k] = new ParameterStore(models[k].djlModel().getNDManager(), false);
        stores[k].setParameterServer(new LocalParameterServer(adam), new Device[] {device});
      }
      engine.setRandomSeed(RealBogusModel.engineSeed(cfg.seed() ^ 0x5DEECE66DL));

      List<EpochStats> history = new ArrayList<>();
      double bestLoss = Double.POSITIVE_INFINITY;
      int bestEpoch = -1;
      byte[] best = null;
      int sinceBest = 0;
      boolean stoppedEarly = false;
      for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
        int[] bestNet = {0};
        EpochStats s = runEpoch(engine, models, stores, train, cfg, epoch, hasValidation ? validation : null,
            bestNet);
        history.add(s);
        if (progress != null) {
          progress.accept(s);
        }
        LOG.debug("{} epoch {}: {}", cfg.method().cliName(), epoch, s);

        /* Keep the parameters of the best epoch; stop when the patience runs out. */
        if (!hasValidation) {
          continue;
        }
        int k = bestNet[0];
        if (s.validationLoss() < bestLoss) {
          bestLoss = s.validationLoss();
          bestEpoch = epoch;
          best = models[k].snapshot();
          sinceBest = 0;
        } else if (++sinceBest >= cfg.patience() && cfg.patience() > 0 && epoch < cfg.epochs() - 1) {
          stoppedEarly = true;
          break;
        }
      }
      if (best == null) {
        best = models[0].snapshot();
        bestEpoch = history.size() - 1;
      }
      RealBogusModel chosen = RealBogusModel.fromSnapshot(net, device, best);
      LOG.info("Trained {} for {} epochs on {} stamps ({} label 1); best epoch {}, validation loss {}{}",
          cfg.method().cliName(), history.size(), train.n(), train.countLabel1(), bestEpoch,
          hasValidation ? String.format(java.util.Locale.ROOT, "%.5f", bestLoss) : "n/a",
          stoppedEarly ? ", stopped early" : "");
      return new TrainResult(chosen, history, bestEpoch, stoppedEarly);
    } finally {
      for (RealBogusModel m : models) {
        if (m != null) {
          m.close();
        }
      }
    }
  }

  private static EpochStats runEpoch(Engine engine, RealBogusModel[] models, ParameterStore[] stores,
      StampData train, TrainConfig cfg, int epoch, StampData validation, int[] bestNet) {
    int n = train.n();
    int len = train.stampLength();
    int nets = models.length;
    double keep0 = cfg.keepRate(0, epoch);
    double keep1 = cfg.keepRate(1, epoch);
    int[] order = permutation(n, new SplittableRandom(Augmentation.batchRandom(cfg.seed() ^ SHUFFLE_SALT, epoch, 0)
        .nextLong()));
    float[] pixels = train.pixelsView();
    double[] w = cfg.classWeights();
    double lossSum = 0;
    long[] seen = new long[2];
    long[] kept = new long[2];
    try (NDManager base = models[0].djlModel().getNDManager().newSubManager()) {
      int batches = (n + cfg.batchSize() - 1) / cfg.batchSize();
      for (int b = 0; b < batches; b++) {
        /* Gather and augment the batch. */
        int start = b * cfg.batchSize();
        int m = Math.min(cfg.batchSize(), n - start);
        float[] x = new float[m * len];
        byte[] y = new byte[m];
        float[] onehot = new float[2 * m];
        float[] weight = new float[m];
        for (int i = 0; i < m; i++) {
          int r = order[start + i];
          System.arraycopy(pixels, r * len, x, i * len, len);
          y[i] = train.label(r);
          onehot[2 * i + y[i]] = 1f;
          weight[i] = w == null ? 1f : (float) w[y[i]];
          seen[y[i]]++;
        }
        if (cfg.augment()) {
          x = Augmentation.augment(x, m, train.channels(), train.stampSize(), cfg.rotateAnyAngle(),
              Augmentation.batchRandom(cfg.seed(), epoch, b));
        }
        try (NDManager bm = base.newSubManager()) {
          NDArray input = RealBogusModel.ownedInput(bm, x, new Shape(m, train.channels(), train.stampSize(),
              train.stampSize()));
          NDArray oh = bm.create(onehot, new Shape(m, 2));
          boolean[] update = new boolean[nets];
          try (GradientCollector gc = engine.newGradientCollector()) {
            /* Forward every network on the same batch: per-sample log p_y and cross-entropy. */
            NDArray[] logpy = new NDArray[nets];
            for (int k = 0; k < nets; k++) {
              NDArray logits = models[k].network().block().forward(stores[k], new NDList(input), true)
                  .singletonOrThrow();
              logpy[k] = logits.logSoftmax(1).mul(oh).sum(new int[] {1});
            }
            NDArray total;
            if (nets == 1) {
              NDArray per = logpy[0].neg();
              if (cfg.focalGamma() > 0) {
                per = per.mul(logpy[0].exp().neg().add(1).pow(cfg.focalGamma()));
              }
              if (w != null) {
                per = per.mul(bm.create(weight));
              }
              total = per.sum().div(m);
              lossSum += total.getFloat() * m;
              update[0] = true;
              kept[0] += m - countOnes(y);
              kept[1] += countOnes(y);
            } else {
              /* Each network selects its small-loss samples; its peer learns from them. */
              NDArray[] ce = {logpy[0].neg(), logpy[1].neg()};
              int[][] sel = new int[2][];
              for (int k = 0; k < 2; k++) {
                float[] losses = ce[k].stopGradient().toFloatArray();
                sel[k] = cfg.method() == TrainingMethod.ASYMMETRIC
                    ? SmallLossSelection.selectPerClass(losses, y, keep0, keep1)
                    : SmallLossSelection.select(losses, keep0);
                for (int i : sel[k]) {
                  kept[y[i]]++;
                }
              }
              total = null;
              double batchLoss = 0;
              for (int k = 0; k < 2; k++) {
                int[] peer = sel[1 - k];
                if (peer.length == 0) {
                  continue;
                }
                float[] mask = new float[m];
                for (int i : peer) {
                  mask[i] = 1f;
                }
                NDArray lk = ce[k].mul(bm.create(mask)).sum().div(peer.length);
                batchLoss += lk.getFloat() / 2;
                total = total == null ? lk : total.add(lk);
                update[k] = true;
              }
              lossSum += batchLoss * m;
            }
            if (total != null) {
              gc.backward(total);
            }
          }
          for (int k = 0; k < nets; k++) {
            if (update[k]) {
              stores[k].updateAllParameters();
            }
          }
        }
      }
    }

    /* Validation: the lower loss of the networks, with that network's accuracy. */
    double vLoss = Double.NaN;
    double vAcc = Double.NaN;
    if (validation != null) {
      for (int k = 0; k < nets; k++) {
        double[] e = evaluate(models[k], validation);
        if (k == 0 || e[0] < vLoss) {
          vLoss = e[0];
          vAcc = e[1];
          bestNet[0] = k;
        }
      }
    }
    double kf0 = seen[0] == 0 ? 1.0 : kept[0] / (double) (seen[0] * (nets == 1 ? 1 : 2));
    double kf1 = seen[1] == 0 ? 1.0 : kept[1] / (double) (seen[1] * (nets == 1 ? 1 : 2));
    return new EpochStats(epoch, lossSum / n, vLoss, vAcc, kf0, kf1, keep0, keep1);
  }

  /** Mean cross-entropy and accuracy (class 1 when its logit is not below class 0's) in eval mode. */
  static double[] evaluate(RealBogusModel model, StampData data) {
    Predictions p = model.predict(data.pixelsView(), data.n());
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < data.n(); i++) {
      double l0 = p.logit(i, 0);
      double l1 = p.logit(i, 1);
      double mx = Math.max(l0, l1);
      double lse = mx + Math.log(Math.exp(l0 - mx) + Math.exp(l1 - mx));
      int y = data.label(i);
      loss += lse - (y == 1 ? l1 : l0);
      if ((l1 >= l0 ? 1 : 0) == y) {
        correct++;
      }
    }
    return new double[] {loss / data.n(), correct / (double) data.n()};
  }

  private static int countOnes(byte[] y) {
    int k = 0;
    for (byte v : y) {
      k += v;
    }
    return k;
  }

  private static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static void checkShape(String name, StampData d, CnnConfig net) {
    if (d.channels() != net.channels() || d.stampSize() != net.stampSize()) {
      throw new IllegalArgumentException(name + " stamps are " + d.channels() + "x" + d.stampSize() + "x"
          + d.stampSize() + "; the network expects " + net.channels() + "x" + net.stampSize() + "x"
          + net.stampSize());
    }
  }
}
