package org.labelfree.workflows.cli.butler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree butler query-datasets REPO [DATASET_TYPE]... [--collections C,...] [--where EXPR] [--json]}: the
 * datasets of the given types (all types when none) in the given collections (all when none; CHAINED collections
 * are searched in order) that satisfy the WHERE expression, sorted by type, run, then data ID. The text table shows
 * the data ID with the values it implies (band, physical_filter of a visit); the JSON gives {@code data_id} and
 * {@code implied} apart.
 */
@Command(name = "query-datasets", mixinStandardHelpOptions = true,
    description = "List datasets: type, run, data ID, id, path.")
final class QueryDatasetsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPO", description = "The repository.")
  Path repo;

  @Parameters(index = "1..*", paramLabel = "DATASET_TYPE", description = "Dataset types (default: all).")
  List<String> datasetTypes = new ArrayList<>();

  @Option(names = "--collections", paramLabel = "C,...", split = ",",
      description = "Collections to search, in order (default: all).")
  List<String> collections = new ArrayList<>();

  @Option(names = "--where", paramLabel = "EXPR",
      description = "Gen3 WHERE expression over dimensions, e.g. \"visit IN (1..8) AND band = 'g'\".")
  String where;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    SqlPredicate predicate = Cli.where(where);
    try (Repository r = Repository.open(repo)) {
      List<DatasetRef> refs = r.registry().queryDatasets(Cli.commaList(datasetTypes), Cli.commaList(collections),
          predicate);
      List<Map<String, Object>> out = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (DatasetRef ref : refs) {
        DataId expanded = r.registry().expandDataId(ref.dataId());
        out.add(Cli.json(ref, expanded));
        rows.add(List.of(ref.datasetType().name(), ref.run(), expanded.toString(), ref.id().toString(),
            ref.file() == null ? "" : ref.file().path()));
      }
      if (json) {
        Cli.printJson(spec.commandLine().getOut(), out);
      } else {
        Cli.printTable(spec.commandLine().getOut(), List.of("type", "run", "data ID", "id", "path"), rows);
      }
    }
    return 0;
  }
}
