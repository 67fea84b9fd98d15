package org.labelfree.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.Metadata;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.VisitInfo;
import org.labelfree.wcs.Wcs;

/**
 * A small survey with known truth, rendered on demand: the sky (galaxies with Sersic profiles, stars), its true
 * transients, each visit's conditions and geometry, and from them calibrated visit images ("calexps") and template
 * coadd patches. Start here.
 *
 * <p>A calexp of visit {@code v}, detector {@code d} is made as a detector makes it: expected electrons from the
 * sky (with a gradient) and every source (galaxies as Gaussian-mixture Sersic profiles convolved with the visit's
 * Moffat PSF, whose FWHM varies linearly across the detector; stars and point-like transients as pixel-integrated
 * Moffat profiles); satellite trails and diffraction spikes; photon noise; cosmic rays and the detector's
 * defects; bleeding of saturated charge along columns; read noise and gain to ADU with the ADC ceiling; an
 * ISR-style variance plane; interpolation over known defects and found cosmic rays; and a fitted background plane
 * subtracted. Templates are deep (noise lower by {@link SurveyConfig#templateNoiseFactor()} than a median visit),
 * good-seeing coadd patches on the tract's projection, in nanojansky, holding the static sky and the baseline of
 * variable sources but no supernova, asteroid or artefact.
 *
 * <p>{@code truth_transients} columns: {@code transient_id, kind, host_id, ra, dec, x, y} (0-based pixels),
 * {@code mag} (total AB magnitude of the transient source in this visit), {@code baseline_mag} (what the template
 * holds, NaN for nothing), {@code diff_flux} (ADU: the flux a perfect difference image shows), {@code psf_snr}
 * (diff_flux over the sky noise in a PSF-weighted aperture), {@code trail_length} (pixels). {@code truth_artefacts}
 * columns: {@code kind, x0, y0, x1, y1} (pixels), {@code electrons}, {@code masked}.
 *
 * <p>Every random draw is seeded from the configuration's seed and the visit, detector, band or patch, so a
 * calexp is the same whatever else is rendered and whatever the thread count. Rendering uses the common fork-join
 * pool. Immutable after construction; the render methods are thread-safe.
 */
public final class SyntheticSurvey {
  /** The simulated camera. */
  public static final String INSTRUMENT = "SimCam";
  /** The sky map of the simulated tract. */
  public static final String SKYMAP = "sim_skymap";
  /** The tract number (the HSC COSMOS tract). */
  public static final long TRACT = 9813;

  private static final long STREAM_SKY = 0x534B59L;
  private static final long STREAM_TRANSIENTS = 0x5452414EL;
  private static final long STREAM_PSF = 0x505346L;
  private static final long STREAM_TRAIL = 0x545241L;
  private static final long STREAM_PHOTON = 0x50484FL;
  private static final long STREAM_CR = 0x4352L;
  private static final long STREAM_DEFECT = 0x444546L;
  private static final long STREAM_READ = 0x524541L;
  private static final long STREAM_TEMPLATE = 0x54454DL;
  /** Rows per band of the parallel galaxy drawing. */
  private static final int BAND_ROWS = 64;
  /** Margin (pixels) around a detector within which galaxies are drawn. */
  private static final int GALAXY_MARGIN = 64;
  /** Margin (pixels) around a detector within which stars are drawn (their wings and bleed trails). */
  private static final int STAR_MARGIN = 256;

  private final SurveyConfig config;
  private final SurveyGeometry geometry;
  private final Sky sky;
  private final Transients transients;
  private final double depth;

  /** Lays out the survey and draws its sky and transients (fast: no pixel is rendered here). */
  public SyntheticSurvey(SurveyConfig config) {
    this.config = config;
    this.geometry = new SurveyGeometry(config);
    String ref = config.sky().referenceBand();
    this.depth = medianDepth(config, ref);
    SkyConfig s = config.sky();
    double faint = depth + config.depthMargin();
    SkyConfig sc = new SkyConfig(s.referenceBand(), s.galaxyCountAtRef(), s.galaxyRefMag(), s.galaxySlope(),
        s.galaxyMagBright(), faint, s.starCountAtRef(), s.starRefMag(), s.starSlope(), s.starMagBright(), faint);
    this.sky = SkyModel.generate(geometry.skyRegion(), config.bands(), sc, Seeds.mix(config.seed(), STREAM_SKY));
    List<Transients.Epoch> epochs = new ArrayList<>();
    for (VisitConditions v : geometry.visits()) {
      epochs.add(v.epoch());
    }
    this.transients = Transients.generate(sky, geometry.skyRegion(), epochs, config.transients(),
        Seeds.mix(config.seed(), STREAM_TRANSIENTS));
  }

  /** The 5-sigma point-source depth of a median visit (median seeing, no extinction, dark sky) in a band. */
  static double medianDepth(SurveyConfig c, String band) {
    double seeing = 0.5 * (c.seeingMin() + c.seeingMax());
    double zp = SurveyConfig.zeroPointElectronsPerSecond(band) + 2.5 * Math.log10(c.exposureTime());
    double skyMag = SurveyConfig.skyBrightness(band) - 2.5 * Math.log10(c.pixelScale() * c.pixelScale());
    double skyE = Math.pow(10, 0.4 * (zp - skyMag));
    double sigmaPsf = seeing / c.pixelScale() / 2.3548;
    double noise = Math.sqrt((skyE + c.readNoise() * c.readNoise()) * 4 * Math.PI * sigmaPsf * sigmaPsf);
    return zp - 2.5 * Math.log10(5 * noise);
  }

  /** The configuration. */
  public SurveyConfig config() {
    return config;
  }

  /** The layout: visits, detectors, WCSs, tract and patches. */
  public SurveyGeometry geometry() {
    return geometry;
  }

  /** The static sky. */
  public Sky sky() {
    return sky;
  }

  /** The true transients. */
  public Transients transients() {
    return transients;
  }

  /** The 5-sigma point-source depth of a median visit in the reference band, AB mag. */
  public double depth() {
    return depth;
  }

  /** The physical filter name of a band, e.g. {@code SimCam-r}. */
  public static String physicalFilter(String band) {
    return INSTRUMENT + "-" + band;
  }

  /** The truth catalogue of the static sky ({@code truth_sources}). */
  public Catalog truthSources() {
    return sky.toCatalog();
  }

  /** The truth catalogue of the transients' parameters, one row per transient. */
  public Catalog transientParameters() {
    return transients.parameters();
  }

  /** Sources drawn into one image: pixel positions, electrons, and the galaxies' mixtures. */
  private static final class Scene {
    final List<double[]> points = new ArrayList<>();   // {x, y, electrons}
    final List<GaussianMixture> mixtures = new ArrayList<>();
    final List<double[]> galaxies = new ArrayList<>(); // {x, y, electrons, yExtent}
  }

  /**
   * Renders the calexp of one visit-detector and its truth.
   *
   * @throws IllegalArgumentException if the visit or detector does not exist
   */
  public SimulatedVisit renderCalexp(long visitId, int detector) {
    Setup st = setup(visitId, detector);
    VisitConditions v = st.v;
    Wcs wcs = st.wcs;
    MoffatPsf psf = st.psf;
    int n = config.size();
    double half = 0.5 * (n - 1);
    double fwhm = psf.fwhm();
    double zpE = st.zpE;
    double gain = st.gain;
    double skyE = st.skyE;
    double readNoise = config.readNoise();
    double skySigma = st.skySigma;
    ArtefactConfig ac = config.artefacts();

    /* Sources: the static sky through this detector's WCS, then the transients of this epoch. */
    float[] e = new float[n * n];
    int[] mask = new int[n * n];
    Scene scene = scene(wcs, 0, 0, n, n, zpE, psf, st.psfMix, v.band(), st.floor);
    List<Object[]> truthRows = new ArrayList<>();
    addTransients(scene, wcs, n, v, zpE, psf, skySigma, gain, truthRows);
    draw(scene, e, n, n, psf, st.floor);

    /* Sky with its gradient. */
    double gx = v.skyGradX();
    double gy = v.skyGradY();
    IntStream.range(0, n).parallel().forEach(y -> {
      double rowSky = skyE * (1 + gy * (y - half) / n);
      int o = y * n;
      for (int x = 0; x < n; x++) {
        e[o + x] += (float) (rowSky + skyE * gx * (x - half) / n);
      }
    });

    /* Artefacts and the detector, in the order a CCD makes them. */
    List<Artefact> artefacts = new ArrayList<>();
    artefacts.addAll(Artefacts.addSatelliteTrails(e, mask, n, n, fwhm, skySigma, ac,
        Seeds.rng(config.seed(), STREAM_TRAIL, visitId, detector)));
    double[][] stars = starArrays(scene);
    artefacts.addAll(Artefacts.addDiffractionSpikes(e, n, n, stars[0], stars[1], stars[2],
        Math.toRadians(v.rotationDeg()), fwhm, ac));
    Noise.addPhotonNoise(e, n, n, Seeds.mix(config.seed(), STREAM_PHOTON, visitId, detector));
    artefacts.addAll(Artefacts.addCosmicRays(e, mask, n, n, skySigma, ac,
        Seeds.rng(config.seed(), STREAM_CR, visitId, detector)));
    artefacts.addAll(Artefacts.addSensorDefects(e, mask, n, n, ac, Seeds.mix(config.seed(), STREAM_DEFECT, detector)));
    artefacts.addAll(Artefacts.bleed(e, mask, n, n, ac));
    Noise.readout(e, mask, n, n, gain, readNoise, config.adcMax(), Seeds.mix(config.seed(), STREAM_READ, visitId,
        detector));
    float[] variance = Noise.variance(e, n, n, gain, readNoise);
    MaskPlanes planes = MaskPlanes.defaults();
    Interpolation.interpolateMasked(e, variance, mask, n, n, planes.bitmask("BAD", "CR"));

    /* Background: fit a plane as a calexp's background subtraction would, and subtract it. */
    int exclude = planes.bitmask("BAD", "SAT", "CR", "INTRP", "STREAK");
    double[] bg = BackgroundFit.plane(e, mask, n, n, exclude);
    IntStream.range(0, n).parallel().forEach(y -> {
      int o = y * n;
      double rowBg = bg[0] + bg[2] * (y - half) / n;
      for (int x = 0; x < n; x++) {
        e[o + x] -= (float) (rowBg + bg[1] * (x - half) / n);
      }
    });

    Metadata md = Metadata.builder()
        .set("SIMSEED", config.seed(), "labelfree simulation base seed")
        .set("SEEING", v.seeing(), "[arcsec] true PSF FWHM at the detector centre")
        .set("SKYLEVEL", skyE / gain, "[adu] true sky level at the detector centre")
        .set("BGMEAN", bg[0], "[adu] fitted background subtracted at the centre")
        .set("EXTINCT", v.extinction(), "[mag] true transparency loss")
        .set("RDNOISE", readNoise, "[e-] read noise")
        .set("SATURATE", Math.min(config.adcMax(), ac.fullWellElectrons() / gain), "[adu] saturation level")
        .set("BORE-RA", v.boresightRa(), "[deg] boresight right ascension")
        .set("BORE-DEC", v.boresightDec(), "[deg] boresight declination")
        .set("ROTANG", v.rotationDeg(), "[deg] camera rotation")
        .build();
    VisitInfo info = new VisitInfo(INSTRUMENT, visitId, detector, v.band(), physicalFilter(v.band()), v.mjd(),
        v.exposureTime(), gain);
    Exposure calexp = new Exposure(ImageF.wrap(n, n, e), Mask.wrap(n, n, mask, planes), ImageF.wrap(n, n, variance),
        wcs, psf, new PhotoCalib(zpE - 2.5 * Math.log10(gain)), info, md);
    return new SimulatedVisit(calexp, transientCatalog(truthRows), artefactCatalog(artefacts));
  }

  /** What every rendering of one visit-detector shares. */
  private static final class Setup {
    VisitConditions v;
    Wcs wcs;
    MoffatPsf psf;
    GaussianMixture psfMix;
    double zpE;
    double gain;
    double skyE;
    double skySigma;
    double floor;
  }

  private Setup setup(long visitId, int detector) {
    Setup st = new Setup();
    st.v = geometry.visit(visitId);
    st.wcs = geometry.detectorWcs(st.v, detector);
    int n = config.size();
    double half = 0.5 * (n - 1);
    double fwhm = st.v.seeing() / config.pixelScale();
    SplittableRandom pr = Seeds.rng(config.seed(), STREAM_PSF, visitId, detector);
    double gradX = fwhm * config.psfVariation() * (2 * pr.nextDouble() - 1) / (0.5 * n);
    double gradY = fwhm * config.psfVariation() * (2 * pr.nextDouble() - 1) / (0.5 * n);
    double fwhmMax = fwhm * (1 + 2 * config.psfVariation());
    int kernelSize = 2 * (int) Math.ceil(3 * fwhmMax) + 1;
    st.psf = new MoffatPsf(fwhm, st.v.beta(), st.v.e1(), st.v.e2(), half, half, gradX, gradY, kernelSize);
    st.psfMix = GaussianMixture.moffat(fwhm, st.v.beta(), st.v.e1(), st.v.e2());
    st.zpE = st.v.zeroPointElectrons();
    st.gain = geometry.gain(detector);
    st.skyE = st.v.skyElectrons(config.pixelScale());
    st.skySigma = Math.sqrt(st.skyE + config.readNoise() * config.readNoise());
    st.floor = config.renderFloorSigma() * st.skySigma;
    return st;
  }

  /**
   * The expected electrons of the sources alone on a visit-detector (static sky and transients; no sky level,
   * artefact or noise), as drawn into its calexp: for tests of the noise model.
   */
  float[] sourceModel(long visitId, int detector) {
    Setup st = setup(visitId, detector);
    int n = config.size();
    float[] e = new float[n * n];
    Scene scene = scene(st.wcs, 0, 0, n, n, st.zpE, st.psf, st.psfMix, st.v.band(), st.floor);
    addTransients(scene, st.wcs, n, st.v, st.zpE, st.psf, st.skySigma, st.gain, new ArrayList<>());
    draw(scene, e, n, n, st.psf, st.floor);
    return e;
  }

  /**
   * Renders the template coadd of one patch in one band: nanojansky (PhotoCalib zero point 31.4), the tract's WCS
   * on the parent (tract) pixel grid with the patch's outer box as the image origin.
   *
   * @throws IllegalArgumentException if the band is not surveyed or the patch does not exist
   */
  public Exposure renderTemplate(String band, int patch) {
    if (!config.bands().contains(band)) {
      throw new IllegalArgumentException("band must be one of " + config.bands() + ", but was '" + band + "'");
    }
    int[] box = geometry.patchBox(patch);
    int w = box[2];
    int h = box[3];
    double scale = config.pixelScale();
    double fwhm = config.templateSeeing() / scale;
    double half = 0.5 * (w - 1);
    MoffatPsf psf = new MoffatPsf(fwhm, config.templateBeta(), 0, 0, box[0] + half, box[1] + 0.5 * (h - 1), 0, 0,
        2 * (int) Math.ceil(3 * fwhm) + 1);
    double zpE = SurveyConfig.zeroPointElectronsPerSecond(band) + 2.5 * Math.log10(config.exposureTime());
    double skyMag = SurveyConfig.skyBrightness(band) - 2.5 * Math.log10(scale * scale);
    double skyE = Math.pow(10, 0.4 * (zpE - skyMag));
    double rn2 = config.readNoise() * config.readNoise();
    double f2 = config.templateNoiseFactor() * config.templateNoiseFactor();
    double floor = templateFloor(band);

    float[] src = templateSources(band, patch, zpE, fwhm, floor);

    /* Coadd noise: a median visit's variance divided by the depth gain, in nanojansky. */
    double nJyPerE = Math.pow(10, (PhotoCalib.NJY_ZERO_POINT - zpE) / 2.5);
    float[] image = new float[w * h];
    float[] variance = new float[w * h];
    int[] mask = new int[w * h];
    int sat = MaskPlanes.defaults().bitmask("SAT");
    double fullWell = config.artefacts().fullWellElectrons();
    long seed = Seeds.mix(config.seed(), STREAM_TEMPLATE, band.charAt(0), patch);
    IntStream.range(0, h).parallel().forEach(y -> {
      SplittableRandom r = Seeds.rng(seed, y);
      int o = y * w;
      for (int x = 0; x < w; x++) {
        double s = src[o + x];
        double var = (skyE + Math.max(s, 0) + rn2) / f2;
        image[o + x] = (float) ((s + Math.sqrt(var) * r.nextGaussian()) * nJyPerE);
        variance[o + x] = (float) (var * nJyPerE * nJyPerE);
        if (s + skyE > fullWell) {
          mask[o + x] |= sat;
        }
      }
    });
    Metadata md = Metadata.builder()
        .set("SIMSEED", config.seed(), "labelfree simulation base seed")
        .set("SKYMAP", SKYMAP, "sky map")
        .set("TRACT", TRACT, "tract")
        .set("PATCH", patch, "patch index (y * nx + x)")
        .set("NOISEFAC", config.templateNoiseFactor(), "noise lower than a median visit by this factor")
        .build();
    VisitInfo info = new VisitInfo(INSTRUMENT, -1, -1, band, physicalFilter(band), Double.NaN, Double.NaN,
        Double.NaN);
    return new Exposure(ImageF.wrap(w, h, image).withXy0(box[0], box[1]),
        Mask.wrap(w, h, mask, MaskPlanes.defaults()).withXy0(box[0], box[1]),
        ImageF.wrap(w, h, variance).withXy0(box[0], box[1]), geometry.tractWcs(), psf,
        new PhotoCalib(PhotoCalib.NJY_ZERO_POINT), info, md);
  }

  /**
   * The expected electrons (of a median visit) of the sources on a template patch: the static sky and the AGN at
   * their mean; no supernova, asteroid or artefact.
   */
  private float[] templateSources(String band, int patch, double zpE, double fwhm, double floor) {
    int[] box = geometry.patchBox(patch);
    int w = box[2];
    int h = box[3];
    double half = 0.5 * (w - 1);
    Wcs tract = geometry.tractWcs();
    MoffatPsf localPsf = new MoffatPsf(fwhm, config.templateBeta(), 0, 0, half, 0.5 * (h - 1), 0, 0,
        2 * (int) Math.ceil(3 * fwhm) + 1);
    GaussianMixture psfMix = GaussianMixture.moffat(fwhm, config.templateBeta(), 0, 0);
    Scene scene = scene(tract, box[0], box[1], w, h, zpE, localPsf, psfMix, band, floor);
    VisitConditions first = null;
    for (VisitConditions v : geometry.visits()) {
      if (v.band().equals(band)) {
        first = v;
        break;
      }
    }
    for (TransientInstance t : transients.at(first.epoch())) {
      if (t.kind() == TransientKind.AGN && Double.isFinite(t.baselineMagnitude())) {
        double[] p = tract.skyToPixel(t.ra(), t.dec());
        p[0] -= box[0];
        p[1] -= box[1];
        if (p[0] > -GALAXY_MARGIN && p[0] < w + GALAXY_MARGIN && p[1] > -GALAXY_MARGIN && p[1] < h + GALAXY_MARGIN) {
          scene.points.add(new double[] {p[0], p[1], Math.pow(10, 0.4 * (zpE - t.baselineMagnitude()))});
        }
      }
    }
    float[] src = new float[w * h];
    draw(scene, src, w, h, localPsf, floor);
    return src;
  }

  /** The expected median-visit electrons of the sources on a template patch (for tests of the noise model). */
  float[] templateSourceModel(String band, int patch) {
    double fwhm = config.templateSeeing() / config.pixelScale();
    double zpE = SurveyConfig.zeroPointElectronsPerSecond(band) + 2.5 * Math.log10(config.exposureTime());
    return templateSources(band, patch, zpE, fwhm, templateFloor(band));
  }

  private double templateFloor(String band) {
    double zpE = SurveyConfig.zeroPointElectronsPerSecond(band) + 2.5 * Math.log10(config.exposureTime());
    double skyE = Math.pow(10, 0.4 * (zpE - SurveyConfig.skyBrightness(band)
        + 2.5 * Math.log10(config.pixelScale() * config.pixelScale())));
    double f2 = config.templateNoiseFactor() * config.templateNoiseFactor();
    return config.renderFloorSigma() * Math.sqrt((skyE + config.readNoise() * config.readNoise()) / f2);
  }

  /**
   * The static sky on an image of {@code w x h} pixels whose pixel (0, 0) is pixel ({@code x0}, {@code y0}) of
   * {@code wcs}: galaxy mixtures and point sources.
   */
  private Scene scene(Wcs wcs, int x0, int y0, int w, int h, double zpE, MoffatPsf psf, GaussianMixture psfMix, String band,
      double floor) {
    /* Keep the sources near the image: a sky-box cut first, then exact pixel positions in bulk. */
    double[] centre = {wcs.pixelToSky(x0 + 0.5 * (w - 1), y0 + 0.5 * (h - 1)).ra(),
        wcs.pixelToSky(x0 + 0.5 * (w - 1), y0 + 0.5 * (h - 1)).dec()};
    double radiusDeg = (Math.hypot(w, h) / 2 + STAR_MARGIN) * config.pixelScale() / 3600.0 * 1.05;
    double cosDec = Math.cos(Math.toRadians(centre[1]));
    List<Integer> near = new ArrayList<>();
    for (int i = 0; i < sky.size(); i++) {
      double dRa = ((sky.ra(i) - centre[0] + 540.0) % 360.0 - 180.0) * cosDec;
      double dDec = sky.dec(i) - centre[1];
      if (Math.abs(dDec) <= radiusDeg && Math.abs(dRa) <= radiusDeg) {
        near.add(i);
      }
    }
    double[] ra = new double[near.size()];
    double[] dec = new double[near.size()];
    for (int k = 0; k < ra.length; k++) {
      ra[k] = sky.ra(near.get(k));
      dec[k] = sky.dec(near.get(k));
    }
    double[] xs = new double[ra.length];
    double[] ys = new double[ra.length];
    wcs.skyToPixel(ra, dec, xs, ys);
    double[] northEast = northEast(wcs, centre[0], centre[1]);

    Scene scene = new Scene();
    List<double[]> galaxyArgs = new ArrayList<>();
    for (int k = 0; k < ra.length; k++) {
      int i = near.get(k);
      double x = xs[k] - x0;
      double y = ys[k] - y0;
      double flux = Math.pow(10, 0.4 * (zpE - sky.mag(i, band)));
      if (sky.kind(i) == SourceKind.STAR) {
        if (x > -STAR_MARGIN && x < w + STAR_MARGIN && y > -STAR_MARGIN && y < h + STAR_MARGIN) {
          scene.points.add(new double[] {x, y, flux});
        }
      } else if (x > -GALAXY_MARGIN && x < w + GALAXY_MARGIN && y > -GALAXY_MARGIN && y < h + GALAXY_MARGIN) {
        double pa = Math.toRadians(sky.positionAngleDeg(i));
        double dx = Math.cos(pa) * northEast[0] + Math.sin(pa) * northEast[2];
        double dy = Math.cos(pa) * northEast[1] + Math.sin(pa) * northEast[3];
        /* The sky's half-light radius is along the major axis; the mixture's is the area-preserving one. */
        double rEffPix = sky.rEffArcsec(i) * Math.sqrt(sky.axisRatio(i)) / config.pixelScale();
        galaxyArgs.add(new double[] {x, y, flux, sky.sersicN(i), rEffPix, sky.axisRatio(i), Math.atan2(dy, dx)});
      }
    }
    /* Each galaxy: its Sersic mixture convolved with the local PSF (the PSF mixture scaled to the local FWHM). */
    GaussianMixture[] mixes = new GaussianMixture[galaxyArgs.size()];
    IntStream.range(0, mixes.length).parallel().forEach(k -> {
      double[] g = galaxyArgs.get(k);
      double s = psf.fwhmAt(g[0], g[1]) / psf.fwhm();
      mixes[k] = GaussianMixture.sersic(g[3], g[4], g[5], g[6]).convolve(scaled(psfMix, s), 0.1);
    });
    for (int k = 0; k < mixes.length; k++) {
      double[] g = galaxyArgs.get(k);
      double maxVar = 0;
      for (int c = 0; c < mixes[k].size(); c++) {
        maxVar = Math.max(maxVar, Math.max(mixes[k].cxx(c), mixes[k].cyy(c)));
      }
      scene.mixtures.add(mixes[k]);
      scene.galaxies.add(new double[] {g[0], g[1], g[2], 6.5 * Math.sqrt(maxVar) + 2});
    }
    return scene;
  }

  /** Pixel-space unit vectors of north and east at a sky position: {nx, ny, ex, ey}. */
  private static double[] northEast(Wcs wcs, double ra, double dec) {
    double d = 1.0 / 3600.0;
    double[] p0 = wcs.skyToPixel(ra, dec);
    double[] pn = wcs.skyToPixel(ra, dec + d);
    double[] pe = wcs.skyToPixel(ra + d / Math.cos(Math.toRadians(dec)), dec);
    double nx = pn[0] - p0[0];
    double ny = pn[1] - p0[1];
    double ex = pe[0] - p0[0];
    double ey = pe[1] - p0[1];
    double ln = Math.hypot(nx, ny);
    double le = Math.hypot(ex, ey);
    return new double[] {nx / ln, ny / ln, ex / le, ey / le};
  }

  /** A mixture with every covariance scaled by {@code s^2} (a PSF of FWHM {@code s} times wider). */
  private static GaussianMixture scaled(GaussianMixture m, double s) {
    int k = m.size();
    double[] a = new double[k];
    double[] xx = new double[k];
    double[] xy = new double[k];
    double[] yy = new double[k];
    double s2 = s * s;
    for (int c = 0; c < k; c++) {
      a[c] = m.amplitude(c);
      xx[c] = m.cxx(c) * s2;
      xy[c] = m.cxy(c) * s2;
      yy[c] = m.cyy(c) * s2;
    }
    return GaussianMixture.of(a, xx, xy, yy);
  }

  /** Adds this epoch's transients on (or near) the detector as point sources, and their truth rows. */
  private void addTransients(Scene scene, Wcs wcs, int n, VisitConditions v, double zpE, MoffatPsf psf,
      double skySigma, double gain, List<Object[]> rows) {
    double[] c = {wcs.pixelToSky(0.5 * (n - 1), 0.5 * (n - 1)).ra(), wcs.pixelToSky(0.5 * (n - 1),
        0.5 * (n - 1)).dec()};
    double[] ne = northEast(wcs, c[0], c[1]);
    for (TransientInstance t : transients.at(v.epoch())) {
      double[] p = wcs.skyToPixel(t.ra(), t.dec());
      if (!(p[0] > -GALAXY_MARGIN && p[0] < n + GALAXY_MARGIN && p[1] > -GALAXY_MARGIN && p[1] < n + GALAXY_MARGIN)) {
        continue;
      }
      double total = Double.isFinite(t.magnitude()) ? Math.pow(10, 0.4 * (zpE - t.magnitude())) : 0.0;
      double base = Double.isFinite(t.baselineMagnitude()) ? Math.pow(10, 0.4 * (zpE - t.baselineMagnitude())) : 0.0;
      /* A variable star's mean is in the static sky; an AGN's nucleus is drawn whole here. */
      double drawn = t.kind() == TransientKind.VARIABLE_STAR ? total - base : total;
      double lengthPix = t.trailLengthArcsec() / config.pixelScale();
      if (drawn != 0.0) {
        int steps = Math.max(1, (int) Math.ceil(lengthPix));
        double pa = Math.toRadians(t.trailAngleDeg());
        double dx = Math.cos(pa) * ne[0] + Math.sin(pa) * ne[2];
        double dy = Math.cos(pa) * ne[1] + Math.sin(pa) * ne[3];
        for (int s = 0; s < steps; s++) {
          double f = steps == 1 ? 0.0 : (s / (double) (steps - 1) - 0.5) * lengthPix;
          scene.points.add(new double[] {p[0] + f * dx, p[1] + f * dy, drawn / steps});
        }
      }
      if (p[0] >= -0.5 && p[0] < n - 0.5 && p[1] >= -0.5 && p[1] < n - 0.5) {
        double diff = total - base;
        double sigmaPsf = psf.sigmaPix(p[0], p[1]);
        double noise = skySigma * Math.sqrt(4 * Math.PI) * sigmaPsf;
        rows.add(new Object[] {t.transientId(), t.kind().name().toLowerCase(java.util.Locale.ROOT), t.hostId(),
            t.ra(), t.dec(), p[0], p[1], t.magnitude(), t.baselineMagnitude(), diff / gain, diff / noise,
            lengthPix});
      }
    }
  }

  /** Draws a scene: galaxies in parallel row bands (bit-identical whatever the threads), then point sources. */
  private static void draw(Scene scene, float[] canvas, int w, int h, MoffatPsf psf, double floor) {
    int bands = (h + BAND_ROWS - 1) / BAND_ROWS;
    IntStream.range(0, bands).parallel().forEach(b -> {
      int rowMin = b * BAND_ROWS;
      int rowMax = Math.min(h, rowMin + BAND_ROWS);
      for (int k = 0; k < scene.mixtures.size(); k++) {
        double[] g = scene.galaxies.get(k);
        if (g[1] + g[3] < rowMin || g[1] - g[3] >= rowMax) {
          continue;
        }
        GaussianMixture m = scene.mixtures.get(k);
        /* Per-component floor: the flux left out of any pixel stays below the floor. */
        m.addTo(canvas, w, h, g[0], g[1], g[2], floor / Math.max(1, m.size()), rowMin, rowMax);
      }
    });
    for (double[] p : scene.points) {
      double f = psf.fwhmAt(p[0], p[1]);
      double r = MoffatPsf.radiusForSurfaceBrightness(Math.abs(p[2]), f, psf.beta(), floor);
      if (r > 0) {
        MoffatPsf.addMoffat(canvas, w, h, p[0], p[1], p[2], f, psf.beta(), psf.e1(), psf.e2(),
            Math.min(r, Math.max(w, h)));
      }
    }
  }

  private static double[][] starArrays(Scene scene) {
    int k = scene.points.size();
    double[][] out = new double[3][k];
    for (int i = 0; i < k; i++) {
      double[] p = scene.points.get(i);
      out[0][i] = p[0];
      out[1][i] = p[1];
      out[2][i] = Math.max(p[2], 0);
    }
    return out;
  }

  private static Catalog transientCatalog(List<Object[]> rows) {
    int k = rows.size();
    long[] id = new long[k];
    String[] kind = new String[k];
    long[] host = new long[k];
    double[][] d = new double[9][k];
    for (int i = 0; i < k; i++) {
      Object[] r = rows.get(i);
      id[i] = (Long) r[0];
      kind[i] = (String) r[1];
      host[i] = (Long) r[2];
      for (int j = 0; j < 9; j++) {
        d[j][i] = (Double) r[3 + j];
      }
    }
    return Catalog.builder()
        .addLongs("transient_id", id, "", "transient identifier (truth)")
        .addStrings("kind", kind, "", "supernova, variable_star, agn or asteroid")
        .addLongs("host_id", host, "", "id of the host galaxy or the variable star in truth_sources; -1 if none")
        .addDoubles("ra", d[0], "deg", "right ascension at mid-exposure")
        .addDoubles("dec", d[1], "deg", "declination at mid-exposure")
        .addDoubles("x", d[2], "pix", "0-based column on this detector")
        .addDoubles("y", d[3], "pix", "0-based row on this detector")
        .addDoubles("mag", d[4], "mag", "total AB magnitude of the transient source in this visit")
        .addDoubles("baseline_mag", d[5], "mag", "AB magnitude of what the template holds of it; NaN for nothing")
        .addDoubles("diff_flux", d[6], "adu", "flux a perfect difference image shows (this visit minus template)")
        .addDoubles("psf_snr", d[7], "", "diff_flux over the sky noise in a PSF-weighted aperture")
        .addDoubles("trail_length", d[8], "pix", "motion during the exposure (asteroids); 0 otherwise")
        .build();
  }

  private static Catalog artefactCatalog(List<Artefact> artefacts) {
    int k = artefacts.size();
    String[] kind = new String[k];
    double[][] d = new double[5][k];
    boolean[] masked = new boolean[k];
    for (int i = 0; i < k; i++) {
      Artefact a = artefacts.get(i);
      kind[i] = a.kind().name().toLowerCase(java.util.Locale.ROOT);
      d[0][i] = a.x0();
      d[1][i] = a.y0();
      d[2][i] = a.x1();
      d[3][i] = a.y1();
      d[4][i] = a.electrons();
      masked[i] = a.masked();
    }
    return Catalog.builder()
        .addStrings("kind", kind, "", "cosmic_ray, hot_pixel, bad_column, satellite_trail, bleed_trail or "
            + "diffraction_spike")
        .addDoubles("x0", d[0], "pix", "start column")
        .addDoubles("y0", d[1], "pix", "start row")
        .addDoubles("x1", d[2], "pix", "end column")
        .addDoubles("y1", d[3], "pix", "end row")
        .addDoubles("electrons", d[4], "electron", "charge added (NaN for a dead column)")
        .addBooleans("masked", masked, "", "whether the calexp's mask flags it (BAD, SAT, CR or STREAK)")
        .build();
  }
}
