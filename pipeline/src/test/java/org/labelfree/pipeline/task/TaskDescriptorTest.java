package org.labelfree.pipeline.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.testtasks.MakeCatalogTask;
import org.labelfree.pipeline.testtasks.ScoreSourcesTask;
import org.labelfree.pipeline.testtasks.TrainModelTask;

class TaskDescriptorTest {

  @Test
  void describesATaskWithoutRunningIt() {
    TaskDescriptor d = TaskDescriptor.forName(ScoreSourcesTask.class.getName(), getClass().getClassLoader());
    assertEquals(ScoreSourcesTask.Config.class, d.configType());
    assertEquals(ScoreSourcesTask.Inputs.class, d.inputType());
    assertEquals(ScoreSourcesTask.Outputs.class, d.outputType());
    assertEquals(Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR), d.connections().dimensions());
    assertEquals(List.of(ScoreSourcesTask.SOURCE_TABLE, ScoreSourcesTask.MODEL_WEIGHTS, ScoreSourcesTask.BAD_PIXELS),
        d.connections().inputs());
    assertEquals(List.of(ScoreSourcesTask.SCORES), d.connections().outputs());
    assertEquals(new ScoreSourcesTask.Config(0.0, 2.0), d.resolveConfig(Map.of("max_score", "2")));
  }

  @Test
  void inputsAndOutputsRoundTripByConnectionName() {
    TaskDescriptor d = TaskDescriptor.of(ScoreSourcesTask.class);
    Record in = d.toInputs(Map.of("source_table", "S", "model_weights", 7, "bad_pixels", "B"));
    assertEquals(new ScoreSourcesTask.Inputs("S", 7, "B"), in);

    Map<String, Object> out = d.fromOutputs(new ScoreSourcesTask.Outputs("X"));
    assertEquals(Map.of("scores", "X"), out);

    PipelineTask<?, ?> task = d.newTask(d.resolveConfig(Map.of()));
    assertEquals(Map.of("scores", "scores(S, w=7, bad=B, 1.0)"),
        d.run(task, Map.of("source_table", "S", "model_weights", 7, "bad_pixels", "B")));
  }

  @Test
  void anAbsentOptionalInputIsNull() {
    TaskDescriptor d = TaskDescriptor.of(ScoreSourcesTask.class);
    Map<String, Object> in = new HashMap<>();
    in.put("source_table", "S");
    in.put("model_weights", 1);
    assertNull(((ScoreSourcesTask.Inputs) d.toInputs(in)).badPixels());
    in.put("bad_pixels", null);
    assertNull(((ScoreSourcesTask.Inputs) d.toInputs(in)).badPixels());
  }

  @Test
  void aMultipleInputIsAListInOrder() {
    TaskDescriptor d = TaskDescriptor.of(TrainModelTask.class);
    PipelineTask<?, ?> task = d.newTask(TrainModelTask.Config.defaults());
    assertEquals(Map.of("model", "model(3 shards, 3 epochs)"), d.run(task, Map.of("scores", List.of("a", "b", "c"))));
    assertEquals(new TrainModelTask.Inputs(List.of("c", "a")), d.toInputs(Map.of("scores", List.of("c", "a"))));
  }

  @Test
  void connectionNamesMapToCamelCaseComponents() {
    assertEquals("sourceTable", MakeCatalogTask.SOURCE_TABLE.componentName());
    assertEquals("calexp", MakeCatalogTask.CALEXP.componentName());
    assertEquals("a1B2", Connection.output("a_1_b2", "Json", Set.of(), "x").componentName());
  }
}
