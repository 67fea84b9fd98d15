package org.labelfree.diffim;

import java.util.Objects;
import org.labelfree.image.Exposure;

/**
 * A template warped and stitched onto a science exposure's pixel grid by {@link TemplateStitcher}.
 *
 * @param exposure       the stitched template: image, variance and mask on the destination box, NaN / NaN /
 *                       NO_DATA where no patch covers it (never null)
 * @param coveredFraction fraction of the destination pixels that are not NO_DATA (in (0, 1])
 * @param patchesUsed    number of patches that contributed at least one pixel (>= 1)
 */
public record WarpedTemplate(Exposure exposure, double coveredFraction, int patchesUsed) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if {@code coveredFraction} is not in (0, 1] or {@code patchesUsed} is below 1
   * @throws NullPointerException     if {@code exposure} is null
   */
  public WarpedTemplate {
    Objects.requireNonNull(exposure, "exposure");
    if (!(coveredFraction > 0 && coveredFraction <= 1)) {
      throw new IllegalArgumentException("coveredFraction must be in (0, 1], but was " + coveredFraction);
    }
    if (patchesUsed < 1) {
      throw new IllegalArgumentException("patchesUsed must be >= 1, but was " + patchesUsed);
    }
  }
}
