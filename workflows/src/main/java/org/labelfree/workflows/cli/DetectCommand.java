package org.labelfree.workflows.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.labelfree.catalog.Catalogs;
import org.labelfree.detect.DetectAndMeasure;
import org.labelfree.detect.DetectAndMeasureConfig;
import org.labelfree.detect.Polarity;
import org.labelfree.detect.SourceTable;
import org.labelfree.image.Exposure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree detect FILE --out CATALOG(.parquet|.fits|.csv) [--threshold 5] [--polarity both|positive|negative]}:
 * detects and measures the sources of a FITS image (a difference image, or with {@code --polarity positive} a direct
 * image) and writes the catalogue in the format its extension names.
 *
 * <p>The image's PSF is the matched filter; an image without one is characterised first (PSF fitted to its stars).
 * With {@code --polarity both} (difference images) no background is subtracted and the noise comes from the variance
 * plane when there is one; with {@code positive} a mesh background is subtracted first, as for a direct image.
 */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Detect and measure sources (DIA sources on a difference image) and write a catalogue.")
final class DetectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE[HDU]", description = "The image (FITS).")
  String file;

  @Option(names = "--out", required = true, paramLabel = "CATALOG",
      description = "Output catalogue: .parquet, .fits or .csv.")
  Path out;

  @Option(names = "--threshold", defaultValue = "5", description = "Detection threshold in sigma (default 5).")
  double threshold;

  @Option(names = "--polarity", defaultValue = "both", description = "both (default), positive or negative.")
  String polarity;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Polarity p;
    try {
      p = Polarity.valueOf(polarity.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--polarity must be both, positive or negative, but was '" + polarity + "'");
    }
    if (!(threshold > 0)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--threshold must be > 0, but was " + threshold);
    }
    try {
      Catalogs.Format.of(out);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--out: " + e.getMessage());
    }
    Exposure image = ExposureInputs.read(file);
    if (image.psf().isEmpty()) {
      image = ExposureInputs.characterize(image, file, err).exposure();
    }
    DetectAndMeasureConfig base = p == Polarity.POSITIVE ? DetectAndMeasureConfig.defaults()
        : DetectAndMeasureConfig.forDifference();
    DetectAndMeasureConfig config = new DetectAndMeasureConfig(threshold, p, base.subtractBackground(),
        base.background(), base.minPixels(), base.growSigmas(), base.kronFactor(), base.minKronRadius(),
        base.apertureRadius(), base.extendednessRatio(), base.useVarianceForThreshold());
    SourceTable t = DetectAndMeasure.run(image, image.psf().get(), config);
    Catalogs.write(t.catalog(), out);
    stdout.printf("%s: %d sources above %.1f sigma (%d positive, %d negative, %d dipoles) -> %s%n", file,
        t.catalog().rowCount(), threshold, t.positive(), t.negative(), t.dipoles(), out);
    return 0;
  }
}
