package org.labelfree.pipeline.repo;

import java.util.Locale;
import java.util.Optional;

/**
 * The dimensions a dataset can be identified by, as in LSST's Gen3 default dimension universe (a subset): the
 * closed set of keys of a {@link DataId}. Declaration order is the canonical order of data IDs.
 *
 * <p>{@link #VISIT} implies {@link #BAND} and {@link #PHYSICAL_FILTER} (a visit is taken through one filter), as
 * Gen3 does: those values are recorded with the visit's dimension record and may appear in queries.
 */
public enum Dimension {
  /** Instrument name, e.g. {@code 'HSC'}, {@code 'LSSTCam'}. */
  INSTRUMENT("instrument", Kind.STRING),
  /** Abstract filter, e.g. {@code 'g'}. */
  BAND("band", Kind.STRING),
  /** The instrument's filter, e.g. {@code 'HSC-G'}. */
  PHYSICAL_FILTER("physical_filter", Kind.STRING),
  /** Visit (exposure) number. */
  VISIT("visit", Kind.INTEGER),
  /** Detector (CCD) number. */
  DETECTOR("detector", Kind.INTEGER),
  /** Sky map name. */
  SKYMAP("skymap", Kind.STRING),
  /** Tract number of the sky map. */
  TRACT("tract", Kind.INTEGER),
  /** Patch index within the tract. */
  PATCH("patch", Kind.INTEGER);

  /** The type of a dimension's values. */
  public enum Kind {
    /** A {@code long}. */
    INTEGER,
    /** A {@code String}. */
    STRING
  }

  private final String key;
  private final Kind kind;

  Dimension(String key, Kind kind) {
    this.key = key;
    this.kind = kind;
  }

  /** The name used in data IDs, queries, YAML and SQL columns (lower snake case). */
  public String key() {
    return key;
  }

  /** The type of this dimension's values. */
  public Kind kind() {
    return kind;
  }

  /** The dimension with this name (case-insensitive), if any. */
  public static Optional<Dimension> byKey(String name) {
    String k = name.strip().toLowerCase(Locale.ROOT);
    for (Dimension d : values()) {
      if (d.key.equals(k)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return key;
  }
}
