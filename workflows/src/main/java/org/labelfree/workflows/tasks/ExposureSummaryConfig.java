package org.labelfree.workflows.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.labelfree.image.ExposureSummary;

/**
 * Configuration of {@link ExposureSummaryTask}.
 *
 * @param notBackgroundPlanes mask planes whose pixels are left out of {@code median_background} and {@code
 *                            robust_sigma} (they still count in {@code finite_fraction} and the mask fractions);
 *                            names are matched ignoring case and stored upper case, duplicates removed, order kept; a
 *                            plane the calexp's mask does not register is ignored; may be empty (every finite pixel
 *                            counts); default {@link ExposureSummary#NOT_BACKGROUND} = [BAD, SAT, CR, NO_DATA,
 *                            DETECTED, DETECTED_NEGATIVE]
 * @param requireWcs          if true (default), a calexp without a WCS is unprocessable; if false, its row gets NaN
 *                            for {@code ra_centre}, {@code dec_centre} and {@code pixel_scale}
 */
public record ExposureSummaryConfig(List<String> notBackgroundPlanes, boolean requireWcs) {

  /**
   * Validates and normalises.
   *
   * @throws IllegalArgumentException if {@code notBackgroundPlanes} is null or holds a null or blank name
   */
  public ExposureSummaryConfig {
    if (notBackgroundPlanes == null) {
      throw new IllegalArgumentException("notBackgroundPlanes must be a list of mask plane names, but was null");
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < notBackgroundPlanes.size(); i++) {
      String name = notBackgroundPlanes.get(i);
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("notBackgroundPlanes[" + i + "] must be a mask plane name, but was "
            + (name == null ? "null" : "blank"));
      }
      names.add(name.strip().toUpperCase(Locale.ROOT));
    }
    notBackgroundPlanes = Collections.unmodifiableList(new ArrayList<>(names));
  }

  /**
   * The defaults: the standard non-background planes, WCS required.
   *
   * @return the default config
   */
  public static ExposureSummaryConfig defaults() {
    return new ExposureSummaryConfig(ExposureSummary.NOT_BACKGROUND, true);
  }
}
