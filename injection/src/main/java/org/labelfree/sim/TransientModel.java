package org.labelfree.sim;

/**
 * The light-curve model of one true transient: its fixed parameters and its magnitude at a survey epoch. Immutable
 * after construction; package-private, made by {@link Transients#generate}.
 */
sealed interface TransientModel
    permits TransientModel.Supernova, TransientModel.VariableStar, TransientModel.Agn, TransientModel.Asteroid {

  /** Relative amplitude of AGN variability per band u..y (r = 1). */
  double[] AGN_BAND_SCALE = {1.3, 1.15, 1.0, 0.9, 0.85, 0.8};
  /** Relative amplitude of periodic variables per band u..y (r = 1). */
  double[] VARIABLE_BAND_SCALE = {1.45, 1.25, 1.0, 0.85, 0.78, 0.75};
  /** A supernova's flux (relative to its peak) below which it has no magnitude. */
  double SN_FLUX_FLOOR = 1e-4;
  /** Fraction of the period a sawtooth variable spends brightening. */
  double SAWTOOTH_RISE_FRACTION = 0.15;

  /** The transient id. */
  long id();

  /** The kind. */
  TransientKind kind();

  /**
   * The transient as seen in an epoch.
   *
   * @param epoch      the epoch
   * @param epochIndex its index in the survey's epochs sorted by (mjd, visit)
   * @param band       index of the epoch's band in {@link Passbands#ALL}
   */
  TransientInstance at(Transients.Epoch epoch, int epochIndex, int band);

  /**
   * A supernova: a Bazin et al. (2009) light curve in flux, {@code f(t) ~ exp(-(t - t0)/tauFall) / (1 +
   * exp(-(t - t0)/tauRise))}, normalised to its peak at {@code peakMjd} with {@code peakMag} in the reference band.
   * The colour evolves with phase p = t - peakMjd: g-r = clamp(-0.2 + 1.2 (p + 15) / 60, -0.2, 1.0) (blue before
   * the peak, red 45 d after it), u-g = 0.10 + 1.40 (g-r), r-i = -0.20 + 0.50 (g-r), i-z = 0.20 (g-r),
   * z-y = 0.10 (g-r). The magnitude is NaN where the reference-band flux is below {@link #SN_FLUX_FLOOR} of the peak.
   */
  final class Supernova implements TransientModel {
    final long id;
    final long hostId;
    final double ra;
    final double dec;
    final int refBand;
    final double peakMjd;
    final double peakMag;
    final double tauRise;
    final double tauFall;
    private final double t0;
    private final double peakRaw;

    Supernova(long id, long hostId, double ra, double dec, int refBand, double peakMjd, double peakMag,
        double tauRise, double tauFall) {
      this.id = id;
      this.hostId = hostId;
      this.ra = ra;
      this.dec = dec;
      this.refBand = refBand;
      this.peakMjd = peakMjd;
      this.peakMag = peakMag;
      this.tauRise = tauRise;
      this.tauFall = tauFall;
      /* The Bazin curve peaks where d f / d t = 0: t0 = tPeak - tauRise ln(tauFall / tauRise - 1). */
      this.t0 = peakMjd - tauRise * StrictMath.log(tauFall / tauRise - 1.0);
      this.peakRaw = raw(peakMjd);
    }

    private double raw(double t) {
      double x = t - t0;
      return StrictMath.exp(-x / tauFall) / (1.0 + StrictMath.exp(-x / tauRise));
    }

    /** Reference-band flux relative to the peak at time t (MJD). */
    double relativeFlux(double t) {
      return raw(t) / peakRaw;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public TransientKind kind() {
      return TransientKind.SUPERNOVA;
    }

    @Override
    public TransientInstance at(Transients.Epoch epoch, int epochIndex, int band) {
      double f = relativeFlux(epoch.mjd());
      double mag = Double.NaN;
      if (f >= SN_FLUX_FLOOR) {
        double gr = Math.min(1.0, Math.max(-0.2, -0.2 + 1.2 * (epoch.mjd() - peakMjd + 15.0) / 60.0));
        double[] off = new double[6];
        SkyModel.colourOffsets(0.10 + 1.40 * gr, gr, -0.20 + 0.50 * gr, 0.20 * gr, 0.10 * gr, off);
        mag = peakMag - 2.5 * StrictMath.log10(f) + off[band] - off[refBand];
      }
      return new TransientInstance(id, TransientKind.SUPERNOVA, hostId, ra, dec, mag, Double.NaN, 0.0, 0.0);
    }
  }

  /**
   * A periodic variable star: {@code m(t) = mean + A * s(phase)} in magnitudes, with the phase
   * {@code frac((t - maxMjd) / period)}, {@code s} of zero mean and peak-to-peak 1 (brightest at phase 0): a
   * sinusoid {@code -cos(2 pi phase) / 2}, or an RR-Lyrae-like sawtooth that fades linearly for 85% of the period
   * and brightens for 15%. {@code A} is the reference-band peak-to-peak amplitude scaled by
   * {@link #VARIABLE_BAND_SCALE} relative to the reference band. The mean is the star's magnitude in the Sky.
   */
  final class VariableStar implements TransientModel {
    final long id;
    final long starId;
    final double ra;
    final double dec;
    final int refBand;
    final double[] meanMags;
    final double period;
    final double amplitude;
    final double maxMjd;
    final boolean sawtooth;

    VariableStar(long id, long starId, double ra, double dec, int refBand, double[] meanMags, double period,
        double amplitude, double maxMjd, boolean sawtooth) {
      this.id = id;
      this.starId = starId;
      this.ra = ra;
      this.dec = dec;
      this.refBand = refBand;
      this.meanMags = meanMags.clone();
      this.period = period;
      this.amplitude = amplitude;
      this.maxMjd = maxMjd;
      this.sawtooth = sawtooth;
    }

    /** The zero-mean, unit peak-to-peak shape at time t (MJD); -0.5 is the maximum light. */
    double shape(double t) {
      double cycles = (t - maxMjd) / period;
      double phase = cycles - Math.floor(cycles);
      if (!sawtooth) {
        return -0.5 * StrictMath.cos(2.0 * Math.PI * phase);
      }
      double fade = 1.0 - SAWTOOTH_RISE_FRACTION;
      return phase < fade ? -0.5 + phase / fade : 0.5 - (phase - fade) / SAWTOOTH_RISE_FRACTION;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public TransientKind kind() {
      return TransientKind.VARIABLE_STAR;
    }

    @Override
    public TransientInstance at(Transients.Epoch epoch, int epochIndex, int band) {
      double a = amplitude * VARIABLE_BAND_SCALE[band] / VARIABLE_BAND_SCALE[refBand];
      double mag = meanMags[band] + a * shape(epoch.mjd());
      return new TransientInstance(id, TransientKind.VARIABLE_STAR, starId, ra, dec, mag, meanMags[band], 0.0, 0.0);
    }
  }

  /**
   * A variable galactic nucleus: a damped random walk (Kelly et al. 2009), an Ornstein-Uhlenbeck process in magnitude
   * with time scale {@code tau} and structure function at infinity {@code sfInf} (r band; stationary variance
   * sfInf^2 / 2), evaluated exactly at the survey epochs sorted on one time axis and started from its stationary
   * distribution. In band b the deviation from the mean is scaled by {@link #AGN_BAND_SCALE}[b].
   */
  final class Agn implements TransientModel {
    final long id;
    final long hostId;
    final double ra;
    final double dec;
    final double[] meanMags;
    final double meanRefMag;
    final double tau;
    final double sfInf;
    private final double[] deviation;

    Agn(long id, long hostId, double ra, double dec, double[] meanMags, double meanRefMag, double tau, double sfInf,
        double[] deviation) {
      this.id = id;
      this.hostId = hostId;
      this.ra = ra;
      this.dec = dec;
      this.meanMags = meanMags.clone();
      this.meanRefMag = meanRefMag;
      this.tau = tau;
      this.sfInf = sfInf;
      this.deviation = deviation;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public TransientKind kind() {
      return TransientKind.AGN;
    }

    @Override
    public TransientInstance at(Transients.Epoch epoch, int epochIndex, int band) {
      double mag = meanMags[band] + AGN_BAND_SCALE[band] * deviation[epochIndex];
      return new TransientInstance(id, TransientKind.AGN, hostId, ra, dec, mag, meanMags[band], 0.0, 0.0);
    }
  }

  /** An asteroid seen in one visit: its mid-exposure position, magnitude in that visit's band and motion. */
  final class Asteroid implements TransientModel {
    final long id;
    final long visit;
    final double ra;
    final double dec;
    final double refMag;
    final double mag;
    final double rateDegPerDay;
    final double directionDeg;
    final double trailArcsec;

    Asteroid(long id, long visit, double ra, double dec, double refMag, double mag, double rateDegPerDay,
        double directionDeg, double exposureTime) {
      this.id = id;
      this.visit = visit;
      this.ra = ra;
      this.dec = dec;
      this.refMag = refMag;
      this.mag = mag;
      this.rateDegPerDay = rateDegPerDay;
      this.directionDeg = directionDeg;
      this.trailArcsec = rateDegPerDay * 3600.0 * exposureTime / 86400.0;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public TransientKind kind() {
      return TransientKind.ASTEROID;
    }

    @Override
    public TransientInstance at(Transients.Epoch epoch, int epochIndex, int band) {
      return new TransientInstance(id, TransientKind.ASTEROID, -1L, ra, dec, mag, Double.NaN, trailArcsec,
          directionDeg);
    }
  }
}
