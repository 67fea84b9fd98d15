package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.query.SqlPredicate;

class RegistryTest {
  static final DatasetType CALEXP = new DatasetType("calexp",
      Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR), "Text");

  @TempDir
  Path dir;
  Repository repo;
  Registry reg;
  Butler butler;

  @BeforeEach
  void setUp() {
    repo = TestFormatters.repository(dir);
    reg = repo.registry();
    butler = repo.butler();
    reg.registerDatasetType(CALEXP);
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  static DataId id(long visit, long detector) {
    return DataId.of(Map.of("instrument", "HSC", "visit", visit, "detector", detector));
  }

  @Test
  void datasetTypeRegistrationIsIdempotent() {
    assertFalse(reg.registerDatasetType(new DatasetType("calexp",
        Set.of(Dimension.DETECTOR, Dimension.VISIT, Dimension.INSTRUMENT), "Text")));
    assertTrue(reg.registerDatasetType(new DatasetType("a_config", Set.of(), "Json")));
    assertEquals(List.of("a_config", "calexp"),
        reg.queryDatasetTypes().stream().map(DatasetType::name).collect(Collectors.toList()));
    assertEquals(CALEXP, reg.getDatasetType("calexp"));
  }

  @Test
  void nestedChainsAreSearchedDepthFirstFirstHitWins() {
    butler.put("old", CALEXP, id(1, 1), "raw/old");
    butler.put("new", CALEXP, id(1, 1), "raw/new");
    butler.put("only-old", CALEXP, id(2, 1), "raw/old");
    butler.put("late", CALEXP, id(3, 1), "late");
    reg.setChain("inner", List.of("raw/new", "raw/old"));
    reg.setChain("outer", List.of("inner", "late", "raw/old"));
    assertEquals(List.of("raw/new", "raw/old", "late"), reg.resolveCollections(List.of("outer")));
    assertEquals("new", butler.get(butler.find("calexp", id(1, 1), List.of("outer")).orElseThrow()));
    assertEquals("old", butler.get(butler.find("calexp", id(1, 1), List.of("raw/old", "outer")).orElseThrow()));
    assertEquals("only-old", butler.get(butler.find("calexp", id(2, 1), List.of("outer")).orElseThrow()));
    assertEquals("late", butler.get(butler.find("calexp", id(3, 1), List.of("outer")).orElseThrow()));
    assertTrue(butler.find("calexp", id(9, 1), List.of("outer")).isEmpty());

    /* Redefining a chain replaces its members and order. */
    reg.setChain("inner", List.of("raw/old", "raw/new"));
    assertEquals("old", butler.get(butler.find("calexp", id(1, 1), List.of("outer")).orElseThrow()));
    CollectionInfo outer = reg.getCollection("outer");
    assertEquals(CollectionType.CHAINED, outer.type());
    assertEquals(List.of("inner", "late", "raw/old"), outer.children());
    assertEquals(List.of("inner", "late", "outer", "raw/new", "raw/old"),
        reg.queryCollections().stream().map(CollectionInfo::name).collect(Collectors.toList()));
  }

  @Test
  void queryBindsPredicateParametersAndSortsDeterministically() {
    for (long v = 1; v <= 3; v++) {
      for (long d = 10; d >= 9; d--) {
        butler.put("v" + v + "d" + d, CALEXP, id(v, d), "run");
      }
    }
    butler.put("elsewhere", CALEXP, id(1, 9), "other");
    SqlPredicate where = new SqlPredicate("ds.visit IN (?, ?)", List.of(3L, 1L));
    List<DatasetRef> refs = reg.queryDatasets(List.of("calexp"), List.of("run"), where);
    assertEquals(List.of(id(1, 9), id(1, 10), id(3, 9), id(3, 10)),
        refs.stream().map(DatasetRef::dataId).collect(Collectors.toList()));
    /* All collections (empty search path), a string parameter; the run orders the two visit-1 detector-9 refs. */
    List<DatasetRef> all = reg.queryDatasets(List.of(), List.of(),
        new SqlPredicate("ds.instrument = ? AND ds.detector = ?", List.of("HSC", 9L)));
    assertEquals(List.of("other", "run", "run", "run"),
        all.stream().map(DatasetRef::run).collect(Collectors.toList()));
    /* A literal that looks like SQL is only a value. */
    assertTrue(reg.queryDatasets(List.of(), List.of(), new SqlPredicate("ds.instrument = ?",
        List.of("HSC' OR 1=1 --"))).isEmpty());
  }

  @Test
  void queryDataIdsIsDistinctAndUsesImpliedBand() {
    reg.insertDimensionRecords(List.of(new DimensionRecord.Instrument("HSC"),
        new DimensionRecord.Visit("HSC", 1, "g", "HSC-G", 60000.5, 30, new SkyBox(10, 11, -1, 1)),
        new DimensionRecord.Visit("HSC", 2, "r", "HSC-R", 60001.5, 30, null)));
    butler.put("a", CALEXP, id(1, 1), "run");
    butler.put("b", CALEXP, id(1, 2), "run");
    butler.put("c", CALEXP, id(2, 1), "run");
    assertEquals(List.of(DataId.of(Map.of("visit", 1)), DataId.of(Map.of("visit", 2))),
        reg.queryDataIds(Set.of(Dimension.VISIT), List.of("calexp"), List.of("run"), SqlPredicate.all()));
    assertEquals(List.of(DataId.of(Map.of("band", "g", "visit", 1))),
        reg.queryDataIds(Set.of(Dimension.BAND, Dimension.VISIT), List.of(), List.of(),
            new SqlPredicate("ds.band = ?", List.of("g"))));
    /* The band enters the path through the visit record. */
    DatasetRef ref = butler.find("calexp", id(2, 1), List.of("run")).orElseThrow();
    assertEquals("run/calexp/r/2/calexp_HSC_r_2_1.txt", ref.file().path());
  }

  @Test
  void dimensionRecordsRoundTripAndAreIdempotent() {
    List<DimensionRecord> records = List.of(new DimensionRecord.Instrument("HSC"),
        new DimensionRecord.Detector("HSC", 3, "1_53"),
        new DimensionRecord.Visit("HSC", 12, "g", "HSC-G", 60000.25, 200, new SkyBox(359.5, 0.5, -1, 1)),
        new DimensionRecord.Skymap("rings"),
        new DimensionRecord.Tract("rings", 9813, new SkyBox(149, 151, 1, 3)),
        new DimensionRecord.Patch("rings", 9813, 40, null));
    reg.insertDimensionRecords(records);
    reg.insertDimensionRecords(records);
    assertEquals(List.of(records.get(1)), reg.queryDimensionRecords(DimensionRecord.Detector.class));
    assertEquals(List.of(records.get(2)), reg.queryDimensionRecords(DimensionRecord.Visit.class));
    assertEquals(List.of(records.get(4)), reg.queryDimensionRecords(DimensionRecord.Tract.class));
    assertEquals(List.of(records.get(5)), reg.queryDimensionRecords(DimensionRecord.Patch.class));
    assertEquals(id(12, 3).with(Dimension.BAND, "g").with(Dimension.PHYSICAL_FILTER, "HSC-G"),
        reg.expandDataId(id(12, 3)));
  }

  @Test
  void taggedCollectionsHoldHandPickedDatasets() {
    DatasetRef a = butler.put("a", CALEXP, id(1, 1), "run");
    butler.put("b", CALEXP, id(2, 1), "run");
    assertTrue(reg.registerCollection("best", CollectionType.TAGGED, "the good ones"));
    reg.associate("best", List.of(a.id()));
    reg.associate("best", List.of(a.id()));
    assertEquals(List.of(a), reg.queryDatasets(List.of(), List.of("best"), SqlPredicate.all()));
    assertEquals(a, butler.find("calexp", id(1, 1), List.of("best")).orElseThrow());
    assertTrue(butler.find("calexp", id(2, 1), List.of("best")).isEmpty());
    assertEquals("the good ones", reg.getCollection("best").doc());
  }

  @Test
  void removeRunsDeletesRowsFilesAndChainMembership() {
    DatasetRef a = butler.put("a", CALEXP, id(1, 1), "u/me/x/1");
    DatasetRef keep = butler.put("k", CALEXP, id(1, 1), "u/me/x/2");
    reg.setChain("u/me/x", List.of("u/me/x/1", "u/me/x/2"));
    Path file = repo.datastore().root().resolve(a.file().path());
    assertTrue(java.nio.file.Files.isRegularFile(file));
    assertEquals(List.of(a), butler.removeRuns(List.of("u/me/x/1")));
    assertFalse(java.nio.file.Files.exists(file));
    assertFalse(java.nio.file.Files.exists(repo.datastore().root().resolve("u/me/x/1")));
    assertFalse(butler.exists(a));
    assertTrue(butler.exists(keep));
    assertEquals(List.of("u/me/x/2"), reg.getCollection("u/me/x").children());
    assertEquals(keep, butler.find("calexp", id(1, 1), List.of("u/me/x")).orElseThrow());
  }
}
