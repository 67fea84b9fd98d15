package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.labeling.dataset.ShardInput;
import org.labelfree.labeling.dataset.TrainingDataset;
import org.labelfree.labeling.dataset.TrainingDatasets;
import org.labelfree.labeling.objects.DiaObjectAssociator;
import org.labelfree.labeling.objects.DiaObjectCatalogs;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.labelfree.stamps.StampShard;
import org.labelfree.training.ModelArchive;
import org.labelfree.training.run.RealBogusRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the real/bogus CNN inside a pipeline (the {@code train_real_bogus} step): gathers every {@code stamp_shard}
 * of an instrument, merges them into a training dataset exactly as {@code labelfree stamps collect} does (same split,
 * same DIA objects: from {@code dia_object_source} when the pipeline or the input collections have it, else
 * associated on the fly within 1 arcsec), then trains, evaluates and describes the model exactly as
 * {@code labelfree train} does ({@link RealBogusRuns#train}). Writes {@code rb_model} (the model directory as one
 * zip, storage class {@code RbModel}) and {@code rb_evaluation} (the test-split metrics and the training summary,
 * JSON).
 *
 * <p><b>Same inputs, same model.</b> With the same shards, DIA objects and settings, the dataset is the one
 * {@code stamps collect} writes (its {@code training_data_digest} is the SHA-256 of that file) and the model's bytes
 * are those of {@code labelfree train} on it; the tests check both.
 *
 * <p><b>I/O.</b> Unlike other tasks, this one writes scratch files under {@code java.io.tmpdir} (the dataset file
 * whose digest model.json records, {@link RealBogusRuns#digest}, and the model directory DJL saves,
 * {@link ModelArchive#of}), each deleted before it returns.
 * Trainings in one JVM run one at a time.
 *
 * <p>Bad data fail the quantum, naming the shard or dataset: shards that differ in channels, size or normalisation, a
 * stamp without DIA object. Too few visits for the split (an empty train or test split, as in a one-visit demo) skip
 * it as unprocessable, and the {@code score} quanta after it are skipped too.
 */
public final class TrainRealBogusTask implements PipelineTask<TrainRealBogusTask.Inputs, TrainRealBogusTask.Outputs> {

  /** One quantum per instrument. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT);

  /** Input: the stamp shards of every visit-detector (gathered). */
  public static final Connection STAMP_SHARD = Connection.input("stamp_shard", "StampShard",
      Set.of(INSTRUMENT, VISIT, DETECTOR), "the labelled stamp shards of every visit-detector").asMultiple();

  /** Optional input: the DIA objects' light curves (which stamps belong to one object, for the split). */
  public static final Connection DIA_OBJECT_SOURCE = Connection.input("dia_object_source", "Catalog", DIMENSIONS,
      "diaSourceId to diaObjectId, so that no DIA object is in two splits (else associated on the fly)")
      .asOptional();

  /** Output: the trained model. */
  public static final Connection RB_MODEL = Connection.output("rb_model", "RbModel", DIMENSIONS,
      "the trained real/bogus model: model.json, model.onnx and the DJL parameters, as one zip");

  /** Output: the evaluation. */
  public static final Connection RB_EVALUATION = Connection.output("rb_evaluation", "Json", DIMENSIONS,
      "the training summary and the test-split metrics of the model");

  private static final Logger LOG = LoggerFactory.getLogger(TrainRealBogusTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param stampShard      the shards of every visit-detector (not null; in data-ID order)
   * @param diaObjectSource the light curves, or null
   * @param dataId          the quantum's data ID (empty when run by hand)
   */
  public record Inputs(List<StampShard> stampShard, Catalog diaObjectSource, DataId dataId) {
    /** Checks and copies. */
    public Inputs {
      stampShard = List.copyOf(stampShard);
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param rbModel      the model
   * @param rbEvaluation the training summary and the metrics, keys in a fixed order
   */
  public record Outputs(ModelArchive rbModel, Map<String, Object> rbEvaluation) {
    /** Checks the outputs are present. */
    public Outputs {
      Objects.requireNonNull(rbModel, "rbModel");
      Objects.requireNonNull(rbEvaluation, "rbEvaluation");
    }
  }

  private final TrainRealBogusConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public TrainRealBogusTask(TrainRealBogusConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument}: every stamp_shard and the optional dia_object_source in; rb_model and rb_evaluation out. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, STAMP_SHARD, DIA_OBJECT_SOURCE, RB_MODEL, RB_EVALUATION);
  }

  /**
   * Merges, trains and evaluates.
   *
   * @throws org.labelfree.labeling.dataset.DatasetException    if the shards cannot be merged
   * @throws org.labelfree.labeling.objects.DiaObjectException  if dia_object_source lacks its id columns
   * @throws UnprocessableDataException                        if the train or test split is empty
   * @throws UncheckedIOException                               if the scratch directory cannot be written
   */
  @Override
  public Outputs run(Inputs in) {
    String what = "stamp_shard of " + (in.dataId().dimensions().isEmpty() ? "the inputs" : in.dataId().toString());
    List<ShardInput> shards = new ArrayList<>();
    int k = 0;
    for (StampShard s : in.stampShard()) {
      shards.add(new ShardInput(shardName(s, k++), s, s.flags()));
    }
    Map<Long, Long> objects;
    String objectsFrom;
    if (in.diaObjectSource() != null) {
      objects = new HashMap<>();
      DiaObjectCatalogs.addObjectIds(in.diaObjectSource(), DIA_OBJECT_SOURCE.name() + " " + in.dataId(), objects);
      objectsFrom = DIA_OBJECT_SOURCE.name();
    } else {
      DiaObjectAssociator associator = new DiaObjectAssociator(DiaObjectAssociator.DEFAULT_RADIUS_ARCSEC);
      objects = TrainingDatasets.associate(shards, associator);
      objectsFrom = "associated on the fly within " + associator.radiusArcsec() + " arcsec";
    }
    TrainingDataset dataset = TrainingDatasets.collect(shards, objects, config.datasetOptions());
    int[] perSplit = new int[3];
    for (byte b : dataset.splits()) {
      perSplit[b]++;
    }
    if (perSplit[0] == 0 || perSplit[2] == 0) {
      throw new UnprocessableDataException(what + ": " + dataset.size() + " stamps from " + shards.size()
          + " shards leave the " + (perSplit[0] == 0 ? "train" : "test") + " split empty with split "
          + config.split() + "; training needs more visits (or another split)");
    }
    LOG.info("Training {} on {} stamps from {} shards ({}): {}", config.method().name().toLowerCase(Locale.ROOT),
        dataset.size(), shards.size(), objectsFrom, dataset.report().toMap());

    try {
      String digest = RealBogusRuns.digest(dataset);
      try (RealBogusRuns.Trained t = RealBogusRuns.train(dataset, what, digest, config.trainConfig(),
          config.evaluationOptions(), e -> LOG.info("{} {}", what, e))) {
        ModelArchive archive = ModelArchive.of(t.model(), t.info());
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("dia_objects_from", objectsFrom);
        evaluation.put("dataset", dataset.report().toMap());
        evaluation.put("training", t.trainingSummary());
        evaluation.put("evaluation", t.evaluation().toMap());
        LOG.info("Trained {}: {} epochs, best {}; {}", what, t.training().epochs().size(), t.training().bestEpoch(),
            t.evaluation().summary().strip().replace('\n', ';'));
        return new Outputs(archive, evaluation);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": cannot write the training scratch files: " + e.getMessage(), e);
    }
  }

  /** "stamp_shard visit V detector D" from the shard's first row (shards are one visit-detector each). */
  private static String shardName(StampShard s, int k) {
    if (s.size() == 0) {
      return "stamp_shard #" + k;
    }
    return "stamp_shard visit " + s.row(0).visit() + " detector " + s.row(0).detector();
  }
}
