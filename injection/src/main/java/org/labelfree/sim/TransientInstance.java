package org.labelfree.sim;

import java.util.Objects;

/**
 * A true transient as seen in one epoch (visit) of the survey: what to render, and what the template holds.
 *
 * <p>How to render it, so that every image has the right total flux: the template and every visit contain the
 * static {@link Sky} (a variable star at its sky magnitude, the AGN host galaxy without its nucleus) plus, at this
 * position, a point source of flux {@code f(baselineMagnitude)} in the template (nothing when it is NaN); a visit
 * contains the static sky plus a point source of flux {@code f(magnitude) - f(baselineMagnitude)} (NaN counting as
 * zero flux; the difference may be negative). Then a visit holds {@code f(magnitude)} in total at this position, and
 * a difference image sees {@code f(magnitude) - f(baselineMagnitude)}. For a variable star the baseline is the star
 * itself, so a renderer that already draws the star from the Sky adds only the difference. Immutable.
 *
 * @param transientId        id of the transient (a row id of {@link Transients#parameters()})
 * @param kind               its kind (not null)
 * @param hostId             id of the host source in the {@link Sky} (galaxy for supernovae and AGN, the star itself
 *                           for variable stars); -1 for asteroids
 * @param ra                 right ascension at mid-exposure (deg, [0, 360))
 * @param dec                declination at mid-exposure (deg, [-90, 90])
 * @param magnitude          total AB magnitude of the transient source in the epoch's band at mid-exposure; NaN when
 *                           it has no flux (a supernova far from its peak)
 * @param baselineMagnitude  AB magnitude of what a template holds from this source: the mean of a variable star or
 *                           AGN; NaN (nothing) for supernovae and asteroids
 * @param trailLengthArcsec  length of the motion during the exposure (arcsec, >= 0; 0 except for asteroids)
 * @param trailAngleDeg      direction of motion, degrees East of North in [0, 360) (0 except for asteroids)
 */
public record TransientInstance(long transientId, TransientKind kind, long hostId, double ra, double dec,
    double magnitude, double baselineMagnitude, double trailLengthArcsec, double trailAngleDeg) {

  /** Validates the components; throws {@link IllegalArgumentException} naming the bad one. */
  public TransientInstance {
    Objects.requireNonNull(kind, "kind");
    if (!(ra >= 0.0 && ra < 360.0)) {
      throw new IllegalArgumentException("ra must be in [0, 360) deg, but was " + ra);
    }
    if (!(dec >= -90.0 && dec <= 90.0)) {
      throw new IllegalArgumentException("dec must be in [-90, 90] deg, but was " + dec);
    }
    if (!(trailLengthArcsec >= 0.0 && trailLengthArcsec < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("trailLengthArcsec must be finite and >= 0, but was " + trailLengthArcsec);
    }
    if (!(trailAngleDeg >= 0.0 && trailAngleDeg < 360.0)) {
      throw new IllegalArgumentException("trailAngleDeg must be in [0, 360) deg, but was " + trailAngleDeg);
    }
  }
}
