package org.labelfree.sim;

/** The kind of a static source of a simulated {@link Sky}. */
public enum SourceKind {
  /** A point source (rendered with the visit's PSF). */
  STAR,
  /** An extended Sersic galaxy. */
  GALAXY;

  /** The lower-case name used in catalogues: {@code "star"} or {@code "galaxy"}. */
  public String catalogName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
