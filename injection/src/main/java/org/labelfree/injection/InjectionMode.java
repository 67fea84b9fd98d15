package org.labelfree.injection;

/** How {@link InjectionCatalogMaker} makes the fakes of a visit. */
public enum InjectionMode {
  /** Every visit and band draws its own fakes, independent of the other visits (the paper's recipe). */
  INDEPENDENT,
  /**
   * One set of fakes per field and band persists across visits, each with an explosion time and a Bazin light
   * curve; a visit's catalogue gives each fake's magnitude at that visit's MJD.
   */
  LIGHTCURVE
}
