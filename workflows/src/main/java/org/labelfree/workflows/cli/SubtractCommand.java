package org.labelfree.workflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labelfree.diffim.AlardLupton;
import org.labelfree.diffim.AlardLuptonConfig;
import org.labelfree.diffim.KernelCandidates;
import org.labelfree.diffim.KernelFit;
import org.labelfree.diffim.Subtraction;
import org.labelfree.diffim.SubtractionMode;
import org.labelfree.diffim.TemplateStitcher;
import org.labelfree.diffim.WarpConfig;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Exposure;
import org.labelfree.image.InvalidDataException;
import org.labelfree.wcs.Wcs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree subtract --science FILE --template FILE --out FILE [--mode auto|convolve-template|convolve-science]
 * [--no-decorrelate]}: Alard-Lupton image subtraction of two FITS images, a drop-in for the HOTPANTS command line
 * ({@code -inim}, {@code -tmplim}, {@code -outim} are accepted as aliases).
 *
 * <p>Each input is a calexp-layout file (image, mask, variance, PSF) or a plain image HDU (FILE[HDU] selects one).
 * Images without a PSF are characterised first (detection, PSF fit); images without a variance plane get one from
 * the background noise plus the source Poisson noise when GAIN is known. A template on another pixel grid is warped
 * onto the science image's (Lanczos-3) when both have a WCS; otherwise the two must have the same size. The output
 * is a calexp-layout FITS file of the difference (decorrelated by default) with its PSF and, in its header, the
 * quality numbers (DIFFMODE, KSUM, NSTAMPS, NSTAMPRJ, KCHI2, RESIDSIG).
 */
@Command(name = "subtract", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Alard-Lupton subtraction of a template from a science image (HOTPANTS-compatible options).")
final class SubtractCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"--science", "-inim"}, required = true, paramLabel = "FILE", description = "Science image.")
  String science;

  @Option(names = {"--template", "-tmplim"}, required = true, paramLabel = "FILE", description = "Template image.")
  String template;

  @Option(names = {"--out", "-outim"}, required = true, paramLabel = "FILE", description = "Difference image to write.")
  Path out;

  @Option(names = "--mode", defaultValue = "auto", paramLabel = "MODE",
      description = "auto (convolve the image with the smaller PSF), convolve-template or convolve-science.")
  String mode;

  @Option(names = "--no-decorrelate", description = "Skip the decorrelation of the difference.")
  boolean noDecorrelate;

  @Option(names = "--spatial-order", defaultValue = "1", description = "Spatial order of the kernel (default 1).")
  int spatialOrder;

  @Option(names = "--background-order", defaultValue = "2",
      description = "Order of the differential background (default 2).")
  int backgroundOrder;

  @Option(names = "--json", description = "Print the quality numbers as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SubtractionMode m;
    try {
      m = SubtractionMode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--mode must be auto, convolve-template or convolve-science, but was '" + mode + "'");
    }
    AlardLuptonConfig d = AlardLuptonConfig.defaults();
    AlardLuptonConfig config = new AlardLuptonConfig(d.gaussianDegrees(), d.sigmaFactors(), d.kernelSizeSigmas(),
        d.kernelSizeMin(), d.kernelSizeMax(), spatialOrder, backgroundOrder, d.stampGrid(), d.stampsPerCell(),
        d.clipSigma(), d.clipIterations(), d.minStamps(), m, !noDecorrelate);

    /* Read; bring the template onto the science grid when they differ. */
    Exposure sci = ExposureInputs.read(science);
    Exposure tmp = ExposureInputs.read(template);
    if (!sameGrid(sci, tmp)) {
      if (sci.wcs().isEmpty() || tmp.wcs().isEmpty()) {
        throw new InvalidDataException(science + " is " + sci.width() + "x" + sci.height() + " and " + template
            + " is " + tmp.width() + "x" + tmp.height() + " without a WCS on both; expected images on one pixel grid"
            + " or two WCSs to warp with");
      }
      err.println("labelfree subtract: warping the template onto the science image's grid (Lanczos-3)");
      tmp = TemplateStitcher.stitch(java.util.List.of(tmp), sci.wcs().get(), sci.image().x0(), sci.image().y0(),
          sci.width(), sci.height(), WarpConfig.defaults()).exposure();
    }

    /* PSFs and kernel stamp candidates. */
    ExposureInputs.Characterized s = ExposureInputs.characterize(sci, science, err);
    Exposure templ = tmp.psf().isPresent() ? tmp : ExposureInputs.characterize(tmp, template, err).exposure();
    double[][] xy = KernelCandidates.fromCatalog(s.src(), 20);

    /* Subtract and write. */
    Subtraction result = AlardLupton.subtract(s.exposure(), templ, xy[0], xy[1], config);
    FitsExposures.write(result.difference(), out);
    KernelFit f = result.fit();
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("science", science);
    q.put("template", template);
    q.put("out", out.toString());
    q.put("mode", f.convolveScience() ? "convolve-science" : "convolve-template");
    q.put("kernel_size", f.kernel().size());
    q.put("kernel_sum", f.kernelSum());
    q.put("stamps_used", f.stampsUsed());
    q.put("stamps_rejected", f.stampsRejected());
    q.put("chi2_per_dof", f.chi2PerDof());
    q.put("fwhm_science", f.fwhmScience());
    q.put("fwhm_template", f.fwhmTemplate());
    q.put("decorrelated", config.decorrelate());
    q.put("residual_sigma", result.residualSigma());
    q.put("residual_median", result.residualMedian());
    q.put("residual_pixels", result.residualPixels());
    if (json) {
      stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(q));
    } else {
      stdout.printf("%s - %s -> %s%n  mode %s, kernel %dx%d, sum %.5f, %d stamps (%d rejected), chi2/dof %.3f%n"
          + "  FWHM science %.2f px, template %.2f px; residual sigma %.4f, median %.4f over %d source-free pixels%n",
          science, template, out, q.get("mode"), f.kernel().size(), f.kernel().size(), f.kernelSum(), f.stampsUsed(),
          f.stampsRejected(), f.chi2PerDof(), f.fwhmScience(), f.fwhmTemplate(), result.residualSigma(),
          result.residualMedian(), result.residualPixels());
    }
    return 0;
  }

  private static boolean sameGrid(Exposure a, Exposure b) {
    if (a.width() != b.width() || a.height() != b.height() || a.image().x0() != b.image().x0()
        || a.image().y0() != b.image().y0()) {
      return false;
    }
    if (a.wcs().isEmpty() || b.wcs().isEmpty()) {
      return true;
    }
    Wcs wa = a.wcs().get();
    Wcs wb = b.wcs().get();
    double[] xs = {0, a.width() - 1, 0, a.width() - 1, 0.5 * (a.width() - 1)};
    double[] ys = {0, 0, a.height() - 1, a.height() - 1, 0.5 * (a.height() - 1)};
    for (int i = 0; i < xs.length; i++) {
      double x = xs[i] + a.image().x0();
      double y = ys[i] + a.image().y0();
      var sky = wa.pixelToSky(x, y);
      double[] p = wb.skyToPixel(sky.ra(), sky.dec());
      if (Math.hypot(p[0] - x, p[1] - y) > 0.01) {
        return false;
      }
    }
    return true;
  }

}
