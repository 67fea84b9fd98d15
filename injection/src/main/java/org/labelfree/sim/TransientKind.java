package org.labelfree.sim;

/** The kind of a true transient of a simulated survey. */
public enum TransientKind {
  /** A supernova in a host galaxy: a single rise and fall (Bazin et al. 2009 light curve). */
  SUPERNOVA,
  /** A periodic variable star of the {@link Sky} (sinusoid or RR-Lyrae-like sawtooth). */
  VARIABLE_STAR,
  /** Nuclear variability of a host galaxy: a damped random walk about a mean. */
  AGN,
  /** A moving solar-system object, seen in exactly one visit, trailed during the exposure. */
  ASTEROID;

  /** The lower-case name used in catalogues, e.g. {@code "variable_star"}. */
  public String catalogName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
