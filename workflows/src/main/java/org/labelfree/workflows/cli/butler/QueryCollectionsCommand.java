package org.labelfree.workflows.cli.butler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labelfree.pipeline.repo.CollectionInfo;
import org.labelfree.pipeline.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree butler query-collections REPO [--json]}: every collection, sorted by name, with its type, the
 * children of a CHAINED collection in search order, and its documentation.
 */
@Command(name = "query-collections", mixinStandardHelpOptions = true,
    description = "List the collections: name, type (RUN, CHAINED, TAGGED), children of chains, doc.")
final class QueryCollectionsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPO", description = "The repository.")
  Path repo;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    try (Repository r = Repository.open(repo)) {
      List<CollectionInfo> collections = r.registry().queryCollections();
      if (json) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CollectionInfo c : collections) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", c.name());
          m.put("type", c.type().name());
          m.put("children", c.children());
          m.put("doc", c.doc());
          out.add(m);
        }
        Cli.printJson(spec.commandLine().getOut(), out);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (CollectionInfo c : collections) {
        rows.add(List.of(c.name(), c.type().name(), String.join(",", c.children()), c.doc()));
      }
      Cli.printTable(spec.commandLine().getOut(), List.of("name", "type", "children", "doc"), rows);
    }
    return 0;
  }
}
