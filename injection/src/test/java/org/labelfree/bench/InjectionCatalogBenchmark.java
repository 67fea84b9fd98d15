package org.labelfree.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.labelfree.catalog.Catalog;
import org.labelfree.injection.DetectorFootprint;
import org.labelfree.injection.Host;
import org.labelfree.injection.InjectionCatalogConfig;
import org.labelfree.injection.InjectionCatalogMaker;
import org.labelfree.injection.InjectionMode;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanWcs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Injection catalogue of one visit from 20,000 hosts over 16 detectors of 4096x4096 at 0.2"/pixel (seed 3), with the
 * default configuration ({@code independent}: 600 hosted + 30 host-less fakes) and in LIGHTCURVE mode
 * ({@code lightCurve}: every host hashed, host-less cells enumerated). Score: milliseconds per catalogue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class InjectionCatalogBenchmark {
  private final List<DetectorFootprint> footprints = new ArrayList<>();
  private final List<Host> hosts = new ArrayList<>();

  /** Builds the detectors and hosts. */
  @Setup
  public void setup() {
    double s = 0.2 / 3600;
    for (int d = 0; d < 16; d++) {
      TanWcs wcs = TanWcs.of(new SkyCoord(150, 2), 8400 - (d % 4) * 4200, 8400 - (d / 4) * 4200,
          CdMatrix.northUp(s));
      footprints.add(new DetectorFootprint(d, wcs, 0, 0, 4096, 4096));
    }
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      DetectorFootprint fp = footprints.get(rng.nextInt(16));
      double x = rng.nextDouble() * 4095;
      double y = rng.nextDouble() * 4095;
      SkyCoord c = fp.wcs().pixelToSky(x, y);
      double a = 0.5 + 2.5 * rng.nextDouble();
      hosts.add(new Host(i, fp.detector(), x, y, c.ra(), c.dec(), 19 + 4 * rng.nextDouble(), a, 0.6 * a,
          180 * rng.nextDouble()));
    }
  }

  /** The paper's recipe, independent per visit. */
  @Benchmark
  public Catalog independent() {
    return InjectionCatalogMaker.make(12, "r", 60100, hosts, footprints, InjectionCatalogConfig.defaults());
  }

  /** Persistent light-curve fakes. */
  @Benchmark
  public Catalog lightCurve() {
    return InjectionCatalogMaker.make(12, "r", 60100, hosts, footprints,
        InjectionCatalogConfig.defaults().withMode(InjectionMode.LIGHTCURVE));
  }
}
