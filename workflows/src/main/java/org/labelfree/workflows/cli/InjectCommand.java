package org.labelfree.workflows.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Catalogs;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Exposure;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.PhotoCalib;
import org.labelfree.injection.InjectionCatalogs;
import org.labelfree.injection.InjectionConfig;
import org.labelfree.injection.InjectionFlag;
import org.labelfree.injection.InjectionResult;
import org.labelfree.injection.Injector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree inject --image FILE --catalog CATALOG --out FILE [--out-catalog CATALOG] [--no-noise] [--seed N]
 * [--zero-point ZP] [--gain G]}: injects the fakes of a catalogue (CSV or Parquet with ra, dec, mag; see
 * {@link InjectionCatalogs}) into a FITS image, as source_injection's {@code inject_visit} does for one exposure.
 *
 * <p>The image's PSF is used when the file has one; otherwise it is fitted to the image's stars first. The zero
 * point comes from the file (PhotoCalib) unless {@code --zero-point} gives it. The injected catalogue (the rows plus
 * {@code injected_x, injected_y, injection_flag, injected_flux}) goes to {@code --out-catalog}, by default next to
 * the image as {@code <out>_catalog.parquet}.
 */
@Command(name = "inject", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Inject fake point sources from a catalogue into a FITS image.")
final class InjectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--image", required = true, paramLabel = "FILE[HDU]", description = "The image (FITS).")
  String image;

  @Option(names = "--catalog", required = true, paramLabel = "CATALOG",
      description = "The fakes: .csv or .parquet with ra, dec (deg), mag (AB); optional injection_id, source_type.")
  Path catalog;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The injected image (FITS).")
  Path out;

  @Option(names = "--out-catalog", paramLabel = "CATALOG",
      description = "The injected catalogue (.parquet, .fits or .csv; default <out>_catalog.parquet).")
  Path outCatalog;

  @Option(names = "--no-noise", description = "Do not add the Poisson noise of the injected flux.")
  boolean noNoise;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the injected noise (default 1).")
  long seed;

  @Option(names = "--zero-point", paramLabel = "ZP", description = "AB zero point of the image (counts), if the "
      + "file has none or to override it.")
  Double zeroPoint;

  @Option(names = "--gain", paramLabel = "G", description = "Gain in e-/count (default: the file's GAIN, else "
      + "estimated from the image's variance against its level).")
  Double gain;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path catOut = outCatalog != null ? outCatalog : defaultCatalogPath(out);
    try {
      Catalogs.Format.of(catOut);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--out-catalog: " + e.getMessage());
    }
    if (zeroPoint != null && !Double.isFinite(zeroPoint)) {
      throw new ParameterException(spec.commandLine(), "--zero-point must be finite, but was " + zeroPoint);
    }
    if (gain != null && !(gain > 0)) {
      throw new ParameterException(spec.commandLine(), "--gain must be > 0, but was " + gain);
    }
    Catalog fakes = InjectionCatalogs.read(catalog);
    Exposure exposure = ExposureInputs.read(image);
    if (zeroPoint != null) {
      exposure = exposure.withPhotoCalib(new PhotoCalib(zeroPoint));
    } else if (exposure.photoCalib().isEmpty()) {
      throw new InvalidDataException(image + " has no photometric zero point; give it with --zero-point");
    }
    if (exposure.psf().isEmpty()) {
      exposure = ExposureInputs.characterize(exposure, image, err).exposure();
    }
    InjectionConfig config = InjectionConfig.defaults().withNoise(!noNoise).withSeed(seed);
    if (gain != null) {
      config = new InjectionConfig(config.noise(), config.seed(), config.maskThresholdSigma(), gain);
    }
    InjectionResult r = Injector.inject(exposure, fakes, config, image);
    FitsExposures.write(r.exposure(), out);
    Catalogs.write(r.catalog(), catOut);
    StringBuilder flags = new StringBuilder();
    for (Map.Entry<InjectionFlag, Integer> e : r.flagged().entrySet()) {
      if (e.getValue() > 0) {
        flags.append(flags.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
      }
    }
    stdout.printf("%s: injected %d of %d fakes%s -> %s, %s%n", image, r.injected(), fakes.rowCount(),
        flags.length() == 0 ? "" : " (flagged: " + flags + ")", out, catOut);
    return 0;
  }

  /** {@code <out without .fits/.fit/.fz>_catalog.parquet}, next to {@code out}. */
  static Path defaultCatalogPath(Path out) {
    String name = out.getFileName().toString().replaceFirst("(?i)\\.(fits|fit|fz|fits\\.fz)$", "");
    return out.resolveSibling(name + "_catalog.parquet");
  }
}
