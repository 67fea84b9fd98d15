package org.labelfree.workflows.cli.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DimensionRecord;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.wcs.SkyCoord;

/**
 * {@code labelfree injection make-catalog} on a tiny simulated repository (two g-band and two r-band visits of one
 * 512 x 512 detector, characterized): independent catalogues per visit with the configured host-less fraction, light-curve
 * catalogues whose persistent fakes share ids, explosion times and positions and whose magnitudes follow the Bazin
 * curve between the visits' MJDs, and the exit codes of bad options, bad config and a failed quantum.
 */
class MakeCatalogCommandTest {
  private static final Pattern VISIT_LINE =
      Pattern.compile("visit (\\d+) \\(band ([gr])\\): (\\d+) hosts, (\\d+) fakes, (\\d+) host-less");

  @TempDir
  static Path dir;
  static Path repo;

  @BeforeAll
  static void simulate() throws Exception {
    repo = SmallRepo.create(dir, List.of("g", "r"), 2, 512);
  }

  private static Catalog catalogue(String run, long visit) {
    try (Repository r = Repository.open(repo)) {
      DatasetRef ref = r.butler().find("injection_catalog", DataId.of(Map.of("instrument", "SimCam", "visit", visit)),
          List.of(run)).orElseThrow();
      return r.butler().get(ref, Catalog.class);
    }
  }

  @Test
  void independentCataloguesOnePerVisit() {
    SmallRepo.Result r = SmallRepo.run("injection", "make-catalog", "-b", repo, "-i", SmallRepo.RAW + ","
        + SmallRepo.CHAR, "-o", "inj/independent", "-c", "host_fraction=0.8", "--seed", 3, "-j", 1);
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("4 succeeded, 0 no work, 0 failed, 0 skipped (of 4)"), r.out());
    Matcher m = VISIT_LINE.matcher(r.out());
    int lines = 0;
    while (m.find()) {
      lines++;
      long visit = Long.parseLong(m.group(1));
      Catalog c = catalogue("inj/independent", visit);
      int hostless = 0;
      for (long h : c.longColumn("host_id")) {
        hostless += h < 0 ? 1 : 0;
      }
      int hosted = c.rowCount() - hostless;
      System.out.printf("visit %d: %d hosted, %d host-less%n", visit, hosted, hostless);
      assertEquals(Integer.parseInt(m.group(3)), hosted, m.group());
      assertEquals(Integer.parseInt(m.group(4)), c.rowCount(), m.group());
      assertEquals(Integer.parseInt(m.group(5)), hostless, m.group());
      assertTrue(hosted >= 5, hosted + " hosted fakes");
      /* The configured host-less fraction (default 5%) of the hosted fakes, rounded as the maker does. */
      assertEquals(Math.round(0.05 * hosted), hostless);
      for (int i = 0; i < c.rowCount(); i++) {
        assertEquals(visit, c.column("visit").getLong(i));
        assertEquals(m.group(2), c.column("band").getString(i));
        /* INDEPENDENT ids are visit * 1,000,000 + index: the visits' catalogues are distinct. */
        assertEquals(visit, c.column("injection_id").getLong(i) / 1_000_000L);
      }
    }
    assertEquals(4, lines, r.out());
  }

  /** The Bazin magnitude change from {@code dt1} to {@code dt2} days after explosion (rise 3 d, fall 20 d). */
  private static double bazinDelta(double dt1, double dt2) {
    return -2.5 / Math.log(10) * (logBazin(dt2) - logBazin(dt1));
  }

  private static double logBazin(double dt) {
    double z = -dt / 3.0;
    return -dt / 20.0 - (z > 30 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
  }

  @Test
  void lightCurveFakesPersistAcrossVisitsAndFollowTheirCurves() {
    /* The survey span is set around the simulated nights (r band: MJD 60400.12 and 60404.12): with the default span
     * (60000-60365) every explosion would precede 60365, so explosion times after it show the span was passed. */
    SmallRepo.Result r = SmallRepo.run("injection", "make-catalog", "-b", repo, "-i", SmallRepo.RAW + ","
        + SmallRepo.CHAR, "-o", "inj/lc", "-d", "band = 'r'", "--mode", "lightcurve", "-c", "host_fraction=1", "-c",
        "survey_start_mjd=60395", "-c", "survey_end_mjd=60405", "--seed", 3);
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().matches("(?s).*visit 2 \\(band r\\): \\d+ hosts, \\d+ fakes, \\d+ host-less, \\d+ faint.*"),
        r.out());
    Map<Long, Double> mjd = new HashMap<>();
    try (Repository rp = Repository.open(repo)) {
      for (DimensionRecord.Visit v : rp.registry().queryDimensionRecords(DimensionRecord.Visit.class)) {
        mjd.put(v.id(), v.mjdMid());
      }
    }
    Catalog c1 = catalogue("inj/lc", 2);
    Catalog c2 = catalogue("inj/lc", 4);
    Map<Long, Integer> rows2 = new HashMap<>();
    for (int j = 0; j < c2.rowCount(); j++) {
      rows2.put(c2.column("injection_id").getLong(j), j);
    }
    double maxT0 = Double.NEGATIVE_INFINITY;
    int common = 0;
    List<Double> seps = new java.util.ArrayList<>();
    double maxPeakShift = 0;
    double maxChange = 0;
    for (int i = 0; i < c1.rowCount(); i++) {
      double t0 = c1.column("t_explosion").getDouble(i);
      assertTrue(t0 >= 60365 && t0 <= 60405, "t_explosion " + t0 + " outside [start - 30 d, end]");
      maxT0 = Math.max(maxT0, t0);
      Integer j = rows2.get(c1.column("injection_id").getLong(i));
      if (j == null) {
        continue;
      }
      common++;
      assertEquals(t0, c2.column("t_explosion").getDouble(j), 0.0, "t_explosion of a persistent fake");
      double sep = 3600 * new SkyCoord(c1.column("ra").getDouble(i), c1.column("dec").getDouble(i))
          .separationDeg(new SkyCoord(c2.column("ra").getDouble(j), c2.column("dec").getDouble(j)));
      seps.add(sep);
      double m1 = c1.column("mag").getDouble(i);
      double m2 = c2.column("mag").getDouble(j);
      double p1 = c1.column("peak_mag").getDouble(i);
      double p2 = c2.column("peak_mag").getDouble(j);
      double expected = bazinDelta(mjd.get(2L) - t0, mjd.get(4L) - t0);
      /* Relative to its peak, the magnitude moves exactly by the Bazin curve between the two MJDs. */
      assertEquals(expected, (m2 - p2) - (m1 - p1), 1e-9, "light-curve change of fake " + i);
      maxPeakShift = Math.max(maxPeakShift, Math.abs(p2 - p1));
      maxChange = Math.max(maxChange, Math.abs(expected));
    }
    java.util.Collections.sort(seps);
    double medianSep = seps.isEmpty() ? Double.NaN : seps.get(seps.size() / 2);
    double maxSep = seps.isEmpty() ? Double.NaN : seps.get(seps.size() - 1);
    System.out.printf("light curve: %d and %d fakes, %d common; position shift median %.3f max %.3f arcsec, max peak"
        + " shift %.3f mag, max Bazin change %.2f mag, latest t0 %.1f%n", c1.rowCount(), c2.rowCount(), common,
        medianSep, maxSep,
        maxPeakShift, maxChange, maxT0);
    assertTrue(maxT0 > 60366, "explosion times come from the configured span, latest " + maxT0);
    assertTrue(common >= 5 && common >= 0.5 * Math.min(c1.rowCount(), c2.rowCount()), common + " common fakes");
    /* Hosted fakes follow their host's centroid and shape (a, b, theta), measured afresh in each visit, so they move
     * by a fraction of the host's size (measured: median 0.07, max 0.30 arcsec); host-less ones stay exactly. The
     * bounds are well below the seeing FWHM (about 0.7-1.3 arcsec here). */
    assertTrue(medianSep < 0.15, "median position shift " + medianSep + " arcsec");
    assertTrue(maxSep < 0.6, "max position shift " + maxSep + " arcsec");
    assertTrue(maxChange > 0.1, "the visits are far enough apart on the curves to test them: " + maxChange);
  }

  @Test
  void badOptionsConfigAndFailedQuantaHaveTheirExitCodes() throws Exception {
    String inputs = SmallRepo.RAW + "," + SmallRepo.CHAR;
    SmallRepo.Result mode = SmallRepo.run("injection", "make-catalog", "-b", repo, "-i", inputs, "-o", "inj/x",
        "--mode", "sometimes");
    assertEquals(2, mode.exitCode(), mode.toString());
    assertTrue(mode.err().contains("--mode: 'sometimes' is not one of independent, lightcurve"), mode.err());

    SmallRepo.Result key = SmallRepo.run("injection", "make-catalog", "-b", repo, "-i", inputs, "-o", "inj/x",
        "-c", "host_fractoin=0.1");
    assertEquals(3, key.exitCode(), key.toString());
    assertTrue(key.err().contains("host_fractoin"), key.err());

    SmallRepo.Result range = SmallRepo.run("injection", "make-catalog", "-b", repo, "-i", inputs, "-o", "inj/x",
        "-c", "host_fraction=2");
    assertEquals(3, range.exitCode(), range.toString());
    assertTrue(range.err().contains("hostFraction must be in [0, 1], but was 2.0"), range.err());

    /* A damaged src fails its visit's quantum only: exit 5, the other visit gets its catalogue. */
    Path src;
    try (Repository rp = Repository.open(repo)) {
      DatasetRef ref = rp.butler().find("src", DataId.of(Map.of("instrument", "SimCam", "visit", 2, "detector", 0)),
          List.of(SmallRepo.CHAR)).orElseThrow();
      src = rp.datastore().resolve(ref.file().path());
    }
    byte[] good = Files.readAllBytes(src);
    try {
      Files.write(src, new byte[] {1, 2, 3}, StandardOpenOption.TRUNCATE_EXISTING);
      SmallRepo.Result failed = SmallRepo.run("injection", "make-catalog", "-b", repo, "-i", inputs, "-o",
          "inj/damaged", "-d", "band = 'r'");
      assertEquals(5, failed.exitCode(), failed.toString());
      assertTrue(failed.out().contains("FAILED"), failed.out());
      assertTrue(failed.out().contains("visit 2: no injection catalogue"), failed.out());
      assertTrue(failed.out().matches("(?s).*visit 4 \\(band r\\): \\d+ hosts.*"), failed.out());
      assertTrue(failed.out().contains("1 succeeded, 0 no work, 1 failed, 0 skipped (of 2)"), failed.out());
    } finally {
      Files.write(src, good, StandardOpenOption.TRUNCATE_EXISTING);
    }
  }
}
