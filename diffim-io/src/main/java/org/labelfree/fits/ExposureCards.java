package org.labelfree.fits;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.labelfree.diffim.SpatialPolynomial;
import org.labelfree.image.GaussianPsf;
import org.labelfree.image.ImagePsf;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.MaskPlanes;
import org.labelfree.image.MoffatPsf;
import org.labelfree.image.Metadata;
import org.labelfree.image.PhotoCalib;
import org.labelfree.image.PixelPsf;
import org.labelfree.image.Psf;
import org.labelfree.image.VisitInfo;

/**
 * The cards that carry an exposure's parts other than pixels: visit information, calibration, PSF, xy0 and mask
 * planes; both directions. Stateless.
 */
final class ExposureCards {
  /** Primary-header keys written from {@link VisitInfo}. */
  static final Set<String> VISIT_KEYS = Set.of("INSTRUME", "VISIT", "DETECTOR", "BAND", "FILTER", "MJD-AVG",
      "EXPTIME", "GAIN");
  /** Primary-header keys of the calibration and of every PSF type; never part of an exposure's metadata. */
  static final Set<String> CALIB_PSF_KEYS = Set.of("MAGZERO", "PSFTYPE", "PSFSIGMA", "PSFSIZE", "PSFFWHM", "PSFBETA",
      "PSFE1", "PSFE2", "PSFXC", "PSFYC", "PSFDFWX", "PSFDFWY", "PSFORDER", "PSFOVERS", "PSFBX0", "PSFBY0", "PSFBW",
      "PSFBH");
  /** The PSF cards consumed when a PSF is read (PSFTYPE and the parameters of every analytic type). */
  static final Set<String> PSF_KEYS = Set.of("PSFTYPE", "PSFSIGMA", "PSFSIZE", "PSFFWHM", "PSFBETA", "PSFE1", "PSFE2",
      "PSFXC", "PSFYC", "PSFDFWX", "PSFDFWY", "PSFORDER", "PSFOVERS", "PSFBX0", "PSFBY0", "PSFBW", "PSFBH");
  /** Sub-image origin cards (IRAF LTV, LSST's alternate WCS "A"); never part of an exposure's metadata. */
  static final Set<String> XY0_KEYS = Set.of("LTV1", "LTV2", "CRVAL1A", "CRVAL2A", "CTYPE1A", "CTYPE2A", "CRPIX1A",
      "CRPIX2A", "CUNIT1A", "CUNIT2A", "WCSNAMEA");
  private static final Pattern WCS_KEY = Pattern.compile("WCSAXES|WCSNAME|CTYPE[12]|CRPIX[12]|CRVAL[12]|CDELT[12]"
      + "|CUNIT[12]|CROTA[12]|CD[12]_[12]|PC[12]_[12]|PV[12]_\\d+|[AB]P?_\\d+_\\d+|[AB]P?_ORDER|[AB]P?_DMAX"
      + "|RADESYSA?|RADECSYS|EQUINOX|EPOCH|LONPOLE|LATPOLE|MJDREF"
      /* A DSS plate solution, which the WCS reads as an equivalent TPV and writes back as TPV cards. */
      + "|PLTRA[HMS]|PLTDEC(SN|[DMS])|PLTSCALE|PPO\\d+|AMD[XY]\\d+|CNPIX[12]|[XY]PIXELSZ");
  private static final Set<String> BANDS = Set.of("u", "g", "r", "i", "z", "y");

  private ExposureCards() {}

  /** True for celestial WCS keywords (TAN, SIP, TPV, DSS plate solution), which live in the WCS and not in the metadata. */
  static boolean isWcsKey(String key) {
    return WCS_KEY.matcher(key).matches();
  }

  /** A visit-info parse: the value and the keys it consumed (to leave out of the metadata). */
  record Parsed<T>(T value, Set<String> consumed) {}

  /**
   * Visit information from our own keys, falling back to common survey keys (documented on
   * {@link FitsExposures}).
   */
  static Parsed<VisitInfo> visitInfo(Metadata m, String where, Defects defects) {
    Set<String> used = new HashSet<>();
    String instrument = take(m, "INSTRUME", used);
    long visit = firstInteger(m, used, "VISIT", "EXPNUM", "EXP-ID");
    long detector = firstInteger(m, used, "DETECTOR", "CCDNUM", "DET-ID");
    if (detector > Integer.MAX_VALUE) {
      throw new FitsFormatException(where + ": detector number " + detector + " is out of range; expected 0-"
          + Integer.MAX_VALUE);
    }
    String filter = take(m, "FILTER", used);
    String band = take(m, "BAND", used);
    if (band.isEmpty() && !filter.isEmpty()) {
      String first = filter.split("\\s+")[0];
      if (BANDS.contains(first)) {
        band = first;
      }
    }
    double exptime = number(m, "EXPTIME", used);
    if (!Double.isNaN(exptime) && !(exptime >= 0 && Double.isFinite(exptime))) {
      throw new FitsFormatException(where + ": EXPTIME is " + exptime + "; expected >= 0 s");
    }
    double mjd = number(m, "MJD-AVG", used);
    if (Double.isNaN(mjd)) {
      double obs = m.optDouble("MJD-OBS").orElse(Double.NaN);
      mjd = Double.isNaN(obs) ? Double.NaN : obs + (Double.isNaN(exptime) ? 0 : exptime / 2 / 86400);
    }
    double gain = number(m, "GAIN", used);
    if (!Double.isNaN(gain) && !(gain > 0 && Double.isFinite(gain))) {
      defects.add(where + ": GAIN is " + gain + "; taken as unknown");
      gain = Double.NaN;
    }
    return new Parsed<>(new VisitInfo(instrument, visit, (int) detector, band, filter, mjd, exptime, gain), used);
  }

  private static String take(Metadata m, String key, Set<String> used) {
    var v = m.value(key);
    if (v.isPresent() && v.get() instanceof String s) {
      used.add(key);
      return s.strip();
    }
    return "";
  }

  private static double number(Metadata m, String key, Set<String> used) {
    OptionalDouble d = m.optDouble(key);
    if (d.isPresent()) {
      used.add(key);
      return d.getAsDouble();
    }
    return Double.NaN;
  }

  /** The first key that holds a non-negative integer (or a string of digits); only our own first key is consumed. */
  private static long firstInteger(Metadata m, Set<String> used, String... keys) {
    for (int i = 0; i < keys.length; i++) {
      OptionalLong v = m.optLong(keys[i]);
      if (v.isPresent() && v.getAsLong() >= 0) {
        if (i == 0) {
          used.add(keys[i]);
        }
        return v.getAsLong();
      }
    }
    return -1;
  }

  /** Photometric calibration from MAGZERO, else FLUXMAG0 (zp = 2.5 log10 FLUXMAG0); empty if neither. */
  static Parsed<PhotoCalib> photoCalib(Metadata m, String where) {
    OptionalDouble zp = m.optDouble("MAGZERO");
    if (zp.isPresent()) {
      if (!Double.isFinite(zp.getAsDouble())) {
        throw new FitsFormatException(where + ": MAGZERO is " + zp.getAsDouble() + "; expected a finite magnitude");
      }
      return new Parsed<>(new PhotoCalib(zp.getAsDouble()), Set.of("MAGZERO"));
    }
    OptionalDouble f0 = m.optDouble("FLUXMAG0");
    if (f0.isPresent()) {
      if (!(f0.getAsDouble() > 0 && Double.isFinite(f0.getAsDouble()))) {
        throw new FitsFormatException(where + ": FLUXMAG0 is " + f0.getAsDouble() + "; expected > 0");
      }
      return new Parsed<>(new PhotoCalib(2.5 * Math.log10(f0.getAsDouble())), Set.of());
    }
    return new Parsed<>(null, Set.of());
  }

  /** The PSF type named by PSFTYPE ("GAUSSIAN", "MOFFAT", "IMAGE"), or "" if none. */
  static String psfType(Metadata m) {
    return m.optString("PSFTYPE").orElse("").toUpperCase(Locale.ROOT);
  }

  /** A Gaussian PSF from PSFSIGMA and PSFSIZE. */
  static GaussianPsf gaussianPsf(FitsHeaderView primary, Metadata m) {
    double sigma = m.optDouble("PSFSIGMA").orElseThrow(() -> new FitsFormatException(primary.where()
        + ": keyword PSFSIGMA is missing; expected it with PSFTYPE = 'GAUSSIAN'"));
    long size = m.optLong("PSFSIZE").orElseThrow(() -> new FitsFormatException(primary.where()
        + ": keyword PSFSIZE is missing or not an integer; expected it with PSFTYPE = 'GAUSSIAN'"));
    try {
      return new GaussianPsf(sigma, (int) Math.max(Math.min(size, Integer.MAX_VALUE), Integer.MIN_VALUE));
    } catch (IllegalArgumentException e) {
      throw new FitsFormatException(primary.where() + ": PSFSIGMA/PSFSIZE are " + sigma + "/" + size
          + "; expected sigma > 0 and an odd size >= 3", e);
    }
  }

  /** A Moffat PSF from PSFFWHM, PSFBETA, PSFE1, PSFE2, PSFXC, PSFYC, PSFDFWX, PSFDFWY and PSFSIZE. */
  static MoffatPsf moffatPsf(FitsHeaderView primary, Metadata m) {
    double fwhm = moffatCard(primary, m, "PSFFWHM");
    double beta = moffatCard(primary, m, "PSFBETA");
    double e1 = moffatCard(primary, m, "PSFE1");
    double e2 = moffatCard(primary, m, "PSFE2");
    double xc = moffatCard(primary, m, "PSFXC");
    double yc = moffatCard(primary, m, "PSFYC");
    double gx = moffatCard(primary, m, "PSFDFWX");
    double gy = moffatCard(primary, m, "PSFDFWY");
    long size = m.optLong("PSFSIZE").orElseThrow(() -> new FitsFormatException(primary.where()
        + ": keyword PSFSIZE is missing or not an integer; expected it with PSFTYPE = 'MOFFAT'"));
    if (size < 3 || size % 2 == 0 || size > Integer.MAX_VALUE) {
      throw new FitsFormatException(primary.where() + ": PSFSIZE is " + size + "; expected an odd size >= 3");
    }
    if (!(fwhm > 0 && fwhm < 1e4)) {
      throw new FitsFormatException(primary.where() + ": PSFFWHM is " + fwhm + "; expected 0 < PSFFWHM < 1e4 pixels");
    }
    if (!(beta > 1 && beta < 1e3)) {
      throw new FitsFormatException(primary.where() + ": PSFBETA is " + beta + "; expected 1 < PSFBETA < 1e3");
    }
    if (!(Math.hypot(e1, e2) < 0.5)) {
      throw new FitsFormatException(primary.where() + ": PSFE1, PSFE2 are " + e1 + ", " + e2
          + "; expected |(PSFE1, PSFE2)| < 0.5");
    }
    try {
      return new MoffatPsf(fwhm, beta, e1, e2, xc, yc, gx, gy, (int) size);
    } catch (IllegalArgumentException e) {
      throw new FitsFormatException(primary.where() + ": Moffat PSF cards are invalid: " + e.getMessage(), e);
    }
  }

  /** A required real-valued Moffat card; missing, non-numeric or non-finite values throw naming the keyword. */
  private static double moffatCard(FitsHeaderView primary, Metadata m, String key) {
    double v = m.optDouble(key).orElseThrow(() -> new FitsFormatException(primary.where() + ": keyword " + key
        + " is missing or not a number; expected it with PSFTYPE = 'MOFFAT'"));
    if (!Double.isFinite(v)) {
      throw new FitsFormatException(primary.where() + ": " + key + " is " + v + "; expected a finite number");
    }
    return v;
  }

  /**
   * The PSF geometry cards of a pixelised PSF: {order, oversampling, kernel size, box x0, y0, width, height}.
   *
   * @throws FitsFormatException if a card is missing or out of range
   */
  static int[] pixelPsfCards(FitsHeaderView primary, Metadata m) {
    String[] keys = {"PSFORDER", "PSFOVERS", "PSFSIZE", "PSFBX0", "PSFBY0", "PSFBW", "PSFBH"};
    long[] lo = {0, 1, 3, Integer.MIN_VALUE, Integer.MIN_VALUE, 1, 1};
    long[] hi = {6, 2, 255, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    int[] out = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      String key = keys[i];
      long v = m.optLong(key).orElseThrow(() -> new FitsFormatException(primary.where() + ": keyword " + key
          + " is missing or not an integer; expected it with PSFTYPE = 'PIXEL'"));
      if (v < lo[i] || v > hi[i]) {
        throw new FitsFormatException(primary.where() + ": " + key + " is " + v + "; expected " + lo[i] + " to "
            + hi[i]);
      }
      out[i] = (int) v;
    }
    if (out[2] % 2 == 0) {
      throw new FitsFormatException(primary.where() + ": PSFSIZE is " + out[2] + "; expected an odd size");
    }
    return out;
  }

  /** The cards of a PSF in the primary header. */
  static void putPsf(Metadata.Builder b, Psf psf) {
    if (psf instanceof GaussianPsf g) {
      b.set("PSFTYPE", "GAUSSIAN", "PSF model");
      b.set("PSFSIGMA", g.sigma(), "[pixel] Gaussian PSF sigma");
      b.set("PSFSIZE", (long) g.kernelSize(), "[pixel] PSF kernel size");
    } else if (psf instanceof MoffatPsf p) {
      b.set("PSFTYPE", "MOFFAT", "PSF model: elliptical Moffat, linear FWHM");
      b.set("PSFFWHM", p.fwhm(), "[pixel] Moffat FWHM at (PSFXC, PSFYC)");
      b.set("PSFBETA", p.beta(), "Moffat power index beta");
      b.set("PSFE1", p.e1(), "reduced shear g1 (PA = atan2(g2,g1)/2)");
      b.set("PSFE2", p.e2(), "reduced shear g2");
      b.set("PSFXC", p.centerX(), "[pixel] column where the FWHM is PSFFWHM");
      b.set("PSFYC", p.centerY(), "[pixel] row where the FWHM is PSFFWHM");
      b.set("PSFDFWX", p.fwhmGradX(), "[pixel/pixel] FWHM change per column");
      b.set("PSFDFWY", p.fwhmGradY(), "[pixel/pixel] FWHM change per row");
      b.set("PSFSIZE", (long) p.kernelSize(), "[pixel] PSF kernel size");
    } else if (psf instanceof ImagePsf) {
      b.set("PSFTYPE", "IMAGE", "PSF model: the kernel image in HDU PSF");
    } else if (psf instanceof PixelPsf p) {
      SpatialPolynomial sp = p.spatial();
      b.set("PSFTYPE", "PIXEL", "PSF model: basis images in HDU PSF (NAXIS3 terms)");
      b.set("PSFORDER", (long) sp.order(), "PSF spatial polynomial order");
      b.set("PSFOVERS", (long) p.oversampling(), "PSF model nodes per pixel");
      b.set("PSFSIZE", (long) p.kernelSize(), "[pixel] PSF kernel size");
      b.set("PSFBX0", (long) sp.x0(), "[pixel] PSF spatial box first column");
      b.set("PSFBY0", (long) sp.y0(), "[pixel] PSF spatial box first row");
      b.set("PSFBW", (long) sp.width(), "[pixel] PSF spatial box width");
      b.set("PSFBH", (long) sp.height(), "[pixel] PSF spatial box height");
    }
  }

  /** The visit, calibration and PSF cards of the primary header (unknown values are not written). */
  static Metadata primaryCards(VisitInfo v, PhotoCalib calib, Psf psf) {
    Metadata.Builder b = Metadata.builder();
    if (!v.instrument().isEmpty()) {
      b.set("INSTRUME", v.instrument(), "instrument");
    }
    if (v.visit() >= 0) {
      b.set("VISIT", v.visit(), "visit (exposure) number");
    }
    if (v.detector() >= 0) {
      b.set("DETECTOR", (long) v.detector(), "detector number");
    }
    if (!v.band().isEmpty()) {
      b.set("BAND", v.band(), "abstract band");
    }
    if (!v.physicalFilter().isEmpty()) {
      b.set("FILTER", v.physicalFilter(), "physical filter");
    }
    if (!Double.isNaN(v.mjdMid())) {
      b.set("MJD-AVG", v.mjdMid(), "[d] MJD (TAI) at mid-exposure");
    }
    if (!Double.isNaN(v.exposureTime())) {
      b.set("EXPTIME", v.exposureTime(), "[s] exposure time");
    }
    if (!Double.isNaN(v.gain())) {
      b.set("GAIN", v.gain(), "[e-/adu] gain");
    }
    if (calib != null) {
      b.set("MAGZERO", calib.zeroPoint(), "[mag] AB magnitude of 1 count");
    }
    if (psf != null) {
      putPsf(b, psf);
    }
    return b.build();
  }

  /** The xy0 cards written on every plane: LTV1/2 = -x0/-y0 and LSST's alternate WCS "A". */
  static Metadata xy0Cards(int x0, int y0) {
    return Metadata.builder()
        .set("LTV1", (long) -x0, "image origin: -x0")
        .set("LTV2", (long) -y0, "image origin: -y0")
        .set("CRVAL1A", (long) x0, "column of pixel 0 in the parent grid")
        .set("CRVAL2A", (long) y0, "row of pixel 0 in the parent grid")
        .set("CRPIX1A", 1L, "")
        .set("CRPIX2A", 1L, "")
        .set("CTYPE1A", "LINEAR", "")
        .set("CTYPE2A", "LINEAR", "")
        .set("CUNIT1A", "PIXEL", "")
        .set("CUNIT2A", "PIXEL", "")
        .build();
  }

  /**
   * The xy0 of a plane: from LTV1/LTV2 (negated), else from CRVAL1A/2A when CTYPE1A is LINEAR; (0, 0) if neither.
   * Non-integral LTV values (block-averaged IRAF images) are ignored with a tolerated-defect note.
   */
  static int[] xy0(FitsHeaderView h, Defects defects) {
    Metadata m = h.allCards();
    OptionalDouble l1 = m.optDouble("LTV1");
    OptionalDouble l2 = m.optDouble("LTV2");
    if (l1.isPresent() || l2.isPresent()) {
      double a = -l1.orElse(0);
      double b = -l2.orElse(0);
      if (a == Math.rint(a) && b == Math.rint(b) && Math.abs(a) < 1e9 && Math.abs(b) < 1e9) {
        return new int[] {(int) a, (int) b};
      }
      defects.add(h.where() + ": non-integral LTV1/LTV2 (" + -a + ", " + -b + ") ignored; xy0 = (0, 0)");
      return new int[] {0, 0};
    }
    if (m.optString("CTYPE1A").orElse("").equalsIgnoreCase("LINEAR")) {
      double a = m.optDouble("CRVAL1A").orElse(0) - (m.optDouble("CRPIX1A").orElse(1) - 1);
      double b = m.optDouble("CRVAL2A").orElse(0) - (m.optDouble("CRPIX2A").orElse(1) - 1);
      if (a == Math.rint(a) && b == Math.rint(b) && Math.abs(a) < 1e9 && Math.abs(b) < 1e9) {
        return new int[] {(int) a, (int) b};
      }
    }
    return new int[] {0, 0};
  }

  /** Mask planes from {@code MP_<NAME> = bit} cards; the default planes if there are none. */
  static MaskPlanes maskPlanes(FitsHeaderView h) {
    Map<String, Integer> planes = new LinkedHashMap<>();
    for (Metadata.Card c : h.allCards().cards()) {
      if (!c.key().startsWith("MP_") || c.isCommentary()) {
        continue;
      }
      String name = c.key().substring(3);
      if (!(c.value() instanceof Long bit) || bit < 0 || bit > 31 || name.isBlank()) {
        throw new FitsFormatException(h.where() + ": mask plane card " + InvalidDataException.sanitize(c.key())
            + " is '" + InvalidDataException.sanitize(String.valueOf(c.value()))
            + "'; expected an integer bit number 0-31");
      }
      planes.put(name, bit.intValue());
    }
    if (planes.isEmpty()) {
      return MaskPlanes.defaults();
    }
    try {
      return MaskPlanes.of(planes);
    } catch (IllegalArgumentException e) {
      throw new FitsFormatException(h.where() + ": bad mask plane cards: " + e.getMessage(), e);
    }
  }

  /** The {@code MP_<NAME> = bit} cards of a plane registry, in bit order. */
  static Metadata maskPlaneCards(MaskPlanes planes) {
    Metadata.Builder b = Metadata.builder();
    planes.asMap().forEach((name, bit) -> b.set("MP_" + name, (long) bit, "mask plane bit"));
    return b.build();
  }
}
