package org.labelfree.workflows.tasks;

import org.labelfree.labeling.InjectionMatcher;
import org.labelfree.labeling.TruthJoin;

/**
 * Configuration of {@link MatchInjectedTask} (labels by matching DIA sources to fakes).
 *
 * @param radiusArcsec      the mutual nearest-neighbour match radius, arcsec, inclusive (in (0, 3600]; default 0.5)
 * @param truthRadiusArcsec a DIA source within this distance of a {@code truth_transients} row of its
 *                          visit-detector is a true transient, arcsec, inclusive (in (0, 3600]; default 1.0)
 */
public record MatchInjectedConfig(double radiusArcsec, double truthRadiusArcsec) {
  /** Validates. */
  public MatchInjectedConfig {
    check("radius_arcsec", radiusArcsec);
    check("truth_radius_arcsec", truthRadiusArcsec);
  }

  /** The defaults listed above. */
  public static MatchInjectedConfig defaults() {
    return new MatchInjectedConfig(InjectionMatcher.DEFAULT_RADIUS_ARCSEC, TruthJoin.DEFAULT_RADIUS_ARCSEC);
  }

  private static void check(String name, double v) {
    if (!(v > 0 && v <= InjectionMatcher.MAX_RADIUS_ARCSEC)) {
      throw new IllegalArgumentException(name + " is " + v + "; expected (0, " + InjectionMatcher.MAX_RADIUS_ARCSEC
          + "] arcsec");
    }
  }
}
