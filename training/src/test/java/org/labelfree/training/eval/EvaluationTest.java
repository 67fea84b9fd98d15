package org.labelfree.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.labeling.dataset.SnrRange;

class EvaluationTest {

  /**
   * A synthetic scored set from a known temperature model: logit margins {@code m = -3 + 3 N(0, 1)} (logits
   * {@code -m/2, m/2}), labels drawn from {@code sigmoid(m / 2)} (true T = 2, so the raw scores are over-confident);
   * S/N uniform in [0, 30); half of the label-0 stamps with {@code m > 1} are hidden true transients; 16-D features
   * with a cluster per kind (label 1 or hidden transient vs the rest).
   */
  static ScoredStamps synthetic(int n, long seed, boolean withTruth) {
    SplittableRandom rng = new SplittableRandom(seed);
    int dim = 16;
    long[] ids = new long[n];
    long[] visit = new long[n];
    int[] det = new int[n];
    double[] ra = new double[n];
    double[] dec = new double[n];
    float[] snr = new float[n];
    byte[] label = new byte[n];
    byte[] truth = new byte[n];
    float[] logits = new float[2 * n];
    float[] features = new float[n * dim];
    for (int i = 0; i < n; i++) {
      ids[i] = 1_000_000L + 7L * i;
      visit[i] = 1000 + i % 5;
      det[i] = i % 9;
      ra[i] = 150 + rng.nextDouble();
      dec[i] = 2 + rng.nextDouble();
      snr[i] = (float) (30 * rng.nextDouble());
      double m = -3 + 3 * TemperatureScalingTest.gaussian(rng);
      logits[2 * i] = (float) (-m / 2);
      logits[2 * i + 1] = (float) (m / 2);
      label[i] = (byte) (rng.nextDouble() < org.labelfree.training.Predictions.logistic(m / 2) ? 1 : 0);
      boolean hidden = label[i] == 0 && m > 1 && rng.nextDouble() < 0.5;
      truth[i] = withTruth ? (byte) (label[i] == 1 || hidden ? 1 : 0) : -1;
      boolean looksInjected = label[i] == 1 || hidden;
      for (int f = 0; f < dim; f++) {
        features[i * dim + f] = (float) (TemperatureScalingTest.gaussian(rng) + (looksInjected && f < 2 ? 6 : 0));
      }
    }
    return new ScoredStamps(ids, visit, det, ra, dec, snr, label, truth, logits, features, dim);
  }

  @Test
  void endToEndFilesAndConsistentNumbers(@TempDir Path dir) throws Exception {
    ScoredStamps test = synthetic(600, 1, true);
    ScoredStamps validation = synthetic(600, 2, true);
    EvaluationOptions o = EvaluationOptions.defaults().withUmap(new UmapConfig(15, 0.1, 100, 1, 5000));
    EvaluationResult r = Evaluation.evaluate(test, validation, o);

    /* Numbers agree with the building blocks. */
    float[] calibrated = test.scores(r.temperature());
    assertEquals(ConfusionMatrix.of(calibrated, test.label(), 0.5), r.confusion().get(0));
    assertEquals(ConfusionMatrix.of(test.scores(1.0), test.label(), 0.5), r.confusion().get(0),
        "0.5 is the argmax: the same before and after temperature scaling");
    ScoredStamps cut = test.excludeSnr(new SnrRange(0, 8));
    assertEquals(cut.size(), r.snrCutSize());
    assertEquals(ConfusionMatrix.of(cut.scores(r.temperature()), cut.label(), 0.8), r.confusionSnrCut().get(1));
    assertEquals(Roc.auc(calibrated, test.label()), r.auc(), 0.0);
    assertEquals(CandidateList.of(test, calibrated, 0.8).size(), r.candidates().get(1).size());
    /* True T = 2; 600 validation stamps pin it to a few tenths, so [1.4, 2.8] is a loose bound. Scaling by the
       fitted T calibrates the over-confident raw scores. */
    assertTrue(r.temperature() > 1.4 && r.temperature() < 2.8, "T = " + r.temperature());
    assertTrue(r.eceAfter() <= r.eceBefore(), r.eceAfter() + " > " + r.eceBefore());
    assertNotNull(r.embedding());
    assertEquals(600, r.embedding().size());

    /* Files. */
    List<Path> files = r.writeReport(dir, "std");
    for (String name : List.of("std_scores.csv", "std_histogram.csv", "std_histogram.png", "std_roc.csv",
        "std_candidates_0.5.csv", "std_candidates_0.8.csv", "std_embedding.csv", "std_embedding_by_label.png",
        "std_embedding_by_score.png", "std_evaluation.json")) {
      Path p = dir.resolve(name);
      assertTrue(files.contains(p), name + " listed");
      assertTrue(Files.size(p) > 0, name + " is not empty");
    }
    assertEquals(601, Files.readAllLines(dir.resolve("std_scores.csv")).size());
    assertEquals(r.candidates().get(0).size() + 1, Files.readAllLines(dir.resolve("std_candidates_0.5.csv")).size());
    try (var list = Files.list(dir)) {
      assertEquals(10, list.count(), "no temporary files left behind");
    }

    /* The JSON parses and says what the result says. */
    JsonNode json = new ObjectMapper().readTree(dir.resolve("std_evaluation.json").toFile());
    assertEquals(600, json.get("n_test").asInt());
    assertEquals(r.temperature(), json.get("temperature").asDouble(), 0.0);
    assertEquals("0:8", json.get("exclude_snr").asText());
    JsonNode t05 = json.get("thresholds").get(0);
    assertEquals(0.5, t05.get("threshold").asDouble(), 0.0);
    assertEquals(r.confusion().get(0).tp(), t05.get("confusion").get("tp").asLong());
    assertEquals(r.confusion().get(0).sensitivity(), t05.get("confusion").get("sensitivity").asDouble(), 0.0);
    assertEquals(r.candidates().get(0).truthRecall(), t05.get("candidates").get("truth_recall").asDouble(), 0.0);
    assertEquals(List.of("n_test", "n_test_injected", "n_test_real", "n_validation", "temperature", "ece_bins",
        "ece_before", "ece_after", "auc", "exclude_snr", "n_snr_cut", "auc_snr_cut", "thresholds", "histogram",
        "embedding", "notes"), List.copyOf(r.toMap().keySet()));

    /* The summary has the paper's table for both sets and the candidates. */
    String s = r.summary();
    assertTrue(s.contains("Confusion matrix, all test stamps, score >= 0.5:"), s);
    assertTrue(s.contains("Confusion matrix, S/N 0:8 excluded, score >= 0.5:"), s);
    assertTrue(s.contains(r.confusion().get(0).toTable()), s);
    assertTrue(s.contains("threshold 0.8: " + r.candidates().get(1).size() + " candidates; true transients"), s);
  }

  @Test
  void sameInputsSameReport(@TempDir Path dir) throws Exception {
    ScoredStamps test = synthetic(300, 3, true);
    ScoredStamps validation = synthetic(300, 4, true);
    EvaluationOptions o = EvaluationOptions.defaults().withUmap(new UmapConfig(10, 0.1, 50, 2, 5000));
    Evaluation.evaluate(test, validation, o).writeReport(dir.resolve("a"), "x");
    Evaluation.evaluate(test, validation, o).writeReport(dir.resolve("b"), "x");
    for (String name : List.of("x_scores.csv", "x_embedding.csv", "x_candidates_0.8.csv", "x_evaluation.json",
        "x_roc.csv", "x_histogram.csv")) {
      assertEquals(Files.readString(dir.resolve("a").resolve(name)), Files.readString(dir.resolve("b").resolve(name)),
          name);
    }
  }

  @Test
  void withoutValidationFeaturesOrTruth(@TempDir Path dir) throws Exception {
    ScoredStamps withFeatures = synthetic(200, 5, false);
    ScoredStamps test = new ScoredStamps(withFeatures.diaSourceId(), withFeatures.visit(), withFeatures.detector(),
        withFeatures.ra(), withFeatures.dec(), withFeatures.snr(), withFeatures.label(),
        withFeatures.isTrueTransient(), withFeatures.logits(), null, 0);
    EvaluationResult r = Evaluation.evaluate(test, null,
        new EvaluationOptions(List.of(0.9), null, 10, 15, UmapConfig.defaults()));
    assertEquals(1.0, r.temperature(), 0.0);
    assertEquals(r.eceBefore(), r.eceAfter(), 0.0);
    assertNull(r.embedding());
    assertNull(r.confusionSnrCut().get(0));
    assertTrue(Double.isNaN(r.candidates().get(0).truthRecall()));
    assertTrue(r.summary().contains("truth unknown"), r.summary());
    List<Path> files = r.writeReport(dir, "plain");
    assertEquals(6, files.size(), files.toString());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("plain_evaluation.json").toFile());
    assertTrue(json.get("exclude_snr").isNull());
    assertTrue(json.get("thresholds").get(0).get("candidates").get("truth_recall").isNull());
  }
}
