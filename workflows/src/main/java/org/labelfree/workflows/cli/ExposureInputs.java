package org.labelfree.workflows.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.labelfree.catalog.Catalog;
import org.labelfree.fits.FitsExposures;
import org.labelfree.fits.FitsPath;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.Exposure;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.workflows.tasks.CharacterizeConfig;
import org.labelfree.workflows.tasks.CharacterizeTask;

/** Reading an image for the file-level commands ({@code subtract}, {@code detect}) and giving it a PSF. */
final class ExposureInputs {
  private ExposureInputs() {}

  /** An exposure with its PSF and single-frame sources. */
  record Characterized(Exposure exposure, Catalog src, boolean psfFitted) {}

  /** Reads FILE or FILE[HDU]. */
  static Exposure read(String file) {
    return FitsExposures.read(FitsPath.parse(file));
  }

  /**
   * Characterises an exposure as the {@code characterize} task does: sources, and a fitted PSF unless the file
   * carries one (then that PSF is kept and only the sources are measured with it).
   *
   * @throws AlgorithmFailureException wrapped by the task's AlgorithmException when the PSF cannot be fitted
   */
  static Characterized characterize(Exposure exposure, String name, PrintWriter err) {
    CharacterizeTask.Outputs out = new CharacterizeTask(CharacterizeConfig.defaults())
        .run(new CharacterizeTask.Inputs(exposure, DataId.empty()));
    boolean fitted = exposure.psf().isEmpty();
    Exposure withPsf = fitted ? exposure.withPsf(out.psfModel()) : exposure;
    double cx = exposure.image().x0() + 0.5 * (exposure.width() - 1);
    double cy = exposure.image().y0() + 0.5 * (exposure.height() - 1);
    err.printf("labelfree: %s: %d sources, PSF FWHM %.2f px at the centre (%s)%n", name, out.src().rowCount(),
        withPsf.psf().get().fwhmAt(cx, cy), fitted ? "fitted" : "from the file");
    return new Characterized(withPsf, out.src(), fitted);
  }

  /** The file name for messages. */
  static String name(Path p) {
    return p.getFileName() == null ? p.toString() : p.getFileName().toString();
  }
}
