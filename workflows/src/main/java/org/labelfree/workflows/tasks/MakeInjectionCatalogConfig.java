package org.labelfree.workflows.tasks;

import org.labelfree.injection.HostSelectionConfig;
import org.labelfree.injection.InjectionCatalogConfig;
import org.labelfree.injection.InjectionMode;

/**
 * Configuration of {@link MakeInjectionCatalogTask}: the paper's recipe by default (3% of the galaxies as hosts,
 * offsets N(0, a) and N(0, b) in the host's frame, magnitudes U(m_host - 1, m_host + 3), 5% host-less fakes,
 * independent catalogues per visit).
 *
 * @param hostFraction     fraction of the selected hosts that get a fake (default 0.03)
 * @param minHosts         at least this many hosts get a fake when that many exist (default 1)
 * @param magOffsetMin     lower end of the fake's magnitude relative to its host (default -1)
 * @param magOffsetMax     upper end (default +3)
 * @param hostlessFraction host-less fakes as a fraction of the hosted ones (default 0.05)
 * @param isotropic        the paper's isotropic offsets (d ~ N(0, a), direction uniform) instead of the host's frame
 *                         (default false)
 * @param mode             {@code independent} (default) or {@code lightcurve} (fakes persisting across visits)
 * @param seed             base seed, mixed with the visit and band (default 1)
 * @param minSnr           hosts: src sources with extendedness 1 above this S/N (default 15)
 * @param riseDays         light-curve mode: rise time of the Bazin light curve, days (default as the engine's)
 * @param fallDays         light-curve mode: decline time, days
 * @param surveyStartMjd   light-curve mode: start of the span of explosion times, MJD
 * @param surveyEndMjd     light-curve mode: end of that span, MJD
 * @param depthMag         light-curve mode: fakes fainter than this are flagged faint (NaN: none flagged)
 */
public record MakeInjectionCatalogConfig(double hostFraction, int minHosts, double magOffsetMin, double magOffsetMax,
    double hostlessFraction, boolean isotropic, InjectionMode mode, long seed, double minSnr, double riseDays,
    double fallDays, double surveyStartMjd, double surveyEndMjd, double depthMag) {

  /** Validates through the injection module's configs. */
  public MakeInjectionCatalogConfig {
    catalog(hostFraction, minHosts, magOffsetMin, magOffsetMax, hostlessFraction, isotropic, mode, seed, riseDays,
        fallDays, surveyStartMjd, surveyEndMjd, depthMag);
    hosts(minSnr);
  }

  /** The defaults listed above. */
  public static MakeInjectionCatalogConfig defaults() {
    InjectionCatalogConfig c = InjectionCatalogConfig.defaults();
    return new MakeInjectionCatalogConfig(c.hostFraction(), c.minHosts(), c.magOffsetMin(), c.magOffsetMax(),
        c.hostlessFraction(), c.isotropic(), c.mode(), c.seed(), HostSelectionConfig.defaults().minSnr(),
        c.riseDays(), c.fallDays(), c.surveyStartMjd(), c.surveyEndMjd(), c.depthMag());
  }

  /** The catalogue settings these values give. */
  InjectionCatalogConfig catalog() {
    return catalog(hostFraction, minHosts, magOffsetMin, magOffsetMax, hostlessFraction, isotropic, mode, seed,
        riseDays, fallDays, surveyStartMjd, surveyEndMjd, depthMag);
  }

  /** The host cuts these values give. */
  HostSelectionConfig hosts() {
    return hosts(minSnr);
  }

  private static InjectionCatalogConfig catalog(double hostFraction, int minHosts, double magOffsetMin,
      double magOffsetMax, double hostlessFraction, boolean isotropic, InjectionMode mode, long seed,
      double riseDays, double fallDays, double surveyStartMjd, double surveyEndMjd, double depthMag) {
    return new InjectionCatalogConfig(hostFraction, minHosts, magOffsetMin, magOffsetMax, hostlessFraction,
        isotropic, mode, seed, riseDays, fallDays, surveyStartMjd, surveyEndMjd, depthMag);
  }

  private static HostSelectionConfig hosts(double minSnr) {
    return new HostSelectionConfig(minSnr, HostSelectionConfig.defaults().maxMag());
  }
}
