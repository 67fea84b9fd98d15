package org.labelfree.workflows.cli.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Catalogs;
import org.labelfree.catalog.Column;
import org.labelfree.image.Exposure;
import org.labelfree.pipeline.repo.CollectionInfo;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;

/**
 * {@code labelfree injection ingest} on a tiny simulated repository (visits 1 and 3 in g, 2 and 4 in r, one
 * 512 x 512 detector, characterized): a CSV is split by the detectors' footprints, a Parquet file by its visit
 * column, {@code inject_visit} injects the ingested fakes, and bad catalogues, bands and visits fail with exit code 3
 * (2 for an unknown band argument) and a message naming the file, row or column, writing nothing.
 */
class IngestCatalogCommandTest {
  /** Pixel positions on visit 2's detector, far enough inside that visit 4 (dithered by < 16 px) holds them too. */
  private static final double[][] ON = {{200.3, 180.6}, {310.5, 260.2}, {256.0, 330.7}};

  @TempDir
  static Path dir;
  static Path repo;
  static Wcs wcs2;

  @BeforeAll
  static void simulate() throws Exception {
    repo = SmallRepo.create(dir, List.of("g", "r"), 2, 512);
    try (Repository r = Repository.open(repo)) {
      DatasetRef ref = r.butler().find("calexp", id(2).with(org.labelfree.pipeline.repo.Dimension.DETECTOR, 0L),
          List.of(SmallRepo.RAW)).orElseThrow();
      wcs2 = r.butler().get(ref, Exposure.class).wcs().orElseThrow();
    }
  }

  private static DataId id(long visit) {
    return DataId.of(Map.of("instrument", "SimCam", "visit", visit));
  }

  private static Optional<Catalog> ingested(String run, long visit) {
    try (Repository r = Repository.open(repo)) {
      return r.butler().find("injection_catalog", id(visit), List.of(run))
          .map(ref -> r.butler().get(ref, Catalog.class));
    }
  }

  private static boolean collectionExists(String name) {
    try (Repository r = Repository.open(repo)) {
      return r.registry().queryCollections().stream().map(CollectionInfo::name).anyMatch(name::equals);
    }
  }

  /** A CSV with {@code header} and one line per fake on visit 2 (then {@code extra} lines), ids from 10. */
  private static Path csv(String name, String header, String perRow, String... extra) throws Exception {
    StringBuilder b = new StringBuilder(header).append('\n');
    for (int i = 0; i < ON.length; i++) {
      SkyCoord c = wcs2.pixelToSky(ON[i][0], ON[i][1]);
      b.append(perRow.replace("ID", Integer.toString(10 + i)).replace("RA", Double.toString(c.ra()))
          .replace("DEC", Double.toString(c.dec())).replace("MAG", Double.toString(18.0 + 0.5 * i))).append('\n');
    }
    for (String e : extra) {
      b.append(e).append('\n');
    }
    Path p = dir.resolve(name);
    Files.writeString(p, b.toString());
    return p;
  }

  @Test
  void aCsvIsSplitByFootprintAndInjectVisitInjectsIt() throws Exception {
    SkyCoord far = wcs2.pixelToSky(256, 256);
    Path file = csv("fakes.csv", "injection_id,ra,dec,mag", "ID,RA,DEC,MAG",
        "13," + (far.ra() + 1.0) + "," + far.dec() + ",20.0");
    SmallRepo.Result r = SmallRepo.run("injection", "ingest", "-b", repo, "-i", file, "r", "-o", "ingest/csv");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("band r: 4 rows, 2 visits written, 1 rows outside every visit"), r.out());
    for (long visit : new long[] {2, 4}) {
      Catalog c = ingested("ingest/csv", visit).orElseThrow();
      assertEquals(List.of(10L, 11L, 12L), java.util.Arrays.stream(c.longColumn("injection_id")).boxed().toList());
      for (int i = 0; i < c.rowCount(); i++) {
        assertEquals(visit, c.column("visit").getLong(i));
        assertEquals("r", c.column("band").getString(i));
        assertEquals("Star", c.column("source_type").getString(i));
      }
    }
    assertTrue(ingested("ingest/csv", 1).isEmpty() && ingested("ingest/csv", 3).isEmpty(), "g visits get nothing");

    /* inject_visit alone, on the ingested catalogues and characterize's PSF models. */
    Path pipe = SmallRepo.onePipeline(dir, "inject_visit", "org.labelfree.workflows.tasks.InjectVisitTask");
    SmallRepo.Result run = SmallRepo.run("pipetask", "run", "-b", repo, "-i", "ingest/csv," + SmallRepo.CHAR + ","
        + SmallRepo.RAW, "--output-run", "inj/csv", "-p", pipe);
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("2 succeeded, 0 no work, 0 failed, 0 skipped (of 2)"), run.out());
    try (Repository rp = Repository.open(repo)) {
      DatasetRef ref = rp.butler().find("injected_calexp_catalog",
          id(2).with(org.labelfree.pipeline.repo.Dimension.DETECTOR, 0L), List.of("inj/csv")).orElseThrow();
      Catalog out = rp.butler().get(ref, Catalog.class);
      assertEquals(3, out.rowCount());
      for (int i = 0; i < 3; i++) {
        assertEquals(10 + i, out.column("injection_id").getLong(i));
        assertEquals(0, out.column("injection_flag").getInt(i), "row " + i);
        /* The catalogue's sky position maps back through the same WCS to the chosen pixel (round trip < 1e-6 px). */
        assertEquals(ON[i][0], out.column("injected_x").getDouble(i), 1e-6);
        assertEquals(ON[i][1], out.column("injected_y").getDouble(i), 1e-6);
        assertTrue(out.column("injected_flux").getDouble(i) > 0);
      }
    }
  }

  @Test
  void aParquetFileIsSplitByItsVisitColumn() throws Exception {
    Path csv = csv("with_visit.csv", "ra,dec,mag,visit,band", "RA,DEC,MAG,2,r");
    Catalog c = org.labelfree.catalog.CsvCatalogFormat.read(csv);
    long[] visits = {2, 2, 4};
    Catalog withVisits = Catalog.of(List.of(c.column("ra"), c.column("dec"), c.column("mag"), c.column("band"),
        Column.ofLongs("visit", visits, "", "visit")));
    Path parquet = dir.resolve("with_visit.parquet");
    Catalogs.write(withVisits, parquet);
    SmallRepo.Result r = SmallRepo.run("injection", "ingest", "-b", repo, "-i", parquet, "r", "-o", "ingest/pq");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("band r: 3 rows, 2 visits written, 0 rows outside every visit"), r.out());
    assertEquals(2, ingested("ingest/pq", 2).orElseThrow().rowCount());
    Catalog four = ingested("ingest/pq", 4).orElseThrow();
    assertEquals(1, four.rowCount());
    assertEquals(2, four.column("injection_id").getLong(0), "ids are the row numbers of the file when absent");

    /* --format overrides the extension. */
    Path renamed = Files.copy(csv, dir.resolve("with_visit.txt"));
    SmallRepo.Result t = SmallRepo.run("injection", "ingest", "-b", repo, "-i", renamed, "r", "-o", "ingest/txt",
        "--format", "csv");
    assertEquals(0, t.exitCode(), t.toString());
    assertEquals(3, ingested("ingest/txt", 2).orElseThrow().rowCount());
  }

  /** Runs ingest of one file as band {@code band} into a new run, expects {@code code}, the message, no run. */
  private static void fails(Path file, String band, int code, String... words) {
    String run = "ingest/bad/" + file.getFileName().toString().replace('.', '_');
    SmallRepo.Result r = SmallRepo.run("injection", "ingest", "-b", repo, "-i", file, band, "-o", run);
    assertEquals(code, r.exitCode(), r.toString());
    for (String w : words) {
      assertTrue(r.err().contains(w), "'" + w + "' in " + r.err());
    }
    assertFalse(collectionExists(run), "nothing written for " + file);
  }

  @Test
  void badCataloguesBandsAndVisitsAreRejectedNamingTheProblem() throws Exception {
    fails(csv("no_ra.csv", "dec,mag", "DEC,MAG"), "r", 3, "no_ra.csv", "missing required column 'ra'");
    Path nan = csv("nan_mag.csv", "ra,dec,mag", "RA,DEC,MAG", "10.0,20.0,NaN");
    fails(nan, "r", 3, "nan_mag.csv", "row 3", "mag is NaN", "finite");
    fails(csv("bad_band.csv", "ra,dec,mag,band", "RA,DEC,MAG,q"), "r", 3, "bad_band.csv", "row 0",
        "unknown band 'q'");
    fails(csv("ok.csv", "ra,dec,mag", "RA,DEC,MAG"), "q", 2, "unknown band 'q'");
    fails(csv("other_band.csv", "ra,dec,mag,band", "RA,DEC,MAG,g"), "r", 3, "other_band.csv", "row 0",
        "band is 'g'");
    fails(csv("no_visit.csv", "ra,dec,mag,visit", "RA,DEC,MAG,99"), "r", 3, "no_visit.csv", "row 0",
        "visit 99 is not in the repository", "[2, 4]");
    fails(csv("g_visit.csv", "ra,dec,mag,visit", "RA,DEC,MAG,1"), "r", 3, "g_visit.csv", "visit 1 has band 'g'");

    /* All or nothing: a good file and a bad one write nothing. */
    Path good = csv("good.csv", "ra,dec,mag", "RA,DEC,MAG");
    SmallRepo.Result r = SmallRepo.run("injection", "ingest", "-b", repo, "-i", good, "r", "-i", nan, "r", "-o",
        "ingest/mixed");
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("nan_mag.csv"), r.err());
    assertFalse(collectionExists("ingest/mixed"));

    /* A second ingest of the same visits into the same run is refused before writing. */
    assertEquals(0, SmallRepo.run("injection", "ingest", "-b", repo, "-i", good, "r", "-o", "ingest/twice")
        .exitCode());
    SmallRepo.Result again = SmallRepo.run("injection", "ingest", "-b", repo, "-i", good, "r", "-o", "ingest/twice");
    assertEquals(3, again.exitCode(), again.toString());
    assertTrue(again.err().contains("already has an injection_catalog for visit 2"), again.err());
  }
}
