package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryTest {
  @TempDir
  Path dir;

  @Test
  void createThenOpenRoundTrip() throws Exception {
    Path root = dir.resolve("repo");
    DatasetType t = new DatasetType("summary", Set.of(Dimension.VISIT), "Json");
    DatasetRef ref;
    try (Repository repo = Repository.create(root)) {
      repo.registry().registerDatasetType(t);
      ref = repo.butler().put(Map.of("b", 2, "a", 1), t, DataId.of(Map.of("visit", 7)), "u/me/x/20261121T044512Z");
    }
    String yaml = Files.readString(root.resolve("butler.yaml"));
    assertTrue(yaml.contains("jdbc:sqlite:<butlerRoot>/registry.sqlite3"), yaml);
    assertTrue(Files.isRegularFile(root.resolve("registry.sqlite3")));
    assertTrue(Files.isDirectory(root.resolve("datastore")));

    /* Move the repository: the relative registry reference still finds everything. */
    Path moved = dir.resolve("moved");
    Files.move(root, moved);
    try (Repository repo = Repository.open(moved)) {
      assertEquals(RepositoryConfig.defaults(), repo.config());
      assertEquals(List.of(t), repo.registry().queryDatasetTypes());
      DatasetRef found = repo.butler().find("summary", DataId.of(Map.of("visit", 7)),
          List.of("u/me/x/20261121T044512Z")).orElseThrow();
      assertEquals(ref, found);
      assertEquals("{\n  \"a\" : 1,\n  \"b\" : 2\n}\n",
          Files.readString(moved.resolve("datastore").resolve(found.file().path())));
      assertEquals(2, repo.butler().get(found, com.fasterxml.jackson.databind.JsonNode.class).get("b").intValue());
    }
  }

  @Test
  void customSettingsAreWrittenAndReadBack() {
    RepositoryConfig config = new RepositoryConfig(null, "files",
        "{run}/{datasetType}_{visit}.{ext}", true);
    try (Repository repo = Repository.create(dir, config)) {
      assertEquals(dir.resolve("files").toAbsolutePath(), repo.datastore().root());
    }
    try (Repository repo = Repository.open(dir)) {
      assertEquals(config, repo.config());
    }
  }

  @Test
  void createRefusesAnExistingRepository() {
    Repository.create(dir).close();
    ConflictException e = assertThrows(ConflictException.class, () -> Repository.create(dir));
    assertTrue(e.getMessage().contains("already a repository"), e.getMessage());
  }
}
