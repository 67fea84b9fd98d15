package org.labelfree.pipeline.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.pipeline.graph.TaskGraph;
import org.labelfree.pipeline.query.QueryException;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.ConflictException;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.DimensionRecord;
import org.labelfree.pipeline.repo.NotFoundException;
import org.labelfree.pipeline.repo.Repository;

/**
 * {@code pipetask run} refuses bad requests before any work starts: each test makes one thing wrong, checks the
 * exception type and the words of its message, and checks that nothing was written (same collections, dataset
 * types, datasets and datastore files as before).
 */
class PipetaskFailureTest {
  @TempDir
  Path dir;

  private Repository repo;

  @BeforeEach
  void createRepository() {
    repo = ToyRepo.create(dir.resolve("repo"), 2, 2, Set.of());
  }

  @org.junit.jupiter.api.AfterEach
  void closeRepository() {
    repo.close();
  }

  /** Everything a run could write: collections, dataset types, datasets, and the files with their sizes. */
  private String snapshot() {
    Map<String, Long> files = new TreeMap<>();
    Path root = repo.datastore().root();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        files.put(root.relativize(p).toString(), Files.isRegularFile(p) ? Files.size(p) : -1L);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return repo.registry().queryCollections() + "\n" + repo.registry().queryDatasetTypes() + "\n"
        + repo.registry().queryDatasets(List.of(), List.of(), SqlPredicate.all()) + "\n" + files;
  }

  /** Plans and, if planning passes, runs: what {@code pipetask run} does. */
  private void pipetask(TaskGraph tasks, PipetaskOptions options) {
    Pipetask.Plan plan = Pipetask.plan(repo, tasks, options, ToyRepo.CLOCK);
    Pipetask.run(repo, plan, options, null);
  }

  /** Runs {@code action}, expecting {@code type}; checks that the repository is unchanged. */
  private <T extends Throwable> T refused(Class<T> type, Executable action) {
    String before = snapshot();
    T e = assertThrows(type, action);
    assertEquals(before, snapshot(), "nothing may be written");
    return e;
  }

  private static void assertMentions(Throwable e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "expected '" + w + "' in: " + e.getMessage());
    }
  }

  private static PipetaskOptions options(List<String> inputs, String output) {
    return PipetaskOptions.of(inputs, output, null);
  }

  @Test
  void anInputCollectionThatDoesNotExist() {
    NotFoundException e = refused(NotFoundException.class,
        () -> pipetask(ToyRepo.pipeline("toy"), options(List.of("raw", "no/such/inputs"), "u/me/x")));
    assertMentions(e, "no/such/inputs");
  }

  @Test
  void anInputDatasetTypeThatIsNotRegistered() {
    repo.close();
    repo = Repository.create(dir.resolve("empty"));
    repo.registry().registerCollection("raw", CollectionType.RUN, null);
    PipetaskException e = refused(PipetaskException.class,
        () -> pipetask(ToyRepo.pipeline("toy"), options(List.of("raw"), "u/me/x")));
    assertMentions(e, "'raw_text'", "upper", "not registered");
  }

  @Test
  void anOutputThatIsAnExistingRun() {
    ConflictException e = refused(ConflictException.class,
        () -> pipetask(ToyRepo.pipeline("toy"), options(List.of("raw"), "raw")));
    assertMentions(e, "raw", "RUN", "CHAINED");
  }

  @Test
  void aWhereExpressionThatDoesNotParse() {
    QueryException e = refused(QueryException.class,
        () -> pipetask(ToyRepo.pipeline("toy"), options(List.of("raw"), "u/me/x").withWhere("visit = = 2")));
    assertEquals(9, e.column());
    assertMentions(e, "column 9");
  }

  @Test
  void aStatementSeparatorInTheWhereExpressionIsAParseError() {
    QueryException e = refused(QueryException.class, () -> pipetask(ToyRepo.pipeline("toy"),
        options(List.of("raw"), "u/me/x").withWhere("visit = 1; DROP TABLE dataset")));
    assertEquals(10, e.column());
    assertEquals(4, repo.registry().queryDatasets(Set.of("raw_text"), List.of("raw"), SqlPredicate.all()).size());
  }

  @Test
  void aCommentedOutTautologyInTheWhereExpressionIsRejected() {
    QueryException e = refused(QueryException.class, () -> pipetask(ToyRepo.pipeline("toy"),
        options(List.of("raw"), "u/me/x").withWhere("band = 'g' OR 1=1 --")));
    assertEquals(15, e.column());
    assertMentions(e, "two values");
    assertEquals(4, repo.registry().queryDatasets(Set.of("raw_text"), List.of("raw"), SqlPredicate.all()).size());
  }

  @Test
  void anInjectionInsideAStringIsAHarmlessLiteral() {
    repo.registry().insertDimensionRecords(List.of(new DimensionRecord.Instrument("Toy")));
    repo.registry().insertDimensionRecords(List.of(
        new DimensionRecord.Visit("Toy", 1, "g", "TOY-G", 60001.0, 30.0, null),
        new DimensionRecord.Visit("Toy", 2, "g", "TOY-G", 60002.0, 30.0, null)));
    String before = snapshot();
    Pipetask.Plan plan = Pipetask.plan(repo, ToyRepo.pipeline("toy"),
        options(List.of("raw"), "u/me/x").withWhere("band = 'g'' OR 1=1 --' OR band = 'g; DROP TABLE dataset'"),
        ToyRepo.CLOCK);
    assertEquals(Map.of("upper", 0, "count", 0, "total", 0), plan.graph().counts(), "no band has that name");
    assertEquals(before, snapshot(), "planning writes nothing");
    assertEquals(Map.of("upper", 4, "count", 2, "total", 1), Pipetask.plan(repo, ToyRepo.pipeline("toy"),
        options(List.of("raw"), "u/me/x").withWhere("band = 'g'"), ToyRepo.CLOCK).graph().counts(),
        "the registry still answers");
  }

  @Test
  void extendRunWithoutAnExistingChain() {
    ConflictException e = refused(ConflictException.class, () -> pipetask(ToyRepo.pipeline("toy"),
        options(List.of("raw"), "u/me/new").withResume(true, true)));
    assertMentions(e, "--extend-run", "u/me/new", "does not exist");
  }

  @Test
  void aRegisteredDatasetTypeWithOtherDimensions() {
    repo.registry().registerDatasetType(new DatasetType("upper_text", Set.of(Dimension.INSTRUMENT, Dimension.VISIT),
        ToyTasks.TEXT));
    ConflictException e = refused(ConflictException.class,
        () -> pipetask(ToyRepo.pipeline("toy"), options(List.of("raw"), "u/me/x")));
    assertMentions(e, "'upper_text'", "upper", "dimensions=[instrument, visit]",
        "dimensions=[instrument, visit, detector]");
  }

  /* ------------------------------------------ option validation -------------------------------------------- */

  @Test
  void optionsNeedAnInput() {
    IllegalArgumentException e = refused(IllegalArgumentException.class, () -> options(List.of(), "u/me/x"));
    assertMentions(e, "-i/--input");
  }

  @Test
  void optionsNeedAnOutput() {
    IllegalArgumentException e = refused(IllegalArgumentException.class, () -> options(List.of("raw"), null));
    assertMentions(e, "-o/--output", "--output-run");
  }

  @Test
  void optionsNeedAKnownRunner() {
    IllegalArgumentException e = refused(IllegalArgumentException.class,
        () -> options(List.of("raw"), "u/me/x").withRunner("SparkRunner\u0007"));
    assertMentions(e, "--runner", "SparkRunner", "DirectRunner", "FlinkRunner");
    assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20), "control characters are not echoed");
  }

  @Test
  void optionsNeedParallelismOfAtLeastOne() {
    IllegalArgumentException e = refused(IllegalArgumentException.class,
        () -> options(List.of("raw"), "u/me/x").withParallelism(0));
    assertMentions(e, "-j", "at least 1", "0");
  }

  @Test
  void extendRunCannotBeCombinedWithAnOutputRun() {
    IllegalArgumentException e = refused(IllegalArgumentException.class, () -> new PipetaskOptions(List.of("raw"),
        "u/me/x", "u/me/x/run", "", true, true, "DirectRunner", null, 1, Map.of()));
    assertMentions(e, "--extend-run", "--output-run");
  }
}
