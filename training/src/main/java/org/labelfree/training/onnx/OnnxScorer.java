package org.labelfree.training.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.labelfree.training.CnnConfig;
import org.labelfree.training.ModelArchive;
import org.labelfree.training.ModelDirectoryException;
import org.labelfree.training.ModelInfo;
import org.labelfree.training.Predictions;
import org.labelfree.training.RealBogusModel;

/**
 * Scores stamps with the {@code model.onnx} of a model directory on DJL's OnnxRuntime engine, in batches.
 *
 * <p>{@link #open} reads {@code model.json}, initialises the OnnxRuntime engine (before anything touches
 * {@code OrtEnvironment}), loads the graph and checks that its input is the {@code (N, C, S, S)} of
 * {@code model.json}. Scores are {@code softmax(logits / temperature)[:, 1]} with the temperature of
 * {@code model.json}.
 *
 * <p>Lifecycle: holds a native session; close it. Not thread-safe: one scorer per thread (per DoFn instance).
 */
public final class OnnxScorer implements AutoCloseable {
  /** The engine name of DJL's ONNX Runtime engine. */
  public static final String ENGINE = "OnnxRuntime";
  /** Stamps per ONNX Runtime call unless told otherwise. */
  public static final int DEFAULT_BATCH = 1024;

  private final String where;
  private final ModelInfo info;
  private final Model model;
  private final Predictor<Input, float[][]> predictor;
  private final int batchSize;

  private OnnxScorer(String where, ModelInfo info, Model model, int batchSize) {
    this.where = where;
    this.info = info;
    this.model = model;
    this.predictor = model.newPredictor(new OnnxTranslator(info.architecture()));
    this.batchSize = batchSize;
  }

  /** Opens a model directory with batches of {@value #DEFAULT_BATCH}. See {@link #open(Path, int)}. */
  public static OnnxScorer open(Path modelDir) throws IOException {
    return open(modelDir, DEFAULT_BATCH);
  }

  /**
   * Opens a model directory written by {@link RealBogusModel#save}.
   *
   * @param batchSize stamps per ONNX Runtime call (>= 1)
   * @throws ModelDirectoryException if {@code model.json} or {@code model.onnx} is missing or invalid, or the
   *                                 graph's input shape is not the one {@code model.json} describes
   * @throws IOException             if a file cannot be read
   */
  public static OnnxScorer open(Path modelDir, int batchSize) throws IOException {
    checkBatch(batchSize);
    ModelInfo info = ModelInfo.read(modelDir);
    Path onnx = modelDir.resolve(RealBogusModel.ONNX_FILE);
    if (!Files.isRegularFile(onnx)) {
      throw new ModelDirectoryException(modelDir + ": " + RealBogusModel.ONNX_FILE + " is missing; expected the "
          + "ONNX graph written with model.json");
    }
    return open(modelDir.toString(), info, Files.readAllBytes(onnx), batchSize);
  }

  /**
   * Opens a model held in memory (e.g. the {@code rb_model} dataset of a pipeline).
   *
   * @param where     what to name in messages (e.g. the dataset and its data ID)
   * @param batchSize stamps per ONNX Runtime call (>= 1)
   * @throws ModelDirectoryException if the ONNX graph cannot be loaded or its input shape is not the one
   *                                 {@code model.json} describes
   */
  public static OnnxScorer open(ModelArchive archive, String where, int batchSize) {
    checkBatch(batchSize);
    return open(where, archive.info(), archive.onnx(), batchSize);
  }

  private static void checkBatch(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, but was " + batchSize);
    }
  }

  private static OnnxScorer open(String where, ModelInfo info, byte[] onnx, int batchSize) {
    Model model = Model.newInstance(RealBogusModel.PREFIX, Device.cpu(), ENGINE);
    try {
      model.load(new ByteArrayInputStream(onnx));
      checkGraphInput(where, info.architecture(), model.describeInput());
      return new OnnxScorer(where, info, model, batchSize);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      if (e instanceof ModelDirectoryException m) {
        throw m;
      }
      throw new ModelDirectoryException(where + ": cannot load " + RealBogusModel.ONNX_FILE + ": " + e.getMessage(),
          e);
    }
  }

  private static void checkGraphInput(String dir, CnnConfig a, PairList<String, Shape> inputs) {
    if (inputs == null || inputs.size() != 1) {
      return;
    }
    Shape s = inputs.get(0).getValue();
    if (s == null || s.dimension() != 4) {
      return;
    }
    if (s.get(1) != a.channels() || s.get(2) != a.stampSize() || s.get(3) != a.stampSize()) {
      throw new ModelDirectoryException(dir + ": " + RealBogusModel.ONNX_FILE + " takes input " + s
          + "; model.json describes (N, " + a.channels() + ", " + a.stampSize() + ", " + a.stampSize() + ")");
    }
  }

  /** What {@code model.json} says. */
  public ModelInfo info() {
    return info;
  }

  /**
   * Checks stamps of {@code channels x stampSize x stampSize} fit this model.
   *
   * @throws ModelDirectoryException naming the model directory, the expected and the found shape
   */
  public void checkShape(int channels, int stampSize) {
    CnnConfig a = info.architecture();
    if (channels != a.channels() || stampSize != a.stampSize()) {
      throw new ModelDirectoryException(where + ": the model expects stamps of " + a.channels() + "x" + a.stampSize()
          + "x" + a.stampSize() + " (channels " + info.channelNames() + "), but found " + channels + "x" + stampSize
          + "x" + stampSize);
    }
  }

  /** As {@link #predict(float[], int)} after {@link #checkShape}. */
  public Predictions predict(float[] pixels, int n, int channels, int stampSize) {
    checkShape(channels, stampSize);
    return predict(pixels, n);
  }

  /**
   * The logits and features of {@code n} stamps, {@code (n, C, S, S)} row-major, in batches.
   *
   * @throws IllegalArgumentException if the length is not {@code n * C * S * S} of this model
   * @throws IllegalStateException    if ONNX Runtime fails
   */
  public Predictions predict(float[] pixels, int n) {
    CnnConfig a = info.architecture();
    int len = a.stampLength();
    if (n < 0 || pixels.length != (long) n * len) {
      throw new IllegalArgumentException(where + ": pixels has " + pixels.length + " values; expected n * C * S * S = "
          + n + " * " + len);
    }
    int hidden = a.hidden();
    float[] logits = new float[2 * n];
    float[] features = new float[n * hidden];
    for (int start = 0; start < n; start += batchSize) {
      int m = Math.min(batchSize, n - start);
      float[] slice = new float[m * len];
      System.arraycopy(pixels, start * len, slice, 0, slice.length);
      float[][] out;
      try {
        out = predictor.predict(new Input(slice, m));
      } catch (TranslateException e) {
        throw new IllegalStateException(where + ": ONNX Runtime failed on stamps " + start + ".." + (start + m - 1)
            + ": " + e.getMessage(), e);
      }
      System.arraycopy(out[0], 0, logits, 2 * start, 2 * m);
      System.arraycopy(out[1], 0, features, start * hidden, m * hidden);
    }
    return new Predictions(logits, features, n, hidden);
  }

  /** The transient score {@code softmax(logits / T)[:, 1]} of {@code n} stamps, T from {@code model.json}. */
  public float[] score(float[] pixels, int n) {
    return predict(pixels, n).scores(info.temperature());
  }

  /** As {@link #score(float[], int)} after {@link #checkShape}. */
  public float[] score(float[] pixels, int n, int channels, int stampSize) {
    checkShape(channels, stampSize);
    return score(pixels, n);
  }

  /** Closes the predictor and the ONNX Runtime session. */
  @Override
  public void close() {
    predictor.close();
    model.close();
  }

  /** One batch handed to the translator (package-private plumbing; the array is not copied). */
  static final class Input {
    final float[] pixels;
    final int n;

    Input(float[] pixels, int n) {
      this.pixels = pixels;
      this.n = n;
    }
  }

  /** Turns a batch into the {@code stamps} tensor and the outputs into float arrays; converts only. */
  private static final class OnnxTranslator implements Translator<Input, float[][]> {
    private final CnnConfig a;

    OnnxTranslator(CnnConfig a) {
      this.a = a;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Input in) {
      NDArray x = ctx.getNDManager().create(in.pixels, new Shape(in.n, a.channels(), a.stampSize(), a.stampSize()));
      x.setName(OnnxExport.INPUT);
      return new NDList(x);
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
      NDArray logits = list.contains(OnnxExport.LOGITS) ? list.get(OnnxExport.LOGITS) : list.get(0);
      NDArray features = list.contains(OnnxExport.FEATURES) ? list.get(OnnxExport.FEATURES) : list.get(1);
      return new float[][] {logits.toFloatArray(), features.toFloatArray()};
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }
  }
}
