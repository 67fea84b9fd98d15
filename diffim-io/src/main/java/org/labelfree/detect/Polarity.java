package org.labelfree.detect;

/** Which signs of signal {@link DetectAndMeasure} detects. */
public enum Polarity {
  /** Only sources brighter than the background (single-frame images). */
  POSITIVE,
  /** Only sources fainter than the background. */
  NEGATIVE,
  /** Both signs (difference images); footprints of both signs that touch become one dipole. */
  BOTH
}
