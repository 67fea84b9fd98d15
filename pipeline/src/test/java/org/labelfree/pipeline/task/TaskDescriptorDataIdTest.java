package org.labelfree.pipeline.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;

/** An inputs record may declare {@code DataId dataId} to receive the quantum's data ID. */
class TaskDescriptorDataIdTest {
  static final Set<Dimension> DIMS = Set.of(Dimension.INSTRUMENT, Dimension.VISIT);

  /** Echoes its data ID. */
  public static final class Labelled implements PipelineTask<Labelled.Inputs, Labelled.Outputs> {
    /** Inputs with the data ID. */
    public record Inputs(String text, DataId dataId) {}

    /** Outputs. */
    public record Outputs(String labelled) {}

    /** Nothing to configure. */
    public record Config() {
      /** Defaults. */
      public static Config defaults() {
        return new Config();
      }
    }

    /** A task. */
    public Labelled(Config config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return TaskConnections.of(DIMS, Connection.input("text", "Json", DIMS, "a text"),
          Connection.output("labelled", "Json", DIMS, "the text with its data ID"));
    }

    @Override
    public Outputs run(Inputs in) {
      return new Outputs(in.text() + "@" + in.dataId());
    }
  }

  /** Declares a dataId component of the wrong type. */
  public static final class WrongType implements PipelineTask<WrongType.Inputs, Labelled.Outputs> {
    /** Inputs with a string where the data ID goes. */
    public record Inputs(String text, String dataId) {}

    /** Nothing to configure. */
    public record Config() {
      /** Defaults. */
      public static Config defaults() {
        return new Config();
      }
    }

    /** A task. */
    public WrongType(Config config) {}

    /** Connections. */
    public static TaskConnections connections() {
      return Labelled.connections();
    }

    @Override
    public Labelled.Outputs run(Inputs in) {
      return new Labelled.Outputs(in.text());
    }
  }

  @Test
  void theDataIdComponentReceivesTheQuantumDataId() {
    TaskDescriptor d = TaskDescriptor.of(Labelled.class);
    DataId id = DataId.of(Map.of("instrument", "HSC", "visit", 7, "band", "g"));
    Map<String, Object> out = d.run(d.newTask(d.resolveConfig(Map.of())), Map.of("text", "t"), id);
    assertEquals("t@" + id, out.get("labelled"));
    Map<String, Object> none = d.run(d.newTask(d.resolveConfig(Map.of())), Map.of("text", "t"));
    assertEquals("t@" + DataId.empty(), none.get("labelled"));
  }

  @Test
  void aDataIdComponentOfAnotherTypeIsRejected() {
    TaskDefinitionException e = assertThrows(TaskDefinitionException.class, () -> TaskDescriptor.of(WrongType.class));
    assertTrue(e.getMessage().contains("dataId"), e.getMessage());
    assertTrue(e.getMessage().contains("DataId"), e.getMessage());
  }
}
