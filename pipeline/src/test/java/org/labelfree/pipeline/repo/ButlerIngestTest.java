package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.query.SqlPredicate;

/** {@link Butler#ingest}: copy, register, idempotence, conflicts and refusal of unreadable files. */
class ButlerIngestTest {
  static final DatasetType CALEXP = RegistryTest.CALEXP;
  static final DatasetType CONFIG = new DatasetType("task_config", Set.of(), "Json");
  static final String RUN = "raw/ingest";

  @TempDir
  Path dir;
  @TempDir
  Path outside;
  Repository repo;
  Butler butler;

  @BeforeEach
  void setUp() {
    repo = TestFormatters.repository(dir.resolve("repo"));
    butler = repo.butler();
    repo.registry().registerDatasetType(CALEXP);
    repo.registry().registerDatasetType(CONFIG);
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private Path source(String name, String content) throws Exception {
    Path p = outside.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private long filesUnder(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private int datasetCount() {
    return repo.registry().queryDatasets(List.of(), List.of(), SqlPredicate.all()).size();
  }

  @Test
  void ingestCopiesTheBytesToTheTemplatePathAndRegisters() throws Exception {
    Path src = source("epoch.dat", "pixels");
    DataId id = RegistryTest.id(12, 3);
    DatasetRef ref = butler.ingest(src, CALEXP, id, RUN);

    assertEquals(DatasetIds.datasetId("calexp", RUN, id), ref.id());
    /* The extension comes from the storage class's formatter (Text: txt), not from the source name. */
    assertEquals(RUN + "/calexp/12/calexp_HSC_12_3.txt", ref.file().path());
    assertEquals(6, ref.file().sizeBytes());
    /* printf pixels | sha256sum */
    assertEquals("6ec9c2b0eb14010746c8bce8939303b382344b296206612eb8a907a37b2b2f37", ref.file().sha256());
    Path stored = repo.datastore().root().resolve(ref.file().path());
    assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(stored));
    assertTrue(Files.exists(src), "the source is copied, not moved");
    assertEquals("pixels", butler.get(ref, String.class));
    assertEquals(ref, butler.find("calexp", id, List.of(RUN)).orElseThrow());
    assertEquals(CollectionType.RUN, repo.registry().getCollection(RUN).type());
    assertEquals(1, filesUnder(repo.datastore().root()), "no temporary file is left");
  }

  @Test
  void ingestingTheSameBytesAgainIsANoOp() throws Exception {
    DatasetRef first = butler.ingest(source("a.txt", "same"), CALEXP, RegistryTest.id(1, 1), RUN);
    DatasetRef second = butler.ingest(source("b.txt", "same"), CALEXP, RegistryTest.id(1, 1), RUN);
    assertEquals(first, second);
    assertEquals(1, datasetCount());
    assertEquals(1, filesUnder(repo.datastore().root()));
  }

  @Test
  void ingestOfTheSameDatasetAsPutIsIdempotent() throws Exception {
    DatasetRef put = butler.put("payload", CALEXP, RegistryTest.id(2, 1), RUN);
    DatasetRef ingested = butler.ingest(source("p.txt", "payload"), CALEXP, RegistryTest.id(2, 1), RUN);
    assertEquals(put, ingested);
  }

  @Test
  void otherBytesForTheSameDatasetConflict() throws Exception {
    DatasetRef first = butler.ingest(source("a.txt", "first"), CALEXP, RegistryTest.id(1, 1), RUN);
    Path other = source("b.txt", "second");
    ConflictException e = assertThrows(ConflictException.class,
        () -> butler.ingest(other, CALEXP, RegistryTest.id(1, 1), RUN));
    assertTrue(e.getMessage().contains("exists with other content"), e.getMessage());
    assertTrue(e.getMessage().contains("calexp@" + RUN), e.getMessage());
    assertEquals("first", butler.get(first, String.class));
    assertEquals(1, filesUnder(repo.datastore().root()), "the staged copy is discarded");
  }

  @Test
  void aJsonFileIsReadBackAsJson() throws Exception {
    DatasetRef ref = butler.ingest(source("c.json", "{\"a\": 1}"), CONFIG, DataId.empty(), RUN);
    assertTrue(ref.file().path().endsWith(".json"), ref.file().path());
    JsonNode node = (JsonNode) butler.get(ref);
    assertEquals(1, node.get("a").asInt());
  }

  @Test
  void anOrphanFileAtTheTargetIsReplaced() throws Exception {
    DatasetRef ref = butler.ingest(source("a.txt", "good"), CALEXP, RegistryTest.id(5, 1), RUN);
    Path stored = repo.datastore().root().resolve(ref.file().path());
    repo.registry().removeRun(RUN);
    Files.writeString(stored, "half");
    DatasetRef again = butler.ingest(source("a2.txt", "good"), CALEXP, RegistryTest.id(5, 1), RUN);
    assertEquals(ref, again);
    assertEquals("good", Files.readString(stored));
  }

  @Test
  void anUnreadableFileIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path bad = source("broken.json", "{not json");
    DatastoreException e = assertThrows(DatastoreException.class,
        () -> butler.ingest(bad, CONFIG, DataId.empty(), RUN));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a readable Json file"), e.getMessage());
    assertEquals(0, datasetCount());
    assertEquals(0, filesUnder(repo.datastore().root()));
    assertFalse(repo.registry().queryCollections().stream().anyMatch(c -> c.name().equals(RUN)),
        "the run is not registered either");
  }

  @Test
  void aMissingFileIsRefusedNamingIt() {
    Path missing = outside.resolve("nope.txt");
    DatastoreException e = assertThrows(DatastoreException.class,
        () -> butler.ingest(missing, CALEXP, RegistryTest.id(1, 1), RUN));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertEquals(0, datasetCount());
  }

  @Test
  void anUnregisteredDatasetTypeIsNotFound() throws Exception {
    DatasetType raw = new DatasetType("raw", CALEXP.dimensions(), "Text");
    Path src = source("r.txt", "x");
    assertThrows(NotFoundException.class, () -> butler.ingest(src, raw, RegistryTest.id(1, 1), RUN));
  }

  @Test
  void aDataIdWithTheWrongDimensionsIsRejected() throws Exception {
    Path src = source("r.txt", "x");
    DataId noDetector = DataId.of(java.util.Map.of("instrument", "HSC", "visit", 1));
    InvalidDataIdException e = assertThrows(InvalidDataIdException.class,
        () -> butler.ingest(src, CALEXP, noDetector, RUN));
    assertTrue(e.getMessage().contains("detector"), e.getMessage());
    assertEquals(0, filesUnder(repo.datastore().root()));
  }
}
