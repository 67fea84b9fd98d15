package org.labelfree.workflows.cli.butler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labelfree.pipeline.repo.CollectionInfo;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree butler remove-runs REPO RUN... [--json]}: deletes RUN collections with their datasets (registry
 * rows and files; the runs are also removed from the chains that list them) and prints what was removed. Every name
 * is checked first, so a name that does not exist or is not a RUN fails the command before anything is removed.
 */
@Command(name = "remove-runs", mixinStandardHelpOptions = true,
    description = "Remove RUN collections with their datasets (rows and files).")
final class RemoveRunsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPO", description = "The repository.")
  Path repo;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "RUN", description = "The runs to remove.")
  List<String> runs;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() {
    List<String> names = Cli.commaList(runs);
    try (Repository r = Repository.open(repo)) {
      /* Check every name before removing anything. */
      for (String run : names) {
        CollectionInfo c = r.registry().getCollection(run);
        if (c.type() != CollectionType.RUN) {
          /* Not a RUN: the registry refuses it with its own message (and removes nothing). */
          r.registry().removeRun(run);
        }
      }
      List<Map<String, Object>> out = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (String run : names) {
        List<DatasetRef> removed = r.butler().removeRuns(List.of(run));
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (DatasetRef ref : removed) {
          datasets.add(Cli.json(ref, ref.dataId()));
          rows.add(List.of(run, ref.datasetType().name(), ref.dataId().toString(),
              ref.file() == null ? "" : ref.file().path()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("datasets", datasets);
        out.add(m);
        if (!json) {
          spec.commandLine().getOut().println("Removed run " + run + " (" + removed.size() + " datasets)");
        }
      }
      if (json) {
        Cli.printJson(spec.commandLine().getOut(), out);
      } else if (!rows.isEmpty()) {
        Cli.printTable(spec.commandLine().getOut(), List.of("run", "type", "data ID", "path"), rows);
      }
    }
    return 0;
  }
}
