package org.labelfree.pipeline.repo;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryFailureTest {
  @TempDir
  Path dir;

  private String yaml() throws Exception {
    Repository.create(dir).close();
    return Files.readString(dir.resolve("butler.yaml"));
  }

  private void assertNotARepository(String... keywords) {
    NotARepositoryException e = assertThrows(NotARepositoryException.class, () -> Repository.open(dir));
    assertTrue(e.getMessage().startsWith("not a labelfree repository"), e.getMessage());
    for (String k : keywords) {
      assertTrue(e.getMessage().contains(k), e.getMessage());
    }
  }

  @Test
  void emptyFolderIsNotARepository() {
    assertNotARepository("has no butler.yaml");
  }

  @Test
  void malformedYamlNamesLineAndColumn() throws Exception {
    yaml();
    Files.writeString(dir.resolve("butler.yaml"), "repository: {version: 1\nregistry: [\n");
    assertNotARepository("butler.yaml", "not valid YAML", "line");
  }

  @Test
  void yamlThatIsNotAMappingIsRejected() throws Exception {
    yaml();
    Files.writeString(dir.resolve("butler.yaml"), "- just\n- a list\n");
    assertNotARepository("expected a mapping");
  }

  @Test
  void unknownKeyIsRejectedByName() throws Exception {
    Files.writeString(dir.resolve("butler.yaml"), yaml() + "extra: 1\n");
    assertNotARepository("unknown key 'extra'");
  }

  @Test
  void unknownNestedKeyIsRejectedByName() throws Exception {
    Files.writeString(dir.resolve("butler.yaml"), yaml().replace("fsync: false", "fsync: false\n  colour: red"));
    assertNotARepository("datastore.colour");
  }

  @Test
  void wrongVersionIsRejected() throws Exception {
    Files.writeString(dir.resolve("butler.yaml"), yaml().replace("version: 1", "version: 9"));
    assertNotARepository("repository.version must be 1", "9");
  }

  @Test
  void missingSectionIsRejected() throws Exception {
    String y = yaml();
    Files.writeString(dir.resolve("butler.yaml"), y.substring(0, y.indexOf("registry:")));
    assertNotARepository("registry");
  }

  @Test
  void badTemplateIsRejected() throws Exception {
    Files.writeString(dir.resolve("butler.yaml"), yaml().replace(".{ext}", ".fits"));
    assertNotARepository("path template", "{ext}");
  }

  @Test
  void missingRegistryFileIsRejected() throws Exception {
    yaml();
    Files.delete(dir.resolve("registry.sqlite3"));
    assertNotARepository("registry file", "missing");
  }

  @Test
  void registryWithoutOurSchemaIsRejected() throws Exception {
    yaml();
    Files.delete(dir.resolve("registry.sqlite3"));
    Files.deleteIfExists(dir.resolve("registry.sqlite3-wal"));
    Files.deleteIfExists(dir.resolve("registry.sqlite3-shm"));
    Files.write(dir.resolve("registry.sqlite3"), new byte[0]);
    assertNotARepository("no labelfree schema");
  }
}
