package org.labelfree.pipeline.testtasks;

import static org.labelfree.pipeline.repo.Dimension.DETECTOR;
import static org.labelfree.pipeline.repo.Dimension.INSTRUMENT;
import static org.labelfree.pipeline.repo.Dimension.VISIT;

import java.util.Set;
import org.labelfree.pipeline.task.Connection;
import org.labelfree.pipeline.task.PipelineTask;
import org.labelfree.pipeline.task.TaskConnections;

/** Tasks that are valid alone but break a pipeline, and classes that break the task contract. */
public final class BrokenTasks {
  private BrokenTasks() {}

  /** A config with no fields. */
  public record NoConfig() {
    /** Defaults. */
    public static NoConfig defaults() {
      return new NoConfig();
    }
  }

  /** One string in. */
  public record In(String scores) {}

  /** One string out. */
  public record Out(String calexp) {}

  /** Reads B's scores and writes A's calexp: closes a cycle A -> B -> this -> A. */
  public static final class RecalibrateTask implements PipelineTask<In, Out> {
    /** A task. */
    public RecalibrateTask(NoConfig config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT, DETECTOR),
          Connection.input("scores", "Catalog", Set.of(INSTRUMENT, VISIT, DETECTOR), "scores"),
          Connection.output("calexp", "Exposure", Set.of(INSTRUMENT, VISIT, DETECTOR), "a recalibrated exposure"));
    }

    @Override
    public Out run(In in) {
      return new Out(in.scores());
    }
  }

  /** Reads scores per visit only: inconsistent with B's scores (instrument, visit, detector). */
  public static final class VisitScoresTask implements PipelineTask<In, VisitScoresTask.Result> {
    /** Output. */
    public record Result(String visitSummary) {}

    /** A task. */
    public VisitScoresTask(NoConfig config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT),
          Connection.input("scores", "Catalog", Set.of(INSTRUMENT, VISIT), "scores"),
          Connection.output("visit_summary", "Catalog", Set.of(INSTRUMENT, VISIT), "a summary"));
    }

    @Override
    public Result run(In in) {
      return new Result(in.scores());
    }
  }

  /** Reads calexp as a Catalog: inconsistent with A's calexp (an Exposure), both overall inputs. */
  public static final class CalexpAsCatalogTask implements PipelineTask<CalexpAsCatalogTask.CalIn,
      CalexpAsCatalogTask.CalOut> {
    /** Input. */
    public record CalIn(String calexp) {}

    /** Output. */
    public record CalOut(String other) {}

    /** A task. */
    public CalexpAsCatalogTask(NoConfig config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT, VISIT, DETECTOR),
          Connection.input("calexp", "Catalog", Set.of(INSTRUMENT, VISIT, DETECTOR), "calexp"),
          Connection.output("other", "Catalog", Set.of(INSTRUMENT, VISIT, DETECTOR), "other"));
    }

    @Override
    public CalOut run(CalIn in) {
      return new CalOut(in.calexp());
    }
  }

  /** Not a task at all. */
  public static final class NotATask {
    /** A constructor that looks right. */
    public NotATask(NoConfig config) {}
  }

  /** A task without connections(). */
  public static final class NoConnectionsTask implements PipelineTask<In, Out> {
    /** A task. */
    public NoConnectionsTask(NoConfig config) {}

    @Override
    public Out run(In in) {
      return new Out(in.scores());
    }
  }

  /** A task whose inputs record does not match its connections (component scores, connection calexp). */
  public static final class MismatchedTask implements PipelineTask<In, Out> {
    /** A task. */
    public MismatchedTask(NoConfig config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT),
          Connection.input("calexp", "Exposure", Set.of(INSTRUMENT), "calexp"),
          Connection.output("calexp2", "Exposure", Set.of(INSTRUMENT), "calexp"));
    }

    @Override
    public Out run(In in) {
      return new Out(in.scores());
    }
  }

  /** A task with a multiple input carried by a non-List component. */
  public static final class MultipleNotListTask implements PipelineTask<In, Out> {
    /** A task. */
    public MultipleNotListTask(NoConfig config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(Set.of(INSTRUMENT),
          Connection.input("scores", "Catalog", Set.of(INSTRUMENT, VISIT), "scores").asMultiple(),
          Connection.output("calexp", "Exposure", Set.of(INSTRUMENT), "calexp"));
    }

    @Override
    public Out run(In in) {
      return new Out(in.scores());
    }
  }

  /** A task with two public constructors. */
  public static final class TwoConstructorsTask implements PipelineTask<In, Out> {
    /** A task. */
    public TwoConstructorsTask(NoConfig config) {}

    /** Another. */
    public TwoConstructorsTask() {}

    /** Connections. */
    public static TaskConnections connections() {
      return RecalibrateTask.connections();
    }

    @Override
    public Out run(In in) {
      return new Out(in.scores());
    }
  }

  /** A task that returns null for its output. */
  public static final class NullOutputTask implements PipelineTask<In, Out> {
    /** A task. */
    public NullOutputTask(NoConfig config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return RecalibrateTask.connections();
    }

    @Override
    public Out run(In in) {
      return new Out(null);
    }
  }
}
