package org.labelfree.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.ColumnSpec;
import org.labelfree.catalog.ColumnType;
import org.labelfree.diffim.SpatialPolynomial;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.PixelPsf;
import org.labelfree.image.VisitInfo;
import org.labelfree.injection.InjectionConfig;
import org.labelfree.injection.InjectionResult;
import org.labelfree.injection.Injector;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Injection of 200 fakes (magnitudes 18-24, zero point 30, seed 3) into a 4096x4096 exposure (sky 100, variance 25,
 * gain 4) with a TAN WCS and a PixelPsf of 41x41 pixels and spatial order 2 (6 basis images: Moffat FWHM 4-5 px),
 * noise on. {@code injectInPlace}: the engine alone (writes into the exposure; the planes accumulate the fakes over
 * the invocations, which does not change the work). {@code inject}: with the copy of the three planes. Score:
 * milliseconds per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InjectionBenchmark {
  static final int W = 4096;
  private Exposure exposure;
  private Catalog catalog;
  private final InjectionConfig config = InjectionConfig.defaults();

  /** Builds the exposure and the catalogue. */
  @Setup(Level.Trial)
  public void setUp() {
    SpatialPolynomial sp = new SpatialPolynomial(2, 0, 0, W, W);
    float[][] basis = new float[sp.termCount()][];
    for (int s = 0; s < basis.length; s++) {
      basis[s] = new MoffatPsf(4.0 + 0.2 * s, 3.0, 0.02 * s, -0.01 * s, 0, 0, 0, 0, 41).kernelImage(0, 0).array();
      if (s > 0) {
        for (int p = 0; p < basis[s].length; p++) {
          basis[s][p] *= 0.05f;
        }
      }
    }
    PixelPsf psf = new PixelPsf(sp, 1, 41, basis);
    Wcs wcs = TanWcs.of(new SkyCoord(150, 2), W / 2.0, W / 2.0, CdMatrix.northUp(0.2 / 3600));
    exposure = new Exposure(ImageF.filled(W, W, 100f), Mask.zeros(W, W), ImageF.filled(W, W, 25f), wcs, psf,
        new PhotoCalib(30), new VisitInfo("bench", 1, 0, "r", "r", 60000, 30, 4.0), Metadata.empty());
    SplittableRandom rng = new SplittableRandom(3);
    Catalog.RowBuilder b = Catalog.rowBuilder(List.of(ColumnSpec.of("injection_id", ColumnType.LONG),
        ColumnSpec.of("ra", ColumnType.DOUBLE), ColumnSpec.of("dec", ColumnType.DOUBLE),
        ColumnSpec.of("source_type", ColumnType.STRING), ColumnSpec.of("mag", ColumnType.DOUBLE)));
    for (int i = 0; i < 200; i++) {
      SkyCoord s = wcs.pixelToSky(rng.nextDouble(0, W), rng.nextDouble(0, W));
      b.addRow((long) i, s.ra(), s.dec(), "Star", rng.nextDouble(18, 24));
    }
    catalog = b.build();
  }

  /** The engine alone, into the exposure's own arrays. */
  @Benchmark
  public InjectionResult injectInPlace() {
    return Injector.injectInPlace(exposure, catalog, config, "bench");
  }

  /** With the copy of the image, mask and variance planes. */
  @Benchmark
  public InjectionResult inject() {
    return Injector.inject(exposure, catalog, config, "bench");
  }
}
