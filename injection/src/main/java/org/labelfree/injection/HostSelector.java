package org.labelfree.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Column;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.PhotoCalib;
import org.labelfree.wcs.Jacobian;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.Wcs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selects the host galaxies of one detector's source catalogue and measures their shape on the sky. Stateless and
 * thread-safe.
 */
public final class HostSelector {
  private static final Logger LOG = LoggerFactory.getLogger(HostSelector.class);
  private static final double DEG2_TO_ARCSEC2 = 3600.0 * 3600.0;

  private HostSelector() {
  }

  /**
   * The hosts of one detector's src catalogue (columns of {@code org.labelfree.detect.DetectAndMeasure}: id, x, y,
   * ixx, iyy, ixy, kronFlux, psfFlux, snr, extendedness and the flags of
   * {@link HostSelectionConfig#EXCLUDING_FLAGS}).
   *
   * <p>A source is a host when {@code extendedness == 1}, {@code snr > minSnr}, none of the excluding flags is set
   * (absent flag columns count as unset), its centroid lies in {@code [x0, x0 + width) x [y0, y0 + height)} (parent
   * coordinates), its moments are finite and positive definite, and its magnitude is finite and not fainter than
   * {@code maxMag}. Shape: the pixel covariance {@code C = [[ixx, ixy], [ixy, iyy]]} is mapped to the sky with the
   * WCS Jacobian J at the centroid, {@code S = J C J^T} (arcsec^2, east/north); its eigenvalues give
   * {@code aArcsec >= bArcsec} (square roots) and the major axis gives {@code thetaDeg}, east of north in [0, 180).
   * Magnitude: AB from kronFlux through {@link PhotoCalib#instFluxToMagnitude}, or psfFlux where kronFlux is not
   * finite and positive. Position: ra and dec from {@code wcs} at the centroid (the src ra/dec columns are not used,
   * so that the hosts agree with the WCS passed). Hosts come in catalogue order.
   *
   * @param src      the detector's source catalogue (not null)
   * @param wcs      the detector's WCS, parent pixel coordinates (not null)
   * @param calib    the detector's photometric calibration (not null)
   * @param detector the detector number (>= 0)
   * @param x0       parent column of the image's first pixel
   * @param y0       parent row of the image's first pixel
   * @param width    image width, pixels (> 0)
   * @param height   image height, pixels (> 0)
   * @param config   the cuts (not null)
   * @return the hosts, a new modifiable list; empty when none passes
   * @throws InvalidDataException     if a required column is missing or not numeric (message names it)
   * @throws IllegalArgumentException if {@code width} or {@code height} is not positive or {@code detector} < 0
   */
  public static List<Host> select(Catalog src, Wcs wcs, PhotoCalib calib, int detector, int x0, int y0,
      int width, int height, HostSelectionConfig config) {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(wcs, "wcs");
    Objects.requireNonNull(calib, "calib");
    Objects.requireNonNull(config, "config");
    if (width <= 0 || height <= 0 || detector < 0) {
      throw new IllegalArgumentException("width and height must be > 0 and detector >= 0, but were " + width + "x"
          + height + ", detector " + detector);
    }
    String where = "src catalogue of detector " + detector;

    /* Read the columns the cuts and the shape need. */
    long[] id = idColumn(src, where);
    double[] x = Columns.required(src, "x", where);
    double[] y = Columns.required(src, "y", where);
    double[] ixx = Columns.required(src, "ixx", where);
    double[] iyy = Columns.required(src, "iyy", where);
    double[] ixy = Columns.required(src, "ixy", where);
    double[] kron = Columns.required(src, "kronFlux", where);
    double[] psf = Columns.required(src, "psfFlux", where);
    double[] snr = Columns.required(src, "snr", where);
    double[] ext = Columns.required(src, "extendedness", where);
    boolean[] flagged = new boolean[src.rowCount()];
    for (String flag : HostSelectionConfig.EXCLUDING_FLAGS) {
      if (src.hasColumn(flag)) {
        boolean[] f = src.booleanColumn(flag);
        for (int i = 0; i < f.length; i++) {
          flagged[i] |= f[i];
        }
      }
    }

    /* Apply the cuts and measure each host's shape on the sky. */
    List<Host> hosts = new ArrayList<>();
    int rejectedShape = 0;
    for (int i = 0; i < src.rowCount(); i++) {
      if (ext[i] != 1.0 || !(snr[i] > config.minSnr()) || flagged[i]) {
        continue;
      }
      if (!(x[i] >= x0 && x[i] < x0 + width && y[i] >= y0 && y[i] < y0 + height)) {
        continue;
      }
      double flux = Double.isFinite(kron[i]) && kron[i] > 0 ? kron[i] : psf[i];
      double mag = calib.instFluxToMagnitude(flux);
      if (!Double.isFinite(mag) || mag > config.maxMag()) {
        continue;
      }
      double det = ixx[i] * iyy[i] - ixy[i] * ixy[i];
      if (!(ixx[i] > 0 && iyy[i] > 0 && det > 0) || !Double.isFinite(det)) {
        rejectedShape++;
        continue;
      }
      double[] shape = skyShape(wcs.jacobian(x[i], y[i]), ixx[i], iyy[i], ixy[i]);
      if (!(shape[1] > 0)) {
        rejectedShape++;
        continue;
      }
      SkyCoord sky = wcs.pixelToSky(x[i], y[i]);
      hosts.add(new Host(id[i], detector, x[i], y[i], sky.ra(), sky.dec(), mag, shape[0], shape[1], shape[2]));
    }
    LOG.debug("Selected {} hosts of {} sources on detector {} ({} with unusable moments)", hosts.size(),
        src.rowCount(), detector, rejectedShape);
    return hosts;
  }

  /**
   * The sky ellipse {a, b, theta} (arcsec, arcsec, degrees east of north in [0, 180)) of the pixel second moments
   * (ixx, iyy, ixy) under the local Jacobian {@code jac}.
   */
  static double[] skyShape(Jacobian jac, double ixx, double iyy, double ixy) {
    double j11 = jac.dEastDx();
    double j12 = jac.dEastDy();
    double j21 = jac.dNorthDx();
    double j22 = jac.dNorthDy();
    /* S = J C J^T, with C symmetric. */
    double c11 = j11 * ixx + j12 * ixy;
    double c12 = j11 * ixy + j12 * iyy;
    double c21 = j21 * ixx + j22 * ixy;
    double c22 = j21 * ixy + j22 * iyy;
    double see = (c11 * j11 + c12 * j12) * DEG2_TO_ARCSEC2;
    double sen = (c11 * j21 + c12 * j22) * DEG2_TO_ARCSEC2;
    double snn = (c21 * j21 + c22 * j22) * DEG2_TO_ARCSEC2;
    double mean = 0.5 * (see + snn);
    double half = Math.hypot(0.5 * (see - snn), sen);
    double l1 = mean + half;
    double l2 = mean - half;
    /* Major axis at angle phi from east towards north; the position angle (east of north) is 90 - phi. */
    double phi = 0.5 * Math.toDegrees(Math.atan2(2.0 * sen, see - snn));
    double theta = 90.0 - phi;
    theta %= 180.0;
    if (theta < 0) {
      theta += 180.0;
    }
    if (theta >= 180.0) {
      theta = 0.0;
    }
    return new double[] {Math.sqrt(l1), l2 > 0 ? Math.sqrt(l2) : 0.0, theta};
  }

  private static long[] idColumn(Catalog src, String where) {
    if (!src.hasColumn("id")) {
      throw new InvalidDataException(where + ": missing column 'id'; columns are " + src.columnNames());
    }
    Column c = src.column("id");
    return switch (c.type()) {
      case LONG, INT -> c.toLongArray();
      default -> throw new InvalidDataException(where + ": column 'id' is " + c.type() + "; expected an integer");
    };
  }
}
