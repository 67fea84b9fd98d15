package org.labelfree.workflows.tasks;

import org.labelfree.labeling.objects.DiaObjectAssociator;

/**
 * Configuration of {@link AssociateTask} (DIA sources into DIA objects across visits).
 *
 * @param radiusArcsec association radius: a source joins the nearest object whose running-mean position is within
 *                     it (arcsec, in (0, 3600]; default 1.0)
 */
public record AssociateConfig(double radiusArcsec) {
  /** Validates. */
  public AssociateConfig {
    if (!(radiusArcsec > 0 && radiusArcsec <= DiaObjectAssociator.MAX_RADIUS_ARCSEC)) {
      throw new IllegalArgumentException("radius_arcsec is " + radiusArcsec + "; expected (0, "
          + DiaObjectAssociator.MAX_RADIUS_ARCSEC + "]");
    }
  }

  /** Radius 1.0 arcsec. */
  public static AssociateConfig defaults() {
    return new AssociateConfig(DiaObjectAssociator.DEFAULT_RADIUS_ARCSEC);
  }
}
