package org.labelfree.workflows.tasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.Objects;
import java.util.Set;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.image.Psf;
import org.labelfree.injection.InjectionFlag;
import org.labelfree.injection.InjectionResult;
import org.labelfree.injection.Injector;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;

/**
 * Injects the visit's fakes into one visit-detector, as LSST source_injection's VisitInjectTask: each fake of the
 * visit's {@code injection_catalog} that lands on the detector is rendered with the detector's PSF model at its
 * sub-pixel position, its flux from the magnitude through the exposure's PhotoCalib, with the Poisson noise of the
 * injected flux, INJECTED and INJECTED_CORE mask bits, and per-fake flags ({@link Injector}). No I/O.
 *
 * <p>{@code injected_calexp_catalog} is the catalogue's rows that touch the detector (all rows with
 * {@code keep_no_overlap}) plus {@code injected_x, injected_y, injection_flag, injected_flux}. A visit whose
 * catalogue has no fake on this detector still gets an injected calexp (a copy of the calexp), so the downstream
 * difference imaging runs on every detector alike.
 */
public final class InjectVisitTask implements PipelineTask<InjectVisitTask.Inputs, InjectVisitTask.Outputs> {

  /** One quantum per instrument, visit and detector. */
  public static final Set<Dimension> DIMENSIONS = Set.of(INSTRUMENT, VISIT, DETECTOR);

  /** Input: the calibrated visit image. */
  public static final Connection CALEXP = Connection.input("calexp", "Exposure", DIMENSIONS,
      "calibrated single-visit image (WCS, PhotoCalib)");

  /** Input: the PSF model from characterize. */
  public static final Connection PSF_MODEL = Connection.input("psf_model", "Psf", DIMENSIONS,
      "PSF model of the visit-detector");

  /** Input: the visit's injection catalogue. */
  public static final Connection INJECTION_CATALOG = Connection.input("injection_catalog", "Catalog",
      Set.of(INSTRUMENT, VISIT), "fakes of the visit: injection_id, ra, dec, source_type, mag, ...");

  /** Output: the image with the fakes. */
  public static final Connection INJECTED_CALEXP = Connection.output("injected_calexp", "Exposure", DIMENSIONS,
      "calexp with the fakes injected (INJECTED and INJECTED_CORE mask planes)");

  /** Output: the fakes of this detector and what happened to them. */
  public static final Connection INJECTED_CALEXP_CATALOG = Connection.output("injected_calexp_catalog", "Catalog",
      DIMENSIONS, "the injected fakes: catalogue columns plus injected_x, injected_y, injection_flag, injected_flux");

  /**
   * The inputs of one quantum.
   *
   * @param calexp           the calibrated exposure, not null
   * @param psfModel         its PSF model, not null
   * @param injectionCatalog the visit's fakes, not null
   * @param dataId           the quantum's data ID (empty when run by hand)
   */
  public record Inputs(Exposure calexp, Psf psfModel, Catalog injectionCatalog, DataId dataId) {
    /** Checks the inputs are present. */
    public Inputs {
      Objects.requireNonNull(calexp, "calexp");
      Objects.requireNonNull(psfModel, "psfModel");
      Objects.requireNonNull(injectionCatalog, "injectionCatalog");
      dataId = dataId == null ? DataId.empty() : dataId;
    }
  }

  /**
   * The outputs of one quantum.
   *
   * @param injectedCalexp        the exposure with the fakes
   * @param injectedCalexpCatalog the fakes of this detector, with their flags
   */
  public record Outputs(Exposure injectedCalexp, Catalog injectedCalexpCatalog) {
    /** Checks the outputs are present. */
    public Outputs {
      Objects.requireNonNull(injectedCalexp, "injectedCalexp");
      Objects.requireNonNull(injectedCalexpCatalog, "injectedCalexpCatalog");
    }
  }

  private final InjectVisitConfig config;

  /**
   * A task with this config.
   *
   * @param config the config, not null
   */
  public InjectVisitTask(InjectVisitConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {instrument, visit, detector}: calexp, psf_model, injection_catalog in; injected_calexp and its catalogue out. */
  public static TaskConnections connections() {
    return TaskConnections.of(DIMENSIONS, CALEXP, PSF_MODEL, INJECTION_CATALOG, INJECTED_CALEXP,
        INJECTED_CALEXP_CATALOG);
  }

  /**
   * Injects.
   *
   * @param in the inputs, not null
   * @return the injected exposure and the catalogue of its fakes
   * @throws org.labelfree.image.InvalidDataException if the exposure has no WCS or PhotoCalib, or the catalogue
   *                                                 lacks a column (bad data: the quantum fails alone)
   * @throws org.labelfree.pipeline.task.AlgorithmException if noise is on and no gain is known or measurable
   */
  @Override
  public Outputs run(Inputs in) {
    Exposure calexp = in.calexp().withPsf(in.psfModel());
    String what = TaskIds.describe("calexp", in.dataId(), calexp);
    InjectionResult r;
    try {
      r = Injector.inject(calexp, in.injectionCatalog(), config.injection(), what);
    } catch (AlgorithmFailureException e) {
      throw TaskIds.algorithmFailure(what + " (gain)", e);
    }
    Catalog out = r.catalog();
    if (!config.keepNoOverlap()) {
      int[] flags = out.intColumn("injection_flag");
      boolean[] keep = new boolean[flags.length];
      int noOverlap = InjectionFlag.NO_OVERLAP.bit();
      for (int i = 0; i < flags.length; i++) {
        keep[i] = (flags[i] & noOverlap) == 0;
      }
      out = out.filter(keep);
    }
    return new Outputs(r.exposure(), out);
  }
}
