package org.labelfree.workflows.cli.butler;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree butler SUBCOMMAND ...}: work with a data repository (see the package comment for the
 * subcommands). Without a subcommand it prints its usage to stderr and exits with the usage code 2.
 */
@Command(name = "butler", mixinStandardHelpOptions = true,
    description = "Create, fill and query a data repository (registry + datastore), as LSST Gen3's butler.",
    subcommands = {CreateCommand.class, IngestFilesCommand.class, QueryDatasetsCommand.class,
        QueryCollectionsCommand.class, QueryDataIdsCommand.class, CollectionChainCommand.class,
        RemoveRunsCommand.class})
public final class ButlerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Picocli instantiates it. */
  public ButlerCommand() {}

  /** Prints the usage (a subcommand is required) and returns the usage exit code. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("labelfree butler: a subcommand is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
