package org.labelfree.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoTeachingTest {
  /** A narrower network than the paper's: the behaviour under test is the selection, not the width. */
  private static final CnnConfig NET = new CnnConfig(1, 30, 16, 32, 64, 0.5);

  @Test
  void asymmetricWithTauInjectedZeroKeepsEveryInjectedSample() {
    StampData train = ToyStamps.make(160, 30, 31);
    TrainConfig cfg = TrainConfig.defaults(TrainingMethod.ASYMMETRIC).withEpochs(3).withBatchSize(32)
        .withTaus(0.0, 0.5).withSchedule(1, 1.0);
    TrainResult r = RealBogusTrainer.train(train, null, NET, cfg, null);
    r.model().close();
    List<EpochStats> epochs = r.epochs();
    for (EpochStats s : epochs) {
      assertEquals(1.0, s.keptFraction1(), 0.0, "every label-1 sample kept in epoch " + s.epoch());
      assertEquals(1.0, s.keepRate1(), 0.0);
    }
    // Epoch 0 keeps all; from epoch 1 (T >= tk) each network keeps floor(0.5 * n0) of the n0 label-0 samples of
    // each of the 5 batches: between 0.5 - 5 * 0.5 / 80 and 0.5 of the 80.
    assertEquals(1.0, epochs.get(0).keptFraction0(), 0.0);
    for (int t = 1; t < 3; t++) {
      double f = epochs.get(t).keptFraction0();
      assertTrue(f <= 0.5 && f >= 0.5 - 2.5 / 80, "epoch " + t + " kept " + f + " of label 0");
    }
    assertEquals(0.5, epochs.get(2).keepRate0(), 1e-12);
  }

  /**
   * 20% of the label-1 training stamps (40 of 200) relabelled 0; sensitivity on clean test labels. Measured (seed 1,
   * 10 epochs, batch 32): standard 0.970, asymmetric (tau_injected 0, tau_real 0.2, tk 2) 1.000; at 8 epochs 0.540
   * and 0.970. The margin of 0.02 (2 of the 100 test positives) covers run-to-run differences of thread counts.
   */
  @Test
  void asymmetricSensitivityUnderLabelNoiseIsAtLeastStandards() {
    StampData clean = ToyStamps.make(400, 30, 41);
    StampData test = ToyStamps.make(200, 30, 42);
    byte[] noisy = clean.labels();
    int flipped = 0;
    for (int i = 0; i < noisy.length; i++) {
      if (noisy[i] == 1 && (i / 2) % 5 == 0) {
        noisy[i] = 0;
        flipped++;
      }
    }
    assertEquals(40, flipped);
    StampData train = new StampData(clean.pixels(), clean.n(), 1, 30, noisy, clean.rows());
    TrainConfig std = TrainConfig.defaults(TrainingMethod.STANDARD).withEpochs(10).withBatchSize(32);
    TrainConfig asy = std.withMethod(TrainingMethod.ASYMMETRIC).withTaus(0.0, 0.2).withSchedule(2, 1.0);
    double standard;
    try (RealBogusModel m = RealBogusTrainer.train(train, null, NET, std, null).model()) {
      standard = ToyStamps.sensitivity(m, test);
    }
    double asymmetric;
    try (RealBogusModel m = RealBogusTrainer.train(train, null, NET, asy, null).model()) {
      asymmetric = ToyStamps.sensitivity(m, test);
    }
    System.out.printf("label noise: sensitivity standard %.3f, asymmetric %.3f%n", standard, asymmetric);
    assertTrue(asymmetric >= standard - 0.02, "asymmetric " + asymmetric + " < standard " + standard + " - 0.02");
    assertTrue(asymmetric >= 0.9, "asymmetric sensitivity " + asymmetric);
  }
}
