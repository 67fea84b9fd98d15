package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.detect.DetectAndMeasure;
import org.labelfree.detect.PsfCandidate;
import org.labelfree.detect.PsfEstimate;
import org.labelfree.detect.PsfEstimator;
import org.labelfree.detect.SourceTable;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.image.GaussianPsf;
import org.labelfree.image.Psf;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Characterises one calibrated visit image, as LSST's CharacterizeImageTask: detects and measures its sources with
 * a first-guess PSF, selects isolated bright point sources, fits a spatially varying pixelised PSF to them, then
 * detects and measures again with that PSF. Writes the source catalogue {@code src} and the PSF model
 * {@code psf_model}. No I/O.
 *
 * <p>The first-guess PSF is the calexp's own PSF when it has one, else a Gaussian of
 * {@link CharacterizeConfig#initialFwhmArcsec()}. The src columns are those of {@link DetectAndMeasure} (LSST names:
 * {@code x, y, psfFlux, psfFluxErr, kronFlux, ixx, iyy, ixy, a, b, theta, extendedness, snr, pixelFlags_*}).
 *
 * <p>When the detector has too few PSF stars for {@link CharacterizeConfig#psfSpatialOrder()} (a small detector at
 * high latitude), the order is lowered step by step, down to a constant PSF, with one warning.
 *
 * <p>Failures: too few PSF stars even for a constant PSF (or a singular PSF fit) fail the quantum with an {@link
 * org.labelfree.pipeline.task.AlgorithmException} carrying the counts; an image with no valid pixel is bad data.
 */
public final class CharacterizeTask implements PipelineTask<CharacterizeTask.Inputs, CharacterizeTask.Outputs> {

  /** One quantum per instrument, visit and detector. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT, DETECTOR);

  /** Input: the calibrated single-visit image. */
  public static final Connection CALEXP = Connection.input("calexp", "Exposure", DIMENSIONS,
      "calibrated single-visit image");

  /** Output: the single-frame source catalogue. */
  public static final Connection SRC = Connection.output("src", "Catalog", DIMENSIONS,
      "single-frame sources: centroid, moments, PSF/Kron/aperture flux, extendedness, flags");

  /** Output: the fitted PSF model. */
  public static final Connection PSF_MODEL = Connection.output("psf_model", "Psf", DIMENSIONS,
      "spatially varying pixelised PSF fitted to isolated stars");

  private static final Logger LOG = LoggerFactory.getLogger(CharacterizeTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param calexp the calibrated exposure, not null
   * @param dataId the quantum's data ID (empty when run by hand)
   */
  public record Inputs(Exposure calexp, DataId dataId) {
    /** Checks the input is present. */
    public Inputs {
      Objects.requireNonNull(calexp, "calexp");
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param src      the source catalogue
   * @param psfModel the fitted PSF
   */
  public record Outputs(Catalog src, Psf psfModel) {
    /** Checks the outputs are present. */
    public Outputs {
      Objects.requireNonNull(src, "src");
      Objects.requireNonNull(psfModel, "psfModel");
    }
  }

  private final CharacterizeConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public CharacterizeTask(CharacterizeConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument, visit, detector}: calexp in; src and psf_model out. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, CALEXP, SRC, PSF_MODEL);
  }

  /**
   * Detects, fits the PSF, measures.
   *
   * @param in the inputs, not null
   * @return the source catalogue and the PSF
   * @throws org.labelfree.pipeline.task.AlgorithmException if the PSF cannot be fitted (too few stars, singular fit)
   * @throws org.labelfree.image.InvalidDataException      if the image has no valid pixel
   */
  @Override
  public Outputs run(Inputs in) {
    Exposure calexp = in.calexp();
    String what = TaskIds.describe("calexp", in.dataId(), calexp);
    double cx = calexp.image().x0() + 0.5 * (calexp.width() - 1);
    double cy = calexp.image().y0() + 0.5 * (calexp.height() - 1);

    /* First pass with a guessed PSF, to find the stars. */
    Psf guess = calexp.psf().orElseGet(() -> {
      double scale = calexp.wcs().map(w -> w.pixelScaleArcsec(cx, cy)).orElse(0.2);
      return GaussianPsf.ofSigma(config.initialFwhmArcsec() / scale / 2.3548200450309493);
    });
    SourceTable first = DetectAndMeasure.run(calexp, guess, config.detection());

    /* Fit the PSF to the isolated, unsaturated point sources. */
    PsfEstimate estimate;
    try {
      estimate = PsfEstimator.estimateLoweringOrder(calexp, PsfCandidate.fromCatalog(first.catalog()), config.psf(),
          what);
    } catch (AlgorithmFailureException e) {
      throw TaskIds.algorithmFailure(what + " (" + first.catalog().rowCount() + " sources detected)", e);
    }

    /* Measure again with the fitted PSF. */
    SourceTable src = DetectAndMeasure.run(calexp, estimate.psf(), config.detection());
    LOG.info("Characterised {}: {} sources, PSF from {} stars ({} rejected), FWHM {} px at the centre ({} to {})",
        what, src.catalog().rowCount(), estimate.starsUsed(), estimate.starsRejected(),
        String.format("%.3f", estimate.fwhm()), String.format("%.3f", estimate.fwhmMin()),
        String.format("%.3f", estimate.fwhmMax()));
    return new Outputs(src.catalog(), estimate.psf());
  }
}
