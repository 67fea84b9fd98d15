package org.labelfree.workflows.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.labelfree.image.AlgorithmFailureException;
import org.labelfree.image.InvalidDataException;
import org.labelfree.pipeline.task.AlgorithmException;
import org.labelfree.workflows.cli.butler.ButlerCommand;
import picocli.CommandLine;
import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code labelfree} command: parses the arguments and runs one subcommand. Start here for the command line.
 *
 * <p>Exit codes: 0 success; 1 an unexpected error (a bug: the stack trace is printed); 2 a usage error;
 * 3 bad input data (a typed {@link InvalidDataException} whose message names the file, HDU and keyword);
 * 4 an I/O error (a file that cannot be read or written); 5 a pipeline run in which some quantum failed (see
 * {@code pipetask run}); 6 an algorithm that failed on valid input (too few stars for a PSF or kernel fit, a
 * singular fit).
 */
@Command(name = "labelfree", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Human-labelling-free real/bogus classification for time-domain surveys.",
    subcommands = {DemoCommand.class, SimulateCommand.class, SubtractCommand.class, DetectCommand.class, InjectCommand.class, InfoCommand.class, WcsCommand.class, TableCommand.class,
        ButlerCommand.class, org.labelfree.workflows.cli.injection.InjectionCommand.class,
        org.labelfree.workflows.cli.stamps.StampsCommand.class, org.labelfree.workflows.cli.rb.TrainCommand.class,
        org.labelfree.workflows.cli.rb.EvaluateCommand.class, org.labelfree.workflows.cli.rb.ScoreCommand.class,
        org.labelfree.workflows.cli.pipetask.PipetaskCommand.class, org.labelfree.workflows.bench.BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {
  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "More log output on stderr: -v for INFO, -vv for DEBUG (default: warnings only).")
  boolean[] verbosity = new boolean[0];

  /** Exit code for bad input data. */
  public static final int EXIT_BAD_DATA = 3;
  /** Exit code for an I/O error. */
  public static final int EXIT_IO = 4;
  /** Exit code for an algorithm that failed on valid data (too few stars for a PSF or kernel fit, ...). */
  public static final int EXIT_ALGORITHM = 6;

  /** Parses {@code args}, runs the subcommand and exits the JVM with its exit code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the command line with the given streams and returns the exit code; never exits the JVM (tests call it). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof InvalidDataException) {
        err.println("labelfree " + commandLine.getCommandName() + ": " + ex.getMessage());
        return EXIT_BAD_DATA;
      }
      if (ex instanceof AlgorithmFailureException || ex instanceof AlgorithmException) {
        err.println("labelfree " + commandLine.getCommandName() + ": " + ex.getMessage());
        return EXIT_ALGORITHM;
      }
      if (ex instanceof IOException || ex instanceof UncheckedIOException) {
        err.println("labelfree " + commandLine.getCommandName() + ": I/O error: " + ex.getMessage());
        return EXIT_IO;
      }
      Integer repositoryCode = repositoryExitCode(ex);
      if (repositoryCode != null) {
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        return repositoryCode;
      }
      throw ex;
    });
    cli.setExecutionStrategy(parseResult -> {
      setLogLevel(parseResult);
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cli.execute(args);
  }

  /**
   * The exit code of a data-repository or query error, or null for other exceptions: a WHERE expression that does
   * not parse, a bad collection name or data ID is a usage error (2); a missing repository, collection or dataset
   * type, a conflict, or a file that its formatter cannot read is bad data (3); a datastore or registry failure
   * caused by I/O is an I/O error (4).
   */
  static Integer repositoryExitCode(Exception ex) {
    if (ex instanceof org.labelfree.pipeline.query.QueryException
        || ex instanceof org.labelfree.pipeline.repo.InvalidNameException
        || ex instanceof org.labelfree.pipeline.repo.InvalidDataIdException) {
      return CommandLine.ExitCode.USAGE;
    }
    if (ex instanceof org.labelfree.pipeline.repo.DatastoreException
        || ex instanceof org.labelfree.pipeline.repo.RegistryException) {
      for (Throwable t = ex.getCause(); t != null; t = t.getCause()) {
        if (t instanceof InvalidDataException) {
          return EXIT_BAD_DATA;
        }
        if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof java.sql.SQLException) {
          return EXIT_IO;
        }
      }
      return EXIT_BAD_DATA;
    }
    if (ex instanceof org.labelfree.pipeline.repo.RepositoryException) {
      return EXIT_BAD_DATA;
    }
    return null;
  }

  /** Raises the level of labelfree's loggers for each {@code -v} given anywhere on the command line. */
  private static void setLogLevel(CommandLine.ParseResult parseResult) {
    int v = 0;
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("-v")) {
        v = Math.max(v, r.matchedOption("-v").<boolean[]>getValue().length);
      }
    }
    if (v > 0 && LoggerFactory.getLogger("org.labelfree") instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(v == 1 ? Level.INFO : Level.DEBUG);
    }
  }

  /** The software version, from the build. */
  public static String version() {
    try (InputStream in = Main.class.getResourceAsStream("/org/labelfree/workflows/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** picocli's version provider. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"labelfree " + version()};
    }
  }
}
