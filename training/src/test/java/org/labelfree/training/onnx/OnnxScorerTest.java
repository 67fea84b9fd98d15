package org.labelfree.training.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.training.CnnConfig;
import org.labelfree.training.ModelArchive;
import org.labelfree.training.ModelDirectoryException;
import org.labelfree.training.ModelInfo;
import org.labelfree.training.Predictions;
import org.labelfree.training.RealBogusModel;
import org.labelfree.training.RealBogusTrainer;
import org.labelfree.training.StampData;
import org.labelfree.training.TrainConfig;
import org.labelfree.training.TrainResult;
import org.labelfree.training.TrainingMethod;

class OnnxScorerTest {
  private static final CnnConfig NET = new CnnConfig(2, 30, 8, 16, 32, 0.5);
  @TempDir
  static Path tmp;
  private static Path dir;
  private static float[] stamps;
  private static Predictions djl;
  private static ModelInfo info;

  /** Random stamps of NET's shape, values in [0, 1). */
  private static float[] random(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] a = new float[n * NET.stampLength()];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rng.nextDouble();
    }
    return a;
  }

  @BeforeAll
  static void trainAndSave() throws IOException {
    /* One short epoch on random labelled stamps: trained (not initial) weights are what gets exported. */
    int n = 96;
    byte[] labels = new byte[n];
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 3 == 0 ? 1 : 0);
      rows[i] = i;
    }
    StampData train = new StampData(random(n, 5), n, 2, 30, labels, rows);
    TrainConfig cfg = TrainConfig.defaults(TrainingMethod.STANDARD).withEpochs(1).withBatchSize(32);
    TrainResult r = RealBogusTrainer.train(train, null, NET, cfg, null);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("auc", 0.5);
    metrics.put("note", "random");
    info = ModelInfo.of(NET, List.of("science", "diff"), "minmax", "ab12", cfg, r).withTemperature(1.7)
        .withMetrics(metrics);
    dir = tmp.resolve("models").resolve("standard");
    stamps = random(64, 9);
    try (RealBogusModel m = r.model()) {
      m.save(dir, info);
      djl = m.predict(stamps, 64);
    }
  }

  @Test
  void onnxMatchesDjlWithin1e5() throws IOException {
    try (OnnxScorer s = OnnxScorer.open(dir, 20)) {
      Predictions onnx = s.predict(stamps, 64);
      assertClose(djl.logits(), onnx.logits(), 1e-5);
      assertClose(djl.features(), onnx.features(), 1e-5);
      float[] score = s.score(stamps, 64, 2, 30);
      float[] expected = djl.scores(1.7);
      assertClose(expected, score, 1e-5);
    }
  }

  @Test
  void saveLoadRoundTripGivesIdenticalPredictions() throws IOException {
    try (RealBogusModel m = RealBogusModel.load(dir)) {
      Predictions p = m.predict(stamps, 64);
      assertArrayEquals(djl.logits(), p.logits());
      assertArrayEquals(djl.features(), p.features());
    }
    assertTrue(Files.isRegularFile(dir.resolve("rb-0000.params")));
    assertTrue(Files.isRegularFile(dir.resolve("model.onnx")));
    assertTrue(Files.notExists(dir.getParent().resolve(".standard.tmp")));
  }

  @Test
  void modelJsonReadsBack() throws IOException {
    ModelInfo back = ModelInfo.read(dir);
    assertEquals(info, back);
    String json = Files.readString(dir.resolve("model.json"));
    assertTrue(json.indexOf("\"format\"") < json.indexOf("\"version\"")
        && json.indexOf("\"version\"") < json.indexOf("\"architecture\"")
        && json.indexOf("\"metrics\"") < json.indexOf("\"best_epoch\""), json);
    assertTrue(json.contains("\"format\" : \"labelfree.rb_model\""), json);
  }

  @Test
  void channelMismatchNamesDirectoryAndShapes() throws IOException {
    try (OnnxScorer s = OnnxScorer.open(dir)) {
      ModelDirectoryException e = assertThrows(ModelDirectoryException.class,
          () -> s.score(new float[900], 1, 1, 30));
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("expects stamps of 2x30x30") && e.getMessage().contains("found 1x30x30"),
          e.getMessage());
    }
  }

  @Test
  void missingModelJsonIsNamed() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    ModelDirectoryException e = assertThrows(ModelDirectoryException.class, () -> OnnxScorer.open(empty));
    assertTrue(e.getMessage().contains(empty + ": model.json is missing"), e.getMessage());
    assertThrows(ModelDirectoryException.class, () -> RealBogusModel.load(empty));
  }

  @Test
  void wrongFormatOrVersionIsNamed() throws IOException {
    Path bad = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(bad.resolve("model.json"), info.toJson().replace("\"version\" : 1", "\"version\" : 7"));
    ModelDirectoryException e = assertThrows(ModelDirectoryException.class, () -> ModelInfo.read(bad));
    assertTrue(e.getMessage().endsWith("version is 7; expected 1"), e.getMessage());
    Files.writeString(bad.resolve("model.json"), info.toJson().replace("labelfree.rb_model", "other"));
    e = assertThrows(ModelDirectoryException.class, () -> ModelInfo.read(bad));
    assertTrue(e.getMessage().endsWith("format is other; expected labelfree.rb_model"), e.getMessage());
  }

  @Test
  void archiveZipIsDeterministicAndScoresAsTheDirectory() throws IOException {
    ModelArchive a = ModelArchive.read(dir);
    byte[] zip = a.toZip();
    assertArrayEquals(zip, ModelArchive.read(dir).toZip());
    ModelArchive back = ModelArchive.fromZip(zip, "test.zip");
    assertEquals(info, back.info());
    assertArrayEquals(zip, back.toZip());
    assertEquals(a.sha256(), back.sha256());
    /* Unzipped with the JDK's reader, the entries are the directory's files, in order, stored, at 2000-01-01. */
    List<String> names = new java.util.ArrayList<>();
    try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      java.util.zip.ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
        assertEquals(java.util.zip.ZipEntry.STORED, e.getMethod());
        assertEquals(java.time.LocalDateTime.of(2000, 1, 1, 0, 0), e.getTimeLocal());
        assertArrayEquals(Files.readAllBytes(dir.resolve(e.getName())), in.readAllBytes(), e.getName());
      }
    }
    assertEquals(List.of("model.json", "model.onnx", "rb-0000.params"), names);
    /* Scored from memory, the archive gives exactly the directory's outputs. */
    try (OnnxScorer fromDir = OnnxScorer.open(dir, 20);
        OnnxScorer fromZip = OnnxScorer.open(back, "rb_model {instrument: SIM}", 20)) {
      assertArrayEquals(fromDir.predict(stamps, 64).logits(), fromZip.predict(stamps, 64).logits());
      ModelDirectoryException e = assertThrows(ModelDirectoryException.class,
          () -> fromZip.score(new float[900], 1, 1, 30));
      assertTrue(e.getMessage().startsWith("rb_model {instrument: SIM}: the model expects stamps of 2x30x30"),
          e.getMessage());
    }
    /* Extracted, it is a model directory again. */
    Path copy = tmp.resolve("extracted");
    back.extractTo(copy);
    try (RealBogusModel m = RealBogusModel.load(copy)) {
      assertArrayEquals(djl.logits(), m.predict(stamps, 64).logits());
    }
  }

  @Test
  void badArchivesAreNamed() throws IOException {
    byte[] zip = ModelArchive.read(dir).toZip();
    ModelDirectoryException e = assertThrows(ModelDirectoryException.class,
        () -> ModelArchive.fromZip("not a zip".getBytes(java.nio.charset.StandardCharsets.UTF_8), "x.zip"));
    assertTrue(e.getMessage().startsWith("x.zip: "), e.getMessage());
    /* Cut after the first entry: model.onnx and the parameters are missing. */
    byte[] cut = java.util.Arrays.copyOf(zip, 30 + "model.json".length() + info.toJson().getBytes(
        java.nio.charset.StandardCharsets.UTF_8).length);
    e = assertThrows(ModelDirectoryException.class, () -> ModelArchive.fromZip(cut, "cut.zip"));
    assertTrue(e.getMessage().contains("cut.zip: zip entry model.onnx is missing"), e.getMessage());
    /* A model.json of another version is named with the entry. */
    Path other = tmp.resolve("v7");
    ModelArchive.read(dir).extractTo(other);
    Files.writeString(other.resolve("model.json"), info.toJson().replace("\"version\" : 1", "\"version\" : 7"));
    e = assertThrows(ModelDirectoryException.class, () -> ModelArchive.read(other));
    assertTrue(e.getMessage().equals(other + "/model.json: version is 7; expected 1"), e.getMessage());
    Files.delete(other.resolve("rb-0000.params"));
    e = assertThrows(ModelDirectoryException.class, () -> ModelArchive.read(other));
    assertTrue(e.getMessage().contains("rb-0000.params is missing"), e.getMessage());
  }

  private static void assertClose(float[] a, float[] b, double tol) {
    assertEquals(a.length, b.length);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    System.out.println("ONNX vs DJL: max |difference| " + worst);
    assertTrue(worst <= tol, "max |difference| " + worst + " > " + tol);
  }
}
