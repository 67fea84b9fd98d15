package org.labelfree.injection;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;

/**
 * What {@link Injector} produced: the injected exposure ({@code injected_calexp}) and the catalogue
 * ({@code injected_calexp_catalog}): every input row, in order, plus {@code injected_x, injected_y} (double, parent
 * pixels; NaN where the WCS cannot map the row), {@code injection_flag} (int, {@link InjectionFlag} bits) and
 * {@code injected_flux} (double, counts; 0 where the row was not injected). Immutable.
 *
 * @param exposure the injected exposure (not null)
 * @param catalog  the output catalogue (not null)
 * @param injected the number of rows injected (no flag set), >= 0
 * @param flagged  rows flagged, per flag (every flag present, 0 when none; a row may count under several flags);
 *                 copied into an unmodifiable map
 */
public record InjectionResult(Exposure exposure, Catalog catalog, int injected, Map<InjectionFlag, Integer> flagged) {

  /** Validates and copies. @throws IllegalArgumentException if {@code injected} is negative */
  public InjectionResult {
    Objects.requireNonNull(exposure, "exposure");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(flagged, "flagged");
    if (injected < 0 || injected > catalog.rowCount()) {
      throw new IllegalArgumentException("injected must be in [0, " + catalog.rowCount() + "], but was " + injected);
    }
    EnumMap<InjectionFlag, Integer> m = new EnumMap<>(InjectionFlag.class);
    for (InjectionFlag f : InjectionFlag.values()) {
      m.put(f, flagged.getOrDefault(f, 0));
    }
    flagged = Collections.unmodifiableMap(m);
  }

  /** The number of rows flagged with {@code flag}. */
  public int flagged(InjectionFlag flag) {
    return flagged.get(flag);
  }
}
