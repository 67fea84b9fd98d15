package org.labelfree.workflows.cli.rb;

import java.util.concurrent.Callable;
import org.labelfree.training.ModelDirectoryException;
import org.labelfree.workflows.cli.Main;
import org.labelfree.workflows.cli.pipetask.PipetaskCommand;
import picocli.CommandLine.Model.CommandSpec;

/** The exit-code mapping shared by {@code labelfree train}, {@code evaluate} and {@code score}. */
final class RbCommands {
  private RbCommands() {}

  /**
   * Runs {@code body} as {@link PipetaskCommand#guarded} does (a bad option value 2, an I/O error 4), and maps a
   * model directory that cannot be used ({@link ModelDirectoryException}: model.json or model.onnx missing or
   * invalid, a shape that does not fit the stamps) to bad data, 3, with its message on stderr. Other typed errors
   * ({@link org.labelfree.image.InvalidDataException} 3, {@link java.io.IOException} 4) are mapped by {@link Main}.
   *
   * @param spec the running command (for its stderr)
   * @param name the command's name for messages, e.g. {@code "labelfree score"}
   * @param body the work; its return value is the exit code
   * @return the exit code
   * @throws Exception what {@code body} throws besides the exceptions above
   */
  static int guarded(CommandSpec spec, String name, Callable<Integer> body) throws Exception {
    try {
      return PipetaskCommand.guarded(spec, name, body);
    } catch (ModelDirectoryException e) {
      spec.commandLine().getErr().println(name + ": " + e.getMessage());
      return Main.EXIT_BAD_DATA;
    }
  }
}
