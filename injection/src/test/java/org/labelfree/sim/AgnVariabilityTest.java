package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;
import org.labelfree.sim.Transients.Epoch;

class AgnVariabilityTest {
  private static final int N = 1000;
  private static final double DT = 40.0;

  @Test
  void dampedRandomWalkHasItsAutocorrelationAndStationaryVariance() {
    /* About 170 AGN over 1000 r-band epochs 40 d apart, plus g-band epochs at the same MJD as ten of them. */
    SkyRegion region = new SkyRegion(300.0, -45.0, 0.035, 0.035);
    SkyConfig noStars = new SkyConfig("r", 4.0e4, 24.0, 0.33, 18.0, 26.5, 0.0, 22.0, 0.12, 14.0, 26.0);
    Sky sky = SkyModel.generate(region, List.of("r"), noStars, 21L);
    List<Epoch> epochs = new ArrayList<>();
    for (int k = 0; k < N; k++) {
      epochs.add(new Epoch(k, 20000.0 + DT * k, "r", 30.0));
    }
    for (int k = 0; k < 10; k++) {
      epochs.add(new Epoch(5000 + k, 20000.0 + DT * 37 * k, "g", 30.0));
    }
    Transients t = Transients.generate(sky, region, epochs, new TransientConfig(0, 0.1, 0, 0, 21.5, 25.0), 22L);
    Catalog p = t.parameters();
    int m = p.rowCount();
    assertEquals(0.1, (double) m / sky.size(), 4.0 * Math.sqrt(0.1 * 0.9 / sky.size()), "AGN fraction");

    double[][] x = new double[m][N];
    for (int k = 0; k < N; k++) {
      List<TransientInstance> seen = t.at(epochs.get(k));
      for (int j = 0; j < m; j++) {
        TransientInstance a = seen.get(j);
        x[j][k] = a.magnitude() - a.baselineMagnitude();
        if (k == 0) {
          int host = (int) a.hostId() - 1;
          assertEquals(SourceKind.GALAXY, sky.kind(host));
          assertEquals(sky.ra(host), a.ra(), "at the host's nucleus");
          assertEquals(sky.dec(host), a.dec());
          assertEquals(p.column("mean_mag").getDouble(j), a.baselineMagnitude(), 1e-12, "baseline = mean");
          double excess = a.baselineMagnitude() - sky.mag(host, "r");
          assertTrue(excess >= 0.5 && excess <= 3.0, "mean = host + U(0.5, 3): " + excess);
        }
      }
    }

    /* Lag-1 autocorrelation with the known mean, r = sum x_k x_k+1 / sum x_k^2, against exp(-dt / tau): each AGN
     * gives z = (r - rho) / sqrt((1 - rho^2) / N); the mean z of the M AGN must be within 3 / sqrt(M) of 0
     * (3 sigma). Stationary variance: mean of x^2 / (SF_inf^2 / 2) averaged over the AGN within 10% of 1 (its
     * standard error is about 1.5% with ~100 independent points per AGN). */
    double zSum = 0.0;
    double ratioSum = 0.0;
    for (int j = 0; j < m; j++) {
      double tau = p.column("tau").getDouble(j);
      double sf = p.column("sf_inf").getDouble(j);
      assertTrue(tau >= 50 && tau <= 400 && sf >= 0.1 && sf <= 0.35, "tau " + tau + ", SF " + sf);
      double lag = 0.0;
      double zero = 0.0;
      for (int k = 0; k < N; k++) {
        zero += x[j][k] * x[j][k];
        lag += k + 1 < N ? x[j][k] * x[j][k + 1] : 0.0;
      }
      double rho = Math.exp(-DT / tau);
      zSum += (lag / zero - rho) / Math.sqrt((1 - rho * rho) / N);
      ratioSum += zero / N / (sf * sf / 2.0);
    }
    assertTrue(m > 100, "AGN: " + m);
    assertEquals(0.0, zSum / m, 3.0 / Math.sqrt(m), "mean normalised autocorrelation error");
    assertEquals(1.0, ratioSum / m, 0.10, "stationary variance / (SF_inf^2 / 2)");

    /* A g epoch at the MJD of an r epoch sees the same walk scaled by 1.15 (u..y scales 1.3 ... 0.8, r = 1). */
    for (int k = 0; k < 10; k++) {
      List<TransientInstance> g = t.at(epochs.get(N + k));
      List<TransientInstance> r = t.at(epochs.get(37 * k));
      for (int j = 0; j < m; j++) {
        double dr = r.get(j).magnitude() - r.get(j).baselineMagnitude();
        double dg = g.get(j).magnitude() - g.get(j).baselineMagnitude();
        assertEquals(1.15 * dr, dg, 1e-9, "band scaling");
        assertEquals(0.20, g.get(j).baselineMagnitude() - r.get(j).baselineMagnitude(), 1e-9, "AGN g-r");
      }
    }
  }
}
