package org.labelfree.workflows.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it prints (shared by the command tests of every package). */
public final class CliRunner {
  private CliRunner() {}

  /** Exit code and the two streams of one run. */
  public record Result(int exitCode, String out, String err) {}

  /** Runs {@code labelfree} with the arguments as strings ({@code String.valueOf}; a {@code String[]} is spread). */
  public static Result run(Object... args) {
    java.util.List<String> a = new java.util.ArrayList<>();
    for (Object o : args) {
      if (o instanceof String[] many) {
        a.addAll(java.util.List.of(many));
      } else {
        a.add(String.valueOf(o));
      }
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(a.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
