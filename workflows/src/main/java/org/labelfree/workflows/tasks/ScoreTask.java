package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.NoWorkFoundException;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampShard;
import org.labelfree.training.ModelArchive;
import org.labelfree.training.ModelDirectoryException;
import org.labelfree.training.ModelInfo;
import org.labelfree.training.Predictions;
import org.labelfree.training.onnx.OnnxScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the stamps of one visit-detector with a trained model (the {@code score} step): runs the {@code rb_model}
 * of the instrument's ONNX graph on ONNX Runtime over the {@code stamp_shard}, in batches, and writes
 * {@code rb_score}, one row per stamp in shard order: {@code diaSourceId}, {@code visit}, {@code detector},
 * {@code band}, {@code ra}, {@code dec}, {@code snr}, {@code label}, {@code is_true_transient}, {@code flags}, then
 * {@code rb_score} (calibrated P(transient), {@code softmax(logits / T)[1]} with T from model.json) and the two
 * logits. The candidates for follow-up are its rows with label 0 and a high {@code rb_score}.
 *
 * <p><b>One predictor per DoFn instance.</b> The task keeps the ONNX Runtime session of the last model it loaded and
 * reuses it for every quantum with the same model (same SHA-256); the executor makes one task instance per DoFn
 * instance and closes it at teardown ({@link AutoCloseable}).
 *
 * <p>A model whose channels, stamp size or normalisation differ from the shard's fails the quantum
 * ({@link ModelDirectoryException}, naming the model and the shard). A shard of 0 stamps is NO_WORK.
 */
public final class ScoreTask implements PipelineTask<ScoreTask.Inputs, ScoreTask.Outputs>, AutoCloseable {

  /** One quantum per instrument, visit and detector. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT, DETECTOR);

  /** Input: the stamps. */
  public static final Connection STAMP_SHARD = Connection.input("stamp_shard", "StampShard", DIMENSIONS,
      "the stamps of one visit-detector");

  /** Input: the model of the instrument (trained in the pipeline or found in the input collections). */
  public static final Connection RB_MODEL = Connection.input("rb_model", "RbModel", Set.of(INSTRUMENT),
      "the trained real/bogus model of the instrument");

  /** Output: the scores. */
  public static final Connection RB_SCORE = Connection.output("rb_score", "Catalog", DIMENSIONS,
      "one row per stamp: ids, position, S/N, label, truth, flags, rb_score and the two logits");

  private static final Logger LOG = LoggerFactory.getLogger(ScoreTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param stampShard the stamps, not null
   * @param rbModel    the model, not null
   * @param dataId     the quantum's data ID (empty when run by hand)
   */
  public record Inputs(StampShard stampShard, ModelArchive rbModel, DataId dataId) {
    /** Checks the inputs are present. */
    public Inputs {
      Objects.requireNonNull(stampShard, "stampShard");
      Objects.requireNonNull(rbModel, "rbModel");
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param rbScore the scores
   */
  public record Outputs(Catalog rbScore) {
    /** Checks the output is present. */
    public Outputs {
      Objects.requireNonNull(rbScore, "rbScore");
    }
  }

  private final ScoreConfig config;
  private OnnxScorer scorer;
  private String scorerDigest;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public ScoreTask(ScoreConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument, visit, detector}: stamp_shard and the instrument's rb_model in, rb_score out. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, STAMP_SHARD, RB_MODEL, RB_SCORE);
  }

  /**
   * Scores the shard.
   *
   * @throws NoWorkFoundException    if the shard has no stamps
   * @throws ModelDirectoryException if the model does not fit the stamps or cannot be loaded
   */
  @Override
  public Outputs run(Inputs in) {
    StampShard shard = in.stampShard();
    String what = "stamp_shard " + in.dataId();
    if (shard.size() == 0) {
      throw new NoWorkFoundException(what + " has no stamps");
    }
    String model = RB_MODEL.name() + " " + in.dataId().subset(Set.of(INSTRUMENT));
    OnnxScorer s = scorer(in.rbModel(), model);
    ShardAttributes a = shard.attributes();
    ModelInfo info = s.info();
    if (a.channels() != info.architecture().channels() || a.stampSize() != info.stampSize()
        || !a.normalisation().equals(info.normalisation())) {
      throw new ModelDirectoryException(model + " takes " + info.architecture().channels() + "x" + info.stampSize()
          + "x" + info.stampSize() + " stamps (channels " + info.channelNames() + ", normalisation '"
          + info.normalisation() + "'), but " + what + " holds " + a.channels() + "x" + a.stampSize() + "x"
          + a.stampSize() + " (channels " + a.channelNames() + ", normalisation '" + a.normalisation() + "')");
    }
    Predictions p = s.predict(shard.copyStamps(), shard.size());
    float[] score = p.scores(info.temperature());
    int n = shard.size();
    float[] l0 = new float[n];
    float[] l1 = new float[n];
    float[] logits = p.logits();
    byte[] labels = shard.labels();
    int candidates = 0;
    for (int i = 0; i < n; i++) {
      l0[i] = logits[2 * i];
      l1[i] = logits[2 * i + 1];
      candidates += labels[i] == 0 && score[i] >= config.threshold() ? 1 : 0;
    }
    Catalog stamps = shard.toCatalog();
    Catalog.Builder b = Catalog.builder().addLongs("diaSourceId", shard.diaSourceIds(), "", "DIA source of the stamp");
    for (String c : new String[] {"visit", "detector", "band", "ra", "dec", "snr", "label", "is_true_transient",
        "flags"}) {
      b.add(stamps.column(c));
    }
    Catalog out = b.addFloats("rb_score", score, "", "calibrated P(transient): softmax(logits / T)[1], T from"
            + " model.json")
        .addFloats("logit_0", l0, "", "network output for label 0 (real, assumed bogus)")
        .addFloats("logit_1", l1, "", "network output for label 1 (injected transient)")
        .build();
    LOG.info("Scored {}: {} stamps, {} label-0 with rb_score >= {}", what, n, candidates, config.threshold());
    return new Outputs(out);
  }

  /** The scorer of this model: the one already open if the model is the same, else a new one. */
  private OnnxScorer scorer(ModelArchive archive, String where) {
    String digest = archive.sha256();
    if (scorer == null || !digest.equals(scorerDigest)) {
      close();
      scorer = OnnxScorer.open(archive, where, config.batchSize());
      scorerDigest = digest;
    }
    return scorer;
  }

  /** Closes the ONNX Runtime session, if one is open. */
  @Override
  public void close() {
    if (scorer != null) {
      scorer.close();
      scorer = null;
      scorerDigest = null;
    }
  }
}
