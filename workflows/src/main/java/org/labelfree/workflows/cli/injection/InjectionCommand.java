package org.labelfree.workflows.cli.injection;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree injection SUBCOMMAND ...}: make or ingest injection catalogues in a data repository. Without a
 * subcommand it prints its usage to stderr and exits with the usage code 2.
 */
@Command(name = "injection", mixinStandardHelpOptions = true,
    description = "Make or ingest injection catalogues (fakes to inject) in a data repository, as LSST's"
        + " source_injection.",
    subcommands = {MakeCatalogCommand.class, IngestCatalogCommand.class})
public final class InjectionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Picocli instantiates it. */
  public InjectionCommand() {}

  /** Prints the usage (a subcommand is required) and returns the usage exit code. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("labelfree injection: a subcommand is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
