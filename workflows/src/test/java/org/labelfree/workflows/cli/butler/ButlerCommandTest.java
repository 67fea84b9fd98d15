package org.labelfree.workflows.cli.butler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.fits.FitsExposures;
import org.labelfree.image.Exposure;
import org.labelfree.pipeline.repo.DimensionRecord;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.repo.SkyBox;
import org.labelfree.wcs.SkyCoord;

/** The butler commands end to end on the two real DECam epochs. */
class ButlerCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FILTER = "i DECam SDSS c0003 7835.0 1470.0";

  @TempDir
  Path tmp;
  Path repo;

  @BeforeEach
  void createAndIngestBothEpochs() {
    repo = tmp.resolve("repo");
    ButlerCli.Result c = ButlerCli.run("butler", "create", repo);
    assertEquals(0, c.exitCode(), c.toString());
    assertTrue(Files.isRegularFile(repo.resolve("butler.yaml")));
    assertTrue(Files.isRegularFile(repo.resolve("registry.sqlite3")));
    ButlerCli.Result a = ButlerCli.ingestEpoch(repo, ButlerCli.EPOCH_04, 4);
    assertEquals(0, a.exitCode(), a.toString());
    ButlerCli.Result b = ButlerCli.ingestEpoch(repo, ButlerCli.EPOCH_18, 18);
    assertEquals(0, b.exitCode(), b.toString());
    assertTrue(b.out().contains("DEC-OBS18a.mini.fits"), b.out());
    assertTrue(b.out().contains("calexp_DECam_i_18_37.fits"), b.out());
  }

  private JsonNode json(ButlerCli.Result r) throws Exception {
    assertEquals(0, r.exitCode(), r.toString());
    return JSON.readTree(r.out());
  }

  @Test
  void createAndCollectionChainPrintJson() throws Exception {
    JsonNode created = json(ButlerCli.run("butler", "create", tmp.resolve("other"), "--json"));
    assertEquals(tmp.resolve("other").toAbsolutePath().normalize().toString(), created.get("root").asText());
    assertTrue(created.get("registry").asText().startsWith("jdbc:sqlite:"), created.toString());
    JsonNode chain = json(ButlerCli.run("butler", "collection-chain", repo, "all", ButlerCli.RUN, "--json"));
    assertEquals("CHAINED", chain.get("type").asText());
    assertEquals(ButlerCli.RUN, chain.get("children").get(0).asText());
  }

  @Test
  void createRefusesAnExistingRepository() {
    ButlerCli.Result r = ButlerCli.run("butler", "create", repo);
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("already a repository"), r.err());
  }

  @Test
  void ingestCopiesTheFilesAndRegistersDataIdsAndRecords() throws Exception {
    JsonNode rows = json(ButlerCli.run("butler", "query-datasets", repo, "calexp", "--json"));
    assertEquals(2, rows.size(), rows.toString());
    int i = 0;
    for (int visit : new int[] {4, 18}) {
      JsonNode row = rows.get(i++);
      assertEquals("calexp", row.get("dataset_type").asText());
      assertEquals(ButlerCli.RUN, row.get("run").asText());
      assertEquals("DECam", row.get("data_id").get("instrument").asText());
      assertEquals(visit, row.get("data_id").get("visit").asInt());
      assertEquals(37, row.get("data_id").get("detector").asInt());
      assertEquals(3, row.get("data_id").size());
      assertEquals("i", row.get("implied").get("band").asText());
      assertEquals(FILTER, row.get("implied").get("physical_filter").asText());
      assertEquals(ButlerCli.RUN + "/calexp/i/" + visit + "/calexp_DECam_i_" + visit + "_37.fits",
          row.get("path").asText());
      Path source = visit == 4 ? ButlerCli.EPOCH_04 : ButlerCli.EPOCH_18;
      assertArrayEquals(Files.readAllBytes(source),
          Files.readAllBytes(repo.resolve("datastore").resolve(row.get("path").asText())), "a byte-for-byte copy");
    }

    try (Repository r = Repository.open(repo)) {
      assertEquals(List.of(new DimensionRecord.Instrument("DECam")),
          r.registry().queryDimensionRecords(DimensionRecord.Instrument.class));
      assertEquals(List.of(new DimensionRecord.Detector("DECam", 37, "N6")),
          r.registry().queryDimensionRecords(DimensionRecord.Detector.class));
      List<DimensionRecord.Visit> visits = r.registry().queryDimensionRecords(DimensionRecord.Visit.class);
      assertEquals(2, visits.size());
      for (DimensionRecord.Visit v : visits) {
        assertEquals("i", v.band());
        assertEquals(FILTER, v.physicalFilter());
        /* MJD-OBS is the start: mid-exposure is MJD-OBS + EXPTIME / 2 (both files carry the same MJD-OBS). */
        assertEquals(58334.39133794 + 165.0 / 86400, v.mjdMid(), 1e-9);
        assertEquals(330.0, v.exposureTime(), 0);
        Exposure e = FitsExposures.read(v.id() == 4 ? ButlerCli.EPOCH_04 : ButlerCli.EPOCH_18);
        SkyCoord centre = e.wcs().orElseThrow().pixelToSky(e.image().x0() + 127.5, e.image().y0() + 127.5);
        SkyBox box = v.region();
        assertTrue(box.raMin() < centre.ra() && centre.ra() < box.raMax(), box + " vs " + centre);
        assertTrue(box.decMin() < centre.dec() && centre.dec() < box.decMax(), box + " vs " + centre);
        /* 256 pixels of 0.263 arcsec: 0.0187 degrees on a side (the box of a slightly rotated square is larger). */
        assertEquals(0.0187, box.decMax() - box.decMin(), 0.002, box.toString());
      }
    }
  }

  @Test
  void ingestingTheSameFileAgainIsIdempotent() throws Exception {
    ButlerCli.Result again = ButlerCli.ingestEpoch(repo, ButlerCli.EPOCH_04, 4, "--json");
    JsonNode rows = json(again);
    assertEquals(1, rows.size());
    assertEquals(ButlerCli.EPOCH_04.toString(), rows.get(0).get("source").asText());
    assertEquals(2, json(ButlerCli.run("butler", "query-datasets", repo, "--json")).size());
  }

  @Test
  void queryDatasetsTextIsAnAlignedTable() {
    ButlerCli.Result r = ButlerCli.run("butler", "query-datasets", repo);
    assertEquals(0, r.exitCode(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(4, lines.size(), r.out());
    assertTrue(lines.get(0).startsWith("type    run"), lines.get(0));
    assertTrue(lines.get(1).startsWith("------  "), lines.get(1));
    assertTrue(lines.get(2).contains("visit: 4,") && lines.get(3).contains("visit: 18,"), r.out());
    assertTrue(lines.get(2).contains("band: 'i'"), lines.get(2));
    int pathColumn = lines.get(0).indexOf("path");
    assertEquals(pathColumn, lines.get(2).indexOf(ButlerCli.RUN + "/calexp/i/4/"), r.out());
    assertEquals(pathColumn, lines.get(3).indexOf(ButlerCli.RUN + "/calexp/i/18/"), r.out());
  }

  @Test
  void queryDatasetsWithWhere() throws Exception {
    JsonNode rows = json(ButlerCli.run("butler", "query-datasets", repo, "--where", "band = 'i' AND visit > 10",
        "--json"));
    assertEquals(1, rows.size());
    assertEquals(18, rows.get(0).get("data_id").get("visit").asInt());
  }

  @Test
  void queryDataIdsWithWhere() throws Exception {
    JsonNode rows = json(ButlerCli.run("butler", "query-data-ids", repo, "--dimensions", "visit,detector",
        "--where", "visit = 4", "--json"));
    assertEquals(1, rows.size(), rows.toString());
    assertEquals(4, rows.get(0).get("visit").asInt());
    assertEquals(37, rows.get(0).get("detector").asInt());
    assertEquals(2, rows.get(0).size());

    ButlerCli.Result text = ButlerCli.run("butler", "query-data-ids", repo, "--dimensions", "band,visit",
        "--datasets", "calexp");
    assertEquals(0, text.exitCode(), text.toString());
    assertEquals(List.of("band  visit", "----  -----", "i     4", "i     18"), text.out().lines().toList());
  }

  @Test
  void queryCollectionsThenChainThenQueryByChain() throws Exception {
    JsonNode cols = json(ButlerCli.run("butler", "query-collections", repo, "--json"));
    assertEquals(1, cols.size());
    assertEquals(ButlerCli.RUN, cols.get(0).get("name").asText());
    assertEquals("RUN", cols.get(0).get("type").asText());

    ButlerCli.Result chain = ButlerCli.run("butler", "collection-chain", repo, "DECam/defaults", ButlerCli.RUN);
    assertEquals(0, chain.exitCode(), chain.toString());
    assertTrue(chain.out().contains("DECam/defaults = [" + ButlerCli.RUN + "]"), chain.out());

    ButlerCli.Result text = ButlerCli.run("butler", "query-collections", repo);
    assertEquals(List.of("name            type     children       doc", "--------------  -------  -------------  ---",
        "DECam/defaults  CHAINED  " + ButlerCli.RUN, ButlerCli.RUN + "   RUN"), text.out().lines().toList());

    JsonNode byChain = json(ButlerCli.run("butler", "query-datasets", repo, "--collections", "DECam/defaults",
        "--json"));
    assertEquals(2, byChain.size());
  }

  @Test
  void removeRunsDeletesFilesAndRows() throws Exception {
    JsonNode rows = json(ButlerCli.run("butler", "query-datasets", repo, "--json"));
    List<Path> files = List.of(repo.resolve("datastore").resolve(rows.get(0).get("path").asText()),
        repo.resolve("datastore").resolve(rows.get(1).get("path").asText()));
    assertTrue(Files.exists(files.get(0)) && Files.exists(files.get(1)));
    assertEquals(0, ButlerCli.run("butler", "collection-chain", repo, "DECam/defaults", ButlerCli.RUN).exitCode());

    ButlerCli.Result r = ButlerCli.run("butler", "remove-runs", repo, ButlerCli.RUN);
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("Removed run " + ButlerCli.RUN + " (2 datasets)"), r.out());
    assertTrue(r.out().contains("calexp_DECam_i_4_37.fits"), r.out());
    assertFalse(Files.exists(files.get(0)) || Files.exists(files.get(1)));
    assertFalse(Files.exists(repo.resolve("datastore").resolve("DECam")), "empty folders are removed too");
    assertEquals(0, json(ButlerCli.run("butler", "query-datasets", repo, "--json")).size());
    JsonNode cols = json(ButlerCli.run("butler", "query-collections", repo, "--json"));
    assertEquals(1, cols.size());
    assertEquals("DECam/defaults", cols.get(0).get("name").asText());
    assertEquals(0, cols.get(0).get("children").size());
  }

  @Test
  void explicitDataIdValuesWinOverHeaderValues() throws Exception {
    JsonNode rows = json(ButlerCli.run("butler", "ingest-files", repo, "calexp", "DECam/raw/relabelled",
        ButlerCli.EPOCH_18, "--from-header", "--data-id", "instrument=DECam", "--data-id", "visit=18",
        "--data-id", "detector=5", "--json"));
    assertEquals(1, rows.size());
    assertEquals(5, rows.get(0).get("data_id").get("detector").asInt(), "CCDNUM says 37; --data-id wins");
    assertEquals("i", rows.get(0).get("implied").get("band").asText());
  }

  @Test
  void storageClassAndDimensionsCanBeChosenForANewDatasetType() throws Exception {
    JsonNode rows = json(ButlerCli.run("butler", "ingest-files", repo, "visit_image", "DECam/raw/visits",
        ButlerCli.EPOCH_04, "--from-header", "--data-id", "instrument=DECam", "--data-id", "visit=4",
        "--dimensions", "instrument,visit", "--storage-class", "Exposure", "--json"));
    assertEquals(1, rows.size());
    assertEquals(2, rows.get(0).get("data_id").size(), rows.toString());
    assertEquals(4, rows.get(0).get("data_id").get("visit").asInt());
    /* The template drops the missing detector part: .../visit_image_DECam_i_4.fits */
    assertEquals("DECam/raw/visits/visit_image/i/4/visit_image_DECam_i_4.fits", rows.get(0).get("path").asText());
  }
}
