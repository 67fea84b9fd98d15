package org.labelfree.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainConfigTest {
  @Test
  void defaultsOfTheIssue() {
    TrainConfig c = TrainConfig.defaults(TrainingMethod.COTEACHING);
    assertEquals(30, c.epochs());
    assertEquals(128, c.batchSize());
    assertEquals(1e-3, c.learningRate());
    assertEquals(0.1, c.forgetRate());
    assertEquals(0.0, c.tauInjected());
    assertEquals(0.1, c.tauReal());
    assertEquals(10, c.tk());
    assertEquals(1L, c.seed());
    assertNull(c.classWeights());
    assertEquals(5, c.patience());
    assertTrue(c.augment());
    assertEquals(ComputeDevice.CPU, c.device());
    assertEquals(c, TrainConfig.defaults(TrainingMethod.COTEACHING).withClassWeights(null));
    CnnConfig n = CnnConfig.defaults(1, 30);
    assertEquals(2304, n.flattenedSize());
    assertEquals(6, n.pooledSize());
  }

  @Test
  void parsesCliNames() {
    assertEquals(TrainingMethod.ASYMMETRIC, TrainingMethod.parse("asymmetric"));
    assertEquals(TrainingMethod.COTEACHING, TrainingMethod.parse("CoTeaching"));
    assertEquals(ComputeDevice.AUTO, ComputeDevice.parse("auto"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingMethod.parse("mixup"));
    assertEquals("method must be one of standard, coteaching, asymmetric, but was mixup", e.getMessage());
  }

  @Test
  void rejectsOutOfRangeWithTheParameterName() {
    TrainConfig d = TrainConfig.defaults(TrainingMethod.STANDARD);
    assertEquals("tauReal must be in [0, 1), but was 1.0",
        assertThrows(IllegalArgumentException.class, () -> d.withTaus(0, 1.0)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withClassWeights(new double[] {1}))
        .getMessage().startsWith("classWeights must have 2 values"));
    assertThrows(IllegalArgumentException.class, () -> d.withEpochs(0));
    assertThrows(IllegalArgumentException.class, () -> d.withFocalGamma(-1));
    assertEquals("stampSize must be >= 10 (two conv3x3 + pool2 stages), but was 9",
        assertThrows(IllegalArgumentException.class, () -> CnnConfig.defaults(1, 9)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new CnnConfig(1, 30, 32, 64, 128, 1.0));
  }
}
