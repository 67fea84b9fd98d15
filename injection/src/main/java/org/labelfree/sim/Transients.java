package org.labelfree.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.labelfree.catalog.Catalog;

/**
 * The true transients of one {@link Sky} over a survey with known epochs: supernovae, variable stars, AGN and
 * asteroids, with their parameters and their magnitudes at each epoch. Immutable and thread-safe.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li><b>Supernovae.</b> Each galaxy hosts one with probability {@code supernovaFraction}. Peak MJD ~ U(first
 *       epoch - 30, last epoch + 10); rise and fall times of the Bazin et al. (2009) curve ~ U(2, 6) d and
 *       U(15, 40) d; peak magnitude in the reference band ~ U(snPeakMagBright, snPeakMagFaint); colour evolution
 *       as documented on the model. The position follows the host's light: an elliptical radius drawn from the
 *       host's Sersic profile ({@code b_n (r / rEff)^(1/n) ~ Gamma(2n)}, b_n of Ciotti and Bertin 1999; redrawn
 *       beyond 8 rEff), a uniform angle, along the host's axis ratio and position angle.</li>
 *   <li><b>Variable stars.</b> Each star is one with probability {@code variableStarFraction}: period log-uniform
 *       in [0.2, 30] d, reference-band peak-to-peak amplitude ~ U(0.05, 0.8) mag (larger in bluer bands), half
 *       sinusoids, half RR-Lyrae-like sawtooths, an MJD of maximum light ~ 60000 + U(0, period). Baseline = the
 *       star's Sky magnitude (the time average in magnitude).</li>
 *   <li><b>AGN.</b> Each galaxy has one with probability {@code agnFraction}, at the host's centre. Mean
 *       reference-band magnitude = host's + U(0.5, 3); quasar-like colours u-g 0.20, g-r 0.20, r-i 0.15, i-z 0.05,
 *       z-y 0.05; damped random walk with tau ~ U(50, 400) d and SF_inf ~ U(0.10, 0.35) mag (r band). Baseline =
 *       the mean.</li>
 *   <li><b>Asteroids.</b> In each visit, Poisson({@code asteroidsPerDeg2PerVisit} x area) new ones at uniform
 *       positions of the region's tangent plane (mid-exposure), reference magnitude ~ U(20, 24.5), g-r ~ U(0.5, 0.7)
 *       (C- to S-like) with u-g = 1.35 + 2.0 (g-r - 0.5), r-i = 0.12 + 0.4 (g-r - 0.5), i-z = -0.5 (g-r - 0.5),
 *       z-y = 0; rate ~ U(0.05, 1.0) deg/day in a direction ~ U(0, 360) deg East of North; trail length = rate x
 *       exposure time.</li>
 * </ul>
 * Ids run 1..N: supernovae (host order), AGN (host order), variable stars (star order), then asteroids (by epoch
 * sorted on (mjd, visit), then draw order). Every random draw comes from a stream derived with {@link Seeds} from
 * the seed and the kind (and, for asteroids, the visit; for an AGN's walk, its host id), so {@link #at} is a pure
 * lookup and evaluation. Supernova, variable-star and AGN parameters do not depend on the epochs except through the
 * first and last MJD (supernova peaks); each AGN's walk depends on the whole epoch list.
 *
 * <p>Memory: each AGN keeps one double per epoch.
 */
public final class Transients {
  private static final long STREAM_SUPERNOVAE = 11;
  private static final long STREAM_AGN = 12;
  private static final long STREAM_AGN_WALK = 13;
  private static final long STREAM_VARIABLES = 14;
  private static final long STREAM_ASTEROIDS = 15;
  private static final double[] AGN_COLOURS = {0.20, 0.20, 0.15, 0.05, 0.05};

  /**
   * An exposure of the survey.
   *
   * @param visit        the visit id (unique within a survey)
   * @param mjd          mid-exposure time (MJD, finite)
   * @param band         the band (one of u, g, r, i, z, y)
   * @param exposureTime exposure time (s, finite, > 0)
   */
  public record Epoch(long visit, double mjd, String band, double exposureTime) {
    /** Validates the components; throws {@link IllegalArgumentException} naming the bad one. */
    public Epoch {
      if (!Double.isFinite(mjd)) {
        throw new IllegalArgumentException("mjd must be finite, but was " + mjd);
      }
      Passbands.index(band, "band");
      if (!(exposureTime > 0.0 && exposureTime < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("exposureTime must be finite and > 0 s, but was " + exposureTime);
      }
    }
  }

  private final String referenceBand;
  private final List<Epoch> epochs;
  private final Map<Long, Integer> epochIndexByVisit;
  private final List<TransientModel> persistent;
  private final Map<Long, List<TransientModel.Asteroid>> asteroidsByVisit;
  private final int size;

  private Transients(String referenceBand, List<Epoch> epochs, List<TransientModel> persistent,
      Map<Long, List<TransientModel.Asteroid>> asteroidsByVisit, int size) {
    this.referenceBand = referenceBand;
    this.epochs = List.copyOf(epochs);
    Map<Long, Integer> index = new HashMap<>();
    for (int k = 0; k < epochs.size(); k++) {
      index.put(epochs.get(k).visit(), k);
    }
    this.epochIndexByVisit = index;
    this.persistent = List.copyOf(persistent);
    this.asteroidsByVisit = asteroidsByVisit;
    this.size = size;
  }

  /**
   * Draws the transients of a sky over a survey.
   *
   * @param sky    the static sky (hosts and variable stars come from it; not null)
   * @param region the region asteroids are placed in (normally the sky's; not null)
   * @param epochs the survey's exposures, in any order (not null, not empty, visits distinct)
   * @param config fractions and rates (not null)
   * @param seed   base seed; the same arguments give the same transients
   * @throws IllegalArgumentException if epochs is empty or repeats a visit
   */
  public static Transients generate(Sky sky, SkyRegion region, List<Epoch> epochs, TransientConfig config,
      long seed) {
    Objects.requireNonNull(sky, "sky");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(epochs, "epochs");
    Objects.requireNonNull(config, "config");
    List<Epoch> sorted = sortedEpochs(epochs);
    int ref = Passbands.index(sky.referenceBand(), "referenceBand");
    double firstMjd = sorted.get(0).mjd();
    double lastMjd = sorted.get(sorted.size() - 1).mjd();
    List<TransientModel> persistent = new ArrayList<>();
    long nextId = 1;

    /* Supernovae in galaxies, placed along the host's light. */
    SplittableRandom snRng = Seeds.rng(seed, STREAM_SUPERNOVAE);
    double[] radec = new double[2];
    for (int i = 0; i < sky.size(); i++) {
      if (sky.kind(i) != SourceKind.GALAXY || !(snRng.nextDouble() < config.supernovaFraction())) {
        continue;
      }
      double peakMjd = Draws.uniform(snRng, firstMjd - 30.0, lastMjd + 10.0);
      double peakMag = Draws.uniform(snRng, config.snPeakMagBright(), config.snPeakMagFaint());
      double tauRise = Draws.uniform(snRng, 2.0, 6.0);
      double tauFall = Draws.uniform(snRng, 15.0, 40.0);
      hostOffset(snRng, sky, i, radec);
      persistent.add(new TransientModel.Supernova(nextId++, sky.id(i), radec[0], radec[1], ref, peakMjd, peakMag,
          tauRise, tauFall));
    }

    /* AGN at galaxy centres, each walk from its own stream. */
    SplittableRandom agnRng = Seeds.rng(seed, STREAM_AGN);
    double[] agnOffsets = new double[6];
    SkyModel.colourOffsets(AGN_COLOURS[0], AGN_COLOURS[1], AGN_COLOURS[2], AGN_COLOURS[3], AGN_COLOURS[4],
        agnOffsets);
    for (int i = 0; i < sky.size(); i++) {
      if (sky.kind(i) != SourceKind.GALAXY || !(agnRng.nextDouble() < config.agnFraction())) {
        continue;
      }
      double meanRef = sky.magAnyBand(i, ref) + Draws.uniform(agnRng, 0.5, 3.0);
      double tau = Draws.uniform(agnRng, 50.0, 400.0);
      double sfInf = Draws.uniform(agnRng, 0.10, 0.35);
      double[] means = new double[6];
      for (int b = 0; b < 6; b++) {
        means[b] = meanRef + agnOffsets[b] - agnOffsets[ref];
      }
      double[] walk = dampedRandomWalk(Seeds.rng(seed, STREAM_AGN_WALK, sky.id(i)), sorted, tau, sfInf);
      persistent.add(new TransientModel.Agn(nextId++, sky.id(i), sky.ra(i), sky.dec(i), means, meanRef, tau, sfInf,
          walk));
    }

    /* Periodic variables among the stars. */
    SplittableRandom varRng = Seeds.rng(seed, STREAM_VARIABLES);
    double[] starMags = new double[6];
    for (int i = 0; i < sky.size(); i++) {
      if (sky.kind(i) != SourceKind.STAR || !(varRng.nextDouble() < config.variableStarFraction())) {
        continue;
      }
      double period = Draws.logUniform(varRng, 0.2, 30.0);
      double amplitude = Draws.uniform(varRng, 0.05, 0.8);
      double maxMjd = 60000.0 + period * varRng.nextDouble();
      boolean sawtooth = varRng.nextDouble() < 0.5;
      for (int b = 0; b < 6; b++) {
        starMags[b] = sky.magAnyBand(i, b);
      }
      persistent.add(new TransientModel.VariableStar(nextId++, sky.id(i), sky.ra(i), sky.dec(i), ref, starMags,
          period, amplitude, maxMjd, sawtooth));
    }

    /* Asteroids, visit by visit in time order. */
    Map<Long, List<TransientModel.Asteroid>> asteroids = new HashMap<>();
    double meanPerVisit = config.asteroidsPerDeg2PerVisit() * region.areaDeg2();
    for (Epoch e : sorted) {
      SplittableRandom rng = Seeds.rng(seed, STREAM_ASTEROIDS, e.visit());
      long n = Draws.poisson(rng, meanPerVisit);
      int band = Passbands.index(e.band(), "band");
      List<TransientModel.Asteroid> list = new ArrayList<>();
      double[] offsets = new double[6];
      for (long k = 0; k < n; k++) {
        double xi = Draws.uniform(rng, -region.halfWidthDeg(), region.halfWidthDeg());
        double eta = Draws.uniform(rng, -region.halfHeightDeg(), region.halfHeightDeg());
        Gnomonic.toSky(region.raCentre(), region.decCentre(), xi, eta, radec);
        double refMag = Draws.uniform(rng, 20.0, 24.5);
        double gr = Draws.uniform(rng, 0.5, 0.7);
        SkyModel.colourOffsets(1.35 + 2.0 * (gr - 0.5), gr, 0.12 + 0.4 * (gr - 0.5), -0.5 * (gr - 0.5), 0.0, offsets);
        double rate = Draws.uniform(rng, 0.05, 1.0);
        double direction = Draws.uniform(rng, 0.0, 360.0);
        list.add(new TransientModel.Asteroid(nextId++, e.visit(), radec[0], radec[1], refMag,
            refMag + offsets[band] - offsets[ref], rate, direction, e.exposureTime()));
      }
      asteroids.put(e.visit(), List.copyOf(list));
    }
    return new Transients(sky.referenceBand(), sorted, persistent, asteroids, (int) (nextId - 1));
  }

  /** The epochs sorted by (mjd, visit), after checking that there is one at least and no visit repeats. */
  private static List<Epoch> sortedEpochs(List<Epoch> epochs) {
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("epochs must not be empty");
    }
    List<Epoch> sorted = new ArrayList<>(epochs.size());
    for (Epoch e : epochs) {
      sorted.add(Objects.requireNonNull(e, "epochs entry"));
    }
    sorted.sort(Comparator.comparingDouble(Epoch::mjd).thenComparingLong(Epoch::visit));
    Map<Long, Epoch> seen = new HashMap<>();
    for (Epoch e : sorted) {
      Epoch previous = seen.put(e.visit(), e);
      if (previous != null) {
        throw new IllegalArgumentException("epochs must have distinct visits, but visit " + e.visit()
            + " occurs twice: " + previous + " and " + e);
      }
    }
    return sorted;
  }

  /**
   * Writes the position of a point drawn from the light of galaxy i (an elliptical Sersic profile) to radec. The
   * elliptical radius r has {@code b_n (r / rEff)^(1/n) ~ Gamma(2n)}, which is the enclosed-light distribution of a
   * Sersic profile; draws beyond 8 rEff are repeated.
   */
  private static void hostOffset(SplittableRandom rng, Sky sky, int i, double[] radec) {
    double n = sky.sersicN(i);
    double bn = sersicB(n);
    double r;
    int tries = 0;
    do {
      r = StrictMath.pow(Draws.gamma(rng, 2.0 * n) / bn, n);
    } while (r > 8.0 && ++tries < 100);
    r = Math.min(r, 8.0) * sky.rEffArcsec(i);
    double phi = 2.0 * Math.PI * rng.nextDouble();
    double major = r * StrictMath.cos(phi);
    double minor = sky.axisRatio(i) * r * StrictMath.sin(phi);
    double pa = Math.toRadians(sky.positionAngleDeg(i));
    double east = major * StrictMath.sin(pa) + minor * StrictMath.cos(pa);
    double north = major * StrictMath.cos(pa) - minor * StrictMath.sin(pa);
    Gnomonic.toSky(sky.ra(i), sky.dec(i), east / 3600.0, north / 3600.0, radec);
  }

  /** The Sersic b_n, with half the light inside rEff (Ciotti and Bertin 1999, asymptotic series; n >= 0.36). */
  static double sersicB(double n) {
    return 2.0 * n - 1.0 / 3.0 + 4.0 / (405.0 * n) + 46.0 / (25515.0 * n * n) + 131.0 / (1148175.0 * n * n * n)
        - 2194697.0 / (30690717750.0 * n * n * n * n);
  }

  /**
   * The deviation from the mean of an Ornstein-Uhlenbeck process at the sorted epochs, exactly: stationary start
   * N(0, sfInf^2 / 2), then x' = x e^(-dt/tau) + N(0, sfInf^2 / 2 (1 - e^(-2 dt/tau))).
   */
  private static double[] dampedRandomWalk(SplittableRandom rng, List<Epoch> sorted, double tau, double sfInf) {
    double sigma = sfInf / Math.sqrt(2.0);
    double[] x = new double[sorted.size()];
    x[0] = sigma * rng.nextGaussian();
    for (int k = 1; k < x.length; k++) {
      double decay = StrictMath.exp(-(sorted.get(k).mjd() - sorted.get(k - 1).mjd()) / tau);
      x[k] = x[k - 1] * decay + sigma * Math.sqrt(1.0 - decay * decay) * rng.nextGaussian();
    }
    return x;
  }

  /** The number of transients (ids 1..size()). */
  public int size() {
    return size;
  }

  /** The survey's epochs sorted by (mjd, visit) (unmodifiable). */
  public List<Epoch> epochs() {
    return epochs;
  }

  /** The band supernova peak magnitudes and the parameters' reference magnitudes refer to (the sky's). */
  public String referenceBand() {
    return referenceBand;
  }

  /**
   * Every transient visible in an epoch, in id order: all supernovae (NaN magnitude far from the peak), variable
   * stars and AGN with their magnitudes then, and the asteroids of this visit only. Pure: the same epoch always
   * gives an equal list, whatever was asked before.
   *
   * @param epoch one of the survey's epochs (equal to an element of the list given to {@link #generate})
   * @return an unmodifiable list
   * @throws IllegalArgumentException if the epoch is not one of the survey's
   */
  public List<TransientInstance> at(Epoch epoch) {
    Objects.requireNonNull(epoch, "epoch");
    Integer k = epochIndexByVisit.get(epoch.visit());
    if (k == null || !epochs.get(k).equals(epoch)) {
      throw new IllegalArgumentException("epoch must be one of the survey's epochs, but was " + epoch);
    }
    int band = Passbands.index(epoch.band(), "band");
    List<TransientModel.Asteroid> asteroids = asteroidsByVisit.get(epoch.visit());
    List<TransientInstance> out = new ArrayList<>(persistent.size() + asteroids.size());
    for (TransientModel m : persistent) {
      out.add(m.at(epoch, k, band));
    }
    for (TransientModel.Asteroid a : asteroids) {
      out.add(a.at(epoch, k, band));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The {@code truth_transients} catalogue: one row per transient in id order. Columns: {@code id}, {@code kind}
   * ("supernova", "variable_star", "agn", "asteroid"), {@code host_id} (-1 if none), {@code ra}, {@code dec} (deg;
   * asteroids at mid-exposure), {@code visit} (asteroids; -1 otherwise), {@code light_curve} ("bazin", "sine",
   * "sawtooth", "drw", "" for asteroids), {@code peak_mjd}, {@code peak_mag}, {@code rise_time}, {@code fall_time}
   * (supernovae), {@code period}, {@code amplitude}, {@code max_mjd} (variable stars), {@code mean_mag} (variable
   * stars and AGN), {@code tau}, {@code sf_inf} (AGN), {@code mag}, {@code rate}, {@code direction} (asteroids);
   * NaN where a column does not apply. Magnitudes are AB in the reference band.
   */
  public Catalog parameters() {
    List<TransientModel> all = new ArrayList<>(persistent);
    for (Epoch e : epochs) {
      all.addAll(asteroidsByVisit.get(e.visit()));
    }
    int n = all.size();
    long[] id = new long[n];
    String[] kind = new String[n];
    long[] host = new long[n];
    long[] visit = new long[n];
    String[] curve = new String[n];
    double[] ra = nans(n);
    double[] dec = nans(n);
    double[] peakMjd = nans(n);
    double[] peakMag = nans(n);
    double[] rise = nans(n);
    double[] fall = nans(n);
    double[] period = nans(n);
    double[] amplitude = nans(n);
    double[] maxMjd = nans(n);
    double[] meanMag = nans(n);
    double[] tau = nans(n);
    double[] sfInf = nans(n);
    double[] mag = nans(n);
    double[] rate = nans(n);
    double[] direction = nans(n);
    for (int j = 0; j < n; j++) {
      TransientModel m = all.get(j);
      id[j] = m.id();
      kind[j] = m.kind().catalogName();
      visit[j] = -1;
      if (m instanceof TransientModel.Supernova s) {
        host[j] = s.hostId;
        curve[j] = "bazin";
        ra[j] = s.ra;
        dec[j] = s.dec;
        peakMjd[j] = s.peakMjd;
        peakMag[j] = s.peakMag;
        rise[j] = s.tauRise;
        fall[j] = s.tauFall;
      } else if (m instanceof TransientModel.VariableStar v) {
        host[j] = v.starId;
        curve[j] = v.sawtooth ? "sawtooth" : "sine";
        ra[j] = v.ra;
        dec[j] = v.dec;
        period[j] = v.period;
        amplitude[j] = v.amplitude;
        maxMjd[j] = v.maxMjd;
        meanMag[j] = v.meanMags[v.refBand];
      } else if (m instanceof TransientModel.Agn a) {
        host[j] = a.hostId;
        curve[j] = "drw";
        ra[j] = a.ra;
        dec[j] = a.dec;
        meanMag[j] = a.meanRefMag;
        tau[j] = a.tau;
        sfInf[j] = a.sfInf;
      } else if (m instanceof TransientModel.Asteroid a) {
        host[j] = -1;
        visit[j] = a.visit;
        curve[j] = "";
        ra[j] = a.ra;
        dec[j] = a.dec;
        mag[j] = a.refMag;
        rate[j] = a.rateDegPerDay;
        direction[j] = a.directionDeg;
      }
    }
    String refNote = " (" + referenceBand + " band)";
    return Catalog.builder()
        .addLongs("id", id, "", "transient id, 1..N")
        .addStrings("kind", kind, "", "supernova, variable_star, agn or asteroid")
        .addLongs("host_id", host, "", "id of the host galaxy or of the variable star in truth_sources; -1 if none")
        .addDoubles("ra", ra, "deg", "right ascension (asteroids: at mid-exposure)")
        .addDoubles("dec", dec, "deg", "declination (asteroids: at mid-exposure)")
        .addLongs("visit", visit, "", "the one visit an asteroid appears in; -1 for other kinds")
        .addStrings("light_curve", curve, "", "light-curve model: bazin, sine, sawtooth, drw; empty for asteroids")
        .addDoubles("peak_mjd", peakMjd, "d", "supernova: MJD of peak flux")
        .addDoubles("peak_mag", peakMag, "mag", "supernova: peak AB magnitude" + refNote)
        .addDoubles("rise_time", rise, "d", "supernova: Bazin rise time scale")
        .addDoubles("fall_time", fall, "d", "supernova: Bazin decline time scale")
        .addDoubles("period", period, "d", "variable star: period")
        .addDoubles("amplitude", amplitude, "mag", "variable star: peak-to-peak amplitude" + refNote)
        .addDoubles("max_mjd", maxMjd, "d", "variable star: an MJD of maximum light")
        .addDoubles("mean_mag", meanMag, "mag", "variable star, AGN: mean (baseline) AB magnitude" + refNote)
        .addDoubles("tau", tau, "d", "AGN: damped-random-walk time scale")
        .addDoubles("sf_inf", sfInf, "mag", "AGN: structure function at infinity (r band)")
        .addDoubles("mag", mag, "mag", "asteroid: AB magnitude" + refNote)
        .addDoubles("rate", rate, "deg/d", "asteroid: angular rate of motion")
        .addDoubles("direction", direction, "deg", "asteroid: direction of motion, East of North")
        .build();
  }

  private static double[] nans(int n) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, Double.NaN);
    return out;
  }

  /** A short description: counts per kind and the number of epochs. */
  @Override
  public String toString() {
    int[] counts = new int[TransientKind.values().length];
    for (TransientModel m : persistent) {
      counts[m.kind().ordinal()]++;
    }
    counts[TransientKind.ASTEROID.ordinal()] = size - persistent.size();
    return "Transients[" + counts[0] + " supernovae, " + counts[1] + " variable stars, " + counts[2] + " AGN, "
        + counts[3] + " asteroids over " + epochs.size() + " epochs]";
  }
}
