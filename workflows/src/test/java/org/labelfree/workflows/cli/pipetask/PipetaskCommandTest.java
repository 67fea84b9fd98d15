package org.labelfree.workflows.cli.pipetask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.workflows.cli.butler.ButlerCli;

/**
 * The README's "Using a data repository" path from the command line: create, ingest the two real DECam epochs,
 * {@code pipetask qgraph} and {@code run} of the bundled pipeline, query the results; and the failure paths.
 */
class PipetaskCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  Path repo;

  @BeforeEach
  void ingest() {
    repo = dir.resolve("repo");
    assertEquals(0, ButlerCli.run("butler", "create", repo).exitCode());
    assertEquals(0, ButlerCli.ingestEpoch(repo, ButlerCli.EPOCH_04, 4).exitCode());
    assertEquals(0, ButlerCli.ingestEpoch(repo, ButlerCli.EPOCH_18, 18).exitCode());
  }

  @Test
  void qgraphCountsAndSavesWithoutWriting() throws Exception {
    Path saved = dir.resolve("g.json");
    ButlerCli.Result r = ButlerCli.run("pipetask", "qgraph", "-b", repo, "-i", ButlerCli.RUN, "-o", "u/me/s",
        "-p", "label_free_rb#summaries", "-d", "visit = 18", "--save-qgraph", saved);
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().matches("(?s).*exposure_summary\\s+1\\s+0.*"), r.out());
    JsonNode g = JSON.readTree(saved.toFile());
    assertEquals("labelfree-quantum-graph", g.get("format").asText());
    assertEquals(18, g.get("quanta").get(0).get("data_id").get("visit").asInt());
    ButlerCli.Result cols = ButlerCli.run("butler", "query-collections", repo, "--json");
    assertEquals(1, JSON.readTree(cols.out()).size(), "qgraph must not write: " + cols.out());
  }

  @Test
  void runsExposureSummaryOnBothEpochsAndTheResultsCanBeQueried() throws Exception {
    ButlerCli.Result r = ButlerCli.run("pipetask", "run", "-b", repo, "-i", ButlerCli.RUN, "-o", "u/me/s",
        "-p", "label_free_rb#summaries", "--json");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode report = JSON.readTree(r.out());
    assertEquals(2, report.get("report").get("counts").get("exposure_summary").get("succeeded").asInt());
    ButlerCli.Result q = ButlerCli.run("butler", "query-datasets", repo, "exposure_summary", "--collections",
        "u/me/s", "--json");
    assertEquals(0, q.exitCode(), q.toString());
    assertEquals(2, JSON.readTree(q.out()).size(), q.out());
    try (Repository open = Repository.open(repo)) {
      DatasetRef ref = open.butler().find("exposure_summary",
          DataId.of(java.util.Map.of("instrument", "DECam", "visit", 4, "detector", 37)), List.of("u/me/s"))
          .orElseThrow();
      Catalog c = open.butler().get(ref, Catalog.class);
      assertEquals(1, c.rowCount());
      /* The file has no EXPNUM: visit and band come from the quantum's (expanded) data ID. */
      assertEquals(4, c.column("visit").getLong(0));
      assertEquals(37, c.column("detector").getLong(0));
      assertEquals("i", c.column("band").getString(0));
      /* The WCS centre of DEC-OBS04a (labelfree info, checked against astropy in diffim-io): 318.1082, -66.0156. */
      assertEquals(318.1081836, c.column("ra_centre").getDouble(0), 1e-6);
      assertEquals(-66.0156222, c.column("dec_centre").getDouble(0), 1e-6);
      assertEquals(0.2633, c.column("pixel_scale").getDouble(0), 1e-4);
    }
  }

  @Test
  void aDamagedInputFailsItsQuantumOnlyAndTheExitCodeSaysSo() throws Exception {
    try (Repository open = Repository.open(repo)) {
      DatasetRef ref = open.butler().find("calexp",
          DataId.of(java.util.Map.of("instrument", "DECam", "visit", 18, "detector", 37)), List.of(ButlerCli.RUN))
          .orElseThrow();
      Files.write(open.datastore().resolve(ref.file().path()), new byte[] {1, 2, 3},
          StandardOpenOption.TRUNCATE_EXISTING);
    }
    ButlerCli.Result r = ButlerCli.run("pipetask", "run", "-b", repo, "-i", ButlerCli.RUN, "-o", "u/me/s",
        "-p", "label_free_rb#summaries");
    assertEquals(PipetaskCommand.EXIT_QUANTA_FAILED, r.exitCode(), r.toString());
    assertTrue(r.out().contains("FAILED"), r.out());
    assertTrue(r.out().contains("visit: 18"), r.out());
    assertTrue(r.out().contains("1 succeeded, 0 no work, 1 failed, 0 skipped (of 2)"), r.out());
  }

  @Test
  void badInputIsRejectedBeforeAnyWork() throws Exception {
    ButlerCli.Result noColl = ButlerCli.run("pipetask", "run", "-b", repo, "-i", "nope", "-o", "u/me/s",
        "-p", "label_free_rb#summaries");
    assertEquals(3, noColl.exitCode(), noColl.toString());
    assertTrue(noColl.err().contains("'nope' does not exist"), noColl.err());
    ButlerCli.Result badQuery = ButlerCli.run("pipetask", "run", "-b", repo, "-i", ButlerCli.RUN, "-o", "u/me/s",
        "-p", "label_free_rb#summaries", "-d", "visit = 1; DROP TABLE dataset");
    assertEquals(2, badQuery.exitCode(), badQuery.toString());
    assertTrue(badQuery.err().contains("column 10"), badQuery.err());
    ButlerCli.Result badPipe = ButlerCli.run("pipetask", "run", "-b", repo, "-i", ButlerCli.RUN, "-o", "u/me/s",
        "-p", "no_such_pipeline");
    assertEquals(3, badPipe.exitCode(), badPipe.toString());
    assertTrue(badPipe.err().contains("no_such_pipeline"), badPipe.err());
    ButlerCli.Result badConfig = ButlerCli.run("pipetask", "run", "-b", repo, "-i", ButlerCli.RUN, "-o", "u/me/s",
        "-p", "label_free_rb#summaries", "-c", "exposure_summary:no_such_key=1");
    assertEquals(3, badConfig.exitCode(), badConfig.toString());
    assertTrue(badConfig.err().contains("no_such_key"), badConfig.err());
    ButlerCli.Result notRepo = ButlerCli.run("pipetask", "run", "-b", dir.resolve("elsewhere"), "-i", "x", "-o",
        "u/me/s", "-p", "label_free_rb#summaries");
    assertEquals(3, notRepo.exitCode(), notRepo.toString());
    ButlerCli.Result cols = ButlerCli.run("butler", "query-collections", repo, "--json");
    assertEquals(1, JSON.readTree(cols.out()).size(), "nothing may be written: " + cols.out());
  }
}
