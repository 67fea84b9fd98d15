package org.labelfree.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealBogusTrainerTest {
  private static final CnnConfig NET = CnnConfig.defaults(1, 30);

  @Test
  void standardLearnsTheToyProblem() {
    StampData train = ToyStamps.make(600, 30, 11);
    StampData test = ToyStamps.make(200, 30, 12);
    // Batch 32: 19 Adam steps per epoch, so 5 epochs are about 95 steps.
    TrainConfig cfg = TrainConfig.defaults(TrainingMethod.STANDARD).withEpochs(5).withBatchSize(32).withPatience(0);
    List<EpochStats> seen = new ArrayList<>();
    TrainResult r = RealBogusTrainer.train(train, test, NET, cfg, seen::add);
    try (RealBogusModel m = r.model()) {
      double acc = ToyStamps.accuracy(m, test);
      System.out.println("toy standard accuracy " + acc + " " + r.epochs());
      assertTrue(acc > 0.95, "accuracy " + acc);
      assertEquals(5, seen.size());
      assertEquals(r.epochs(), seen);
      assertFalse(r.stoppedEarly());
    }
  }

  @Test
  void sameSeedSameWeightsForStandardAndCoteaching() {
    StampData train = ToyStamps.make(200, 30, 21);
    StampData val = ToyStamps.make(64, 30, 22);
    for (TrainingMethod method : new TrainingMethod[] {TrainingMethod.STANDARD, TrainingMethod.COTEACHING}) {
      TrainConfig cfg = TrainConfig.defaults(method).withEpochs(2).withBatchSize(64).withSchedule(1, 1.0);
      Map<String, float[]> a = weights(train, val, cfg);
      Map<String, float[]> b = weights(train, val, cfg);
      Map<String, float[]> c = weights(train, val, cfg.withSeed(2));
      assertEquals(a.keySet(), b.keySet());
      boolean differs = false;
      for (String k : a.keySet()) {
        float[] x = a.get(k);
        float[] y = b.get(k);
        for (int i = 0; i < x.length; i++) {
          assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), method + " " + k + "[" + i + "]");
        }
        differs |= !java.util.Arrays.equals(x, c.get(k));
      }
      assertTrue(differs, method + ": seed 2 gave the weights of seed 1");
    }
  }

  @Test
  void gpuWithoutAGpuIsAnErrorNamingTheOption() {
    assumeTrue(Engine.getEngine(RealBogusModel.ENGINE).getGpuCount() == 0, "this machine has a GPU");
    TrainConfig cfg = TrainConfig.defaults(TrainingMethod.STANDARD).withDevice(ComputeDevice.GPU);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RealBogusTrainer.train(ToyStamps.make(4, 30, 1), null, NET, cfg, null));
    assertTrue(e.getMessage().contains("--device gpu"), e.getMessage());
  }

  @Test
  void stampsOfAnotherShapeAreRejected() {
    TrainConfig cfg = TrainConfig.defaults(TrainingMethod.STANDARD);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RealBogusTrainer.train(ToyStamps.make(4, 20, 1), null, NET, cfg, null));
    assertEquals("train stamps are 1x20x20; the network expects 1x30x30",
        e.getMessage());
  }

  @Test
  void returnsTheBestEpochOfTheBetterPeer() {
    StampData train = ToyStamps.make(200, 30, 51);
    StampData val = ToyStamps.make(64, 30, 52);
    TrainConfig cfg = TrainConfig.defaults(TrainingMethod.COTEACHING).withEpochs(3).withBatchSize(32);
    TrainResult r = RealBogusTrainer.train(train, val, NET, cfg, null);
    try (RealBogusModel m = r.model()) {
      double best = Double.POSITIVE_INFINITY;
      int arg = -1;
      for (EpochStats s : r.epochs()) {
        if (s.validationLoss() < best) {
          best = s.validationLoss();
          arg = s.epoch();
        }
      }
      assertEquals(arg, r.bestEpoch());
      // The returned parameters reproduce the recorded validation loss exactly (same computation, same weights).
      assertEquals(best, RealBogusTrainer.evaluate(m, val)[0], 0.0);
    }
  }

  @Test
  void focalLossWithClassWeightsTrains() {
    StampData train = ToyStamps.make(128, 30, 61);
    TrainConfig cfg = TrainConfig.defaults(TrainingMethod.STANDARD).withEpochs(2).withBatchSize(32)
        .withFocalGamma(2.0).withClassWeights(new double[] {1.0, 3.0});
    TrainResult r = RealBogusTrainer.train(train, null, NET, cfg, null);
    r.model().close();
    assertEquals(1, r.bestEpoch());
    for (EpochStats s : r.epochs()) {
      assertTrue(Double.isFinite(s.trainLoss()) && s.trainLoss() > 0, "train loss " + s.trainLoss());
      assertTrue(Double.isNaN(s.validationLoss()));
    }
  }

  private static Map<String, float[]> weights(StampData train, StampData val, TrainConfig cfg) {
    try (RealBogusModel m = RealBogusTrainer.train(train, val, NET, cfg, null).model()) {
      return m.parameterValues();
    }
  }
}
