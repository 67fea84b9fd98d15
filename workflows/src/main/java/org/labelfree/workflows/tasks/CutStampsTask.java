package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.labeling.stamps.StampChannel;
import org.labelfree.labeling.stamps.StampCutter;
import org.labelfree.labeling.stamps.StampPlane;
import org.labelfree.labeling.stamps.StampShardMaker;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.NoWorkFoundException;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConfigs;
import org.labelfree.pipeline.task.TaskConnections;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.labelfree.stamps.StampFlags;
import org.labelfree.stamps.StampShard;
import org.labelfree.workflows.cli.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts one stamp shard per visit-detector: a normalised stamp (30x30 by default) around every row of
 * {@code matched_dia_source}, from the difference image and optionally the injected science image and the warped
 * template, with the row's label, S/N, ids, sky position, band and flags. No I/O.
 *
 * <p>Centring, padding, NaN/NO_DATA handling and normalisations are those of
 * {@link org.labelfree.labeling.stamps.StampCutter}; columns and flags those of {@link StampShardMaker}. The shard
 * records the channel names, the normalisation, the software version and {@code config_digest} = SHA-256 of this
 * task's resolved config as {@link TaskConfigs#toJson} writes it.
 *
 * <p>{@code injected_calexp} and {@code warped_template} are optional connections: the quantum runs without them,
 * and fails as unprocessable only when the configured channels need one that is missing. (When they exist the
 * executor reads them even for {@code channels: diff}.)
 *
 * <p><b>No DIA sources.</b> A quantum whose {@code matched_dia_source} has 0 rows throws
 * {@link NoWorkFoundException}: HDF5 via jHDF cannot hold a dataset of 0 stamps, and "nothing to cut" is not a
 * failure. The executor records it as NO_WORK and writes no {@code stamp_shard}; gathering steps (stamps collect)
 * see one shard fewer, which holds no stamps anyway.
 */
public final class CutStampsTask implements PipelineTask<CutStampsTask.Inputs, CutStampsTask.Outputs> {

  /** One quantum per instrument, visit and detector. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT, DETECTOR);

  /** Input: the labelled DIA sources. */
  public static final Connection MATCHED_DIA_SOURCE = Connection.input("matched_dia_source", "Catalog", DIMENSIONS,
      "DIA sources with label, injection_id, match_flags, is_true_transient and band");

  /** Input: the difference image. */
  public static final Connection DIFFERENCE_IMAGE = Connection.input("difference_image", "Exposure", DIMENSIONS,
      "difference image the DIA sources were detected on");

  /** Optional input: the science image with the fakes (the {@code sci} channel). */
  public static final Connection INJECTED_CALEXP = Connection.input("injected_calexp", "Exposure", DIMENSIONS,
      "science image with the fakes injected (sci channel; needed only when configured)").asOptional();

  /** Optional input: the template on the science grid (the {@code tmpl} channel). */
  public static final Connection WARPED_TEMPLATE = Connection.input("warped_template", "Exposure", DIMENSIONS,
      "template warped onto the science grid (tmpl channel; needed only when configured)").asOptional();

  /** Output: the stamp shard. */
  public static final Connection STAMP_SHARD = Connection.output("stamp_shard", "StampShard", DIMENSIONS,
      "one HDF5 shard of normalised stamps with label, snr, ids, ra/dec, band and flags per DIA source");

  private static final Logger LOG = LoggerFactory.getLogger(CutStampsTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param matchedDiaSource the labelled DIA sources, not null
   * @param differenceImage  the difference image, not null
   * @param injectedCalexp   the science image, or null when absent
   * @param warpedTemplate   the warped template, or null when absent
   * @param dataId           the quantum's data ID (empty when run by hand)
   */
  public record Inputs(Catalog matchedDiaSource, Exposure differenceImage, Exposure injectedCalexp,
      Exposure warpedTemplate, DataId dataId) {
    /** Checks the required inputs are present. */
    public Inputs {
      Objects.requireNonNull(matchedDiaSource, "matchedDiaSource");
      Objects.requireNonNull(differenceImage, "differenceImage");
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param stampShard the shard, at least one stamp
   */
  public record Outputs(StampShard stampShard) {
    /** Checks the output is present. */
    public Outputs {
      Objects.requireNonNull(stampShard, "stampShard");
    }
  }

  private final CutStampsConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public CutStampsTask(CutStampsConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument, visit, detector}: matched_dia_source, difference_image (+ optional science, template) in. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, MATCHED_DIA_SOURCE, DIFFERENCE_IMAGE, INJECTED_CALEXP, WARPED_TEMPLATE,
        STAMP_SHARD);
  }

  /**
   * Cuts the stamps.
   *
   * @param in the inputs, not null
   * @return the shard
   * @throws NoWorkFoundException       if there are no DIA sources
   * @throws UnprocessableDataException if a configured channel's image is missing or not on the difference's grid
   * @throws org.labelfree.labeling.stamps.StampInputException if matched_dia_source lacks a column or holds a value
   *                                                           a shard cannot store
   */
  @Override
  public Outputs run(Inputs in) {
    Exposure diff = in.differenceImage();
    String what = TaskIds.describe("matched_dia_source", in.dataId(), diff);
    Catalog sources = in.matchedDiaSource();
    if (sources.rowCount() == 0) {
      throw new NoWorkFoundException(what + " has no DIA sources; no stamp shard is written");
    }

    /* One plane per configured channel, each required only if asked for. */
    List<StampPlane> planes = new ArrayList<>();
    for (StampChannel c : config.channelList()) {
      Exposure e = switch (c) {
        case SCIENCE -> in.injectedCalexp();
        case TEMPLATE -> in.warpedTemplate();
        case DIFFERENCE -> diff;
      };
      if (e == null) {
        String input = c == StampChannel.SCIENCE ? INJECTED_CALEXP.name() : WARPED_TEMPLATE.name();
        throw new UnprocessableDataException(what + ": channels '" + config.channels() + "' need " + input
            + ", which is missing for this data ID");
      }
      planes.add(StampPlane.of(c.channelName(), e));
    }
    StampCutter cutter;
    try {
      cutter = new StampCutter(config.cutter(), planes);
    } catch (IllegalArgumentException e) {
      throw new UnprocessableDataException(what + ": the channel images are not on one pixel grid: "
          + e.getMessage());
    }

    /* Cut, and report labels and flags once. */
    StampShard shard = new StampShardMaker(cutter, Main.version(), TaskConfigs.toJson(config)).make(sources, what);
    int[] bits = {StampFlags.EDGE, StampFlags.MASKED_PIXELS, StampFlags.AMBIGUOUS_MASK, StampFlags.MULTIPLE_FAKES};
    int[] counts = new int[bits.length];
    int injected = 0;
    byte[] labels = shard.labels();
    int[] flags = shard.flags();
    for (int i = 0; i < shard.size(); i++) {
      injected += labels[i] == 1 ? 1 : 0;
      for (int b = 0; b < counts.length; b++) {
        counts[b] += (flags[i] & bits[b]) != 0 ? 1 : 0;
      }
    }
    LOG.info("Stamps for {}: {} of {}x{}x{} ({}), {} label 1, {} other; flags {} EDGE, {} MASKED_PIXELS,"
        + " {} AMBIGUOUS_MASK, {} MULTIPLE_FAKES", what, shard.size(), shard.channels(), config.size(),
        config.size(), String.join(",", cutter.channelNames()), injected, shard.size() - injected,
        counts[0], counts[1], counts[2], counts[3]);
    return new Outputs(shard);
  }
}
