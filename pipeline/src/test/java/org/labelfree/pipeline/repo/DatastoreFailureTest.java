package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labelfree.pipeline.query.SqlPredicate;

class DatastoreFailureTest {
  static final DatasetType CALEXP = RegistryTest.CALEXP;

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

  @ParameterizedTest
  @ValueSource(strings = {"../x", "/abs", "a//b", "a/\u0000b", "..\\x", "a\\b", "a/../../b", "a/./b", "a/", "",
      "a\nb", "x/..", "r\u00e9sum\u00e9"})
  void escapingOrMalformedRunNamesAreRejected(String run) throws Exception {
    InvalidNameException e = assertThrows(InvalidNameException.class,
        () -> butler.put("x", CALEXP, RegistryTest.id(1, 1), run));
    assertTrue(e.getMessage().contains("run name"), e.getMessage());
    assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "message is sanitised");
    try (var s = Files.walk(dir)) {
      assertTrue(s.filter(Files::isRegularFile).noneMatch(p -> p.toString().endsWith(".txt")));
    }
    assertTrue(repo.registry().queryCollections().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "/abs", "a//b", "a\\..\\b", "a/\u0000", "a/../../b"})
  void escapingDatastorePathsAreRejected(String path) {
    assertThrows(InvalidNameException.class, () -> repo.datastore().resolve(path));
  }

  @Test
  void collectionNamesFollowTheSameRules() {
    InvalidNameException e = assertThrows(InvalidNameException.class,
        () -> repo.registry().registerCollection("../up", CollectionType.TAGGED, null));
    assertTrue(e.getMessage().contains("'..'"), e.getMessage());
  }

  @Test
  void truncatedFileIsDetectedOnGet() throws Exception {
    DatasetRef ref = butler.put("twelve bytes", CALEXP, RegistryTest.id(1, 1), "run");
    Files.writeString(repo.datastore().resolve(ref.file().path()), "short");
    DatastoreException e = assertThrows(DatastoreException.class, () -> butler.get(ref));
    assertTrue(e.getMessage().contains("5 bytes") && e.getMessage().contains("expects 12"), e.getMessage());
  }

  @Test
  void sameSizeCorruptionIsDetectedWithChecksum() throws Exception {
    DatasetRef ref = butler.put("abcd", CALEXP, RegistryTest.id(1, 1), "run");
    Files.writeString(repo.datastore().resolve(ref.file().path()), "abce");
    DatastoreException e = assertThrows(DatastoreException.class, () -> butler.get(ref, true));
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test
  void missingFileIsReportedByPath() throws Exception {
    DatasetRef ref = butler.put("abcd", CALEXP, RegistryTest.id(1, 1), "run");
    Files.delete(repo.datastore().resolve(ref.file().path()));
    DatastoreException e = assertThrows(DatastoreException.class, () -> butler.get(ref));
    assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("calexp_HSC_1_1.txt"), e.getMessage());
  }

  @Test
  void storageClassWithoutFormatterIsReported() {
    DatasetType t = new DatasetType("img", Set.of(), "Exposure");
    repo.registry().registerDatasetType(t);
    DatastoreException e = assertThrows(DatastoreException.class, () -> butler.put("x", t, DataId.empty(), "run"));
    assertTrue(e.getMessage().contains("no formatter for storage class 'Exposure'"), e.getMessage());
  }

  @Test
  void objectOfTheWrongClassIsRejectedBeforeWriting() {
    DatastoreException e = assertThrows(DatastoreException.class,
        () -> butler.put(42, CALEXP, RegistryTest.id(1, 1), "run"));
    assertTrue(e.getMessage().contains("java.lang.Integer") && e.getMessage().contains("java.lang.String"),
        e.getMessage());
    assertTrue(repo.registry().queryDatasets(List.of(), List.of(), SqlPredicate.all()).isEmpty());
  }

  @Test
  void twoDatasetsOnOnePathConflictInsteadOfOverwriting() throws Exception {
    /* Across runs and types a template can collide: run x + type a_b and run x_a + type b both give x_a_b.txt. */
    try (Repository other = Repository.create(dir.resolve("other"),
        RepositoryConfig.defaults().withPathTemplate("{run}_{datasetType}.{ext}"))) {
      other.formatters().register("Text", new TestFormatters.Text());
      DatasetType ab = new DatasetType("a_b", Set.of(), "Text");
      DatasetType b = new DatasetType("b", Set.of(), "Text");
      other.registry().registerDatasetType(ab);
      other.registry().registerDatasetType(b);
      DatasetRef first = other.butler().put("one", ab, DataId.empty(), "x");
      ConflictException e = assertThrows(ConflictException.class,
          () -> other.butler().put("two", b, DataId.empty(), "x_a"));
      assertTrue(e.getMessage().contains("x_a_b.txt") && e.getMessage().contains("already uses"), e.getMessage());
      assertTrue("one".equals(other.butler().get(first, true)));
    }
  }
}
