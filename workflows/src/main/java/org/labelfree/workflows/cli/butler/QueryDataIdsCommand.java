package org.labelfree.workflows.cli.butler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree butler query-data-ids REPO --dimensions visit,detector [--datasets T,...] [--collections C,...]
 * [--where EXPR] [--json]}: the distinct data IDs over the given dimensions of the datasets (of the given types, in
 * the given collections) that satisfy the WHERE expression, sorted by their values in canonical dimension order.
 */
@Command(name = "query-data-ids", mixinStandardHelpOptions = true,
    description = "List the distinct data IDs over some dimensions of the datasets that match.")
final class QueryDataIdsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPO", description = "The repository.")
  Path repo;

  @Option(names = "--dimensions", paramLabel = "D,...", split = ",", required = true,
      description = "Dimensions of the data IDs, e.g. visit,detector.")
  List<String> dimensions;

  @Option(names = "--datasets", paramLabel = "T,...", split = ",",
      description = "Only data IDs of datasets of these types (default: all types).")
  List<String> datasets = new ArrayList<>();

  @Option(names = "--collections", paramLabel = "C,...", split = ",",
      description = "Collections to search, in order (default: all).")
  List<String> collections = new ArrayList<>();

  @Option(names = "--where", paramLabel = "EXPR", description = "Gen3 WHERE expression over dimensions.")
  String where;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
    for (String d : Cli.commaList(dimensions)) {
      dims.add(Cli.dimension(d, "--dimensions"));
    }
    if (dims.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--dimensions: expected at least one dimension, e.g. visit,detector");
    }
    SqlPredicate predicate = Cli.where(where);
    try (Repository r = Repository.open(repo)) {
      List<DataId> ids = r.registry().queryDataIds(dims, Cli.commaList(datasets), Cli.commaList(collections),
          predicate);
      if (json) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DataId id : ids) {
          out.add(new LinkedHashMap<>(Cli.json(id)));
        }
        Cli.printJson(spec.commandLine().getOut(), out);
        return 0;
      }
      List<String> header = new ArrayList<>();
      dims.forEach(d -> header.add(d.key()));
      List<List<String>> rows = new ArrayList<>();
      for (DataId id : ids) {
        List<String> row = new ArrayList<>();
        for (Dimension d : dims) {
          row.add(id.get(d).map(String::valueOf).orElse(""));
        }
        rows.add(row);
      }
      Cli.printTable(spec.commandLine().getOut(), header, rows);
    }
    return 0;
  }
}
