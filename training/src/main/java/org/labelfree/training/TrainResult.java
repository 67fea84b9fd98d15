package org.labelfree.training;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link RealBogusTrainer#train}: the chosen network with the parameters of its best epoch, the
 * statistics of every epoch run, and whether early stopping ended the run. The caller owns (and closes) the model.
 *
 * @param model        the chosen network (for co-teaching, the one of lower validation loss)
 * @param epochs       one entry per epoch run, in order
 * @param bestEpoch    the 0-based epoch whose parameters the model holds (the last epoch without validation data)
 * @param stoppedEarly true when the patience ran out before the last configured epoch
 */
public record TrainResult(RealBogusModel model, List<EpochStats> epochs, int bestEpoch, boolean stoppedEarly) {
  /** Checks the model is given and copies the list. */
  public TrainResult {
    Objects.requireNonNull(model, "model");
    epochs = List.copyOf(epochs);
  }
}
