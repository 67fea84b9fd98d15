package org.labelfree.pipeline.repo;

import java.util.Objects;

/**
 * The settings of a repository, written to {@code butler.yaml} by {@link Repository#create(java.nio.file.Path,
 * RepositoryConfig)}.
 *
 * @param registryUrl   JDBC URL of the registry; null for the default SQLite file
 *                      {@code jdbc:sqlite:<butlerRoot>/registry.sqlite3}. The placeholder {@code <butlerRoot>}
 *                      stands for the repository folder, so a repository can be moved.
 * @param datastoreRoot the datastore folder relative to the repository folder (default {@code datastore}); a
 *                      valid collection-style name (no {@code ..}, not absolute)
 * @param pathTemplate  the datastore path template (default {@link #DEFAULT_PATH_TEMPLATE}); see
 *                      {@code PathTemplate} in this package for the syntax and the uniqueness rules
 * @param fsync         force each file to disk before renaming it into place (default false: a process crash
 *                      never leaves a partial file either way; fsync also survives a power loss, at a cost)
 */
public record RepositoryConfig(String registryUrl, String datastoreRoot, String pathTemplate, boolean fsync) {
  /** The placeholder for the repository folder in {@code butler.yaml}. */
  public static final String ROOT_PLACEHOLDER = "<butlerRoot>";
  /** The default registry URL. */
  public static final String DEFAULT_REGISTRY_URL = "jdbc:sqlite:" + ROOT_PLACEHOLDER + "/registry.sqlite3";
  /** The default path template. */
  public static final String DEFAULT_PATH_TEMPLATE = PathTemplate.DEFAULT;

  public RepositoryConfig {
    registryUrl = registryUrl == null ? DEFAULT_REGISTRY_URL : registryUrl;
    if (!registryUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("registryUrl must be a JDBC URL (jdbc:...), but was '"
          + Names.sanitize(registryUrl) + "'");
    }
    Objects.requireNonNull(datastoreRoot, "datastoreRoot");
    try {
      Names.checkCollection(datastoreRoot, "datastore root");
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    PathTemplate.parse(Objects.requireNonNull(pathTemplate, "pathTemplate"));
  }

  /** The defaults: SQLite registry, {@code datastore/} folder, the default template, no fsync. */
  public static RepositoryConfig defaults() {
    return new RepositoryConfig(null, "datastore", DEFAULT_PATH_TEMPLATE, false);
  }

  /** These settings with another path template (validated). */
  public RepositoryConfig withPathTemplate(String template) {
    return new RepositoryConfig(registryUrl, datastoreRoot, template, fsync);
  }

  /** These settings with another registry URL (null for the default). */
  public RepositoryConfig withRegistryUrl(String url) {
    return new RepositoryConfig(url, datastoreRoot, pathTemplate, fsync);
  }
}
