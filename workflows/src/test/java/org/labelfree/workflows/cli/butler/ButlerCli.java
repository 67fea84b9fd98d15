package org.labelfree.workflows.cli.butler;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.labelfree.testing.TestData;
import org.labelfree.workflows.cli.Main;

/** Runs {@code labelfree} in-process for the butler command tests and captures what it prints. */
public final class ButlerCli {
  public static final Path EPOCH_04 = TestData.real("decam/DEC-OBS04a.mini.fits");
  public static final Path EPOCH_18 = TestData.real("decam/DEC-OBS18a.mini.fits");
  public static final String RUN = "DECam/raw/all";

  private ButlerCli() {}

  /** Exit code and the two streams of one run. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  public static Result run(Object... args) {
    String[] a = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      a[i] = String.valueOf(args[i]);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(a, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** Ingests one DECam epoch as calexp with the README's options. */
  public static Result ingestEpoch(Path repo, Path file, int visit, Object... more) {
    Object[] base = {"butler", "ingest-files", repo, "calexp", RUN, file, "--from-header", "--data-id",
        "instrument=DECam", "--data-id", "visit=" + visit};
    Object[] all = new Object[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return run(all);
  }
}
