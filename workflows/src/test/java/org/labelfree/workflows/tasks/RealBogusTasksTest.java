package org.labelfree.workflows.tasks;

import static org.labelfree.workflows.cli.CliRunner.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.labeling.objects.DiaObjectException;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.sim.VisitConditions;
import org.labelfree.stamps.StampShard;
import org.labelfree.training.ModelArchive;
import org.labelfree.training.ModelInfo;
import org.labelfree.training.onnx.OnnxScorer;
import org.labelfree.training.run.RbDatasets;
import org.labelfree.workflows.cli.CliRunner.Result;

/**
 * The {@code train_real_bogus} and {@code score} tasks through {@code labelfree pipetask run -p
 * label_free_rb#classifier} on a small repository (10 visits x 2 detectors of the synthetic survey, one stamp shard of
 * 30 learnable one-off sources each: 600 stamps), against {@code labelfree stamps collect} + {@code labelfree train}
 * on the same shards: the same dataset digest and the same model bytes; scores equal to ONNX Runtime's on the model;
 * and a model that does not fit the stamps failing its quanta by name.
 */
class RealBogusTasksTest {
  @TempDir
  static Path dir;
  static Path repo;
  static final String STAMPS = "stamps";
  static final DatasetType STAMP_SHARD = new DatasetType("stamp_shard",
      Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR), "StampShard");
  static final DataId INSTRUMENT = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT));
  static final int PER_SHARD = 30;
  /** Short training: 3 epochs, no UMAP. */
  static final String[] TRAIN = {"-c", "train_real_bogus:epochs=3", "-c", "train_real_bogus:embedding=false"};
  static Result pipeline;

  @BeforeAll
  static void makeRepositoryAndRun() {
    repo = dir.resolve("repo");
    SyntheticSurvey survey = new SyntheticSurvey(SurveyConfig.of(5, 2, List.of("g", "r"), 256, 3));
    try (Repository r = Repository.create(repo)) {
      new org.labelfree.workflows.sim.SurveyWriter(r, survey, "sim/raw").register();
      r.registry().registerDatasetType(STAMP_SHARD);
      r.registry().registerCollection(STAMPS, CollectionType.RUN, "stamp shards");
      int v = 0;
      for (VisitConditions visit : survey.geometry().visits()) {
        for (int det = 0; det < 2; det++) {
          StampShard s = RbDatasets.shard(100 + 10L * v + det, visit.visit(), det, visit.band(), 150 + v,
              2 + 0.5 * det, PER_SHARD);
          r.butler().put(s, STAMP_SHARD, DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit",
              visit.visit(), "detector", (long) det)), STAMPS);
        }
        v++;
      }
    }
    pipeline = run("pipetask", "run", "-b", repo, "-i", STAMPS, "-o", "rb", "-p", "label_free_rb#classifier", TRAIN);
  }

  private static ModelArchive pipelineModel(Repository r) {
    DatasetRef ref = r.butler().find("rb_model", INSTRUMENT, List.of("rb")).orElseThrow();
    return r.butler().get(ref, ModelArchive.class);
  }

  @Test
  void pipelineModelIsTheModelOfCollectThenTrain() throws Exception {
    assertEquals(0, pipeline.exitCode(), pipeline.toString());
    Path dataset = dir.resolve("dataset.h5");
    Path model = dir.resolve("model");
    Result c = run("stamps", "collect", "-b", repo, "-i", STAMPS, "-o", dataset);
    assertEquals(0, c.exitCode(), c.toString());
    Result t = run("train", "--dataset", dataset, "--method", "asymmetric", "--epochs", 3, "--no-embedding", "--out",
        model);
    assertEquals(0, t.exitCode(), t.toString());
    try (Repository r = Repository.open(repo)) {
      ModelArchive fromPipeline = pipelineModel(r);
      ModelInfo info = fromPipeline.info();
      assertEquals(ModelInfo.sha256(dataset), info.trainingDataDigest());
      assertEquals(org.labelfree.training.TrainingMethod.ASYMMETRIC, info.method());
      assertEquals(3, info.trainConfig().epochs());
      /* Byte for byte: model.json (metrics included), the ONNX graph and the DJL parameters. */
      ModelArchive fromCli = ModelArchive.read(model);
      for (String f : ModelArchive.FILES) {
        assertArrayEquals(fromCli.file(f), fromPipeline.file(f), f);
      }
      assertEquals(fromCli.sha256(), fromPipeline.sha256());
      /* The evaluation dataset: the training summary and the test metrics of that model. */
      JsonNode e = r.butler().get(r.butler().find("rb_evaluation", INSTRUMENT, List.of("rb")).orElseThrow(),
          JsonNode.class);
      assertEquals("asymmetric", e.get("training").get("method").asText());
      assertEquals(info.trainingDataDigest(), e.get("training").get("training_data_digest").asText());
      assertEquals("associated on the fly within 1.0 arcsec", e.get("dia_objects_from").asText());
      assertEquals(600, e.get("dataset").get("stamps").asInt(), e.get("dataset").toString());
      assertEquals(info.metrics().get("auc"), e.get("evaluation").get("auc").asDouble());
    }
  }

  @Test
  void everyStampIsScoredAsOnnxRuntimeScoresIt() throws Exception {
    assertEquals(0, pipeline.exitCode(), pipeline.toString());
    try (Repository r = Repository.open(repo)) {
      ModelArchive model = pipelineModel(r);
      List<DatasetRef> shards = r.registry().queryDatasets(List.of("stamp_shard"), List.of(STAMPS),
          SqlPredicate.all());
      assertEquals(20, shards.size());
      int candidates = 0;
      int truthFound = 0;
      try (OnnxScorer s = OnnxScorer.open(model, "test", 1024)) {
        for (DatasetRef ref : shards) {
          StampShard shard = r.butler().get(ref, StampShard.class);
          Catalog scores = r.butler().get(r.butler().find("rb_score", ref.dataId(), List.of("rb")).orElseThrow(),
              Catalog.class);
          assertEquals(List.of("diaSourceId", "visit", "detector", "band", "ra", "dec", "snr", "label",
              "is_true_transient", "flags", "rb_score", "logit_0", "logit_1"), scores.columnNames());
          assertArrayEquals(shard.diaSourceIds(), scores.longColumn("diaSourceId"));
          float[] expected = s.score(shard.copyStamps(), shard.size());
          assertArrayEquals(expected, scores.floatColumn("rb_score"), ref.dataId().toString());
          int[] label = scores.intColumn("label");
          int[] truth = scores.intColumn("is_true_transient");
          float[] score = scores.floatColumn("rb_score");
          for (int i = 0; i < score.length; i++) {
            assertTrue(score[i] >= 0 && score[i] <= 1, "score " + score[i]);
            if (label[i] == 0 && score[i] >= 0.5) {
              candidates++;
              truthFound += truth[i];
            }
          }
        }
      }
      /* Each shard hides 1 true transient among its 20 label-0 sources (20 in all). Trained 3 epochs, the network
         measured 10 candidates at >= 0.5, all true transients; the bounds leave room for other CPUs' rounding. */
      System.out.printf("RealBogusTasksTest: %d label-0 candidates at >= 0.5, %d of 20 true transients%n", candidates,
          truthFound);
      assertTrue(truthFound >= 6, "true transients found: " + truthFound);
      assertTrue(candidates - truthFound <= 5, "false candidates: " + (candidates - truthFound));
    }
  }

  @Test
  void aModelThatDoesNotFitTheStampsFailsEachQuantumByName() throws Exception {
    assertEquals(0, pipeline.exitCode(), pipeline.toString());
    Path other = dir.resolve("zscale-model");
    try (Repository r = Repository.open(repo)) {
      pipelineModel(r).extractTo(other);
      Files.writeString(other.resolve("model.json"), Files.readString(other.resolve("model.json"))
          .replace("\"normalisation\" : \"minmax\"", "\"normalisation\" : \"zscale\""));
      r.registry().registerCollection("zmodel", CollectionType.RUN, "a model trained on zscale stamps");
      r.butler().put(ModelArchive.read(other), TrainRealBogusTask.RB_MODEL.datasetType(), INSTRUMENT, "zmodel");
    }
    Result p = run("pipetask", "run", "-b", repo, "-i", STAMPS + ",zmodel", "-o", "zscored", "-p",
        "label_free_rb#scoring");
    assertEquals(5, p.exitCode(), p.toString());
    String all = p.out() + p.err();
    assertTrue(all.contains("rb_model {instrument: '" + SyntheticSurvey.INSTRUMENT + "'} takes 1x30x30 stamps"),
        all);
    assertTrue(all.contains("normalisation 'zscale'") && all.contains("normalisation 'minmax'"), all);
    try (Repository r = Repository.open(repo)) {
      assertEquals(0, r.registry().queryDatasets(List.of("rb_score"), List.of("zscored"), SqlPredicate.all())
          .size());
      assertEquals(20, r.registry().queryDatasets(List.of("score_failure"), List.of("zscored"), SqlPredicate.all())
          .size());
    }
  }

  @Test
  void lightCurvesWithoutIdColumnsAreBadData() {
    StampShard s = RbDatasets.shard(1, 1, 0, "g", 150, 2, 6);
    Catalog bad = Catalog.builder().addLongs("diaSourceId", new long[] {1}, "", "").build();
    TrainRealBogusTask task = new TrainRealBogusTask(TrainRealBogusConfig.defaults());
    DiaObjectException e = assertThrows(DiaObjectException.class,
        () -> task.run(new TrainRealBogusTask.Inputs(List.of(s), bad, INSTRUMENT)));
    assertTrue(e.getMessage().startsWith("dia_object_source {instrument: '" + SyntheticSurvey.INSTRUMENT
        + "'}: expected columns diaSourceId and diaObjectId"), e.getMessage());
  }

  @Test
  void configDefaultsAreThoseOfTheCommandsAndBadValuesAreNamed() {
    TrainRealBogusConfig d = TrainRealBogusConfig.defaults();
    assertEquals(org.labelfree.training.TrainConfig.defaults(org.labelfree.training.TrainingMethod.ASYMMETRIC),
        d.trainConfig());
    assertEquals(org.labelfree.labeling.dataset.DatasetOptions.defaults(), d.datasetOptions());
    assertNull(d.trainConfig().classWeights());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainRealBogusConfig(
        "visit:0.7,0.2", 1, "", false, d.method(), 30, 128, 1e-3, 0.1, 0, 0.1, 10, 1, List.of(), 0, 5, true, false, 1,
        d.device(), "0:8", true));
    assertTrue(e.getMessage().startsWith("split: "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TrainRealBogusConfig("visit:0.7,0.15,0.15", 1, "", false,
        d.method(), 30, 128, 1e-3, 0.1, 1.5, 0.1, 10, 1, List.of(), 0, 5, true, false, 1, d.device(), "0:8", true));
    assertTrue(e.getMessage().contains("tauInjected"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ScoreConfig(0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new ScoreConfig(16, 1.5));
  }
}
