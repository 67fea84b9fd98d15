package org.labelfree.workflows.cli.butler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the butler commands: each test breaks one thing and checks the exit code, the key words of the
 * one-line (or caret) message, that no stack trace is printed, and that the repository is unchanged.
 */
class ButlerCommandFailureTest {
  @TempDir
  Path tmp;
  Path repo;

  @BeforeEach
  void repositoryWithOneEpoch() {
    repo = tmp.resolve("repo");
    assertEquals(0, ButlerCli.run("butler", "create", repo).exitCode());
    ButlerCli.Result r = ButlerCli.ingestEpoch(repo, ButlerCli.EPOCH_04, 4);
    assertEquals(0, r.exitCode(), r.toString());
  }

  private static void assertFails(ButlerCli.Result r, int code, String... words) {
    assertEquals(code, r.exitCode(), r.toString());
    for (String w : words) {
      assertTrue(r.err().contains(w), "expected '" + w + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(r.err().contains("Exception"), "no exception class names: " + r.err());
  }

  /** The repository still holds exactly the one ingested dataset, one run, one dataset type, and its files. */
  private void assertUnchanged() throws Exception {
    ButlerCli.Result q = ButlerCli.run("butler", "query-datasets", repo, "--json");
    assertEquals(0, q.exitCode(), q.toString());
    JsonNode rows = new ObjectMapper().readTree(q.out());
    assertEquals(1, rows.size(), rows.toString());
    assertEquals(4, rows.get(0).get("data_id").get("visit").asInt());
    JsonNode cols = new ObjectMapper().readTree(ButlerCli.run("butler", "query-collections", repo, "--json").out());
    assertEquals(1, cols.size(), cols.toString());
    try (Stream<Path> s = Files.walk(repo.resolve("datastore"))) {
      assertEquals(1, s.filter(Files::isRegularFile).count());
    }
  }

  @Test
  void aFolderThatIsNotARepository() {
    Path empty = tmp.resolve("empty");
    ButlerCli.Result r = ButlerCli.run("butler", "query-datasets", empty);
    assertFails(r, 3, "not a labelfree repository", "butler.yaml");
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(Files.exists(empty.resolve("registry.sqlite3")), "nothing is created");
  }

  @Test
  void aCollectionThatDoesNotExist() throws Exception {
    ButlerCli.Result r = ButlerCli.run("butler", "query-datasets", repo, "--collections", "nope/run");
    assertFails(r, 3, "nope/run");
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void aDatasetTypeThatDoesNotExist() {
    assertFails(ButlerCli.run("butler", "query-datasets", repo, "difference_image"), 3, "difference_image");
  }

  @Test
  void aWhereThatDoesNotParseShowsTheCaretAndLeavesTheRegistryIntact() throws Exception {
    ButlerCli.Result r = ButlerCli.run("butler", "query-datasets", repo, "--where", "visit = 1; DROP TABLE dataset");
    assertFails(r, 2, "column 10", "visit = 1; DROP TABLE dataset");
    List<String> lines = r.err().lines().toList();
    assertEquals(3, lines.size(), r.err());
    assertEquals(lines.get(1).indexOf(';'), lines.get(2).indexOf('^'), r.err());
    assertUnchanged();
  }

  @Test
  void anInjectionAttemptInQueryDataIdsIsASyntaxErrorToo() throws Exception {
    ButlerCli.Result r = ButlerCli.run("butler", "query-data-ids", repo, "--dimensions", "visit", "--where",
        "band = 'i' OR 1=1 --");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("^"), r.err());
    assertUnchanged();
  }

  @Test
  void aDataIdWithoutEquals() throws Exception {
    ButlerCli.Result r = ButlerCli.ingestEpoch(repo, ButlerCli.EPOCH_18, 18, "--data-id", "detector37");
    assertFails(r, 2, "--data-id 'detector37'", "KEY=VALUE");
    assertUnchanged();
  }

  @Test
  void aDataIdWithAnUnknownDimension() throws Exception {
    ButlerCli.Result r = ButlerCli.ingestEpoch(repo, ButlerCli.EPOCH_18, 18, "--data-id", "exposure=3");
    assertFails(r, 2, "unknown dimension 'exposure'");
    assertUnchanged();
  }

  @Test
  void aDataIdWithANonIntegerVisit() throws Exception {
    ButlerCli.Result r = ButlerCli.run("butler", "ingest-files", repo, "calexp", ButlerCli.RUN, ButlerCli.EPOCH_18,
        "--from-header", "--data-id", "instrument=DECam", "--data-id", "visit=eighteen");
    assertFails(r, 2, "visit must be an integer", "eighteen");
    assertUnchanged();
  }

  @Test
  void aValueTheHeaderDoesNotHaveNamesTheFileKeywordsAndOption() throws Exception {
    ButlerCli.Result r = ButlerCli.run("butler", "ingest-files", repo, "calexp", "DECam/raw/other",
        ButlerCli.EPOCH_18, "--from-header", "--data-id", "instrument=DECam");
    assertFails(r, 2, "DEC-OBS18a.mini.fits", "visit", "EXPNUM or VISIT", "--data-id visit=N");
    assertUnchanged();
  }

  @Test
  void withoutFromHeaderAMissingValueSuggestsIt() throws Exception {
    ButlerCli.Result r = ButlerCli.run("butler", "ingest-files", repo, "calexp", "DECam/raw/other",
        ButlerCli.EPOCH_18, "--data-id", "instrument=DECam", "--data-id", "visit=18");
    assertFails(r, 2, "DEC-OBS18a.mini.fits", "no value for detector", "--data-id detector=N", "--from-header");
    assertUnchanged();
  }

  @Test
  void aNonFitsFileIsRefusedNamingItAndNothingIsRegistered() throws Exception {
    Path notFits = tmp.resolve("notes.fits");
    Files.writeString(notFits, "this is not a FITS file\n".repeat(200));
    ButlerCli.Result r = ButlerCli.run("butler", "ingest-files", repo, "raw", "DECam/raw/new", notFits,
        "--data-id", "instrument=DECam", "--data-id", "visit=7", "--data-id", "detector=1");
    assertFails(r, 3, "notes.fits");
    assertUnchanged();
    ButlerCli.Result types = ButlerCli.run("butler", "query-datasets", repo, "raw");
    assertFails(types, 3, "raw");
  }

  @Test
  void aNonFitsFileWithFromHeaderIsRefusedNamingIt() throws Exception {
    Path notFits = tmp.resolve("table.csv");
    Files.writeString(notFits, "a,b\n1,2\n");
    ButlerCli.Result r = ButlerCli.ingestEpoch(repo, notFits, 5, "--data-id", "detector=1");
    assertFails(r, 3, "table.csv");
    assertUnchanged();
  }

  @Test
  void oneBadFileAmongGoodOnesWritesNothing() throws Exception {
    Path notFits = tmp.resolve("junk.fits");
    Files.writeString(notFits, "junk");
    ButlerCli.Result r = ButlerCli.run("butler", "ingest-files", repo, "calexp", "DECam/raw/new",
        ButlerCli.EPOCH_18, notFits, "--data-id", "instrument=DECam", "--data-id", "visit=18",
        "--data-id", "detector=37");
    assertFails(r, 3, "junk.fits");
    assertUnchanged();
  }

  @Test
  void twoFilesWithOneDataId() throws Exception {
    ButlerCli.Result r = ButlerCli.run("butler", "ingest-files", repo, "calexp", "DECam/raw/new",
        ButlerCli.EPOCH_04, ButlerCli.EPOCH_18, "--from-header", "--data-id", "instrument=DECam", "--data-id",
        "visit=30");
    assertFails(r, 2, "DEC-OBS04a.mini.fits", "DEC-OBS18a.mini.fits", "both have data ID");
    assertUnchanged();
  }

  @Test
  void otherBytesForAnIngestedDatasetConflict() throws Exception {
    ButlerCli.Result r = ButlerCli.ingestEpoch(repo, ButlerCli.EPOCH_18, 4);
    assertFails(r, 3, "exists with other content");
    assertUnchanged();
  }

  @Test
  void aRunNameThatLeavesTheDatastore() throws Exception {
    ButlerCli.Result r = ButlerCli.run("butler", "ingest-files", repo, "calexp", "../escape", ButlerCli.EPOCH_18,
        "--from-header", "--data-id", "instrument=DECam", "--data-id", "visit=18");
    assertFails(r, 2, "'..'");
    assertUnchanged();
    assertFalse(Files.exists(repo.resolve("escape")));
  }

  @Test
  void removeRunsRefusesAChainWithTheRegistrysMessage() throws Exception {
    assertEquals(0, ButlerCli.run("butler", "collection-chain", repo, "DECam/defaults", ButlerCli.RUN).exitCode());
    ButlerCli.Result r = ButlerCli.run("butler", "remove-runs", repo, ButlerCli.RUN, "DECam/defaults");
    assertFails(r, 3, "DECam/defaults", "CHAINED");
    JsonNode rows = new ObjectMapper().readTree(ButlerCli.run("butler", "query-datasets", repo, "--json").out());
    assertEquals(1, rows.size(), "the run listed before the chain is not removed either");
  }

  @Test
  void removeRunsOfAMissingRun() throws Exception {
    assertFails(ButlerCli.run("butler", "remove-runs", repo, "no/such/run"), 3, "no/such/run");
    assertUnchanged();
  }

  @Test
  void aChainWithAMissingChild() throws Exception {
    assertFails(ButlerCli.run("butler", "collection-chain", repo, "DECam/defaults", "missing/run"), 3,
        "missing/run");
    assertUnchanged();
  }

  @Test
  void aDimensionThatDoesNotExistInQueryDataIds() {
    assertFails(ButlerCli.run("butler", "query-data-ids", repo, "--dimensions", "visit,exposure"), 2,
        "unknown dimension 'exposure'");
  }
}
