package org.labelfree.pipeline.repo;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A data repository: start here. A folder with {@code butler.yaml} (the settings), a {@link Registry} (what exists:
 * SQLite at {@code registry.sqlite3} by default) and a {@link Datastore} (the files, under {@code datastore/}), read
 * and written through the {@link Butler}. Mirrors LSST Gen3's data repositories.
 *
 * <pre>{@code
 * try (Repository repo = Repository.create(dir)) {
 *   repo.registry().registerDatasetType(calexpType);
 *   DatasetRef ref = repo.butler().put(exposure, calexpType, dataId, "u/me/x/20261121T044512Z");
 * }
 * }</pre>
 *
 * <p><b>butler.yaml</b>:
 * <pre>
 * repository: {version: 1}
 * registry: {db: "jdbc:sqlite:&lt;butlerRoot&gt;/registry.sqlite3"}
 * datastore: {root: datastore, template: "{run}/...", fsync: false}
 * </pre>
 * {@code <butlerRoot>} stands for the repository folder, so the folder can be moved. Unknown keys are rejected.
 *
 * <p><b>Names.</b> Collection and run names are 1 to 255 characters of letters, digits, {@code ._+@=,-} in segments
 * separated by single {@code /} (e.g. {@code u/me/x/20261121T044512Z}); no leading {@code /}, empty segment,
 * {@code .} or {@code ..} segment: run names become datastore folders and can never leave it.
 *
 * <p><b>Threading and lifecycle.</b> Thread-safe; close it once (closing the registry connection). Several
 * processes may open one SQLite repository at once (writers queue on the database lock). The Beam adapter opens
 * one per worker ({@code @Setup}) and closes it in {@code @Teardown}.
 */
public final class Repository implements AutoCloseable {
  /** The settings file of a repository. */
  public static final String CONFIG_FILE = "butler.yaml";
  /** The version of the {@code butler.yaml} layout written and accepted. */
  public static final int CONFIG_VERSION = 1;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private final Path root;
  private final RepositoryConfig config;
  private final Registry registry;
  private final Datastore datastore;
  private final FormatterRegistry formatters;
  private final Butler butler;

  private Repository(Path root, RepositoryConfig config, Registry registry) {
    this.root = root;
    this.config = config;
    this.registry = registry;
    this.datastore = new Datastore(root.resolve(config.datastoreRoot()), PathTemplate.parse(config.pathTemplate()),
        config.fsync());
    this.formatters = FormatterRegistry.withDefaults();
    this.butler = new Butler(registry, datastore, formatters);
  }

  /**
   * Creates a repository with the default settings in {@code root} (created if needed).
   *
   * @see #create(Path, RepositoryConfig)
   */
  public static Repository create(Path root) {
    return create(root, RepositoryConfig.defaults());
  }

  /**
   * Creates a repository in {@code root} (created if needed): the datastore folder, the registry schema, then
   * {@code butler.yaml} (written last, atomically, so an interrupted create leaves no repository behind).
   *
   * @throws ConflictException  if {@code root} already holds a {@code butler.yaml}
   * @throws RegistryException  if the registry cannot be created
   * @throws DatastoreException if the folders or {@code butler.yaml} cannot be written
   */
  public static Repository create(Path root, RepositoryConfig config) {
    Objects.requireNonNull(config, "config");
    Path dir = root.toAbsolutePath().normalize();
    Path yaml = dir.resolve(CONFIG_FILE);
    if (Files.exists(yaml)) {
      throw new ConflictException(dir + " is already a repository (it has " + CONFIG_FILE + ")");
    }
    try {
      Files.createDirectories(dir.resolve(config.datastoreRoot()));
    } catch (IOException e) {
      throw new DatastoreException("cannot create repository folders in " + dir + ": " + e, e);
    }
    Registry registry = JdbcRegistry.create(registryUrl(dir, config.registryUrl()));
    try {
      writeConfig(yaml, config);
      return new Repository(dir, config, registry);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /**
   * Opens the repository in {@code root}.
   *
   * @throws NotARepositoryException if {@code butler.yaml} is missing or malformed (naming the file, the line and
   *                                 column or the key, and what was expected), or the registry is missing or not a
   *                                 labelfree registry
   * @throws RegistryException       if the registry database cannot be reached
   */
  public static Repository open(Path root) {
    Path dir = root.toAbsolutePath().normalize();
    Path yaml = dir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(yaml)) {
      throw new NotARepositoryException("not a labelfree repository: " + dir + " has no " + CONFIG_FILE
          + " (create one with 'labelfree butler create')");
    }
    RepositoryConfig config = readConfig(yaml);
    String url = registryUrl(dir, config.registryUrl());
    if (url.startsWith("jdbc:sqlite:") && !url.contains("?") && !url.startsWith("jdbc:sqlite::memory:")) {
      Path db = Path.of(url.substring("jdbc:sqlite:".length()));
      if (!Files.isRegularFile(db)) {
        throw new NotARepositoryException("not a labelfree repository: " + dir + ": registry file " + db
            + " named in " + CONFIG_FILE + " is missing");
      }
    }
    return new Repository(dir, config, JdbcRegistry.open(url));
  }

  private static String registryUrl(Path dir, String configured) {
    return configured.replace(RepositoryConfig.ROOT_PLACEHOLDER, dir.toString());
  }

  private static void writeConfig(Path yaml, RepositoryConfig config) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("repository", Map.of("version", CONFIG_VERSION));
    doc.put("registry", Map.of("db", config.registryUrl()));
    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("root", config.datastoreRoot());
    ds.put("template", config.pathTemplate());
    ds.put("fsync", config.fsync());
    doc.put("datastore", ds);
    Path tmp = yaml.resolveSibling("." + CONFIG_FILE + ".tmp");
    try {
      String text = "# labelfree data repository settings\n" + YAML.writeValueAsString(doc);
      Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, yaml, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DatastoreException("cannot write " + yaml + ": " + e, e);
    }
  }

  private static RepositoryConfig readConfig(Path yaml) {
    JsonNode doc;
    try {
      doc = YAML.readTree(yaml.toFile());
    } catch (JacksonException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " line " + loc.getLineNr() + " column " + loc.getColumnNr();
      throw bad(yaml, "it is not valid YAML at" + where + ": " + Names.sanitize(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new NotARepositoryException("not a labelfree repository: cannot read " + yaml + ": " + e, e);
    }
    if (doc == null || !doc.isObject()) {
      throw bad(yaml, "expected a mapping with keys repository, registry, datastore");
    }
    checkKeys(yaml, "", doc, Set.of("repository", "registry", "datastore"));
    JsonNode repo = section(yaml, doc, "repository", Set.of("version"));
    JsonNode version = repo.get("version");
    if (version == null || !version.isInt() || version.intValue() != CONFIG_VERSION) {
      throw bad(yaml, "repository.version must be " + CONFIG_VERSION + ", but was "
          + (version == null ? "missing" : Names.sanitize(version.toString())));
    }
    JsonNode registry = section(yaml, doc, "registry", Set.of("db"));
    JsonNode datastore = section(yaml, doc, "datastore", Set.of("root", "template", "fsync"));
    JsonNode fsync = datastore.get("fsync");
    if (fsync != null && !fsync.isBoolean()) {
      throw bad(yaml, "datastore.fsync must be true or false");
    }
    try {
      return new RepositoryConfig(text(yaml, registry, "registry.db"), text(yaml, datastore, "datastore.root"),
          text(yaml, datastore, "datastore.template"), fsync != null && fsync.booleanValue());
    } catch (IllegalArgumentException e) {
      throw bad(yaml, e.getMessage());
    }
  }

  private static JsonNode section(Path yaml, JsonNode doc, String key, Set<String> keys) {
    JsonNode s = doc.get(key);
    if (s == null || !s.isObject()) {
      throw bad(yaml, "section '" + key + "' is missing or not a mapping");
    }
    checkKeys(yaml, key + ".", s, keys);
    return s;
  }

  private static void checkKeys(Path yaml, String prefix, JsonNode node, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw bad(yaml, "unknown key '" + prefix + Names.sanitize(k) + "'; expected one of " + allowed);
      }
    }
  }

  private static String text(Path yaml, JsonNode section, String key) {
    JsonNode n = section.get(key.substring(key.indexOf('.') + 1));
    if (n == null || !n.isTextual()) {
      throw bad(yaml, key + " is missing or not a string");
    }
    return n.textValue();
  }

  private static NotARepositoryException bad(Path yaml, String why) {
    return new NotARepositoryException("not a labelfree repository: " + yaml + " is malformed: " + why);
  }

  /** The repository folder (absolute). */
  public Path root() {
    return root;
  }

  /** The settings read from {@code butler.yaml}. */
  public RepositoryConfig config() {
    return config;
  }

  /** The registry. */
  public Registry registry() {
    return registry;
  }

  /** The datastore. */
  public Datastore datastore() {
    return datastore;
  }

  /** The formatters of this repository (built-ins {@code Json}, {@code Bytes}); register more before putting. */
  public FormatterRegistry formatters() {
    return formatters;
  }

  /** The butler that reads and writes this repository's datasets. */
  public Butler butler() {
    return butler;
  }

  /** Closes the registry. Idempotent. */
  @Override
  public void close() {
    registry.close();
  }
}
