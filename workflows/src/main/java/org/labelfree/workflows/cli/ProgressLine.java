package org.labelfree.workflows.cli;

import java.io.PrintWriter;

/**
 * Progress of long command-line work on stderr: one updating line on a terminal; otherwise a line when the text
 * changed, at most every 10 s, and the last text at the end. Thread-safe.
 */
public final class ProgressLine {
  private final PrintWriter err;
  private final boolean terminal;
  private long lastLine = Long.MIN_VALUE;
  private String printed = "";
  private String latest = "";

  /**
   * A progress line on {@code err}.
   *
   * @param terminal whether {@code err} is a terminal (then the line is rewritten in place)
   */
  public ProgressLine(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** A progress line on {@code err}, rewritten in place when the JVM has a console. */
  public static ProgressLine on(PrintWriter err) {
    return new ProgressLine(err, System.console() != null);
  }

  /** Shows {@code text} as the current progress. */
  public synchronized void update(String text) {
    latest = text;
    if (terminal) {
      err.print("\r" + latest);
      printed = latest;
      err.flush();
    } else {
      long now = System.nanoTime();
      if (!latest.equals(printed) && (lastLine == Long.MIN_VALUE || now - lastLine > 10_000_000_000L)) {
        err.println(latest);
        err.flush();
        printed = latest;
        lastLine = now;
      }
    }
  }

  /** Ends the line (a terminal) or prints the last text if it was not printed yet. */
  public synchronized void finish() {
    if (terminal && !printed.isEmpty()) {
      err.println();
    } else if (!terminal && !latest.isEmpty() && !latest.equals(printed)) {
      err.println(latest);
    }
    printed = "";
    latest = "";
    err.flush();
  }
}
