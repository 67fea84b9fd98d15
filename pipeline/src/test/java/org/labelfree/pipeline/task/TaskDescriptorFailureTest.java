package org.labelfree.pipeline.task;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.testtasks.BrokenTasks;
import org.labelfree.pipeline.testtasks.ScoreSourcesTask;
import org.labelfree.pipeline.testtasks.TrainModelTask;

class TaskDescriptorFailureTest {

  private static void fails(Class<? extends Throwable> type, Executable call, String... words) {
    Throwable e = assertThrows(type, call);
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
    }
  }

  private static final TaskDescriptor SCORE = TaskDescriptor.of(ScoreSourcesTask.class);

  @Test
  void unknownClass() {
    fails(TaskDefinitionException.class, () -> TaskDescriptor.forName("org.example.Nope", ClassLoader
        .getSystemClassLoader()), "unknown task class 'org.example.Nope'");
  }

  @Test
  void notATask() {
    fails(TaskDefinitionException.class, () -> TaskDescriptor.of(BrokenTasks.NotATask.class), "NotATask",
        "is not a PipelineTask");
  }

  @Test
  void noConnectionsMethod() {
    fails(TaskDefinitionException.class, () -> TaskDescriptor.of(BrokenTasks.NoConnectionsTask.class),
        "NoConnectionsTask", "connections()");
  }

  @Test
  void componentsNotMatchingConnections() {
    fails(TaskDefinitionException.class, () -> TaskDescriptor.of(BrokenTasks.MismatchedTask.class),
        "MismatchedTask", "no component calexp", "connection calexp");
  }

  @Test
  void multipleInputNotAList() {
    fails(TaskDefinitionException.class, () -> TaskDescriptor.of(BrokenTasks.MultipleNotListTask.class),
        "multiple connection scores", "List");
  }

  @Test
  void twoConstructors() {
    fails(TaskDefinitionException.class, () -> TaskDescriptor.of(BrokenTasks.TwoConstructorsTask.class),
        "exactly one public constructor");
  }

  @Test
  void missingRequiredInput() {
    fails(TaskDefinitionException.class, () -> SCORE.toInputs(Map.of("source_table", "S")), "ScoreSourcesTask",
        "required input connection model_weights is missing");
  }

  @Test
  void inputOfTheWrongType() {
    fails(TaskDefinitionException.class, () -> SCORE.toInputs(Map.of("source_table", 5, "model_weights", 1)),
        "ScoreSourcesTask", "source_table", "java.lang.String", "java.lang.Integer");
  }

  @Test
  void unknownInputConnection() {
    fails(TaskDefinitionException.class, () -> SCORE.toInputs(Map.of("source_table", "S", "model_weights", 1,
        "scores", "X")), "'scores' is not an input connection", "[source_table, model_weights, bad_pixels]");
  }

  @Test
  void multipleInputWithAWrongElement() {
    TaskDescriptor d = TaskDescriptor.of(TrainModelTask.class);
    fails(TaskDefinitionException.class, () -> d.toInputs(Map.of("scores", List.of("a", 2))), "scores",
        "java.lang.Integer");
  }

  @Test
  void nullOutput() {
    TaskDescriptor d = TaskDescriptor.of(BrokenTasks.NullOutputTask.class);
    fails(TaskDefinitionException.class, () -> d.run(d.newTask(BrokenTasks.NoConfig.defaults()),
        Map.of("scores", "s")), "NullOutputTask returned null for output connection calexp");
  }

  @Test
  void configOfTheWrongType() {
    fails(TaskDefinitionException.class, () -> SCORE.newTask(TrainModelTask.Config.defaults()),
        "ScoreSourcesTask needs a config of type");
  }

  @Test
  void singleInputWithMoreDimensionsThanTheTask() {
    fails(IllegalArgumentException.class, () -> TaskConnections.of(Set.of(Dimension.INSTRUMENT),
        Connection.input("calexp", "Exposure", Set.of(Dimension.INSTRUMENT, Dimension.VISIT), "c")),
        "input calexp", "not a subset", "multiple");
  }

  @Test
  void badConnectionName() {
    fails(IllegalArgumentException.class, () -> Connection.input("calExp", "Exposure", Set.of(), "c"),
        "lower snake case", "calExp");
  }

  @Test
  void multipleOutput() {
    fails(IllegalArgumentException.class, () -> Connection.output("x", "Json", Set.of(), "x").asMultiple(),
        "output connection x cannot be multiple");
  }

  @Test
  void minimumOnASingleInput() {
    fails(IllegalArgumentException.class, () -> Connection.input("src", "Catalog", Set.of(), "s").withMinimum(2),
        "connection src", "minimum", "1 unless the input is multiple", "was 2");
  }

  @Test
  void minimumBelowOne() {
    fails(IllegalArgumentException.class, () -> Connection.input("src", "Catalog", Set.of(), "s").asMultiple()
        .withMinimum(0), "connection src", "minimum must be >= 1", "was 0");
  }
}
