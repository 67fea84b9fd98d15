package org.labelfree.workflows.cli.stamps;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree stamps SUBCOMMAND ...}: work with the stamp shards of a data repository. Without a subcommand it
 * prints its usage to stderr and exits with the usage code 2.
 */
@Command(name = "stamps", mixinStandardHelpOptions = true,
    description = "Work with the stamp shards of a data repository: collect them into a training dataset.",
    subcommands = {CollectCommand.class})
public final class StampsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Picocli instantiates it. */
  public StampsCommand() {}

  /** Prints the usage (a subcommand is required) and returns the usage exit code. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("labelfree stamps: a subcommand is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
