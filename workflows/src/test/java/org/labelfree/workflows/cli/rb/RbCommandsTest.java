package org.labelfree.workflows.cli.rb;

import static org.labelfree.workflows.cli.CliRunner.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labelfree.training.run.RbDatasets;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Catalogs;
import org.labelfree.labeling.dataset.TrainingDataset;
import org.labelfree.workflows.cli.CliRunner.Result;
import org.labelfree.workflows.cli.Main;

/**
 * {@code labelfree train}, {@code evaluate} and {@code score} on a small {@link RbDatasets} file (300 stamps, standard
 * training of 4 epochs, batch 16, no embedding): the printed confusion table and model path, the JSON output, the
 * evaluation report, the scores as CSV and Parquet read back, and the exit codes and messages of a missing dataset,
 * a missing model, an unknown method, an output of no known format and {@code --device gpu} without a GPU.
 */
class RbCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static Path dataset;
  static TrainingDataset data;
  static Path model;
  static Result trained;

  @BeforeAll
  static void trainOnce() throws IOException {
    dataset = dir.resolve("dataset.h5");
    data = RbDatasets.write(dataset, 3, 1, "minmax", "visit:0.7,0.15,0.15");
    model = dir.resolve("models").resolve("standard");
    trained = run("train", "--dataset", dataset, "--method", "standard", "--out", model, "--epochs", 4, "--batch",
        16, "--lr", 2e-3, "--seed", 7, "--no-embedding");
  }

  @Test
  void trainPrintsTheConfusionTableAndTheModel() {
    assertEquals(0, trained.exitCode(), trained.err());
    String out = trained.out();
    assertTrue(out.startsWith("standard: 4 epochs"), out);
    assertTrue(out.contains("Test set: 45 stamps (15 injected, 30 real)"), out);
    assertTrue(out.contains("Confusion matrix, all test stamps, score >= 0.5:\nTP: "), out);
    assertTrue(out.contains("Model: " + model + "\n"), out);
    assertTrue(out.contains("Report: " + model.resolve("report") + "\n"), out);
    assertTrue(Files.isRegularFile(model.resolve("model.onnx")));
    assertTrue(Files.isRegularFile(model.resolve("report").resolve("test_evaluation.json")));
  }

  @Test
  void trainJsonParsesAndHasTheTestSize() throws IOException {
    Path other = dir.resolve("models").resolve("json");
    Result r = run("train", "--dataset", dataset, "--method", "asymmetric", "--out", other, "--epochs", 1, "--batch",
        32, "--no-embedding", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertEquals(other.toString(), root.get("model").asText());
    assertEquals("asymmetric", root.get("training").get("method").asText());
    assertEquals(1, root.get("training").get("epochs").asInt());
    assertEquals(45, root.get("evaluation").get("n_test").asInt());
    assertEquals(45, root.get("evaluation").get("thresholds").get(0).get("confusion").get("n").asInt());
  }

  @Test
  void evaluateWritesTheReport() throws IOException {
    assertEquals(0, trained.exitCode(), trained.err());
    Path out = dir.resolve("evaluation");
    Result r = run("evaluate", "--model", model, "--dataset", dataset, "--out", out, "--no-embedding");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("Report: " + out), r.out());
    JsonNode e = JSON.readTree(out.resolve("test_evaluation.json").toFile());
    assertEquals(45, e.get("n_test").asInt());
    /* The ONNX evaluation's confusion at 0.5 is the one train printed (logits agree to 1e-5, far from 0.5 ties). */
    JsonNode trainedEval = JSON.readTree(model.resolve("report").resolve("test_evaluation.json").toFile());
    assertEquals(trainedEval.get("thresholds").get(0).get("confusion").get("tp"),
        e.get("thresholds").get(0).get("confusion").get("tp"));
    assertEquals(trainedEval.get("thresholds").get(0).get("confusion").get("fp"),
        e.get("thresholds").get(0).get("confusion").get("fp"));
  }

  @Test
  void scoreWritesCsvAndParquetWithOneRowPerStamp() throws IOException {
    assertEquals(0, trained.exitCode(), trained.err());
    Catalog[] read = new Catalog[2];
    String[] names = {"scores.csv", "scores.parquet"};
    for (int k = 0; k < 2; k++) {
      Path out = dir.resolve(names[k]);
      Result r = run("score", "--model", model, "--stamps", dataset, "--out", out, "--batch", 100);
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().startsWith("Scored 300 stamps from " + dataset), r.out());
      read[k] = Catalogs.read(out);
      assertEquals(List.of("row", "diaSourceId", "rb_score", "logit_0", "logit_1"), read[k].columnNames(), names[k]);
      assertEquals(data.size(), read[k].rowCount());
      assertArrayEquals(data.diaSourceIds(), read[k].column("diaSourceId").toLongArray(), names[k]);
      for (int i = 0; i < read[k].rowCount(); i++) {
        assertEquals(i, read[k].column("row").getLong(i));
        double s = read[k].column("rb_score").getDouble(i);
        assertTrue(s >= 0 && s <= 1, names[k] + " row " + i + ": " + s);
      }
    }
    /* CSV holds the floats as text: the same values to float precision (relative 1e-6). */
    for (String c : List.of("rb_score", "logit_0", "logit_1")) {
      for (int i = 0; i < data.size(); i++) {
        double a = read[0].column(c).getDouble(i);
        double b = read[1].column(c).getDouble(i);
        assertEquals(b, a, 1e-6 * Math.max(1, Math.abs(b)), c + " row " + i);
      }
    }
  }

  @Test
  void aMissingDatasetIsAnIoErrorNamingTheFile() {
    Path missing = dir.resolve("nope.h5");
    Result r = run("train", "--dataset", missing, "--method", "standard", "--out", dir.resolve("m"), "--epochs", 1);
    assertEquals(Main.EXIT_IO, r.exitCode(), r.err());
    assertTrue(r.err().contains("labelfree train") && r.err().contains(missing.toString()), r.err());
    assertFalse(Files.exists(dir.resolve("m")));
    r = run("evaluate", "--model", model, "--dataset", missing, "--out", dir.resolve("e"));
    assertEquals(Main.EXIT_IO, r.exitCode(), r.err());
    assertTrue(r.err().contains(missing.toString()), r.err());
    r = run("score", "--model", model, "--stamps", missing, "--out", dir.resolve("s.csv"));
    assertEquals(Main.EXIT_IO, r.exitCode(), r.err());
    assertTrue(r.err().contains(missing.toString()), r.err());
  }

  @Test
  void aMissingModelIsBadDataNamingTheDirectory() {
    Path empty = dir.resolve("empty-model");
    Result r = run("score", "--model", empty, "--stamps", dataset, "--out", dir.resolve("x.csv"));
    assertEquals(Main.EXIT_BAD_DATA, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("labelfree score: ") && r.err().contains(empty.toString()), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    r = run("evaluate", "--model", empty, "--dataset", dataset, "--out", dir.resolve("e2"));
    assertEquals(Main.EXIT_BAD_DATA, r.exitCode(), r.err());
    assertTrue(r.err().contains(empty.toString()), r.err());
  }

  @Test
  void badOptionsAreUsageErrorsNamingWhatIsAllowed() {
    Result r = run("train", "--dataset", dataset, "--method", "nonsense", "--out", dir.resolve("n"));
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("standard, coteaching, asymmetric") && r.err().contains("nonsense"), r.err());
    r = run("score", "--model", model, "--stamps", dataset, "--out", dir.resolve("scores.txt"));
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("scores.txt") && r.err().contains(".parquet"), r.err());
    assertFalse(Files.exists(dir.resolve("scores.txt")));
  }

  @Test
  void deviceGpuWithoutAGpuIsAUsageError() {
    assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU: --device gpu would train");
    Result r = run("train", "--dataset", dataset, "--method", "standard", "--out", dir.resolve("g"), "--epochs", 1,
        "--device", "gpu", "--no-embedding");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--device"), r.err());
    assertFalse(Files.exists(dir.resolve("g")));
  }
}
