package org.labelfree.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.labelfree.catalog.Catalog;

/**
 * The static sky of a simulation: galaxies and stars with known positions, magnitudes and shapes, held as columns by
 * source index {@code i} in {@code [0, size())}. Made by {@link SkyModel#generate}.
 *
 * <p>Source {@code i} has id {@code i + 1}; galaxies come first, then stars, each in the order drawn (stable for a
 * given seed). Magnitudes are AB, in the bands of {@link #bands()}; they include no extinction and no variability
 * (see {@link Transients} for that).
 *
 * <p>Galaxy shapes are elliptical Sersic profiles: {@link #rEffArcsec(int)} is the half-light radius along the major
 * axis (half the light lies inside the ellipse of semi-major axis {@code rEff} and semi-minor axis
 * {@code axisRatio * rEff}); {@link #positionAngleDeg(int)} is the direction of the major axis in degrees East of North
 * (0 = major axis along North, 90 = along East, in [0, 180)), the astronomers' convention. On an image with North up
 * and East left, a position angle of 90 is a horizontal major axis. Stars have NaN shape parameters.
 *
 * <p>Immutable and thread-safe. Equality compares every column and the band list.
 */
public final class Sky {
  private final String referenceBand;
  private final List<String> bands;
  private final SourceKind[] kinds;
  private final double[] ra;
  private final double[] dec;
  private final double[][] magsAllBands;
  private final double[] sersicN;
  private final double[] rEff;
  private final double[] axisRatio;
  private final double[] positionAngle;

  /** Takes ownership of the arrays; {@code magsAllBands} is indexed [band index in u..y][source]. */
  Sky(String referenceBand, List<String> bands, SourceKind[] kinds, double[] ra, double[] dec,
      double[][] magsAllBands, double[] sersicN, double[] rEff, double[] axisRatio, double[] positionAngle) {
    this.referenceBand = referenceBand;
    this.bands = List.copyOf(bands);
    this.kinds = kinds;
    this.ra = ra;
    this.dec = dec;
    this.magsAllBands = magsAllBands;
    this.sersicN = sersicN;
    this.rEff = rEff;
    this.axisRatio = axisRatio;
    this.positionAngle = positionAngle;
  }

  /** The number of sources. */
  public int size() {
    return kinds.length;
  }

  /** The number of sources of one kind. */
  public int count(SourceKind kind) {
    Objects.requireNonNull(kind, "kind");
    int n = 0;
    for (SourceKind k : kinds) {
      n += k == kind ? 1 : 0;
    }
    return n;
  }

  /** The id of source {@code i}: {@code i + 1}. @throws IndexOutOfBoundsException if i is outside [0, size()) */
  public long id(int i) {
    Objects.checkIndex(i, kinds.length);
    return i + 1L;
  }

  /** The kind of source {@code i}. @throws IndexOutOfBoundsException if i is outside [0, size()) */
  public SourceKind kind(int i) {
    return kinds[Objects.checkIndex(i, kinds.length)];
  }

  /** Right ascension of source {@code i} (deg, [0, 360)). @throws IndexOutOfBoundsException on a bad index */
  public double ra(int i) {
    return ra[Objects.checkIndex(i, kinds.length)];
  }

  /** Declination of source {@code i} (deg). @throws IndexOutOfBoundsException on a bad index */
  public double dec(int i) {
    return dec[Objects.checkIndex(i, kinds.length)];
  }

  /** The bands this sky has magnitudes in, in the order requested (unmodifiable). */
  public List<String> bands() {
    return bands;
  }

  /** The band the counts and magnitude limits of the {@link SkyConfig} referred to. */
  public String referenceBand() {
    return referenceBand;
  }

  /**
   * The AB magnitude of source {@code i} in {@code band}.
   *
   * @throws IllegalArgumentException  if {@code band} is not one of {@link #bands()}
   * @throws IndexOutOfBoundsException on a bad index
   */
  public double mag(int i, String band) {
    if (!bands.contains(band)) {
      throw new IllegalArgumentException("band must be one of this sky's bands " + bands + ", but was '"
          + org.labelfree.image.InvalidDataException.sanitize(String.valueOf(band)) + "'");
    }
    return magsAllBands[Passbands.index(band, "band")][Objects.checkIndex(i, kinds.length)];
  }

  /** The magnitude of source i in band index k of {@link Passbands#ALL}, whether or not the band was requested. */
  double magAnyBand(int i, int bandIndex) {
    return magsAllBands[bandIndex][i];
  }

  /** Sersic index of galaxy {@code i} (0.5-4); NaN for stars. @throws IndexOutOfBoundsException on a bad index */
  public double sersicN(int i) {
    return sersicN[Objects.checkIndex(i, kinds.length)];
  }

  /**
   * Half-light radius of galaxy {@code i} along its major axis (arcsec, 0.1-5); NaN for stars.
   *
   * @throws IndexOutOfBoundsException on a bad index
   */
  public double rEffArcsec(int i) {
    return rEff[Objects.checkIndex(i, kinds.length)];
  }

  /** Minor-to-major axis ratio of galaxy {@code i} (0.2-1); NaN for stars. @throws IndexOutOfBoundsException */
  public double axisRatio(int i) {
    return axisRatio[Objects.checkIndex(i, kinds.length)];
  }

  /**
   * Position angle of the major axis of galaxy {@code i}: degrees East of North, in [0, 180); NaN for stars.
   *
   * @throws IndexOutOfBoundsException on a bad index
   */
  public double positionAngleDeg(int i) {
    return positionAngle[Objects.checkIndex(i, kinds.length)];
  }

  /**
   * The {@code truth_sources} catalogue: one row per source in index order, with columns {@code id} (LONG),
   * {@code kind} ("star"/"galaxy"), {@code ra}, {@code dec} (deg), {@code mag_<band>} per band of {@link #bands()}
   * (mag, AB), {@code sersic_n}, {@code r_eff} (arcsec, semi-major half-light radius), {@code axis_ratio},
   * {@code position_angle} (deg East of North of the major axis); shape columns are NaN for stars.
   */
  public Catalog toCatalog() {
    int n = kinds.length;
    long[] ids = new long[n];
    String[] kindNames = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i + 1L;
      kindNames[i] = kinds[i].catalogName();
    }
    Catalog.Builder b = Catalog.builder()
        .addLongs("id", ids, "", "source id, 1..N")
        .addStrings("kind", kindNames, "", "star or galaxy")
        .addDoubles("ra", ra, "deg", "right ascension (ICRS)")
        .addDoubles("dec", dec, "deg", "declination (ICRS)");
    for (String band : bands) {
      b.addDoubles("mag_" + band, magsAllBands[Passbands.index(band, "band")], "mag",
          "AB magnitude in band " + band);
    }
    return b.addDoubles("sersic_n", sersicN, "", "Sersic index; NaN for stars")
        .addDoubles("r_eff", rEff, "arcsec", "half-light radius along the major axis; NaN for stars")
        .addDoubles("axis_ratio", axisRatio, "", "minor/major axis ratio; NaN for stars")
        .addDoubles("position_angle", positionAngle, "deg", "major axis, degrees East of North; NaN for stars")
        .build();
  }

  /** Equal when the reference band, bands and every column are equal (NaN equals NaN). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Sky s)) {
      return false;
    }
    return referenceBand.equals(s.referenceBand) && bands.equals(s.bands) && Arrays.equals(kinds, s.kinds)
        && Arrays.equals(ra, s.ra) && Arrays.equals(dec, s.dec) && Arrays.deepEquals(magsAllBands, s.magsAllBands)
        && Arrays.equals(sersicN, s.sersicN) && Arrays.equals(rEff, s.rEff) && Arrays.equals(axisRatio, s.axisRatio)
        && Arrays.equals(positionAngle, s.positionAngle);
  }

  @Override
  public int hashCode() {
    return Objects.hash(referenceBand, bands, Arrays.hashCode(kinds), Arrays.hashCode(ra), Arrays.hashCode(dec));
  }

  /** A short description: counts and bands. */
  @Override
  public String toString() {
    return "Sky[" + count(SourceKind.GALAXY) + " galaxies, " + count(SourceKind.STAR) + " stars, bands " + bands + "]";
  }
}
