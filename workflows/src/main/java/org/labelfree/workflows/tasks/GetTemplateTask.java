package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.BAND;
import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.PATCH;
import static org.labelfree.pipeline.repo.Dimension.SKYMAP;
import static org.labelfree.pipeline.repo.Dimension.TRACT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.labelfree.diffim.TemplateStitcher;
import org.labelfree.diffim.WarpedTemplate;
import org.labelfree.image.Exposure;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.labelfree.pipeline.task.UnprocessableDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the template of one visit-detector, as LSST's GetTemplateTask: warps every coadd patch of the visit's band
 * that overlaps the visit onto the detector's pixel grid (Lanczos-3; variance propagated; mask OR-ed over the kernel
 * footprint; NO_DATA where uncovered) and stitches them. No I/O.
 *
 * <p>The graph builder gives the quantum only the patches of the visit's band whose sky box overlaps the visit.
 * A template that covers none of the detector, or pixel scales too different, is bad data (the quantum fails
 * alone); coverage below {@link GetTemplateConfig#minCoveredFraction()} is unprocessable.
 */
public final class GetTemplateTask implements PipelineTask<GetTemplateTask.Inputs, GetTemplateTask.Outputs> {

  /** One quantum per instrument, visit and detector. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT, DETECTOR);

  /** Input: the calibrated visit image (for its WCS and pixel box). */
  public static final Connection CALEXP = Connection.input("calexp", "Exposure", DIMENSIONS,
      "calibrated single-visit image (its WCS and box)");

  /** Input: the coadd patches of the visit's band that overlap it. */
  public static final Connection TEMPLATE_COADD = Connection.input("template_coadd", "Exposure",
      Set.of(SKYMAP, TRACT, PATCH, BAND), "template coadd patches overlapping the visit").asMultiple();

  /** Output: the template on the detector's grid. */
  public static final Connection WARPED_TEMPLATE = Connection.output("warped_template", "Exposure", DIMENSIONS,
      "template warped (Lanczos-3) and stitched onto the visit-detector's pixel grid");

  private static final Logger LOG = LoggerFactory.getLogger(GetTemplateTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param calexp        the calibrated exposure, not null
   * @param templateCoadd the overlapping patches, in data-ID order (not null; may be empty)
   * @param dataId        the quantum's data ID (empty when run by hand)
   */
  public record Inputs(Exposure calexp, List<Exposure> templateCoadd, DataId dataId) {
    /** Checks and copies. */
    public Inputs {
      Objects.requireNonNull(calexp, "calexp");
      templateCoadd = List.copyOf(templateCoadd);
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param warpedTemplate the template on the calexp's grid
   */
  public record Outputs(Exposure warpedTemplate) {
    /** Checks the output is present. */
    public Outputs {
      Objects.requireNonNull(warpedTemplate, "warpedTemplate");
    }
  }

  private final GetTemplateConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public GetTemplateTask(GetTemplateConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument, visit, detector}: calexp and template_coadd (gathered) in; warped_template out. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, CALEXP, TEMPLATE_COADD, WARPED_TEMPLATE);
  }

  /**
   * Warps and stitches.
   *
   * @param in the inputs, not null
   * @return the warped template
   * @throws UnprocessableDataException if the calexp has no WCS, or the coverage is below the configured minimum
   * @throws org.labelfree.image.InvalidDataException if no patch covers the detector or the pixel scales differ too
   *                                                  much
   */
  @Override
  public Outputs run(Inputs in) {
    Exposure calexp = in.calexp();
    String what = TaskIds.describe("calexp", in.dataId(), calexp);
    if (calexp.wcs().isEmpty()) {
      throw new UnprocessableDataException(what + " has no WCS; a template cannot be warped onto it");
    }
    if (in.templateCoadd().isEmpty()) {
      throw new UnprocessableDataException(what + ": no template patch of its band overlaps it");
    }
    WarpedTemplate t = TemplateStitcher.stitch(in.templateCoadd(), calexp.wcs().get(), calexp.image().x0(),
        calexp.image().y0(), calexp.width(), calexp.height(), config.warp());
    if (t.coveredFraction() < config.minCoveredFraction()) {
      throw new UnprocessableDataException(String.format("%s: the template covers %.1f%% of the detector;"
          + " expected at least %.1f%% (min_covered_fraction)", what, 100 * t.coveredFraction(),
          100 * config.minCoveredFraction()));
    }
    LOG.info("Template for {}: {} of {} patches used, {}% covered", what, t.patchesUsed(),
        in.templateCoadd().size(), String.format("%.1f", 100 * t.coveredFraction()));
    return new Outputs(t.exposure());
  }
}
