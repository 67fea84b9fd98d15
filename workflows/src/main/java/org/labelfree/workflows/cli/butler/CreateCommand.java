package org.labelfree.workflows.cli.butler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.labelfree.pipeline.repo.ConflictException;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.repo.RepositoryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree butler create REPO [--registry JDBC_URL]}: makes a new repository ({@code butler.yaml}, the
 * registry, the datastore folder). An existing repository is refused (exit code 3) and left untouched.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a new data repository: REPO/butler.yaml, a SQLite registry and a datastore folder.")
final class CreateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPO", description = "Folder of the new repository (created if needed).")
  Path repo;

  @Option(names = "--registry", paramLabel = "JDBC_URL",
      description = "JDBC URL of the registry (default: SQLite at REPO/registry.sqlite3).")
  String registry;

  @Option(names = "--json", description = "Print the new repository's root and registry as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Path dir = repo.toAbsolutePath().normalize();
    if (Files.exists(dir.resolve(Repository.CONFIG_FILE))) {
      throw new ConflictException("refusing to create a repository in " + dir + ": it is already a repository (it has "
          + Repository.CONFIG_FILE + ")");
    }
    RepositoryConfig config;
    try {
      config = RepositoryConfig.defaults().withRegistryUrl(registry);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--registry: " + e.getMessage());
    }
    try (Repository r = Repository.create(dir, config)) {
      if (json) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("root", r.root().toString());
        m.put("registry", r.config().registryUrl());
        m.put("datastore", r.datastore().root().toString());
        Cli.printJson(spec.commandLine().getOut(), m);
      } else {
        spec.commandLine().getOut().println("Created repository " + r.root());
      }
    }
    return 0;
  }
}
