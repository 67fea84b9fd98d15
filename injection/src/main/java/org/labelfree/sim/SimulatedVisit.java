package org.labelfree.sim;

import java.util.Objects;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;

/**
 * One rendered visit-detector of a {@link SyntheticSurvey}: the calibrated exposure and its truth.
 *
 * @param calexp          the background-subtracted calibrated exposure (ADU; WCS, PhotoCalib, VisitInfo, Moffat PSF)
 * @param truthTransients the true transients on this detector in this visit (columns in {@link SyntheticSurvey})
 * @param truthArtefacts  the artefacts added to this visit-detector (columns in {@link SyntheticSurvey})
 */
public record SimulatedVisit(Exposure calexp, Catalog truthTransients, Catalog truthArtefacts) {
  /** Checks every part is present. */
  public SimulatedVisit {
    Objects.requireNonNull(calexp, "calexp");
    Objects.requireNonNull(truthTransients, "truthTransients");
    Objects.requireNonNull(truthArtefacts, "truthArtefacts");
  }
}
