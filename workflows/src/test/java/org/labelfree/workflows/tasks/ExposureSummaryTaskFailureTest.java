package org.labelfree.workflows.tasks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.pipeline.task.TaskDefinitionException;
import org.labelfree.pipeline.task.TaskDescriptor;
import org.labelfree.pipeline.task.UnprocessableDataException;

/** Each test breaks one thing of a valid calexp or config. */
class ExposureSummaryTaskFailureTest {
  private static final TaskDescriptor TASK = TaskDescriptor.of(ExposureSummaryTask.class);

  private static void assertMessage(Throwable e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "message lacks '" + w + "': " + e.getMessage());
    }
  }

  @Test
  void allNanImageIsUnprocessable() {
    Exposure good = ExposureSummaryTaskTest.synthetic(false);
    float[] nan = new float[good.width() * good.height()];
    Arrays.fill(nan, Float.NaN);
    Exposure bad = good.withImage(ImageF.wrap(good.width(), good.height(), nan));
    UnprocessableDataException e = assertThrows(UnprocessableDataException.class,
        () -> ExposureSummaryTaskTest.summarise(bad, Map.of()));
    assertMessage(e, "visit=42", "detector=7", "no finite pixel", "finite fraction 0.0");
  }

  @Test
  void everyPixelInAnExcludedPlaneIsUnprocessable() {
    Exposure good = ExposureSummaryTaskTest.synthetic(false);
    int[] bits = new int[good.width() * good.height()];
    Arrays.fill(bits, MaskPlanes.defaults().bitmask("BAD"));
    Exposure bad = good.withMask(Mask.wrap(good.width(), good.height(), bits, MaskPlanes.defaults()));
    UnprocessableDataException e = assertThrows(UnprocessableDataException.class,
        () -> ExposureSummaryTaskTest.summarise(bad, Map.of()));
    assertMessage(e, "no finite pixel outside the mask planes", "BAD", "finite fraction 1.0");
  }

  @Test
  void missingWcsIsUnprocessableWhenRequired() {
    Exposure bad = ExposureSummaryTaskTest.synthetic(true);
    UnprocessableDataException e = assertThrows(UnprocessableDataException.class,
        () -> ExposureSummaryTaskTest.summarise(bad, Map.of()));
    assertMessage(e, "visit=42", "has no WCS", "require_wcs=false");
  }

  @Test
  void unknownConfigKeyIsRejectedByName() {
    TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
        () -> TASK.resolveConfig(Map.of("bad_planes", "BAD")));
    assertMessage(e, "unknown config key 'bad_planes'", "notBackgroundPlanes", "requireWcs");
  }

  @Test
  void blankMaskPlaneNameIsRejected() {
    TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
        () -> TASK.resolveConfig(Map.of("not_background_planes", List.of("BAD", " "))));
    assertMessage(e, "notBackgroundPlanes[1]", "blank");
  }

  @Test
  void nonBooleanRequireWcsIsRejected() {
    TaskDefinitionException e = assertThrows(TaskDefinitionException.class,
        () -> TASK.resolveConfig(Map.of("require_wcs", "maybe")));
    assertMessage(e, "requireWcs", "maybe", "not true or false");
  }
}
