package org.labelfree.sim;

/** The kinds of detector and optical artefact the synthetic survey renders: the bogus class real pipelines face. */
public enum ArtefactKind {
  /** A charged-particle track: sharp (no PSF), one to tens of pixels. */
  COSMIC_RAY,
  /** A single pixel with a high dark current (a sensor property, the same in every visit). */
  HOT_PIXEL,
  /** A dead or hot column, full height or from a row to the top (a sensor property). */
  BAD_COLUMN,
  /** A satellite or aircraft trail: a straight line across the detector with a PSF-like cross-profile. */
  SATELLITE_TRAIL,
  /** Charge above the full well that spilled up and down a column from a saturated star. */
  BLEED_TRAIL,
  /** One of the four diffraction spikes of a saturated star. */
  DIFFRACTION_SPIKE
}
