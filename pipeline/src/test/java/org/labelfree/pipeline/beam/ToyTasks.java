package org.labelfree.pipeline.beam;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.labelfree.pipeline.repo.Formatter;
import org.labelfree.pipeline.repo.FormatterProvider;
import org.labelfree.pipeline.repo.TestFormatters;
import org.labelfree.pipeline.task.AlgorithmException;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.NoWorkFoundException;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;
import org.labelfree.pipeline.task.UnprocessableDataException;

/**
 * A three-task toy pipeline for the executor's tests: {@code upper} per (visit, detector) upper-cases a text; it
 * raises an AlgorithmException on a text containing "bad", an UnprocessableDataException on "unusable", a
 * NoWorkFoundException on "empty" and an IllegalStateException (a bug) on "bug"; {@code count} gathers a visit's
 * detectors; {@code total} gathers all visits. The gather tests add {@code echo} (a single input of upper_text),
 * {@code quorum} (a gather of upper_text with minimum 3) and {@code shout} (a single input of visit_text). The
 * storage class {@code ToyText} is a String in a .txt file, registered through the {@link FormatterProvider}
 * service file of the test resources, so Beam workers find it.
 */
public final class ToyTasks {
  /** Storage class of every toy dataset. */
  public static final String TEXT = "ToyText";

  private ToyTasks() {}

  /** The service that registers {@code ToyText}. */
  public static final class Formatters implements FormatterProvider {
    @Override
    public Map<String, Formatter<?>> formatters() {
      return Map.of(TEXT, new TestFormatters.Text());
    }
  }

  /** Upper-cases one detector's text. */
  public static final class UpperTask implements PipelineTask<UpperTask.Inputs, UpperTask.Outputs> {
    static final Connection RAW = Connection.input("raw_text", TEXT, Set.of(INSTRUMENT, VISIT, DETECTOR),
        "the raw text of one detector");
    static final Connection UPPER = Connection.output("upper_text", TEXT, Set.of(INSTRUMENT, VISIT, DETECTOR),
        "the upper-cased text");

    /** Inputs. */
    public record Inputs(String rawText) {}

    /** Outputs. */
    public record Outputs(String upperText) {}

    /**
     * Config.
     *
     * @param suffix  appended to every output (default "")
     * @param sleepMs milliseconds to wait per quantum, for the kill test (default 0, at least 0)
     */
    public record Config(String suffix, int sleepMs) {
      /** Validates. */
      public Config {
        if (sleepMs < 0) {
          throw new IllegalArgumentException("sleepMs must be >= 0, but was " + sleepMs);
        }
      }

      /** Defaults. */
      public static Config defaults() {
        return new Config("", 0);
      }
    }

    private final Config config;

    /** With a config. */
    public UpperTask(Config config) {
      this.config = config;
    }

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT, DETECTOR), RAW, UPPER);
    }

    @Override
    public Outputs run(Inputs in) {
      if (in.rawText().contains("bad")) {
        throw new AlgorithmException("text '" + in.rawText() + "' is bad", Map.of("length", in.rawText().length()));
      }
      if (in.rawText().contains("unusable")) {
        throw new UnprocessableDataException("text '" + in.rawText() + "' is unusable");
      }
      if (in.rawText().contains("empty")) {
        throw new NoWorkFoundException("text '" + in.rawText() + "' is empty");
      }
      if (in.rawText().contains("bug")) {
        throw new IllegalStateException("a bug on '" + in.rawText() + "'");
      }
      if (config.sleepMs() > 0) {
        try {
          Thread.sleep(config.sleepMs());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new Outputs(in.rawText().toUpperCase(java.util.Locale.ROOT) + config.suffix());
    }
  }

  /**
   * Lower-cases one detector's text while holding a "resource" (a counter): instances opened and closed are counted
   * JVM-wide, and a closed instance refuses to run, for the test that the executor closes AutoCloseable tasks.
   */
  public static final class HoldingTask implements PipelineTask<HoldingTask.Inputs, HoldingTask.Outputs>,
      AutoCloseable {
    static final java.util.concurrent.atomic.AtomicInteger OPENED = new java.util.concurrent.atomic.AtomicInteger();
    static final java.util.concurrent.atomic.AtomicInteger CLOSED = new java.util.concurrent.atomic.AtomicInteger();
    static final Connection RAW = Connection.input("raw_text", TEXT, Set.of(INSTRUMENT, VISIT, DETECTOR),
        "the raw text of one detector");
    static final Connection LOWER = Connection.output("lower_text", TEXT, Set.of(INSTRUMENT, VISIT, DETECTOR),
        "the lower-cased text");
    private boolean closed;

    /** Inputs. */
    public record Inputs(String rawText) {}

    /** Outputs. */
    public record Outputs(String lowerText) {}

    /** No settings. */
    public record Config() {
      /** Defaults. */
      public static Config defaults() {
        return new Config();
      }
    }

    /** With a config; counts the instance as opened. */
    public HoldingTask(Config config) {
      OPENED.incrementAndGet();
    }

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT, DETECTOR), RAW, LOWER);
    }

    @Override
    public Outputs run(Inputs in) {
      if (closed) {
        throw new IllegalStateException("run after close");
      }
      return new Outputs(in.rawText().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        CLOSED.incrementAndGet();
      }
    }
  }

  /** Joins the texts of one visit's detectors. */
  public static final class CountTask implements PipelineTask<CountTask.Inputs, CountTask.Outputs> {
    static final Connection UPPER = Connection.input("upper_text", TEXT, Set.of(INSTRUMENT, VISIT, DETECTOR),
        "the upper-cased texts of a visit").asMultiple();
    static final Connection VISIT_TEXT = Connection.output("visit_text", TEXT, Set.of(INSTRUMENT, VISIT),
        "the visit's texts joined");

    /** Inputs. */
    public record Inputs(List<String> upperText) {}

    /** Outputs. */
    public record Outputs(String visitText) {}

    /** Config (nothing to configure). */
    public record Config() {
      /** Defaults. */
      public static Config defaults() {
        return new Config();
      }
    }

    /** With a config. */
    public CountTask(Config config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT), UPPER, VISIT_TEXT);
    }

    @Override
    public Outputs run(Inputs in) {
      return new Outputs(in.upperText().size() + ":" + String.join("|", in.upperText()));
    }
  }

  /** Joins all visits. */
  public static final class TotalTask implements PipelineTask<TotalTask.Inputs, TotalTask.Outputs> {
    static final Connection VISIT_TEXT = Connection.input("visit_text", TEXT, Set.of(INSTRUMENT, VISIT),
        "every visit's text").asMultiple();
    static final Connection TOTAL = Connection.output("total_text", TEXT, Set.of(INSTRUMENT), "all visits");

    /** Inputs. */
    public record Inputs(List<String> visitText) {}

    /** Outputs. */
    public record Outputs(String totalText) {}

    /** Config (nothing to configure). */
    public record Config() {
      /** Defaults. */
      public static Config defaults() {
        return new Config();
      }
    }

    /** With a config. */
    public TotalTask(Config config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT), VISIT_TEXT, TOTAL);
    }

    @Override
    public Outputs run(Inputs in) {
      return new Outputs(String.join("\n", in.visitText()));
    }
  }
  /** Copies one detector's upper-cased text: a single input produced upstream. */
  public static final class EchoTask implements PipelineTask<EchoTask.Inputs, EchoTask.Outputs> {
    static final Connection UPPER = Connection.input("upper_text", TEXT, Set.of(INSTRUMENT, VISIT, DETECTOR),
        "the upper-cased text of one detector");
    static final Connection ECHO = Connection.output("echo_text", TEXT, Set.of(INSTRUMENT, VISIT, DETECTOR),
        "the same text, prefixed");

    /** Inputs. */
    public record Inputs(String upperText) {}

    /** Outputs. */
    public record Outputs(String echoText) {}

    /** Config (nothing to configure). */
    public record Config() {
      /** Defaults. */
      public static Config defaults() {
        return new Config();
      }
    }

    /** With a config. */
    public EchoTask(Config config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT, DETECTOR), UPPER, ECHO);
    }

    @Override
    public Outputs run(Inputs in) {
      return new Outputs("echo " + in.upperText());
    }
  }

  /** Joins a visit's detector texts, but only with at least 3 of them ({@code minimum} 3). */
  public static final class QuorumTask implements PipelineTask<QuorumTask.Inputs, QuorumTask.Outputs> {
    static final Connection UPPER = Connection.input("upper_text", TEXT, Set.of(INSTRUMENT, VISIT, DETECTOR),
        "the upper-cased texts of a visit, at least 3").asMultiple().withMinimum(3);
    static final Connection QUORUM = Connection.output("quorum_text", TEXT, Set.of(INSTRUMENT, VISIT),
        "the visit's texts joined, from at least 3 detectors");

    /** Inputs. */
    public record Inputs(List<String> upperText) {}

    /** Outputs. */
    public record Outputs(String quorumText) {}

    /** Config (nothing to configure). */
    public record Config() {
      /** Defaults. */
      public static Config defaults() {
        return new Config();
      }
    }

    /** With a config. */
    public QuorumTask(Config config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT), UPPER, QUORUM);
    }

    @Override
    public Outputs run(Inputs in) {
      return new Outputs(in.upperText().size() + ":" + String.join("|", in.upperText()));
    }
  }

  /** Repeats a visit's joined text: a single input produced by a gather. */
  public static final class ShoutTask implements PipelineTask<ShoutTask.Inputs, ShoutTask.Outputs> {
    static final Connection VISIT_TEXT = Connection.input("visit_text", TEXT, Set.of(INSTRUMENT, VISIT),
        "the visit's texts joined");
    static final Connection SHOUT = Connection.output("shout_text", TEXT, Set.of(INSTRUMENT, VISIT),
        "the visit's text with an exclamation mark");

    /** Inputs. */
    public record Inputs(String visitText) {}

    /** Outputs. */
    public record Outputs(String shoutText) {}

    /** Config (nothing to configure). */
    public record Config() {
      /** Defaults. */
      public static Config defaults() {
        return new Config();
      }
    }

    /** With a config. */
    public ShoutTask(Config config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT), VISIT_TEXT, SHOUT);
    }

    @Override
    public Outputs run(Inputs in) {
      return new Outputs(in.visitText() + "!");
    }
  }
}
