package org.labelfree.pipeline.repo;

/**
 * A sky region as a bounding box in ICRS right ascension and declination (degrees). A box that crosses RA = 0 has
 * {@code raMin > raMax} (it spans {@code [raMin, 360) U [0, raMax]}).
 *
 * @param raMin  lower right ascension, degrees in [0, 360)
 * @param raMax  upper right ascension, degrees in [0, 360)
 * @param decMin lower declination, degrees in [-90, 90]
 * @param decMax upper declination, degrees in [decMin, 90]
 */
public record SkyBox(double raMin, double raMax, double decMin, double decMax) {
  public SkyBox {
    checkRa("raMin", raMin);
    checkRa("raMax", raMax);
    if (!(decMin >= -90 && decMin <= 90)) {
      throw new IllegalArgumentException("decMin must be in [-90, 90] degrees, but was " + decMin);
    }
    if (!(decMax >= decMin && decMax <= 90)) {
      throw new IllegalArgumentException("decMax must be in [decMin=" + decMin + ", 90] degrees, but was " + decMax);
    }
  }

  /**
   * Whether this box and {@code other} share any point (touching edges count), RA wrap at 0 handled.
   *
   * @param other the other box, not null
   * @return true if the boxes overlap
   */
  public boolean overlaps(SkyBox other) {
    if (other.decMax < decMin || other.decMin > decMax) {
      return false;
    }
    for (double[] a : raIntervals()) {
      for (double[] b : other.raIntervals()) {
        if (a[0] <= b[1] && b[0] <= a[1]) {
          return true;
        }
      }
    }
    return false;
  }

  private double[][] raIntervals() {
    return raMin <= raMax ? new double[][] {{raMin, raMax}} : new double[][] {{raMin, 360}, {0, raMax}};
  }

  private static void checkRa(String name, double ra) {
    if (!(ra >= 0 && ra < 360)) {
      throw new IllegalArgumentException(name + " must be in [0, 360) degrees, but was " + ra);
    }
  }
}
