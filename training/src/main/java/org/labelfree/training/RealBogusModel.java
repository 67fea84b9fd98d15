package org.labelfree.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.labelfree.training.onnx.OnnxExport;

/**
 * A trained (or initialised) real/bogus network: the DJL {@link Model} (PyTorch engine) holding a
 * {@link RealBogusCnn}, with prediction, the model directory and parameter access.
 *
 * <p>The model directory holds {@value ModelInfo#FILE} ({@link ModelInfo}), the DJL parameters
 * {@code rb-0000.params} and {@code model.onnx} ({@link OnnxExport}); {@link #save} writes it whole into a
 * temporary sibling folder and renames it into place, so a reader never sees it half-written.
 *
 * <p>Lifecycle: holds native memory; close it (try-with-resources). Not thread-safe: one per thread.
 */
public final class RealBogusModel implements AutoCloseable {
  /** The DJL engine of training and DJL prediction. */
  public static final String ENGINE = "PyTorch";
  /** The prefix of the DJL parameter file ({@code rb-0000.params}). */
  public static final String PREFIX = "rb";
  /** The file name of the ONNX graph in a model directory. */
  public static final String ONNX_FILE = "model.onnx";
  private static final int BATCH = 256;

  private final Model model;
  private final RealBogusCnn cnn;

  private RealBogusModel(Model model, RealBogusCnn cnn) {
    this.model = model;
    this.cnn = cnn;
  }

  /**
   * A new network with freshly initialised parameters (Xavier weights, zero biases), drawn after seeding the
   * engine's generator with {@code seed}, so that the same seed gives the same parameters.
   */
  static RealBogusModel create(CnnConfig config, Device device, long seed) {
    RealBogusCnn cnn = new RealBogusCnn(config);
    Model m = Model.newInstance(PREFIX, device, ENGINE);
    try {
      cnn.block().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
      m.setBlock(cnn.block());
      Engine.getEngine(ENGINE).setRandomSeed(engineSeed(seed));
      cnn.block().initialize(m.getNDManager(), DataType.FLOAT32, cnn.inputShape(1));
      return new RealBogusModel(m, cnn);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** A new network on {@code device} holding the parameters of {@link #snapshot()} bytes. */
  static RealBogusModel fromSnapshot(CnnConfig config, Device device, byte[] parameters) {
    RealBogusCnn cnn = new RealBogusCnn(config);
    Model m = Model.newInstance(PREFIX, device, ENGINE);
    try {
      m.setBlock(cnn.block());
      cnn.block().initialize(m.getNDManager(), DataType.FLOAT32, cnn.inputShape(1));
      cnn.block().loadParameters(m.getNDManager(), new DataInputStream(new ByteArrayInputStream(parameters)));
      return new RealBogusModel(m, cnn);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      m.close();
      throw new IllegalStateException("cannot restore a parameter snapshot: " + e.getMessage(), e);
    }
  }

  /** The engine seed of a training seed (DJL seeds are ints): {@code Long.hashCode(seed)}. */
  static int engineSeed(long seed) {
    return Long.hashCode(seed);
  }

  /** The architecture. */
  public CnnConfig config() {
    return cnn.config();
  }

  /** The network's blocks (their parameters are those of this model). */
  public RealBogusCnn network() {
    return cnn;
  }

  /** The DJL model (owned by this object: do not close it). */
  public Model djlModel() {
    return model;
  }

  /**
   * The outputs for {@code n} stamps, in eval mode (no dropout), in batches of 256.
   *
   * @param pixels {@code n * C * S * S} values, {@code (n, C, S, S)} row-major
   * @throws IllegalArgumentException if the length does not match the architecture
   */
  public Predictions predict(float[] pixels, int n) {
    int len = config().stampLength();
    if (n < 0 || pixels.length != (long) n * len) {
      throw new IllegalArgumentException("pixels has " + pixels.length + " values; expected n * C * S * S = " + n
          + " * " + len);
    }
    int hidden = config().hidden();
    float[] logits = new float[2 * n];
    float[] features = new float[n * hidden];
    try (NDManager mgr = model.getNDManager().newSubManager()) {
      ParameterStore ps = new ParameterStore(mgr, false);
      for (int start = 0; start < n; start += BATCH) {
        int m = Math.min(BATCH, n - start);
        try (NDManager bm = mgr.newSubManager()) {
          float[] slice = new float[m * len];
          System.arraycopy(pixels, start * len, slice, 0, slice.length);
          NDArray x = ownedInput(bm, slice, cnn.inputShape(m));
          NDArray f = cnn.features().forward(ps, new NDList(x), false).singletonOrThrow();
          NDArray l = cnn.head().forward(ps, new NDList(f), false).singletonOrThrow();
          System.arraycopy(f.toFloatArray(), 0, features, start * hidden, m * hidden);
          System.arraycopy(l.toFloatArray(), 0, logits, start * 2, m * 2);
        }
      }
    }
    return new Predictions(logits, features, n, hidden);
  }

  /**
   * A batch as a tensor in the engine's own memory. {@code NDManager.create} wraps a Java direct buffer, whose
   * address modulo 64 depends on the process's allocation history; the engine's CPU kernels (convolution backward
   * among them) can sum in another order on differently aligned data, and trainings then drift apart in the last
   * bits over epochs. A copy made by the engine is 64-byte aligned every time, so the same seed gives the same
   * weights in any process (a pipeline run after hours of other work included).
   */
  static NDArray ownedInput(NDManager manager, float[] data, ai.djl.ndarray.types.Shape shape) {
    NDArray wrapped = manager.create(data, shape);
    NDArray owned = wrapped.duplicate();
    wrapped.close();
    return owned;
  }

  /** Every parameter's values, keyed by DJL's parameter path, in block order. */
  public Map<String, float[]> parameterValues() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : cnn.block().getParameters()) {
      out.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return out;
  }

  /** The parameters in DJL's binary format (what {@code Model.save} writes after its header). */
  byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      cnn.block().saveParameters(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot snapshot parameters: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes the model directory {@code dir}: {@code model.json} from {@code info}, the DJL parameters and
   * {@code model.onnx}, first into {@code .NAME.tmp} beside it, then renamed to {@code dir}. An existing
   * {@code dir} is replaced (moved to {@code .NAME.old} and deleted after the rename).
   *
   * @throws IllegalArgumentException if {@code info}'s architecture is not this model's
   * @throws IOException              if a file cannot be written
   */
  public void save(Path dir, ModelInfo info) throws IOException {
    if (!info.architecture().equals(config())) {
      throw new IllegalArgumentException("info.architecture " + info.architecture() + " is not the model's "
          + config());
    }
    ModelArchive.writeDirectory(dir, tmp -> {
      model.save(tmp, PREFIX);
      OnnxExport.write(this, tmp.resolve(ONNX_FILE));
      info.write(tmp);
    });
  }

  /** Loads a model directory on the CPU. See {@link #load(Path, ComputeDevice)}. */
  public static RealBogusModel load(Path dir) throws IOException {
    return load(dir, ComputeDevice.CPU);
  }

  /**
   * Loads the DJL parameters of a model directory written by {@link #save}.
   *
   * @throws ModelDirectoryException if {@code model.json} or the parameters are missing or invalid (naming the
   *                                 directory)
   * @throws IOException             if a file cannot be read
   */
  public static RealBogusModel load(Path dir, ComputeDevice device) throws IOException {
    ModelInfo info = ModelInfo.read(dir);
    Path params = dir.resolve(ModelArchive.PARAMS_FILE);
    if (!Files.isRegularFile(params)) {
      throw new ModelDirectoryException(dir + ": " + params.getFileName() + " is missing; expected the DJL "
          + "parameters written with model.json");
    }
    RealBogusCnn cnn = new RealBogusCnn(info.architecture());
    Model m = Model.newInstance(PREFIX, Devices.resolve(device), ENGINE);
    try {
      m.setBlock(cnn.block());
      m.load(dir, PREFIX);
      return new RealBogusModel(m, cnn);
    } catch (MalformedModelException e) {
      m.close();
      throw new ModelDirectoryException(dir + ": the DJL parameters do not fit the architecture "
          + info.architecture() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** Frees the native memory. */
  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "RealBogusModel[" + Objects.toString(config()) + "]";
  }
}
