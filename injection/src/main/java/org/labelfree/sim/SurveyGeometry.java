package org.labelfree.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.labelfree.wcs.CdMatrix;
import org.labelfree.wcs.SkyCoord;
import org.labelfree.wcs.TanSipWcs;
import org.labelfree.wcs.TanWcs;
import org.labelfree.wcs.Wcs;

/**
 * Where everything of a {@link SyntheticSurvey} lies: the camera's detectors in the focal plane, each visit's
 * pointing and conditions, each visit-detector's TAN-SIP WCS, and the tract (one TAN projection around the field
 * centre) cut into patches as LSST's sky maps do. Deterministic from the configuration; immutable and thread-safe.
 *
 * <p>Focal plane: detectors of {@code size x size} pixels on a grid ({@link #columns()} x {@link #rows()}) with gaps
 * of 3% of a detector; detector {@code d} sits at column {@code d % columns}, row {@code d / columns}. A visit points
 * the boresight (the focal-plane origin) at the field centre plus a dither of up to {@code maxDither} of a detector,
 * rotated by up to {@code maxRotationDeg}. Each detector's WCS has CRVAL at the boresight, CRPIX at the boresight's
 * position in that detector's pixels, and a radial distortion {@code r' = r (1 + k r^2)} written exactly as SIP
 * polynomials of order 3 ({@code A_3_0 = A_1_2 = B_2_1 = B_0_3 = k}).
 */
public final class SurveyGeometry {
  private static final long STREAM_VISIT = 0x5649534954L;
  private static final long STREAM_DETECTOR = 0x444554L;
  /** Margin added around the footprints when the tract is sized, pixels. */
  private static final int TRACT_MARGIN = 64;

  private final SurveyConfig config;
  private final int columns;
  private final int rows;
  private final int gap;
  private final double distortionK;
  private final List<VisitConditions> visits;
  private final double[] gains;
  private final TanWcs tractWcs;
  private final int patchesX;
  private final int patchesY;

  /** Lays out the survey of this configuration. */
  public SurveyGeometry(SurveyConfig config) {
    this.config = config;
    this.columns = (int) Math.ceil(Math.sqrt(config.detectors() * 1.5));
    this.rows = (config.detectors() + columns - 1) / columns;
    this.gap = (int) Math.round(0.03 * config.size());
    double halfX = 0.5 * (columns * config.size() + (columns - 1) * gap);
    double halfY = 0.5 * (rows * config.size() + (rows - 1) * gap);
    double r2 = halfX * halfX + halfY * halfY;
    this.distortionK = config.distortion() / r2;
    this.visits = planVisits(config);
    this.gains = new double[config.detectors()];
    for (int d = 0; d < gains.length; d++) {
      gains[d] = config.gain() * (1.0 + 0.08 * (2.0 * Seeds.rng(config.seed(), STREAM_DETECTOR, d).nextDouble() - 1));
    }
    /* The tract: symmetric about the field centre, covering every footprint plus a margin, tiled by whole patches. */
    double reach = 0;
    TanWcs centred = TanWcs.of(new SkyCoord(config.raCentre(), config.decCentre()), 0, 0,
        CdMatrix.northUp(config.pixelScale() / 3600.0));
    for (VisitConditions v : visits) {
      for (int d = 0; d < config.detectors(); d++) {
        Wcs w = detectorWcs(v, d);
        for (double[] c : corners()) {
          SkyCoord s = w.pixelToSky(c[0], c[1]);
          double[] p = centred.skyToPixel(s.ra(), s.dec());
          reach = Math.max(reach, Math.max(Math.abs(p[0]), Math.abs(p[1])));
        }
      }
    }
    double half = reach + TRACT_MARGIN;
    int p = config.patchSize();
    this.patchesX = Math.max(1, (int) Math.ceil(2 * half / p));
    this.patchesY = patchesX;
    this.tractWcs = TanWcs.of(new SkyCoord(config.raCentre(), config.decCentre()), 0.5 * patchesX * p - 0.5,
        0.5 * patchesY * p - 0.5, CdMatrix.northUp(config.pixelScale() / 3600.0));
  }

  private static List<VisitConditions> planVisits(SurveyConfig c) {
    List<VisitConditions> out = new ArrayList<>();
    long id = 1;
    double detDeg = c.size() * c.pixelScale() / 3600.0;
    for (int night = 0; night < c.visitsPerBand(); night++) {
      for (int b = 0; b < c.bands().size(); b++) {
        SplittableRandom r = Seeds.rng(c.seed(), STREAM_VISIT, id);
        String band = c.bands().get(b);
        double mjd = c.mjdStart() + night * c.nightSpacing() + 0.1 + 0.02 * b;
        double dx = c.maxDither() * detDeg * (2 * r.nextDouble() - 1);
        double dy = c.maxDither() * detDeg * (2 * r.nextDouble() - 1);
        double dec = c.decCentre() + dy;
        double ra = c.raCentre() + dx / Math.cos(Math.toRadians(dec));
        double rot = c.maxRotationDeg() * (2 * r.nextDouble() - 1);
        double seeing = c.seeingMin() + (c.seeingMax() - c.seeingMin()) * 0.5 * (r.nextDouble() + r.nextDouble());
        double beta = c.betaMin() + (c.betaMax() - c.betaMin()) * r.nextDouble();
        double g = 0.05 * Math.sqrt(r.nextDouble());
        double phi = 2 * Math.PI * r.nextDouble();
        double ext = c.maxExtinction() * r.nextDouble();
        double skyMag = SurveyConfig.skyBrightness(band) - 0.5 * r.nextDouble();
        double gx = c.skyGradient() * (2 * r.nextDouble() - 1);
        double gy = c.skyGradient() * (2 * r.nextDouble() - 1);
        out.add(new VisitConditions(id, night, band, mjd, c.exposureTime(), (ra % 360 + 360) % 360, dec, rot, seeing,
            beta, g * Math.cos(phi), g * Math.sin(phi), ext, skyMag, gx, gy));
        id++;
      }
    }
    return List.copyOf(out);
  }

  private double[][] corners() {
    double m = config.size() - 0.5;
    return new double[][] {{-0.5, -0.5}, {m, -0.5}, {-0.5, m}, {m, m}};
  }

  /** The configuration. */
  public SurveyConfig config() {
    return config;
  }

  /** Every visit, in time order. */
  public List<VisitConditions> visits() {
    return visits;
  }

  /**
   * The visit with this number.
   *
   * @throws IllegalArgumentException if there is none
   */
  public VisitConditions visit(long visit) {
    if (visit < 1 || visit > visits.size()) {
      throw new IllegalArgumentException("visit must be in 1.." + visits.size() + ", but was " + visit);
    }
    return visits.get((int) visit - 1);
  }

  /** Detector grid columns. */
  public int columns() {
    return columns;
  }

  /** Detector grid rows. */
  public int rows() {
    return rows;
  }

  /** Gain of a detector, electrons per ADU. */
  public double gain(int detector) {
    checkDetector(detector);
    return gains[detector];
  }

  /** Focal-plane position (pixels from the boresight) of a detector's centre: {x, y}. */
  public double[] detectorCentre(int detector) {
    checkDetector(detector);
    int col = detector % columns;
    int row = detector / columns;
    return new double[] {(col - 0.5 * (columns - 1)) * (config.size() + gap),
        (row - 0.5 * (rows - 1)) * (config.size() + gap)};
  }

  /** The TAN-SIP WCS of a visit-detector (0-based pixels of that detector). */
  public TanSipWcs detectorWcs(VisitConditions v, int detector) {
    double[] c = detectorCentre(detector);
    double s = config.pixelScale() / 3600.0;
    double phi = Math.toRadians(v.rotationDeg());
    double cos = Math.cos(phi);
    double sin = Math.sin(phi);
    double half = 0.5 * (config.size() - 1);
    TanWcs tan = TanWcs.of(new SkyCoord(v.boresightRa(), v.boresightDec()), half - c[0], half - c[1],
        new CdMatrix(-s * cos, s * sin, s * sin, s * cos));
    double[][] a = new double[4][4];
    double[][] b = new double[4][4];
    a[3][0] = distortionK;
    a[1][2] = distortionK;
    b[2][1] = distortionK;
    b[0][3] = distortionK;
    return TanSipWcs.of(tan, a, b, null, null);
  }

  /** The tract's TAN WCS (north up, east left, the configured pixel scale), 0-based tract pixels. */
  public TanWcs tractWcs() {
    return tractWcs;
  }

  /** Patches along x (and along y: the tract is square). */
  public int patchesX() {
    return patchesX;
  }

  /** Number of patches. */
  public int patchCount() {
    return patchesX * patchesY;
  }

  /** Tract width and height, pixels. */
  public int tractSize() {
    return patchesX * config.patchSize();
  }

  /**
   * The outer bounding box of a patch in tract pixels, {x0, y0, width, height}: the inner region (patch index
   * {@code p = py * patchesX + px}) grown by the overlap on every side.
   */
  public int[] patchBox(int patch) {
    if (patch < 0 || patch >= patchCount()) {
      throw new IllegalArgumentException("patch must be in 0.." + (patchCount() - 1) + ", but was " + patch);
    }
    int ps = config.patchSize();
    int o = config.patchOverlap();
    return new int[] {(patch % patchesX) * ps - o, (patch / patchesX) * ps - o, ps + 2 * o, ps + 2 * o};
  }

  /** The patch whose inner region holds this sky position, or -1 outside the tract. */
  public int patchAt(double ra, double dec) {
    double[] p = tractWcs.skyToPixel(ra, dec);
    int px = (int) Math.floor((p[0] + 0.5) / config.patchSize());
    int py = (int) Math.floor((p[1] + 0.5) / config.patchSize());
    return px < 0 || py < 0 || px >= patchesX || py >= patchesY ? -1 : py * patchesX + px;
  }

  /** The sky region from which sources are drawn: the tract plus its patch overlap and a margin. */
  public SkyRegion skyRegion() {
    double halfDeg = (0.5 * tractSize() + config.patchOverlap() + TRACT_MARGIN) * config.pixelScale() / 3600.0;
    return new SkyRegion(config.raCentre(), config.decCentre(), halfDeg, halfDeg);
  }

  /** The sky box {raMin, raMax, decMin, decMax} of a visit-detector's footprint (from its corners and edge centres). */
  public double[] detectorSkyBox(VisitConditions v, int detector) {
    return skyBox(detectorWcs(v, detector), -0.5, -0.5, config.size(), config.size());
  }

  /** The sky box {raMin, raMax, decMin, decMax} of a patch's outer region. */
  public double[] patchSkyBox(int patch) {
    int[] b = patchBox(patch);
    return skyBox(tractWcs, b[0] - 0.5, b[1] - 0.5, b[2], b[3]);
  }

  private static double[] skyBox(Wcs w, double x0, double y0, double width, double height) {
    double raMin = Double.POSITIVE_INFINITY;
    double raMax = Double.NEGATIVE_INFINITY;
    double decMin = Double.POSITIVE_INFINITY;
    double decMax = Double.NEGATIVE_INFINITY;
    double ref = w.pixelToSky(x0 + 0.5 * width, y0 + 0.5 * height).ra();
    for (int i = 0; i <= 4; i++) {
      for (int j = 0; j <= 4; j++) {
        if (i != 0 && i != 4 && j != 0 && j != 4) {
          continue;
        }
        SkyCoord s = w.pixelToSky(x0 + width * i / 4.0, y0 + height * j / 4.0);
        double ra = ref + ((s.ra() - ref + 540.0) % 360.0 - 180.0);
        raMin = Math.min(raMin, ra);
        raMax = Math.max(raMax, ra);
        decMin = Math.min(decMin, s.dec());
        decMax = Math.max(decMax, s.dec());
      }
    }
    return new double[] {raMin, raMax, decMin, decMax};
  }

  private void checkDetector(int detector) {
    if (detector < 0 || detector >= config.detectors()) {
      throw new IllegalArgumentException("detector must be in 0.." + (config.detectors() - 1) + ", but was "
          + detector);
    }
  }
}
