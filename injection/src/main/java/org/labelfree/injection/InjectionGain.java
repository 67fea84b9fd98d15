package org.labelfree.injection;

import java.util.OptionalDouble;
import org.labelfree.image.Exposure;

/** Resolves the gain used for the injected noise: configured, else the exposure's, else estimated. Stateless. */
final class InjectionGain {
  private InjectionGain() {}

  /**
   * The gain in e-/count: {@code configured} when finite, else {@code VisitInfo.gain}, else the {@code GAIN} card
   * when positive and finite, else {@link GainEstimate#estimate}.
   *
   * @throws org.labelfree.image.AlgorithmFailureException if the estimate is needed and fails
   */
  static double resolve(Exposure exposure, double configured, String what) {
    if (Double.isFinite(configured)) {
      return configured;
    }
    double g = exposure.visitInfo().gain();
    if (g > 0 && Double.isFinite(g)) {
      return g;
    }
    OptionalDouble card = exposure.metadata().optDouble("GAIN");
    if (card.isPresent() && card.getAsDouble() > 0 && Double.isFinite(card.getAsDouble())) {
      return card.getAsDouble();
    }
    return GainEstimate.estimate(exposure);
  }
}
