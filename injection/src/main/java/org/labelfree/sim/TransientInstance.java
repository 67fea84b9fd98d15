package org.labelfree.sim;

import java.util.Objects;

/**
 * A true transient as seen in one epoch (visit) of the survey: what to render, and what the template holds.
 *
 * <p>How to render it, so that every image holds the right total flux (f(m) is the flux of magnitude m, zero for
 * NaN; the static {@link Sky} is drawn in templates and visits alike):
 * <ul>
 *   <li>{@link TransientKind#SUPERNOVA}, {@link TransientKind#ASTEROID}: the visit adds a point source (asteroids:
 *       trailed) of flux f(magnitude); the template adds nothing.</li>
 *   <li>{@link TransientKind#AGN}: the Sky holds only the host galaxy; the template adds a point source of
 *       f(baselineMagnitude) at the nucleus, the visit one of f(magnitude).</li>
 *   <li>{@link TransientKind#VARIABLE_STAR}: the Sky already holds the star at {@code baselineMagnitude}; the visit
 *       adds a point source of f(magnitude) - f(baselineMagnitude) (negative when the star is fainter than its
 *       mean), the template adds nothing.</li>
 * </ul>
 * In every case a difference image (visit minus template) sees f(magnitude) - f(baselineMagnitude) here. Immutable.
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
