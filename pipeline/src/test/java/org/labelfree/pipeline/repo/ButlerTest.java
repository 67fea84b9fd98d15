package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.query.SqlPredicate;

class ButlerTest {
  static final DatasetType CALEXP = RegistryTest.CALEXP;
  static final String RUN = "u/me/x/20261121T044512Z";

  @TempDir
  Path dir;
  Repository repo;
  Butler butler;

  @BeforeEach
  void setUp() {
    repo = TestFormatters.repository(dir);
    butler = repo.butler();
    repo.registry().registerDatasetType(CALEXP);
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private Path file(DatasetRef ref) {
    return repo.datastore().root().resolve(ref.file().path());
  }

  private long filesUnder(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void putGetFindExists() throws Exception {
    DataId id = RegistryTest.id(12, 3);
    DatasetRef ref = butler.put("pixels", CALEXP, id, RUN);
    assertEquals(DatasetIds.datasetId("calexp", RUN, id), ref.id());
    assertEquals(RUN + "/calexp/12/calexp_HSC_12_3.txt", ref.file().path());
    assertEquals(6, ref.file().sizeBytes());
    /* printf pixels | sha256sum */
    assertEquals("6ec9c2b0eb14010746c8bce8939303b382344b296206612eb8a907a37b2b2f37", ref.file().sha256());
    assertEquals(Datastore.sha256(file(ref)), ref.file().sha256());
    assertEquals("pixels", butler.get(ref));
    assertEquals("pixels", butler.get(ref, true));
    assertEquals("pixels", butler.get(ref, String.class));
    assertEquals(ref, butler.find("calexp", id, List.of(RUN)).orElseThrow());
    assertTrue(butler.exists(ref));
    assertEquals(CollectionType.RUN, repo.registry().getCollection(RUN).type());
    /* No temporary file is left beside it. */
    assertEquals(1, filesUnder(repo.datastore().root()));
  }

  @Test
  void putIsIdempotentForIdenticalContent() throws Exception {
    DatasetRef a = butler.put("same", CALEXP, RegistryTest.id(1, 1), RUN);
    DatasetRef b = butler.put("same", CALEXP, RegistryTest.id(1, 1), RUN);
    assertEquals(a, b);
    assertEquals(1, repo.registry().queryDatasets(List.of(), List.of(), SqlPredicate.all()).size());
    assertEquals(1, filesUnder(repo.datastore().root()));
  }

  @Test
  void differentContentIsAConflictUnlessReplacing() throws Exception {
    DatasetRef a = butler.put("first", CALEXP, RegistryTest.id(1, 1), RUN);
    ConflictException e = assertThrows(ConflictException.class,
        () -> butler.put("second", CALEXP, RegistryTest.id(1, 1), RUN));
    assertTrue(e.getMessage().contains("other content") && e.getMessage().contains("REPLACE"), e.getMessage());
    assertEquals("first", butler.get(a, true));
    assertEquals(1, filesUnder(repo.datastore().root()));

    DatasetRef b = butler.put("second!", CALEXP, RegistryTest.id(1, 1), RUN, Butler.OnExisting.REPLACE);
    assertEquals(a.id(), b.id());
    assertEquals(a.file().path(), b.file().path());
    assertEquals(7, b.file().sizeBytes());
    assertEquals("second!", butler.get(a, true));
  }

  @Test
  void orphanFileFromACrashIsReplacedOnTheNextPut() throws Exception {
    /* Simulate a crash between rename and insert: a file at the target path, no registry row. */
    String path = repo.datastore().relativePath(CALEXP, RUN, RegistryTest.id(5, 5), "txt");
    Path target = repo.datastore().resolve(path);
    Files.createDirectories(target.getParent());
    Files.writeString(target, "half-trusted junk from a previous attempt");
    Files.writeString(target.resolveSibling("." + target.getFileName() + ".tmp"), "partial");
    DatasetRef ref = butler.put("good", CALEXP, RegistryTest.id(5, 5), RUN);
    assertEquals("good", Files.readString(target));
    assertEquals(4, ref.file().sizeBytes());
    assertEquals("good", butler.get(ref, true));
    assertEquals(1, filesUnder(repo.datastore().root()));
  }

  @Test
  void aMissingFileOfARegisteredDatasetIsRestoredByAnIdenticalPut() throws Exception {
    DatasetRef ref = butler.put("data", CALEXP, RegistryTest.id(1, 1), RUN);
    Files.delete(file(ref));
    assertFalse(butler.exists(ref));
    assertEquals(ref, butler.put("data", CALEXP, RegistryTest.id(1, 1), RUN));
    assertTrue(butler.exists(ref));
  }

  @Test
  void failingFormatterLeavesNoFileAndNoRow() throws Exception {
    DatasetType broken = new DatasetType("broken", Set.of(Dimension.VISIT), "Broken");
    repo.registry().registerDatasetType(broken);
    DatastoreException e = assertThrows(DatastoreException.class,
        () -> butler.put("some content", broken, DataId.of(Map.of("visit", 1)), RUN));
    assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
    assertEquals(0, filesUnder(repo.datastore().root()));
    assertTrue(repo.registry().queryDatasets(List.of(), List.of(), SqlPredicate.all()).isEmpty());
  }

  @Test
  void jsonAndBytesBuiltIns() throws Exception {
    DatasetType config = new DatasetType("diff_config", Set.of(), "Json");
    DatasetType blob = new DatasetType("blob", Set.of(Dimension.DETECTOR), "Bytes");
    repo.registry().registerDatasetType(config);
    repo.registry().registerDatasetType(blob);
    record Cfg(int zeta, String alpha, Map<String, Double> m) {}
    DatasetRef c = butler.put(new Cfg(3, "x", Map.of("b", 1.5, "a", 0.25)), config, DataId.empty(), RUN);
    assertEquals("{\n  \"alpha\" : \"x\",\n  \"m\" : {\n    \"a\" : 0.25,\n    \"b\" : 1.5\n  },\n  \"zeta\" : 3\n}\n",
        Files.readString(file(c)));
    DatasetRef b = butler.put(new byte[] {1, 2, 3}, blob, DataId.of(Map.of("detector", 4)), RUN);
    assertEquals(RUN + "/blob/blob_4.bin", b.file().path());
    assertArrayEquals(new byte[] {1, 2, 3}, butler.get(b, byte[].class));
  }

  @Test
  void aValidRunNameWithSlashesIsAccepted() {
    DatasetRef ref = butler.put("x", CALEXP, RegistryTest.id(1, 2), "u/me/x/20261121T044512Z");
    assertTrue(file(ref).startsWith(repo.datastore().root().resolve("u/me/x/20261121T044512Z")));
  }
}
