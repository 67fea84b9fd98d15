package org.labelfree.injection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.labelfree.catalog.Catalog;
import org.labelfree.sim.Seeds;
import org.labelfree.wcs.SkyCoord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the injection catalogue of one visit and band from its host galaxies: the paper's recipe (a fraction of
 * the hosts, offsets following the host's light, magnitudes relative to the host, a few host-less fakes), either
 * independently per visit or as persistent transients with light curves. Stateless and thread-safe.
 *
 * <p><b>INDEPENDENT</b>: {@code round(hostFraction * hosts)} hosts (at least {@code min(minHosts, hosts)}) are
 * chosen without replacement; each fake is offset from its host by (u, v) ~ (N(0, a), N(0, b)) along the host's
 * major and minor axes, rotated by the position angle theta on the sky (isotropic: r ~ N(0, a) in a uniform
 * direction); its magnitude is the host's plus U(magOffsetMin, magOffsetMax). Then
 * {@code round(hostlessFraction * hosted)} host-less fakes: detector in proportion to its pixel area, position uniform
 * in its pixel box, magnitude resampled from the hosted fakes'. injection_id = visit * 1,000,000 + index; the random
 * stream is seeded by {@code Seeds.mix(seed, visit, bandHash)} with {@code bandHash = band.hashCode()}.
 *
 * <p><b>LIGHTCURVE</b>: one set of fakes per field and band, the same in every visit. A host takes part when the
 * hash {@code h = Seeds.mix(seed, bandHash, round(ra * 3600 * cos(dec)), round(dec * 3600))} of its 1-arcsec sky
 * cell, mapped to [0, 1), is below hostFraction; its offset, explosion time t0 ~ U(surveyStart - 30 d, surveyEnd) and
 * peak magnitude (host + U(magOffsetMin, magOffsetMax)) come from a generator seeded by the same hash, and its
 * injection_id is the hash's low 63 bits. So the same galaxy gets the same fake in every visit where its centroid
 * falls in the same 1-arcsec cell (a host measured across a cell boundary may gain or lose its fake). Host-less fakes
 * come likewise from a per-(seed, band) grid of 1-arcmin cells (dec strips of 1 arcmin, each cut into
 * {@code floor(21600 cos dec)} equal RA cells): a cell takes part with probability
 * {@code hostlessFraction * hostFraction * TYPICAL_HOST_DENSITY} (at most 1), where
 * {@link #TYPICAL_HOST_DENSITY_PER_ARCMIN2} hosts per square arcminute stands for a typical field, so that at that
 * density the host-less fakes number about hostlessFraction times the hosted ones; position uniform on the sphere
 * within the cell; peak magnitude the q-quantile (q uniform) of the visit's host magnitudes plus
 * U(magOffsetMin, magOffsetMax), which is stable across visits to the extent that the detected hosts are. The visit's
 * magnitude is {@code peak_mag - 2.5 log10(f(mjd) / f_peak)} of the Bazin curve; a fake is absent before
 * {@code t0 - 5 riseDays}; rows fainter than depthMag are kept with {@code faint = true}. minHosts does not apply.
 *
 * <p>Offsets are exact tangent-plane (gnomonic) offsets east and north of the host, converted to ra/dec, valid near
 * the poles; offset_arcsec is the angular distance to the host.
 */
public final class InjectionCatalogMaker {
  /** LIGHTCURVE: the host density, per square arcminute, that sets the host-less cell probability. */
  public static final double TYPICAL_HOST_DENSITY_PER_ARCMIN2 = 10.0;

  private static final Logger LOG = LoggerFactory.getLogger(InjectionCatalogMaker.class);
  private static final long MAX_PER_VISIT = 1_000_000L;
  private static final long STREAM_FAKE = 0x46414B45L;
  private static final long STREAM_HOSTLESS = 0x484C4553L;
  private static final Comparator<Host> HOST_ORDER = Comparator.comparingInt(Host::detector)
      .thenComparingLong(Host::id).thenComparingDouble(Host::ra).thenComparingDouble(Host::dec);

  private InjectionCatalogMaker() {
  }

  /**
   * The injection catalogue of one visit and band from the hosts of all its detectors (see the class comment).
   *
   * <p>Columns, in this order ({@link InjectionCatalogs#schema}): injection_id, ra, dec, source_type ("Star"), mag,
   * band, visit, host_id (-1 for none), host_detector (-1), host_mag, host_a_arcsec, host_b_arcsec, host_theta_deg,
   * offset_arcsec (NaN for host-less), and in LIGHTCURVE mode also t_explosion, peak_mag, faint. Rows are ordered by
   * injection_id. The result depends only on the arguments, not on the order of {@code hosts} or
   * {@code footprints}.
   *
   * @param visit      the visit (>= 0)
   * @param band       the band, one of {@link InjectionCatalogs#BANDS}
   * @param mjd        the visit's MJD (used in LIGHTCURVE mode, where it must be finite; may be NaN otherwise)
   * @param hosts      the hosts of all the visit's detectors (not null; may be empty: then an empty catalogue with
   *                   the full schema)
   * @param footprints the visit's detectors, for host-less positions (not null; may be empty only when no host-less
   *                   fake is asked for)
   * @param config     the configuration (not null)
   * @return the catalogue, never null
   * @throws InvalidInjectionCatalogException if the band is unknown
   * @throws IllegalArgumentException         if visit < 0, mjd is not finite in LIGHTCURVE mode, host-less fakes
   *                                          are asked for without footprints, or more than 999,999 fakes result
   */
  public static Catalog make(long visit, String band, double mjd, List<Host> hosts,
      List<DetectorFootprint> footprints, InjectionCatalogConfig config) {
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(footprints, "footprints");
    Objects.requireNonNull(config, "config");
    if (visit < 0) {
      throw new IllegalArgumentException("visit must be >= 0, but was " + visit);
    }
    InjectionCatalogs.checkBand(band, "injection catalogue of visit " + visit);
    if (config.mode() == InjectionMode.LIGHTCURVE && !Double.isFinite(mjd)) {
      throw new IllegalArgumentException("mjd must be finite in LIGHTCURVE mode, but was " + mjd);
    }
    List<Host> sorted = new ArrayList<>(hosts);
    sorted.sort(HOST_ORDER);
    List<DetectorFootprint> fps = new ArrayList<>(footprints);
    fps.sort(Comparator.comparingInt(DetectorFootprint::detector));

    Rows rows = new Rows(visit, band, config);
    if (config.mode() == InjectionMode.INDEPENDENT) {
      independent(rows, visit, band, sorted, fps, config);
    } else {
      lightCurve(rows, band, mjd, sorted, fps, config);
    }
    Catalog out = rows.build();
    LOG.info("Made {} fakes ({} hosted, {} host-less{}) for visit={} band={} from {} hosts", out.rowCount(),
        rows.hosted, out.rowCount() - rows.hosted,
        config.mode() == InjectionMode.LIGHTCURVE ? ", " + rows.faint + " faint" : "", visit, band, hosts.size());
    return out;
  }

  /** The band's contribution to seeds: {@link String#hashCode()} (fixed by the Java language specification). */
  static long bandHash(String band) {
    return band.hashCode();
  }

  private static void independent(Rows rows, long visit, String band, List<Host> hosts,
      List<DetectorFootprint> fps, InjectionCatalogConfig config) {
    SplittableRandom rng = Seeds.rng(config.seed(), visit, bandHash(band));
    int nHosts = hosts.size();
    int nHosted = (int) Math.max(Math.round(config.hostFraction() * nHosts), Math.min(config.minHosts(), nHosts));
    int nHostless = (int) Math.round(config.hostlessFraction() * nHosted);
    if (nHosted + (long) nHostless >= MAX_PER_VISIT) {
      throw new IllegalArgumentException("a visit can hold at most " + (MAX_PER_VISIT - 1) + " fakes, but "
          + nHosted + " hosted and " + nHostless + " host-less were asked for");
    }
    if (nHostless > 0 && fps.isEmpty()) {
      throw new IllegalArgumentException("footprints is empty, but " + nHostless + " host-less fakes are asked for");
    }

    /* Choose the hosts without replacement (partial Fisher-Yates), then keep them in host order. */
    int[] order = new int[nHosts];
    for (int i = 0; i < nHosts; i++) {
      order[i] = i;
    }
    for (int k = 0; k < nHosted; k++) {
      int j = k + rng.nextInt(nHosts - k);
      int t = order[k];
      order[k] = order[j];
      order[j] = t;
    }
    int[] chosen = Arrays.copyOf(order, nHosted);
    Arrays.sort(chosen);

    /* One fake per chosen host: offset along the host's axes, magnitude relative to the host. */
    double[] offset = new double[2];
    double[] sky = new double[2];
    double[] hostedMags = new double[nHosted];
    long index = 0;
    for (int k = 0; k < nHosted; k++) {
      Host h = hosts.get(chosen[k]);
      drawOffset(h, rng, config.isotropic(), offset);
      double mag = h.mag() + uniform(rng, config.magOffsetMin(), config.magOffsetMax());
      hostedMags[k] = mag;
      TangentPlane.offsetToSky(h.ra(), h.dec(), offset[0], offset[1], sky);
      rows.hosted(visit * MAX_PER_VISIT + index++, sky, mag, h, offset, Double.NaN, Double.NaN);
    }

    /* Host-less fakes: detector by area, uniform pixel position, magnitude resampled from the hosted fakes. */
    double[] cumulative = new double[fps.size()];
    double total = 0;
    for (int d = 0; d < fps.size(); d++) {
      total += fps.get(d).area();
      cumulative[d] = total;
    }
    for (int k = 0; k < nHostless; k++) {
      double pick = rng.nextDouble() * total;
      int d = 0;
      while (d < cumulative.length - 1 && pick >= cumulative[d]) {
        d++;
      }
      DetectorFootprint fp = fps.get(d);
      double x = fp.x0() - 0.5 + fp.width() * rng.nextDouble();
      double y = fp.y0() - 0.5 + fp.height() * rng.nextDouble();
      SkyCoord c = fp.wcs().pixelToSky(x, y);
      double mag = hostedMags[rng.nextInt(nHosted)];
      sky[0] = c.ra();
      sky[1] = c.dec();
      rows.hostless(visit * MAX_PER_VISIT + index++, sky, mag, Double.NaN, Double.NaN);
    }
  }

  private static void lightCurve(Rows rows, String band, double mjd, List<Host> hosts,
      List<DetectorFootprint> fps, InjectionCatalogConfig config) {
    long bandHash = bandHash(band);
    Set<Long> seen = new HashSet<>();
    double[] offset = new double[2];
    double[] sky = new double[2];
    double rise = config.riseDays();
    double fall = config.fallDays();
    double t0Min = config.surveyStartMjd() - 30.0;
    double t0Max = config.surveyEndMjd();

    /* Hosted: a host takes part when the hash of its 1-arcsec sky cell is below hostFraction. */
    for (Host h : hosts) {
      long cellRa = Math.round(h.ra() * 3600.0 * Math.cos(Math.toRadians(h.dec())));
      long cellDec = Math.round(h.dec() * 3600.0);
      long hash = Seeds.mix(config.seed(), bandHash, cellRa, cellDec);
      if (!(unit(hash) < config.hostFraction())) {
        continue;
      }
      long id = hash & Long.MAX_VALUE;
      if (!seen.add(id)) {
        continue;
      }
      SplittableRandom r = new SplittableRandom(Seeds.mix(hash, STREAM_FAKE));
      drawOffset(h, r, config.isotropic(), offset);
      double t0 = uniform(r, t0Min, t0Max);
      double peak = h.mag() + uniform(r, config.magOffsetMin(), config.magOffsetMax());
      if (mjd < t0 - 5.0 * rise) {
        continue;
      }
      TangentPlane.offsetToSky(h.ra(), h.dec(), offset[0], offset[1], sky);
      rows.hosted(id, sky, peak + Bazin.magBelowPeak(mjd - t0, rise, fall), h, offset, t0, peak);
    }

    /* Host-less: 1-arcmin cells hashed per (seed, band); magnitudes from the quantiles of the host magnitudes. */
    if (hosts.isEmpty()) {
      return;
    }
    double[] hostMags = new double[hosts.size()];
    for (int i = 0; i < hostMags.length; i++) {
      hostMags[i] = hosts.get(i).mag();
    }
    Arrays.sort(hostMags);
    double pCell = Math.min(1.0,
        config.hostlessFraction() * config.hostFraction() * TYPICAL_HOST_DENSITY_PER_ARCMIN2);
    for (DetectorFootprint fp : fps) {
      SkyBox box = SkyBox.of(fp);
      long decFirst = (long) Math.floor(box.decMin * 60.0) - 1;
      long decLast = (long) Math.floor(box.decMax * 60.0) + 1;
      for (long decIdx = decFirst; decIdx <= decLast; decIdx++) {
        double decLo = Math.max(-90.0, decIdx / 60.0);
        double decHi = Math.min(90.0, (decIdx + 1) / 60.0);
        if (decHi <= decLo) {
          continue;
        }
        long nRa = Math.max(1L, (long) Math.floor(21600.0 * Math.cos(Math.toRadians(0.5 * (decLo + decHi)))));
        double cellW = 360.0 / nRa;
        long raFirst = box.allRa ? 0 : (long) Math.floor(box.raLo / cellW) - 1;
        long raLast = box.allRa ? nRa - 1 : Math.min((long) Math.floor(box.raHi / cellW) + 1, raFirst + nRa - 1);
        for (long raIdx = raFirst; raIdx <= raLast; raIdx++) {
          long k = Math.floorMod(raIdx, nRa);
          long hash = Seeds.mix(config.seed(), bandHash, STREAM_HOSTLESS, decIdx, k);
          if (!(unit(hash) < pCell)) {
            continue;
          }
          long id = hash & Long.MAX_VALUE;
          if (seen.contains(id)) {
            continue;
          }
          SplittableRandom r = new SplittableRandom(Seeds.mix(hash, STREAM_FAKE));
          double ra = (k + r.nextDouble()) * cellW;
          double sinLo = Math.sin(Math.toRadians(decLo));
          double sinHi = Math.sin(Math.toRadians(decHi));
          double dec = Math.toDegrees(Math.asin(Math.max(-1.0, Math.min(1.0, uniform(r, sinLo, sinHi)))));
          double t0 = uniform(r, t0Min, t0Max);
          double q = r.nextDouble();
          double peak = hostMags[(int) Math.min(hostMags.length - 1, Math.floor(q * hostMags.length))]
              + uniform(r, config.magOffsetMin(), config.magOffsetMax());
          ra = ra >= 360.0 ? 0.0 : ra;
          double[] pix = fp.wcs().skyToPixel(ra, dec);
          if (!fp.contains(pix[0], pix[1]) || mjd < t0 - 5.0 * rise) {
            continue;
          }
          seen.add(id);
          sky[0] = ra;
          sky[1] = dec;
          rows.hostless(id, sky, peak + Bazin.magBelowPeak(mjd - t0, rise, fall), t0, peak);
        }
      }
    }
  }

  /**
   * The sky extent of a footprint, from 17 points along each edge: declination range, and RA range as absolute
   * degrees that may run below 0 or above 360 (unwrapped about the centre); all RA when a pole is inside.
   */
  private record SkyBox(double decMin, double decMax, double raLo, double raHi, boolean allRa) {
    static SkyBox of(DetectorFootprint fp) {
      double xa = fp.x0() - 0.5;
      double ya = fp.y0() - 0.5;
      double xb = xa + fp.width();
      double yb = ya + fp.height();
      SkyCoord centre = fp.wcs().pixelToSky(0.5 * (xa + xb), 0.5 * (ya + yb));
      double decMin = centre.dec();
      double decMax = centre.dec();
      double relMin = 0;
      double relMax = 0;
      int steps = 16;
      for (int edge = 0; edge < 4; edge++) {
        for (int s = 0; s <= steps; s++) {
          double f = (double) s / steps;
          double x = edge == 0 ? xa + f * (xb - xa) : edge == 1 ? xb : edge == 2 ? xb - f * (xb - xa) : xa;
          double y = edge == 0 ? ya : edge == 1 ? ya + f * (yb - ya) : edge == 2 ? yb : yb - f * (yb - ya);
          SkyCoord c = fp.wcs().pixelToSky(x, y);
          decMin = Math.min(decMin, c.dec());
          decMax = Math.max(decMax, c.dec());
          double rel = c.ra() - centre.ra();
          rel -= 360.0 * Math.floor((rel + 180.0) / 360.0);
          relMin = Math.min(relMin, rel);
          relMax = Math.max(relMax, rel);
        }
      }
      boolean allRa = false;
      double[] north = fp.wcs().skyToPixel(0.0, 90.0);
      if (fp.contains(north[0], north[1])) {
        decMax = 90.0;
        allRa = true;
      }
      double[] south = fp.wcs().skyToPixel(0.0, -90.0);
      if (fp.contains(south[0], south[1])) {
        decMin = -90.0;
        allRa = true;
      }
      return new SkyBox(decMin, decMax, centre.ra() + relMin, centre.ra() + relMax, allRa);
    }
  }

  /** Accumulates the rows of one catalogue in the schema of its mode. Not thread-safe. */
  private static final class Rows {
    private final long visit;
    private final String band;
    private final InjectionCatalogConfig config;
    private final Catalog.RowBuilder builder;
    private final List<Long> ids = new ArrayList<>();
    private int hosted;
    private int faint;

    Rows(long visit, String band, InjectionCatalogConfig config) {
      this.visit = visit;
      this.band = band;
      this.config = config;
      this.builder = Catalog.rowBuilder(InjectionCatalogs.schema(config.mode()));
    }

    void hosted(long id, double[] sky, double mag, Host h, double[] offset, double t0, double peak) {
      double sep = TangentPlane.separationArcsec(Math.hypot(offset[0], offset[1]));
      add(id, sky, mag, h.id(), h.detector(), h.mag(), h.aArcsec(), h.bArcsec(), h.thetaDeg(), sep, t0, peak);
      hosted++;
    }

    void hostless(long id, double[] sky, double mag, double t0, double peak) {
      double nan = Double.NaN;
      add(id, sky, mag, -1L, -1, nan, nan, nan, nan, nan, t0, peak);
    }

    private void add(long id, double[] sky, double mag, long hostId, int hostDetector, double hostMag, double a,
        double b, double theta, double sep, double t0, double peak) {
      ids.add(id);
      if (config.mode() == InjectionMode.INDEPENDENT) {
        builder.addRow(id, sky[0], sky[1], InjectionCatalogs.STAR, mag, band, visit, hostId, hostDetector, hostMag,
            a, b, theta, sep);
      } else {
        boolean isFaint = !Double.isNaN(config.depthMag()) && mag > config.depthMag();
        faint += isFaint ? 1 : 0;
        builder.addRow(id, sky[0], sky[1], InjectionCatalogs.STAR, mag, band, visit, hostId, hostDetector, hostMag,
            a, b, theta, sep, t0, peak, isFaint);
      }
    }

    Catalog build() {
      Integer[] order = new Integer[ids.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingLong(ids::get));
      int[] take = new int[order.length];
      for (int i = 0; i < take.length; i++) {
        take[i] = order[i];
      }
      return builder.build().take(take);
    }
  }

  private static void drawOffset(Host h, SplittableRandom rng, boolean isotropic, double[] out) {
    double t = Math.toRadians(h.thetaDeg());
    if (isotropic) {
      double r = h.aArcsec() * rng.nextGaussian();
      double phi = 2.0 * Math.PI * rng.nextDouble();
      out[0] = r * Math.cos(phi);
      out[1] = r * Math.sin(phi);
    } else {
      double u = h.aArcsec() * rng.nextGaussian();
      double v = h.bArcsec() * rng.nextGaussian();
      out[0] = u * Math.sin(t) + v * Math.cos(t);
      out[1] = u * Math.cos(t) - v * Math.sin(t);
    }
  }

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  /** The hash's top 53 bits as a double in [0, 1). */
  static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }
}
