package org.labelfree.training.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.ImageF;
import org.labelfree.image.InvalidDataException;
import org.labelfree.labeling.dataset.TrainingDataset;
import org.labelfree.labeling.stamps.StampCutter;
import org.labelfree.labeling.stamps.StampCutterConfig;
import org.labelfree.labeling.stamps.StampNormalisation;
import org.labelfree.labeling.stamps.StampPlane;
import org.labelfree.stamps.FitsStampCube;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampShard;
import org.labelfree.stamps.StampShards;
import org.labelfree.training.CnnConfig;
import org.labelfree.training.EpochStats;
import org.labelfree.training.ModelInfo;
import org.labelfree.training.Predictions;
import org.labelfree.training.RealBogusModel;
import org.labelfree.training.RealBogusTrainer;
import org.labelfree.training.StampData;
import org.labelfree.training.TrainConfig;
import org.labelfree.training.TrainResult;
import org.labelfree.training.eval.Evaluation;
import org.labelfree.training.eval.EvaluationOptions;
import org.labelfree.training.eval.EvaluationResult;
import org.labelfree.training.eval.ScoredStamps;
import org.labelfree.training.onnx.OnnxScorer;

/**
 * The work of {@code labelfree train}, {@code evaluate} and {@code score} (and of the demo), joining a
 * {@link TrainingDataset}, the trainer, the evaluation and ONNX scoring. Split codes: 0 train, 1 validation, 2 test.
 * Static; one training at a time per JVM (DJL's gradient collector is global).
 */
public final class RealBogusRuns {
  private static final int TRAIN = 0;
  private static final int VALIDATION = 1;
  private static final int TEST = 2;

  /** Held while a network trains: one training at a time per JVM. */
  private static final Object TRAINING = new Object();

  private RealBogusRuns() {}

  /**
   * A trained and evaluated model.
   *
   * @param training   the trainer's result (its model is closed once saved)
   * @param evaluation the evaluation on the test split, temperature fitted on the validation split
   * @param info       what {@code model.json} holds
   * @param modelDir   the model directory written
   * @param reportDir  the report directory written
   * @param reportFiles the report files
   */
  public record Outcome(TrainResult training, EvaluationResult evaluation, ModelInfo info, Path modelDir,
      Path reportDir, List<Path> reportFiles) {
    /** One line: method, epochs run, best epoch, early stop, the best validation loss. */
    public String trainingLine() {
      EpochStats best = training.epochs().get(training.bestEpoch());
      return String.format(Locale.ROOT, "%s: %d epochs%s, best epoch %d (validation loss %.4f, accuracy %.4f), T = %.3f",
          info.method().cliName(), training.epochs().size(), training.stoppedEarly() ? " (stopped early)" : "",
          training.bestEpoch(), best.validationLoss(), best.validationAccuracy(), info.temperature());
    }

    /** The training side as a map for JSON, in a fixed key order. */
    public Map<String, Object> trainingSummary() {
      return RealBogusRuns.trainingSummary(info, training);
    }
  }

  /**
   * A trained and evaluated model, still open (close it).
   *
   * @param model      the network with the parameters of the best epoch
   * @param training   the trainer's result
   * @param evaluation the evaluation on the test split, temperature fitted on the validation split
   * @param info       what {@code model.json} is to hold (temperature and metrics included)
   */
  public record Trained(RealBogusModel model, TrainResult training, EvaluationResult evaluation, ModelInfo info)
      implements AutoCloseable {
    /** The training side as a map for JSON, in a fixed key order (as {@link Outcome#trainingSummary}). */
    public Map<String, Object> trainingSummary() {
      return RealBogusRuns.trainingSummary(info, training);
    }

    /** Frees the network. */
    @Override
    public void close() {
      model.close();
    }
  }

  /** Method, epochs, best epoch, early stop, temperature and training data digest, in this order. */
  static Map<String, Object> trainingSummary(ModelInfo info, TrainResult training) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", info.method().cliName());
    m.put("epochs", training.epochs().size());
    m.put("best_epoch", training.bestEpoch());
    m.put("stopped_early", training.stoppedEarly());
    m.put("temperature", info.temperature());
    m.put("training_data_digest", info.trainingDataDigest());
    return m;
  }

  /**
   * Trains on the train split of {@code d} (early stopping on its validation split) and evaluates on its test split,
   * in memory. One training runs at a time in a JVM (the engine's seed and gradient collector are global): a second
   * caller waits.
   *
   * @param name   what to name in messages (the dataset file or the pipeline inputs)
   * @param digest the training data digest model.json records (SHA-256 hex of the dataset file), or null
   * @throws InvalidDataException if the train or test split is empty or labels are not 0/1
   */
  public static Trained train(TrainingDataset d, String name, String digest, TrainConfig cfg, EvaluationOptions eo,
      Consumer<EpochStats> progress) {
    ShardAttributes a = d.attributes();
    CnnConfig net = CnnConfig.defaults(a.channels(), a.stampSize());
    requireStamps(name, d, TRAIN);
    requireStamps(name, d, TEST);
    StampData train = StampData.of(d, TRAIN);
    StampData validation = StampData.of(d, VALIDATION);
    synchronized (TRAINING) {
      return onFreshThread(name, () -> {
        TrainResult r = RealBogusTrainer.train(train, validation.n() > 0 ? validation : null, net, cfg, progress);
        RealBogusModel m = r.model();
        try {
          ScoredStamps test = scored(m, d, TEST);
          ScoredStamps val = validation.n() > 0 ? scored(m, d, VALIDATION) : null;
          EvaluationResult e = Evaluation.evaluate(test, val, eo);
          ModelInfo info = ModelInfo.of(net, a.channelNames(), a.normalisation(), digest, cfg, r)
              .withTemperature(e.temperature()).withMetrics(metrics(e));
          return new Trained(m, r, e, info);
        } catch (RuntimeException e) {
          m.close();
          throw e;
        }
      });
    }
  }

  /**
   * Runs {@code work} on a new thread and waits for it. The engine's numerics can depend on state a thread carries
   * (floating-point control flags set by native code the thread ran before, OpenMP settings); a pipeline worker thread
   * has run other tasks, so training there gave other weights than the command line. A fresh thread starts clean.
   */
  private static <T> T onFreshThread(String name, java.util.function.Supplier<T> work) {
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        result[0] = work.get();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "labelfree-train");
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted while training", e);
    }
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
    if (failure[0] != null) {
      throw new IllegalStateException(name + ": training failed: " + failure[0], failure[0]);
    }
    @SuppressWarnings("unchecked")
    T r = (T) result[0];
    return r;
  }

  /**
   * The training data digest of an in-memory dataset: the SHA-256 of the file {@code labelfree stamps collect} writes
   * for it (written to a temporary file under {@code java.io.tmpdir}, hashed and deleted), so that a model trained
   * in a pipeline records the digest of the same dataset collected by hand.
   *
   * @throws IOException if the temporary file cannot be written
   */
  public static String digest(TrainingDataset d) throws IOException {
    Path file = java.nio.file.Files.createTempFile("labelfree-dataset-", ".h5");
    try {
      d.write(file);
      return ModelInfo.sha256(file);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  /**
   * Trains on the train split of {@code d} (early stopping on its validation split), evaluates on its test split,
   * writes the model directory (with the temperature and the metrics in {@code model.json}) and the report files
   * {@code reportDir/<prefix>_*}.
   *
   * @param datasetFile the file {@code d} was read from (its SHA-256 goes into model.json)
   * @throws InvalidDataException if the train or test split is empty or labels are not 0/1
   * @throws IOException          if a file cannot be read or written
   */
  public static Outcome trainAndEvaluate(Path datasetFile, TrainingDataset d, TrainConfig cfg, EvaluationOptions eo,
      Path modelDir, Path reportDir, String prefix, Consumer<EpochStats> progress) throws IOException {
    try (Trained t = train(d, datasetFile.toString(), ModelInfo.sha256(datasetFile), cfg, eo, progress)) {
      t.model().save(modelDir, t.info());
      List<Path> files = t.evaluation().writeReport(reportDir, prefix);
      return new Outcome(t.training(), t.evaluation(), t.info(), modelDir, reportDir, files);
    }
  }

  /**
   * Evaluates a saved model on the test split of {@code d} with its ONNX graph in ONNX Runtime (the temperature
   * fitted again on the validation split).
   *
   * @throws org.labelfree.training.ModelDirectoryException if the model directory is not valid
   * @throws IllegalArgumentException                      if the dataset's stamps do not fit the model
   * @throws IOException                                   if a file cannot be read
   */
  public static EvaluationResult evaluate(Path modelDir, TrainingDataset d, EvaluationOptions eo) throws IOException {
    try (OnnxScorer s = OnnxScorer.open(modelDir)) {
      ShardAttributes a = d.attributes();
      s.checkShape(a.channels(), a.stampSize());
      checkNormalisation(modelDir, s.info(), a.normalisation(), "the dataset");
      StampData test = StampData.of(d, TEST);
      StampData val = StampData.of(d, VALIDATION);
      if (test.n() == 0) {
        throw new InvalidDataException("the dataset has no test stamps (split 2); expected some to evaluate on");
      }
      ScoredStamps t = scored(s.predict(test.pixels(), test.n()), d, test);
      ScoredStamps v = val.n() > 0 ? scored(s.predict(val.pixels(), val.n()), d, val) : null;
      return Evaluation.evaluate(t, v, eo);
    }
  }

  /**
   * Scores of a stamp file.
   *
   * @param diaSourceId per stamp, or null for a FITS cube (no ids)
   * @param score       calibrated P(transient) per stamp
   * @param logits      two per stamp, row-major
   */
  public record Scores(long[] diaSourceId, float[] score, float[] logits) {
    /** The number of stamps. */
    public int size() {
      return score.length;
    }

    /** The number of stamps whose score is at least {@code threshold}. */
    public int countAtLeast(double threshold) {
      int k = 0;
      for (float v : score) {
        k += v >= threshold ? 1 : 0;
      }
      return k;
    }

    /** {@code row}, {@code diaSourceId} (stamp files only), {@code rb_score}, {@code logit_0}, {@code logit_1}. */
    public Catalog toCatalog() {
      int n = size();
      long[] row = new long[n];
      float[] l0 = new float[n];
      float[] l1 = new float[n];
      for (int i = 0; i < n; i++) {
        row[i] = i;
        l0[i] = logits[2 * i];
        l1[i] = logits[2 * i + 1];
      }
      Catalog.Builder b = Catalog.builder().addLongs("row", row, "", "row in the stamp file (0-based)");
      if (diaSourceId != null) {
        b.addLongs("diaSourceId", diaSourceId, "", "DIA source of the stamp");
      }
      return b.addFloats("rb_score", score, "", "calibrated P(transient): softmax(logits / T)[1], T from model.json")
          .addFloats("logit_0", l0, "", "network output for label 0 (real, assumed bogus)")
          .addFloats("logit_1", l1, "", "network output for label 1 (injected transient)")
          .build();
    }
  }

  /**
   * Scores the stamps of {@code file} with the model's ONNX graph: an {@code .h5} stamp shard or training dataset as
   * it is (its channels, size and normalisation must be the model's), or a FITS cube whose {@code channel} (null:
   * the last) is cut at the centre to the model's stamp size and normalised as the model's stamps were (the stamp
   * pixel {@code (S/2, S/2)} is the cube pixel {@code (H/2, H/2)}, integer division; NaN pixels become 0).
   *
   * @throws InvalidDataException if the file cannot be read as stamps or does not fit the model
   * @throws IOException          if a file cannot be read
   */
  public static Scores score(Path modelDir, Path file, Integer channel, int batch) throws IOException {
    try (OnnxScorer s = OnnxScorer.open(modelDir, batch)) {
      ModelInfo info = s.info();
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
        StampShard shard = StampShards.read(file);
        ShardAttributes a = shard.attributes();
        s.checkShape(a.channels(), a.stampSize());
        checkNormalisation(modelDir, info, a.normalisation(), file.toString());
        Predictions p = s.predict(shard.copyStamps(), shard.size());
        return new Scores(shard.diaSourceIds(), p.scores(info.temperature()), p.logits());
      }
      FitsStampCube cube = FitsStampCube.read(file);
      int size = info.architecture().stampSize();
      if (info.architecture().channels() != 1) {
        throw new InvalidDataException(modelDir + ": the model takes " + info.architecture().channels()
            + " channels; a FITS cube is scored one channel at a time, so a 1-channel model is expected");
      }
      int c = channel == null ? cube.channels() - 1 : channel;
      if (c < 0 || c >= cube.channels()) {
        throw new IllegalArgumentException("--channel " + c + ": " + file + " has channels 0.." + (cube.channels() - 1));
      }
      if (cube.size() < size) {
        throw new InvalidDataException(file + ": stamps are " + cube.size() + "x" + cube.size() + "; the model needs "
            + size + "x" + size);
      }
      StampCutterConfig cc = new StampCutterConfig(size, normalisation(modelDir, info), false);
      float[] pixels = new float[cube.n() * size * size];
      double centre = cube.size() / 2;
      for (int i = 0; i < cube.n(); i++) {
        ImageF plane = ImageF.wrap(cube.size(), cube.size(), cube.plane(i, c));
        new StampCutter(cc, List.of(StampPlane.of(info.channelNames().get(0), plane))).cut(centre, centre, pixels,
            i * size * size);
      }
      Predictions p = s.predict(pixels, cube.n());
      return new Scores(null, p.scores(info.temperature()), p.logits());
    }
  }

  private static void requireStamps(String file, TrainingDataset d, int code) {
    for (byte b : d.splits()) {
      if (b == code) {
        return;
      }
    }
    throw new InvalidDataException(file + ": no stamps in split " + code + " ("
        + org.labelfree.labeling.dataset.SplitSpec.NAMES.get(code) + "); expected train and test stamps");
  }

  private static ScoredStamps scored(RealBogusModel m, TrainingDataset d, int code) {
    StampData s = StampData.of(d, code);
    return scored(m.predict(s.pixels(), s.n()), d, s);
  }

  private static ScoredStamps scored(Predictions p, TrainingDataset d, StampData s) {
    return ScoredStamps.of(d.stamps(), s.rows(), p.logits(), p.features(), p.hidden());
  }

  private static Map<String, Object> metrics(EvaluationResult e) {
    Map<String, Object> m = new LinkedHashMap<>(e.toMap());
    m.remove("histogram");
    return m;
  }

  private static StampNormalisation normalisation(Path modelDir, ModelInfo info) {
    for (StampNormalisation n : StampNormalisation.values()) {
      if (n.shardName().equals(info.normalisation())) {
        return n;
      }
    }
    throw new InvalidDataException(modelDir + "/model.json: normalisation '" + info.normalisation()
        + "' is not one labelfree cuts (minmax, zscale, asinh, none)");
  }

  private static void checkNormalisation(Path modelDir, ModelInfo info, String found, String what) {
    if (!info.normalisation().equals(found)) {
      throw new InvalidDataException(what + ": stamps normalised '" + found + "' but the model " + modelDir
          + " was trained on '" + info.normalisation() + "'");
    }
  }
}
