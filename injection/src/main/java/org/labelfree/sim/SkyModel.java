package org.labelfree.sim;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Draws the static sky of a simulation: galaxies and stars in a {@link SkyRegion}, with magnitudes, colours and
 * shapes. Stateless and thread-safe.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li><b>Numbers and positions.</b> The number of galaxies (stars) is Poisson with mean
 *       {@code region.areaDeg2() * config.galaxiesPerDeg2()} ({@code starsPerDeg2()}); positions are uniform in the
 *       region's tangent plane.</li>
 *   <li><b>Magnitudes</b> in the reference band follow {@code dN/dm ~ 10^(slope m)} between the configured limits
 *       (inverse-CDF draw).</li>
 *   <li><b>Galaxy shapes.</b> 60% discs with Sersic n ~ U(0.5, 1.5), 40% spheroids with n ~ U(2, 4). Half-light radius
 *       log-normal about a median {@code log10 r50 = log10 1.2" + (m - 20) * log10(0.35 / 1.2) / 5} (1.2" at m = 20,
 *       0.35" at m = 25, m in the reference band), scatter 0.25 dex, clipped to [0.1", 5"]. Axis ratio of a randomly
 *       inclined oblate body, {@code q = sqrt(q0^2 + (1 - q0^2) cos^2 i)} with cos i ~ U(0, 1) and intrinsic q0 = 0.2
 *       for discs, 0.6 for spheroids (so q in [0.2, 1], discs flatter). Position angle ~ U(0, 180) deg.</li>
 *   <li><b>Galaxy colours.</b> g-r from a red sequence N(0.75, 0.06) or a blue cloud N(0.40, 0.12); the red
 *       fraction is 0.8 for spheroids, 0.15 for discs. Then u-g = 0.10 + 2.20 (g-r) + N(0, 0.15),
 *       r-i = 0.05 + 0.45 (g-r) + N(0, 0.05), i-z = 0.30 (g-r) + N(0, 0.05), z-y = 0.15 (g-r) + N(0, 0.04)
 *       (observed-frame, no redshift dependence).</li>
 *   <li><b>Star colours.</b> g-r from a mixture of a blue turn-off population, N(0.45, 0.10) truncated to
 *       [0.2, 1.6], and red dwarfs, U(1.0, 1.6), the red-dwarf fraction rising with magnitude:
 *       {@code clamp(0.1 + 0.06 (m - 16), 0.1, 0.7)}. Along the stellar locus: u-g = 0.60 + 1.40 (g-r),
 *       r-i = 0.40 (g-r) - 0.05 for g-r <= 1.2 and 0.43 + 3.0 (g-r - 1.2) above, i-z = 0.55 (r-i),
 *       z-y = 0.30 (i-z), each + N(0, 0.03).</li>
 * </ul>
 * Magnitudes in all six bands follow from the reference magnitude and the colours; the draws do not depend on
 * which bands are requested, so skies of one seed with different band lists agree on their common bands.
 * Random streams are derived with {@link Seeds} from the seed, separately for counts, positions, magnitudes and
 * shapes/colours of each population.
 */
public final class SkyModel {
  static final double DISC_FRACTION = 0.6;
  static final double RED_FRACTION_DISC = 0.15;
  static final double RED_FRACTION_SPHEROID = 0.8;
  static final double GAL_RED_GR = 0.75;
  static final double GAL_RED_GR_SIGMA = 0.06;
  static final double GAL_BLUE_GR = 0.40;
  static final double GAL_BLUE_GR_SIGMA = 0.12;
  static final double STAR_BLUE_GR = 0.45;
  static final double STAR_BLUE_GR_SIGMA = 0.10;
  static final double STAR_GR_MIN = 0.2;
  static final double STAR_GR_MAX = 1.6;
  static final double STAR_RED_GR_MIN = 1.0;
  static final double R_EFF_MIN = 0.1;
  static final double R_EFF_MAX = 5.0;
  static final double R_EFF_SCATTER_DEX = 0.25;

  private static final long STREAM_COUNTS = 1;
  private static final long STREAM_POSITIONS = 2;
  private static final long STREAM_MAGNITUDES = 3;
  private static final long STREAM_SHAPES = 4;
  private static final long GALAXIES = 1;
  private static final long STARS = 2;
  private static final double MAX_SOURCES = 5.0e7;
  private static final int NB = Passbands.ALL.size();

  private SkyModel() {
  }

  /**
   * Draws a sky.
   *
   * @param region the box sources are placed in (not null)
   * @param bands  bands to give magnitudes in: distinct entries of u, g, r, i, z, y, in any order (may be empty;
   *               need not contain the reference band)
   * @param config counts and magnitude limits (not null)
   * @param seed   base seed; the same arguments give an equal {@link Sky}
   * @return the sky, galaxies first
   * @throws IllegalArgumentException if a band is unknown or repeated, or more than 5e7 sources are expected
   */
  public static Sky generate(SkyRegion region, List<String> bands, SkyConfig config, long seed) {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(config, "config");
    List<String> bandList = Passbands.checkList(bands, "bands");
    double expectedGalaxies = region.areaDeg2() * config.galaxiesPerDeg2();
    double expectedStars = region.areaDeg2() * config.starsPerDeg2();
    if (expectedGalaxies + expectedStars > MAX_SOURCES) {
      throw new IllegalArgumentException("region and config expect " + (expectedGalaxies + expectedStars)
          + " sources; at most " + MAX_SOURCES + " are supported (reduce the region or the counts)");
    }
    int nGal = (int) Draws.poisson(Seeds.rng(seed, STREAM_COUNTS, GALAXIES), expectedGalaxies);
    int nStar = (int) Draws.poisson(Seeds.rng(seed, STREAM_COUNTS, STARS), expectedStars);
    int n = nGal + nStar;

    SourceKind[] kinds = new SourceKind[n];
    double[] ra = new double[n];
    double[] dec = new double[n];
    double[][] mags = new double[NB][n];
    double[] sersic = new double[n];
    double[] rEff = new double[n];
    double[] q = new double[n];
    double[] pa = new double[n];
    int ref = Passbands.index(config.referenceBand(), "referenceBand");

    /* Galaxies: positions, reference magnitudes, then shapes and colours, each from its own stream. */
    placeUniformly(region, Seeds.rng(seed, STREAM_POSITIONS, GALAXIES), 0, nGal, ra, dec);
    SplittableRandom magRng = Seeds.rng(seed, STREAM_MAGNITUDES, GALAXIES);
    SplittableRandom shapeRng = Seeds.rng(seed, STREAM_SHAPES, GALAXIES);
    double[] offsets = new double[NB];
    for (int i = 0; i < nGal; i++) {
      kinds[i] = SourceKind.GALAXY;
      double m = Draws.powerLawMagnitude(magRng, config.galaxySlope(), config.galaxyMagBright(),
          config.galaxyMagFaint());
      boolean disc = shapeRng.nextDouble() < DISC_FRACTION;
      sersic[i] = disc ? Draws.uniform(shapeRng, 0.5, 1.5) : Draws.uniform(shapeRng, 2.0, 4.0);
      double logR = StrictMath.log10(medianREff(m)) + R_EFF_SCATTER_DEX * shapeRng.nextGaussian();
      rEff[i] = Math.min(R_EFF_MAX, Math.max(R_EFF_MIN, StrictMath.pow(10.0, logR)));
      double q0 = disc ? 0.2 : 0.6;
      double cosI = shapeRng.nextDouble();
      q[i] = Math.min(1.0, Math.sqrt(q0 * q0 + (1.0 - q0 * q0) * cosI * cosI));
      pa[i] = Draws.uniform(shapeRng, 0.0, 180.0);
      galaxyColourOffsets(shapeRng, disc, offsets);
      setMagnitudes(mags, i, m, ref, offsets);
    }

    /* Stars: the same, without shapes. */
    placeUniformly(region, Seeds.rng(seed, STREAM_POSITIONS, STARS), nGal, n, ra, dec);
    magRng = Seeds.rng(seed, STREAM_MAGNITUDES, STARS);
    shapeRng = Seeds.rng(seed, STREAM_SHAPES, STARS);
    for (int i = nGal; i < n; i++) {
      kinds[i] = SourceKind.STAR;
      double m = Draws.powerLawMagnitude(magRng, config.starSlope(), config.starMagBright(), config.starMagFaint());
      sersic[i] = Double.NaN;
      rEff[i] = Double.NaN;
      q[i] = Double.NaN;
      pa[i] = Double.NaN;
      starColourOffsets(shapeRng, m, offsets);
      setMagnitudes(mags, i, m, ref, offsets);
    }
    return new Sky(config.referenceBand(), bandList, kinds, ra, dec, mags, sersic, rEff, q, pa);
  }

  /** The median half-light radius (arcsec) of galaxies of reference magnitude m, before clipping. */
  static double medianREff(double m) {
    return 1.2 * StrictMath.pow(0.35 / 1.2, (m - 20.0) / 5.0);
  }

  /** The fraction of red dwarfs among stars of reference magnitude m. */
  static double starRedFraction(double m) {
    return Math.min(0.7, Math.max(0.1, 0.1 + 0.06 * (m - 16.0)));
  }

  /** Writes uniform tangent-plane positions of sources [from, to) as ra, dec. */
  private static void placeUniformly(SkyRegion region, SplittableRandom rng, int from, int to, double[] ra,
      double[] dec) {
    double[] radec = new double[2];
    for (int i = from; i < to; i++) {
      double xi = Draws.uniform(rng, -region.halfWidthDeg(), region.halfWidthDeg());
      double eta = Draws.uniform(rng, -region.halfHeightDeg(), region.halfHeightDeg());
      Gnomonic.toSky(region.raCentre(), region.decCentre(), xi, eta, radec);
      ra[i] = radec[0];
      dec[i] = radec[1];
    }
  }

  /** Writes the magnitudes in all bands of source i from its reference magnitude and band offsets (mag - r mag). */
  private static void setMagnitudes(double[][] mags, int i, double refMag, int ref, double[] offsets) {
    for (int k = 0; k < NB; k++) {
      mags[k][i] = refMag + offsets[k] - offsets[ref];
    }
  }

  /** Draws a galaxy's colours and writes each band's magnitude minus its r magnitude. */
  private static void galaxyColourOffsets(SplittableRandom rng, boolean disc, double[] offsets) {
    double redFraction = disc ? RED_FRACTION_DISC : RED_FRACTION_SPHEROID;
    double gr = rng.nextDouble() < redFraction
        ? Draws.normal(rng, GAL_RED_GR, GAL_RED_GR_SIGMA)
        : Draws.normal(rng, GAL_BLUE_GR, GAL_BLUE_GR_SIGMA);
    double ug = 0.10 + 2.20 * gr + 0.15 * rng.nextGaussian();
    double ri = 0.05 + 0.45 * gr + 0.05 * rng.nextGaussian();
    double iz = 0.30 * gr + 0.05 * rng.nextGaussian();
    double zy = 0.15 * gr + 0.04 * rng.nextGaussian();
    colourOffsets(ug, gr, ri, iz, zy, offsets);
  }

  /** Draws a star's colours (given its reference magnitude) and writes each band's magnitude minus its r magnitude. */
  private static void starColourOffsets(SplittableRandom rng, double m, double[] offsets) {
    double gr;
    if (rng.nextDouble() < starRedFraction(m)) {
      gr = Draws.uniform(rng, STAR_RED_GR_MIN, STAR_GR_MAX);
    } else {
      do {
        gr = Draws.normal(rng, STAR_BLUE_GR, STAR_BLUE_GR_SIGMA);
      } while (gr < STAR_GR_MIN || gr > STAR_GR_MAX);
    }
    double ug = 0.60 + 1.40 * gr + 0.03 * rng.nextGaussian();
    double ri = (gr <= 1.2 ? 0.40 * gr - 0.05 : 0.43 + 3.0 * (gr - 1.2)) + 0.03 * rng.nextGaussian();
    double iz = 0.55 * ri + 0.03 * rng.nextGaussian();
    double zy = 0.30 * iz + 0.03 * rng.nextGaussian();
    colourOffsets(ug, gr, ri, iz, zy, offsets);
  }

  /** Converts adjacent-band colours into offsets mag(band) - mag(r) for u, g, r, i, z, y. */
  static void colourOffsets(double ug, double gr, double ri, double iz, double zy, double[] offsets) {
    offsets[0] = gr + ug;
    offsets[1] = gr;
    offsets[2] = 0.0;
    offsets[3] = -ri;
    offsets[4] = -ri - iz;
    offsets[5] = -ri - iz - zy;
  }
}
