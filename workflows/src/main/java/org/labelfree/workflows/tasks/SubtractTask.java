package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.ColumnSpec;
import org.labelfree.catalog.ColumnType;
import org.labelfree.diffim.AlardLupton;
import org.labelfree.diffim.KernelCandidates;
import org.labelfree.diffim.KernelFit;
import org.labelfree.diffim.Subtraction;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.image.Psf;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subtracts the warped template from a visit image, as LSST's AlardLuptonSubtractTask: fits a spatially varying
 * Alard-Lupton kernel and a differential background on stamps around bright stars, convolves the image with the
 * smaller PSF, subtracts, and decorrelates the difference (Reiss &amp; Lupton 2016). Writes the difference image
 * (with its PSF) and a one-row quality summary. No I/O.
 *
 * <p>Kernel stamps are offered from {@code src}: unflagged point sources ({@code extendedness == 0}) with
 * {@code snr} above {@link SubtractConfig#candidateMinSnr()}; the science image's PSF is {@code psf_model}.
 *
 * <p>{@code subtraction_summary} columns: {@code visit, detector, mode} ("convolve_template" or "convolve_science"),
 * {@code kernel_sum} (at the centre), {@code stamps_used, stamps_rejected, chi2_per_dof} (in the used stamps),
 * {@code residual_sigma, residual_median} (robust sigma and median of difference / sqrt(variance) in source-free
 * pixels), {@code residual_pixels}, {@code psf_fwhm_science, psf_fwhm_template} (pixels), {@code template_coverage}.
 *
 * <p>Failures: too few stamps or a singular kernel fit fail the quantum with an {@link
 * org.labelfree.pipeline.task.AlgorithmException} carrying the counts; images on different grids or without valid
 * pixels are bad data.
 */
public final class SubtractTask implements PipelineTask<SubtractTask.Inputs, SubtractTask.Outputs> {

  /** One quantum per instrument, visit and detector. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT, DETECTOR);

  /** Input: the science image. */
  public static final Connection CALEXP = Connection.input("calexp", "Exposure", DIMENSIONS,
      "science image (the calexp, or the injected calexp)");

  /** Input: the template on the science image's grid. */
  public static final Connection WARPED_TEMPLATE = Connection.input("warped_template", "Exposure", DIMENSIONS,
      "template warped onto the science image's grid");

  /** Input: the science image's sources (kernel stamp candidates). */
  public static final Connection SRC = Connection.input("src", "Catalog", DIMENSIONS,
      "single-frame sources of the science image");

  /** Input: the science image's PSF. */
  public static final Connection PSF_MODEL = Connection.input("psf_model", "Psf", DIMENSIONS,
      "PSF model of the science image");

  /** Output: the decorrelated difference image. */
  public static final Connection DIFFERENCE_IMAGE = Connection.output("difference_image", "Exposure", DIMENSIONS,
      "science minus PSF-matched template, decorrelated, with its PSF");

  /** Output: the subtraction's quality numbers. */
  public static final Connection SUBTRACTION_SUMMARY = Connection.output("subtraction_summary", "Catalog",
      DIMENSIONS, "one row: kernel sum, stamps used/rejected, chi2/dof, normalised residual sigma");

  private static final Logger LOG = LoggerFactory.getLogger(SubtractTask.class);

  /**
   * The inputs of one quantum.
   *
   * @param calexp         the science image, not null
   * @param warpedTemplate the template on its grid, not null
   * @param src            its sources, not null
   * @param psfModel       its PSF, not null
   * @param dataId         the quantum's data ID (empty when run by hand)
   */
  public record Inputs(Exposure calexp, Exposure warpedTemplate, Catalog src, Psf psfModel, DataId dataId) {
    /** Checks the inputs are present. */
    public Inputs {
      Objects.requireNonNull(calexp, "calexp");
      Objects.requireNonNull(warpedTemplate, "warpedTemplate");
      Objects.requireNonNull(src, "src");
      Objects.requireNonNull(psfModel, "psfModel");
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param differenceImage    the difference image
   * @param subtractionSummary its one-row quality summary
   */
  public record Outputs(Exposure differenceImage, Catalog subtractionSummary) {
    /** Checks the outputs are present. */
    public Outputs {
      Objects.requireNonNull(differenceImage, "differenceImage");
      Objects.requireNonNull(subtractionSummary, "subtractionSummary");
    }
  }

  private final SubtractConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public SubtractTask(SubtractConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument, visit, detector}: calexp, warped_template, src, psf_model in; difference_image, summary out. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, CALEXP, WARPED_TEMPLATE, SRC, PSF_MODEL, DIFFERENCE_IMAGE,
        SUBTRACTION_SUMMARY);
  }

  /**
   * Fits, convolves, subtracts, decorrelates.
   *
   * @param in the inputs, not null
   * @return the difference image and its summary
   * @throws org.labelfree.pipeline.task.AlgorithmException if the kernel cannot be fitted
   * @throws org.labelfree.image.InvalidDataException      if the images are not on one grid or have no valid pixel
   */
  @Override
  public Outputs run(Inputs in) {
    Exposure science = in.calexp().withPsf(in.psfModel());
    String what = TaskIds.describe("calexp", in.dataId(), science);

    /* Kernel stamp candidates: bright, clean point sources of the science image. */
    double[][] xy = KernelCandidates.fromCatalog(in.src(), config.candidateMinSnr());

    /* Subtract. */
    Subtraction s;
    try {
      s = AlardLupton.subtract(science, in.warpedTemplate(), xy[0], xy[1], config.alardLupton());
    } catch (AlgorithmFailureException e) {
      throw TaskIds.algorithmFailure(what + " (" + xy[0].length + " stamp candidates from src)", e);
    }
    KernelFit fit = s.fit();
    LOG.info("Subtracted {}: {}, kernel sum {}, {} stamps ({} rejected), chi2/dof {}, residual sigma {}", what,
        fit.convolveScience() ? "convolve science" : "convolve template", String.format("%.4f", fit.kernelSum()),
        fit.stampsUsed(), fit.stampsRejected(), String.format("%.3f", fit.chi2PerDof()),
        String.format("%.4f", s.residualSigma()));

    /* One summary row. */
    List<ColumnSpec> schema = List.of(
        new ColumnSpec("visit", ColumnType.LONG, "", "visit"),
        new ColumnSpec("detector", ColumnType.INT, "", "detector"),
        new ColumnSpec("mode", ColumnType.STRING, "", "convolve_template or convolve_science"),
        new ColumnSpec("kernel_sum", ColumnType.DOUBLE, "", "sum of the matching kernel at the image centre"),
        new ColumnSpec("stamps_used", ColumnType.INT, "", "kernel stamps used in the final fit"),
        new ColumnSpec("stamps_rejected", ColumnType.INT, "", "kernel stamps rejected by sigma-clipping"),
        new ColumnSpec("chi2_per_dof", ColumnType.DOUBLE, "", "chi-square per degree of freedom in the used stamps"),
        new ColumnSpec("residual_sigma", ColumnType.DOUBLE, "",
            "robust sigma of difference / sqrt(variance) in source-free pixels"),
        new ColumnSpec("residual_median", ColumnType.DOUBLE, "",
            "median of difference / sqrt(variance) in source-free pixels"),
        new ColumnSpec("residual_pixels", ColumnType.LONG, "", "number of source-free pixels measured"),
        new ColumnSpec("psf_fwhm_science", ColumnType.DOUBLE, "pixel", "science PSF FWHM at the centre"),
        new ColumnSpec("psf_fwhm_template", ColumnType.DOUBLE, "pixel", "template PSF FWHM at the centre"),
        new ColumnSpec("template_coverage", ColumnType.DOUBLE, "", "fraction of pixels the template covers"));
    Catalog summary = Catalog.rowBuilder(schema).addRow(TaskIds.visit(in.dataId(), science),
        TaskIds.detector(in.dataId(), science), fit.convolveScience() ? "convolve_science" : "convolve_template",
        fit.kernelSum(), fit.stampsUsed(), fit.stampsRejected(), fit.chi2PerDof(), s.residualSigma(),
        s.residualMedian(), s.residualPixels(), fit.fwhmScience(), fit.fwhmTemplate(), s.templateCoverage())
        .build();
    return new Outputs(s.difference(), summary);
  }
}
