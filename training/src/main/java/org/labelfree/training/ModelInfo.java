package org.labelfree.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a model directory says about its model: {@code model.json}. Keys, in this order: {@code format}
 * ({@value #FORMAT}), {@code version} ({@value #VERSION}), {@code architecture} (the {@link CnnConfig} fields),
 * {@code channel_names}, {@code stamp_size}, {@code normalisation}, {@code training_data_digest} (SHA-256 hex of
 * the dataset file, or null), {@code seed}, {@code method}, {@code train_config} (the {@link TrainConfig} fields),
 * {@code temperature}, {@code metrics}, {@code epochs}, {@code best_epoch}. Snake case throughout.
 *
 * @param architecture       the network's shape
 * @param channelNames       the input channels, one name per channel (e.g. {@code ["diff"]})
 * @param normalisation      the stamps' normalisation (e.g. {@code "minmax"}), as in the shard attributes
 * @param trainingDataDigest SHA-256 hex of the training dataset file (see {@link #sha256}), or null
 * @param seed               the training seed
 * @param method             the training method
 * @param trainConfig        the training configuration
 * @param temperature        the softmax temperature scores use (> 0; 1 until calibrated)
 * @param metrics            whatever the caller records (JSON-able values: numbers, strings, lists, maps), in order
 * @param epochs             epochs run (>= 0)
 * @param bestEpoch          the 0-based epoch of the saved parameters
 */
public record ModelInfo(CnnConfig architecture, List<String> channelNames, String normalisation,
    String trainingDataDigest, long seed, TrainingMethod method, TrainConfig trainConfig, double temperature,
    Map<String, Object> metrics, int epochs, int bestEpoch) {
  /** The {@code format} value of every model.json. */
  public static final String FORMAT = "labelfree.rb_model";
  /** The {@code version} this code writes and reads. */
  public static final int VERSION = 1;
  /** The file name of the model description. */
  public static final String FILE = "model.json";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Checks the fields and copies the collections (the metrics keep their order). */
  public ModelInfo {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(trainConfig, "trainConfig");
    channelNames = List.copyOf(channelNames);
    if (channelNames.size() != architecture.channels()) {
      throw new IllegalArgumentException("channelNames must have " + architecture.channels()
          + " names (one per channel), but had " + channelNames.size() + ": " + channelNames);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and > 0, but was " + temperature);
    }
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics == null ? Map.of() : metrics));
    if (epochs < 0 || bestEpoch < 0) {
      throw new IllegalArgumentException("epochs and bestEpoch must be >= 0, but were " + epochs + ", " + bestEpoch);
    }
  }

  /**
   * The description of a freshly trained model: temperature 1, no metrics, seed and method from {@code cfg},
   * epochs and best epoch from {@code result}.
   */
  public static ModelInfo of(CnnConfig net, List<String> channelNames, String normalisation, String digest,
      TrainConfig cfg, TrainResult result) {
    return new ModelInfo(net, channelNames, normalisation, digest, cfg.seed(), cfg.method(), cfg, 1.0, Map.of(),
        result.epochs().size(), result.bestEpoch());
  }

  /** The stamp side, from the architecture. */
  public int stampSize() {
    return architecture.stampSize();
  }

  /** A copy with another temperature. */
  public ModelInfo withTemperature(double t) {
    return new ModelInfo(architecture, channelNames, normalisation, trainingDataDigest, seed, method, trainConfig, t,
        metrics, epochs, bestEpoch);
  }

  /** A copy with other metrics. */
  public ModelInfo withMetrics(Map<String, Object> m) {
    return new ModelInfo(architecture, channelNames, normalisation, trainingDataDigest, seed, method, trainConfig,
        temperature, m, epochs, bestEpoch);
  }

  /** The JSON text of model.json (UTF-8, two-space indent, fixed key order). */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    ObjectNode a = root.putObject("architecture");
    a.put("channels", architecture.channels());
    a.put("stamp_size", architecture.stampSize());
    a.put("conv1", architecture.conv1());
    a.put("conv2", architecture.conv2());
    a.put("hidden", architecture.hidden());
    a.put("dropout", architecture.dropout());
    ArrayNode names = root.putArray("channel_names");
    channelNames.forEach(names::add);
    root.put("stamp_size", architecture.stampSize());
    root.put("normalisation", normalisation);
    root.put("training_data_digest", trainingDataDigest);
    root.put("seed", seed);
    root.put("method", method.cliName());
    ObjectNode t = root.putObject("train_config");
    t.put("method", trainConfig.method().cliName());
    t.put("epochs", trainConfig.epochs());
    t.put("batch_size", trainConfig.batchSize());
    t.put("learning_rate", trainConfig.learningRate());
    t.put("forget_rate", trainConfig.forgetRate());
    t.put("tau_injected", trainConfig.tauInjected());
    t.put("tau_real", trainConfig.tauReal());
    t.put("tk", trainConfig.tk());
    t.put("c", trainConfig.c());
    t.put("seed", trainConfig.seed());
    double[] w = trainConfig.classWeights();
    if (w == null) {
      t.putNull("class_weights");
    } else {
      ArrayNode wa = t.putArray("class_weights");
      for (double v : w) {
        wa.add(v);
      }
    }
    t.put("focal_gamma", trainConfig.focalGamma());
    t.put("patience", trainConfig.patience());
    t.put("augment", trainConfig.augment());
    t.put("rotate_any_angle", trainConfig.rotateAnyAngle());
    t.put("device", trainConfig.device().cliName());
    root.put("temperature", temperature);
    root.set("metrics", MAPPER.valueToTree(metrics));
    root.put("epochs", epochs);
    root.put("best_epoch", bestEpoch);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write model.json: " + e.getMessage(), e);
    }
  }

  /** Writes {@code dir/model.json} (the folder must exist). @throws IOException if it cannot be written */
  public void write(Path dir) throws IOException {
    Files.writeString(dir.resolve(FILE), toJson(), StandardCharsets.UTF_8);
  }

  /**
   * Reads {@code dir/model.json}.
   *
   * @throws ModelDirectoryException if the file is missing, is not JSON, has another format or version, or lacks a
   *                                 key (the message names the file and the key)
   * @throws IOException             if the file cannot be read
   */
  public static ModelInfo read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ModelDirectoryException(dir + ": " + FILE + " is missing; expected a model directory written by "
          + "'labelfree train'", e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses the text of a {@code model.json}.
   *
   * @param where what to name in messages (the file, or the archive and entry)
   * @throws ModelDirectoryException if it is not JSON, has another format or version, or lacks a key (the message
   *                                 names {@code where} and the key)
   */
  public static ModelInfo parse(String text, String where) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ModelDirectoryException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelDirectoryException(where + ": expected a JSON object");
    }
    String format = root.path("format").asText(null);
    if (!FORMAT.equals(format)) {
      throw new ModelDirectoryException(where + ": format is " + format + "; expected " + FORMAT);
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw new ModelDirectoryException(where + ": version is " + root.path("version") + "; expected " + VERSION);
    }
    try {
      JsonNode a = required(where, root, "architecture");
      CnnConfig arch = new CnnConfig(required(where, a, "channels").asInt(),
          required(where, a, "stamp_size").asInt(), required(where, a, "conv1").asInt(),
          required(where, a, "conv2").asInt(), required(where, a, "hidden").asInt(),
          required(where, a, "dropout").asDouble());
      List<String> names = new ArrayList<>();
      required(where, root, "channel_names").forEach(n -> names.add(n.asText()));
      if (required(where, root, "stamp_size").asInt() != arch.stampSize()) {
        throw new ModelDirectoryException(where + ": stamp_size " + root.get("stamp_size") + " differs from "
            + "architecture.stamp_size " + arch.stampSize());
      }
      JsonNode t = required(where, root, "train_config");
      double[] w = null;
      JsonNode wn = required(where, t, "class_weights");
      if (!wn.isNull()) {
        w = new double[wn.size()];
        for (int i = 0; i < w.length; i++) {
          w[i] = wn.get(i).asDouble();
        }
      }
      TrainConfig cfg = new TrainConfig(TrainingMethod.parse(required(where, t, "method").asText()),
          required(where, t, "epochs").asInt(), required(where, t, "batch_size").asInt(),
          required(where, t, "learning_rate").asDouble(), required(where, t, "forget_rate").asDouble(),
          required(where, t, "tau_injected").asDouble(), required(where, t, "tau_real").asDouble(),
          required(where, t, "tk").asInt(), required(where, t, "c").asDouble(), required(where, t, "seed").asLong(), w,
          required(where, t, "focal_gamma").asDouble(), required(where, t, "patience").asInt(),
          required(where, t, "augment").asBoolean(), required(where, t, "rotate_any_angle").asBoolean(),
          ComputeDevice.parse(required(where, t, "device").asText()));
      Map<String, Object> metrics = MAPPER.convertValue(required(where, root, "metrics"),
          new TypeReference<LinkedHashMap<String, Object>>() {});
      JsonNode digest = required(where, root, "training_data_digest");
      return new ModelInfo(arch, names, required(where, root, "normalisation").asText(),
          digest.isNull() ? null : digest.asText(), required(where, root, "seed").asLong(),
          TrainingMethod.parse(required(where, root, "method").asText()), cfg,
          required(where, root, "temperature").asDouble(), metrics, required(where, root, "epochs").asInt(),
          required(where, root, "best_epoch").asInt());
    } catch (IllegalArgumentException e) {
      throw new ModelDirectoryException(where + ": " + e.getMessage(), e);
    }
  }

  /** The SHA-256 of {@code bytes} as lower-case hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The SHA-256 of a file's bytes as lower-case hex. @throws IOException if it cannot be read */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int r;
      while ((r = in.read(buf)) > 0) {
        md.update(buf, 0, r);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static JsonNode required(String where, JsonNode parent, String key) {
    JsonNode n = parent.get(key);
    if (n == null) {
      throw new ModelDirectoryException(where + ": key " + key + " is missing");
    }
    return n;
  }
}
