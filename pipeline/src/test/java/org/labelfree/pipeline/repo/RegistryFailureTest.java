package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.query.SqlPredicate;

class RegistryFailureTest {
  static final DatasetType CALEXP = RegistryTest.CALEXP;

  @TempDir
  Path dir;
  Repository repo;
  Registry reg;

  @BeforeEach
  void setUp() {
    repo = TestFormatters.repository(dir);
    reg = repo.registry();
    reg.registerDatasetType(CALEXP);
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private static <T extends Throwable> void assertFails(Class<T> type, Executable action, String... keywords) {
    T e = assertThrows(type, action);
    for (String k : keywords) {
      assertTrue(e.getMessage().contains(k), e.getMessage());
    }
  }

  @Test
  void datasetTypeWithOtherDimensionsConflicts() {
    assertFails(ConflictException.class, () -> reg.registerDatasetType(new DatasetType("calexp",
        Set.of(Dimension.VISIT), "Text")), "calexp", "dimensions", "[visit]");
  }

  @Test
  void datasetTypeWithOtherStorageClassConflicts() {
    assertFails(ConflictException.class, () -> reg.registerDatasetType(new DatasetType("calexp",
        CALEXP.dimensions(), "Json")), "calexp", "storage class Text", "Json");
  }

  @Test
  void unknownDatasetTypeIsNotFound() {
    assertFails(NotFoundException.class, () -> reg.getDatasetType("calexpp"), "calexpp", "registered: [calexp]");
    assertFails(NotFoundException.class, () -> reg.queryDatasets(List.of("nope"), List.of(), SqlPredicate.all()),
        "nope");
  }

  @Test
  void putOfUnregisteredTypeIsNotFound() {
    DatasetType t = new DatasetType("other", Set.of(), "Text");
    assertFails(NotFoundException.class, () -> repo.butler().put("x", t, DataId.empty(), "run"), "other");
  }

  @Test
  void chainCycleIsRejectedWithItsPath() {
    reg.registerCollection("run", CollectionType.RUN, null);
    reg.setChain("a", List.of("run"));
    reg.setChain("b", List.of("a"));
    assertFails(ConflictException.class, () -> reg.setChain("a", List.of("b")), "cycle", "a -> b -> a");
    assertFails(ConflictException.class, () -> reg.setChain("a", List.of("a")), "cycle");
    assertEquals(List.of("run"), reg.getCollection("a").children());
  }

  @Test
  void chainToMissingCollectionIsNotFound() {
    assertFails(NotFoundException.class, () -> reg.setChain("a", List.of("missing")), "missing");
  }

  @Test
  void chainListingAChildTwiceConflicts() {
    reg.registerCollection("run", CollectionType.RUN, null);
    assertFails(ConflictException.class, () -> reg.setChain("a", List.of("run", "run")), "twice");
  }

  @Test
  void chainOverARunConflicts() {
    reg.registerCollection("run", CollectionType.RUN, null);
    reg.registerCollection("r2", CollectionType.RUN, null);
    assertFails(ConflictException.class, () -> reg.setChain("run", List.of("r2")), "run", "exists as RUN",
        "CHAINED");
  }

  @Test
  void putIntoAChainedCollectionConflicts() {
    reg.registerCollection("run", CollectionType.RUN, null);
    reg.setChain("chain", List.of("run"));
    assertFails(ConflictException.class, () -> repo.butler().put("x", CALEXP, RegistryTest.id(1, 1), "chain"),
        "chain", "CHAINED");
  }

  @Test
  void unknownCollectionInSearchPathIsNotFound() {
    assertFails(NotFoundException.class, () -> repo.butler().find("calexp", RegistryTest.id(1, 1),
        List.of("nowhere")), "nowhere");
  }

  @Test
  void dataIdWithWrongDimensionsIsRejected() {
    DataId bad = DataId.of(Map.of("instrument", "HSC", "visit", 1));
    assertFails(InvalidDataIdException.class, () -> repo.butler().find("calexp", bad, List.of()), "calexp",
        "detector");
    assertFails(InvalidDataIdException.class, () -> repo.butler().put("x", CALEXP, bad, "run"), "calexp");
  }

  @Test
  void dataIdContradictingItsVisitRecordIsRejected() {
    DatasetType t = new DatasetType("t", Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.BAND), "Text");
    reg.registerDatasetType(t);
    reg.insertDimensionRecords(List.of(new DimensionRecord.Instrument("HSC"),
        new DimensionRecord.Visit("HSC", 1, "g", "HSC-G", 60000, 30, null)));
    assertFails(InvalidDataIdException.class, () -> repo.butler().put("x", t,
        DataId.of(Map.of("instrument", "HSC", "visit", 1, "band", "r")), "run"), "band 'r'", "'g'");
  }

  @Test
  void predicateWithStatementSeparatorIsRejected() {
    assertFails(IllegalArgumentException.class, () -> reg.queryDatasets(List.of(), List.of(),
        new SqlPredicate("1=1; DROP TABLE dataset", List.of())), "query compiler");
    assertFails(IllegalArgumentException.class, () -> reg.queryDatasets(List.of(), List.of(),
        new SqlPredicate("1=1 --", List.of())), "query compiler");
  }

  @Test
  void predicateWithWrongParameterCountIsRejected() {
    assertFails(IllegalArgumentException.class, () -> reg.queryDatasets(List.of(), List.of(),
        new SqlPredicate("ds.visit = ?", List.of())), "1 placeholders", "0 parameters");
  }

  @Test
  void conflictingDimensionRecordIsRejected() {
    reg.insertDimensionRecords(List.of(new DimensionRecord.Instrument("HSC"),
        new DimensionRecord.Detector("HSC", 1, "a")));
    assertFails(ConflictException.class, () -> reg.insertDimensionRecords(List.of(
        new DimensionRecord.Detector("HSC", 1, "b"))), "detector", "other values");
  }

  @Test
  void dimensionRecordWithoutItsParentIsNotFoundAndNothingIsInserted() {
    assertFails(NotFoundException.class, () -> reg.insertDimensionRecords(List.of(
        new DimensionRecord.Skymap("s"), new DimensionRecord.Tract("s", 1, null),
        new DimensionRecord.Patch("s", 2, 0, null))), "tract", "[s, 2]");
    assertEquals(List.of(), reg.queryDimensionRecords(DimensionRecord.Skymap.class));
  }

  @Test
  void tagIntoARunOrOfAMissingDatasetFails() {
    reg.registerCollection("run", CollectionType.RUN, null);
    reg.registerCollection("tag", CollectionType.TAGGED, null);
    assertFails(ConflictException.class, () -> reg.associate("run", List.of()), "TAGGED");
    UUID ghost = UUID.nameUUIDFromBytes(new byte[] {1});
    assertFails(NotFoundException.class, () -> reg.associate("tag", List.of(ghost)), ghost.toString());
  }

  @Test
  void removingAChainOrAMissingRunFails() {
    reg.registerCollection("run", CollectionType.RUN, null);
    reg.setChain("chain", List.of("run"));
    assertFails(ConflictException.class, () -> repo.butler().removeRuns(List.of("chain")), "not a RUN");
    assertFails(NotFoundException.class, () -> repo.butler().removeRuns(List.of("gone")), "gone");
  }

  @Test
  void collectionOfAnotherTypeConflicts() {
    reg.registerCollection("c", CollectionType.RUN, null);
    assertFails(ConflictException.class, () -> reg.registerCollection("c", CollectionType.TAGGED, null),
        "exists as RUN");
  }

  @Test
  void closedRegistryRefusesWork() {
    repo.close();
    assertFails(IllegalStateException.class, () -> reg.queryDatasetTypes(), "closed");
  }
}
