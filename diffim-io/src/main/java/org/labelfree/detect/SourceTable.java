package org.labelfree.detect;

import java.util.Objects;
import org.labelfree.catalog.Catalog;

/**
 * The result of {@link DetectAndMeasure#run}: the source catalogue and summary counts.
 *
 * @param catalog       one row per source, LSST column names (see {@link DetectAndMeasure}); not null
 * @param positive      sources that are positive and not dipoles (>= 0)
 * @param negative      sources that are negative and not dipoles (>= 0)
 * @param dipoles       dipole sources (>= 0)
 * @param backgroundRms the median background noise used, image units (NaN when not estimated)
 */
public record SourceTable(Catalog catalog, int positive, int negative, int dipoles, double backgroundRms) {
  public SourceTable {
    Objects.requireNonNull(catalog, "catalog");
    if (positive < 0 || negative < 0 || dipoles < 0) {
      throw new IllegalArgumentException("counts must be >= 0, but were positive " + positive + ", negative "
          + negative + ", dipoles " + dipoles);
    }
  }
}
