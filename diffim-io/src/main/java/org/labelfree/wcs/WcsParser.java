package org.labelfree.wcs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Metadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a {@link Wcs} from header cards; every failure is a {@link WcsException} naming where and the keyword. */
final class WcsParser {
  private static final Logger LOG = LoggerFactory.getLogger(WcsParser.class);
  /** Coordinate name, dashes to fill 5 characters, 3-character projection code, optional suffix. */
  private static final Pattern CTYPE = Pattern.compile("([A-Z]{1,4})(-+)([A-Z0-9]{3})(-[A-Z0-9]+)?");
  private static final String[] DSS_REQUIRED = {"PLTRAH", "PLTRAM", "PLTRAS", "PLTDECSN", "PLTDECD", "PLTDECM",
      "PLTDECS", "CNPIX1", "CNPIX2", "XPIXELSZ", "YPIXELSZ", "PPO3", "PPO6", "AMDX1", "AMDX2", "AMDX3", "AMDY1",
      "AMDY2", "AMDY3"};
  private static final int MAX_SIP_ORDER = 9;

  private final Metadata h;
  private final String where;
  private final List<String> warnings = new ArrayList<>();

  private WcsParser(Metadata h, String where) {
    this.h = h;
    this.where = where;
  }

  static Optional<Wcs> parse(Metadata header, String where) {
    WcsParser p = new WcsParser(header, where);
    Optional<Wcs> result = p.parse();
    if (!p.warnings.isEmpty()) {
      LOG.warn("{}: WCS read with {} tolerated oddit{}: {}", where, p.warnings.size(),
          p.warnings.size() == 1 ? "y" : "ies", String.join("; ", p.warnings));
    }
    return result;
  }

  private Optional<Wcs> parse() {
    if (h.contains("PLTRAH") && h.contains("AMDX1")) {
      return Optional.of(parseDss());
    }
    /* A blank CTYPE (IRAF, ESO headers) means "no celestial axis", as in wcslib and astropy. */
    boolean has1 = h.optString("CTYPE1").filter(v -> !v.isBlank()).isPresent();
    boolean has2 = h.optString("CTYPE2").filter(v -> !v.isBlank()).isPresent();
    if (!has1 && !has2) {
      return Optional.empty();
    }
    if (!has1 || !has2) {
      String missing = has1 ? "CTYPE2" : "CTYPE1";
      String present = has1 ? "CTYPE1" : "CTYPE2";
      throw error(missing, "is missing but " + present + " is present; expected both celestial axes");
    }
    String[] t1 = ctype("CTYPE1", "RA");
    String[] t2 = ctype("CTYPE2", "DEC");
    if (!t1[1].equals(t2[1]) || !t1[2].equals(t2[2])) {
      throw error("CTYPE2", "is '" + s(str("CTYPE2")) + "' but CTYPE1 is '" + s(str("CTYPE1"))
          + "'; expected the same projection on both axes");
    }
    String code = t1[1] + t1[2];
    checkUnitAndFrame();
    TanWcs tan = parseTan();
    boolean hasSipCards = h.contains("A_ORDER") || h.contains("B_ORDER") || h.contains("AP_ORDER")
        || h.contains("BP_ORDER");
    boolean hasPv = hasAnyPv();
    switch (code) {
      case "TAN" -> {
        if (hasSipCards) {
          throw error(h.contains("A_ORDER") ? "A_ORDER" : "B_ORDER", "is present but CTYPE1 is '"
              + s(str("CTYPE1")) + "'; expected CTYPE 'RA---TAN-SIP' for SIP distortion");
        }
        if (hasPv) {
          warnings.add("PVi_m cards ignored for a plain TAN projection (if they are SCAMP distortion, CTYPE should"
              + " be TPV)");
        }
        return Optional.of(tan);
      }
      case "TAN-SIP" -> {
        if (hasPv) {
          warnings.add("PVi_m cards ignored beside SIP distortion (as astropy does)");
        }
        return Optional.of(parseSip(tan));
      }
      case "TPV" -> {
        if (hasSipCards) {
          throw error(h.contains("A_ORDER") ? "A_ORDER" : "B_ORDER", "is present but CTYPE1 is '"
              + s(str("CTYPE1")) + "'; expected CTYPE 'RA---TAN-SIP' for SIP distortion");
        }
        return Optional.of(parseTpv(tan));
      }
      default -> throw error("CTYPE1", "is '" + s(str("CTYPE1"))
          + "'; expected projection TAN, TAN-SIP or TPV");
    }
  }

  /* ---- CTYPE, units, frame. ---- */

  /** Returns {coordinate, projection code, suffix-or-empty}. */
  private String[] ctype(String key, String expectedCoord) {
    Object raw = h.value(key).orElse(null);
    if (!(raw instanceof String)) {
      throw error(key, "is " + (raw == null ? "empty" : s(String.valueOf(raw))) + "; expected a string such as '"
          + (expectedCoord.equals("RA") ? "RA---TAN" : "DEC--TAN") + "'");
    }
    String value = ((String) raw).strip();
    Matcher m = CTYPE.matcher(value.toUpperCase(Locale.ROOT));
    if (!m.matches() || m.group(1).length() + m.group(2).length() != 5) {
      throw error(key, "is '" + s(value) + "'; expected the form '" + (expectedCoord.equals("RA") ? "RA---TAN"
          : "DEC--TAN") + "' (4-character coordinate padded with '-', '-', 3-character projection)");
    }
    String coord = m.group(1);
    if (!coord.equals(expectedCoord)) {
      if (coord.equals("RA") || coord.equals("DEC")) {
        throw error(key, "is '" + s(value) + "'; expected " + expectedCoord + " on this axis (axis 1 RA, axis 2 DEC)");
      }
      throw error(key, "is '" + s(value) + "'; expected equatorial " + expectedCoord
          + " (only RA/DEC celestial axes are supported, not " + s(coord) + ")");
    }
    String proj = m.group(3);
    String suffix = m.group(4) == null ? "" : m.group(4);
    boolean known = (proj.equals("TAN") && (suffix.isEmpty() || suffix.equals("-SIP")))
        || (proj.equals("TPV") && suffix.isEmpty());
    if (!known) {
      throw error(key, "is '" + s(value) + "'; expected projection TAN, TAN-SIP or TPV (not " + s(proj + suffix)
          + ")");
    }
    return new String[] {coord, proj, suffix};
  }

  private void checkUnitAndFrame() {
    for (String key : new String[] {"CUNIT1", "CUNIT2"}) {
      if (h.contains(key)) {
        String unit = str(key);
        if (unit == null || !(unit.equalsIgnoreCase("deg") || unit.isEmpty())) {
          throw error(key, "is '" + s(unit) + "'; expected 'deg'");
        }
      }
    }
    String frameKey = h.contains("RADESYS") ? "RADESYS" : h.contains("RADECSYS") ? "RADECSYS" : null;
    if (frameKey != null) {
      String frame = str(frameKey);
      String f = frame == null ? "" : frame.toUpperCase(Locale.ROOT);
      if (!(f.equals("ICRS") || f.equals("FK5"))) {
        throw error(frameKey, "is '" + s(frame) + "'; expected ICRS or FK5 (FK4 and apparent frames are not"
            + " supported)");
      }
    } else {
      OptionalDouble equinox = optNumber("EQUINOX");
      if (equinox.isPresent() && equinox.getAsDouble() < 1984.0) {
        throw error("EQUINOX", "is " + equinox.getAsDouble() + " with no RADESYS, which means FK4; expected"
            + " ICRS or FK5 (EQUINOX 2000)");
      }
    }
  }

  /* ---- Linear part and projection. ---- */

  private TanWcs parseTan() {
    double crval1 = required("CRVAL1");
    double crval2 = required("CRVAL2");
    if (crval2 < -90.0 || crval2 > 90.0) {
      throw error("CRVAL2", "is " + crval2 + "; expected a declination in [-90, 90]");
    }
    double crpix1 = required("CRPIX1");
    double crpix2 = required("CRPIX2");
    CdMatrix cd = linear();
    OptionalDouble lonpole = optNumber("LONPOLE");
    return new TanWcs(crval1, crval2, crpix1, crpix2, cd, lonpole.orElse(TanWcs.defaultLonpole(crval2)));
  }

  private CdMatrix linear() {
    String[] pcKeys = {"PC1_1", "PC1_2", "PC2_1", "PC2_2"};
    String[] cdKeys = {"CD1_1", "CD1_2", "CD2_1", "CD2_2"};
    boolean anyPc = anyOf(pcKeys);
    boolean anyCd = anyOf(cdKeys);
    double m11;
    double m12;
    double m21;
    double m22;
    String form;
    if (anyPc) {
      if (anyCd) {
        warnings.add("both PCi_j and CDi_j present; using PCi_j and CDELTi as wcslib does");
      }
      double cdelt1 = optNumber("CDELT1").orElse(1.0);
      double cdelt2 = optNumber("CDELT2").orElse(1.0);
      m11 = cdelt1 * optNumber("PC1_1").orElse(1.0);
      m12 = cdelt1 * optNumber("PC1_2").orElse(0.0);
      m21 = cdelt2 * optNumber("PC2_1").orElse(0.0);
      m22 = cdelt2 * optNumber("PC2_2").orElse(1.0);
      form = "PCi_j * CDELTi";
    } else if (anyCd) {
      m11 = optNumber("CD1_1").orElse(0.0);
      m12 = optNumber("CD1_2").orElse(0.0);
      m21 = optNumber("CD2_1").orElse(0.0);
      m22 = optNumber("CD2_2").orElse(0.0);
      form = "CDi_j";
    } else {
      double cdelt1 = optNumber("CDELT1").orElse(1.0);
      double cdelt2 = optNumber("CDELT2").orElse(1.0);
      double rho = Math.toRadians(optNumber("CROTA2").orElse(0.0));
      double c = Math.cos(rho);
      double sn = Math.sin(rho);
      m11 = cdelt1 * c;
      m12 = -cdelt2 * sn;
      m21 = cdelt1 * sn;
      m22 = cdelt2 * c;
      form = "CDELTi with CROTA2";
    }
    double det = m11 * m22 - m12 * m21;
    if (det == 0.0 || !Double.isFinite(det)) {
      throw error(form.startsWith("CD") ? "CD1_1" : form.startsWith("PC") ? "PC1_1" : "CDELT1",
          "gives a singular linear transformation (" + form + " = [" + m11 + ", " + m12 + "; " + m21 + ", " + m22
              + "], determinant " + det + "); expected a non-zero determinant");
    }
    return new CdMatrix(m11, m12, m21, m22);
  }

  /* ---- SIP. ---- */

  private TanSipWcs parseSip(TanWcs tan) {
    if (!h.contains("A_ORDER") || !h.contains("B_ORDER")) {
      throw error(h.contains("A_ORDER") ? "B_ORDER" : "A_ORDER", "is missing; expected A_ORDER and B_ORDER for"
          + " CTYPE '" + s(str("CTYPE1")) + "'");
    }
    double[][] a = sipPoly("A");
    double[][] b = sipPoly("B");
    boolean hasAp = h.contains("AP_ORDER");
    boolean hasBp = h.contains("BP_ORDER");
    if (hasAp != hasBp) {
      throw error(hasAp ? "BP_ORDER" : "AP_ORDER", "is missing but " + (hasAp ? "AP_ORDER" : "BP_ORDER")
          + " is present; expected both inverse polynomials or neither");
    }
    double[][] ap = hasAp ? sipPoly("AP") : null;
    double[][] bp = hasBp ? sipPoly("BP") : null;
    return TanSipWcs.of(tan, a, b, ap, bp);
  }

  private double[][] sipPoly(String name) {
    String orderKey = name + "_ORDER";
    double orderValue = required(orderKey);
    if (orderValue != Math.rint(orderValue) || orderValue < 0 || orderValue > MAX_SIP_ORDER) {
      throw error(orderKey, "is " + orderValue + "; expected an integer in 0.." + MAX_SIP_ORDER);
    }
    int order = (int) orderValue;
    double[][] c = new double[order + 1][order + 1];
    for (int p = 0; p <= order; p++) {
      for (int q = 0; q <= order - p; q++) {
        c[p][q] = optNumber(name + "_" + p + "_" + q).orElse(0.0);
      }
    }
    return c;
  }

  /* ---- TPV. ---- */

  private TpvWcs parseTpv(TanWcs tan) {
    double[] pv1 = new double[TpvWcs.N_COEFF];
    double[] pv2 = new double[TpvWcs.N_COEFF];
    for (int k = 0; k < TpvWcs.N_COEFF; k++) {
      pv1[k] = optNumber("PV1_" + k).orElse(0.0);
      pv2[k] = optNumber("PV2_" + k).orElse(0.0);
    }
    double det = pv1[1] * pv2[1] - pv1[2] * pv2[2];
    if (det == 0.0 || !Double.isFinite(det)) {
      throw error("PV1_1", "with PV1_2, PV2_1, PV2_2 gives singular TPV linear terms (PV1_1=" + pv1[1] + ", PV1_2="
          + pv1[2] + ", PV2_1=" + pv2[1] + ", PV2_2=" + pv2[2] + "); expected PV1_1 and PV2_1 near 1 (wcslib"
          + " defaults missing TPV coefficients to 0)");
    }
    return TpvWcs.of(tan, pv1, pv2);
  }

  private boolean hasAnyPv() {
    for (Metadata.Card c : h.cards()) {
      String k = c.key();
      if (k.startsWith("PV1_") || k.startsWith("PV2_")) {
        return true;
      }
    }
    return false;
  }

  /* ---- DSS plate solution. ---- */

  /**
   * Converts a Digitized Sky Survey plate solution (the AMDX/AMDY polynomial of plate millimetres, in arcseconds
   * of standard coordinates about the plate centre, as in WCSTools' dsspos and wcslib) into the exactly equivalent
   * TPV: CRPIX where the plate offset is zero, CD the millimetre scale times the nominal plate scale, and PV
   * coefficients the AMD coefficients rescaled.
   */
  private TpvWcs parseDss() {
    for (String key : DSS_REQUIRED) {
      if (!h.contains(key)) {
        throw error(key, "is missing; expected a complete DSS plate solution (PLTRAH and AMDX1 are present)");
      }
    }
    String sign = str("PLTDECSN");
    double decSign;
    if (sign != null && sign.strip().equals("-")) {
      decSign = -1.0;
    } else if (sign != null && (sign.strip().equals("+") || sign.strip().isEmpty())) {
      decSign = 1.0;
    } else {
      throw error("PLTDECSN", "is '" + s(sign) + "'; expected '+' or '-'");
    }
    double ra = 15.0 * (required("PLTRAH") + required("PLTRAM") / 60.0 + required("PLTRAS") / 3600.0);
    double dec = decSign * (required("PLTDECD") + required("PLTDECM") / 60.0 + required("PLTDECS") / 3600.0);
    if (dec < -90.0 || dec > 90.0) {
      throw error("PLTDECD", "gives a plate centre declination of " + dec + "; expected [-90, 90]");
    }
    double xsz = required("XPIXELSZ");
    double ysz = required("YPIXELSZ");
    if (!(xsz > 0) || !(ysz > 0)) {
      throw error(xsz > 0 ? "YPIXELSZ" : "XPIXELSZ", "is not positive; expected a pixel size in microns");
    }
    double[] ax = new double[14];
    double[] ay = new double[14];
    for (int k = 1; k <= 13; k++) {
      ax[k] = optNumber("AMDX" + k).orElse(0.0);
      ay[k] = optNumber("AMDY" + k).orElse(0.0);
    }
    double scale = Math.abs(ax[1]) / 3600.0;
    if (!(scale > 0)) {
      throw error("AMDX1", "is 0; expected the plate scale in arcsec per mm");
    }
    /* Plate mm: x = (PPO3 - (CNPIX1 + px - 0.5) * XPIXELSZ) / 1000, y = ((CNPIX2 + py - 0.5) * YPIXELSZ - PPO6) / 1000. */
    double crpix1 = required("PPO3") / xsz - required("CNPIX1") + 0.5;
    double crpix2 = required("PPO6") / ysz - required("CNPIX2") + 0.5;
    CdMatrix cd = new CdMatrix(-xsz / 1000.0 * scale, 0.0, 0.0, ysz / 1000.0 * scale);
    /* xi(x, y) and eta(y, x) in arcsec as dense [p][q] of first^p second^q. */
    double[][] cx = amd(ax);
    double[][] cy = amd(ay);
    double[] pv1 = new double[TpvWcs.N_COEFF];
    double[] pv2 = new double[TpvWcs.N_COEFF];
    int[] degStart = {0, 1, 4, 7, 12, 17};
    for (int p = 0; p <= 5; p++) {
      for (int q = 0; p + q <= 5; q++) {
        double f = 3600.0 * Math.pow(scale, p + q);
        pv1[degStart[p + q] + q] = cx[p][q] / f;
        pv2[degStart[p + q] + q] = cy[p][q] / f;
      }
    }
    TanWcs tan = new TanWcs(ra, dec, crpix1, crpix2, cd, TanWcs.defaultLonpole(dec));
    try {
      return TpvWcs.of(tan, pv1, pv2);
    } catch (IllegalArgumentException e) {
      throw new WcsException(where + ": DSS plate solution is degenerate: " + e.getMessage(), e);
    }
  }

  /** The AMD polynomial (coefficients 1..13, in its own variable order) as dense [p][q]. */
  private static double[][] amd(double[] a) {
    double[][] c = new double[6][6];
    c[1][0] = a[1];
    c[0][1] = a[2];
    c[0][0] = a[3];
    c[2][0] = a[4] + a[7];
    c[1][1] = a[5];
    c[0][2] = a[6] + a[7];
    c[3][0] = a[8] + a[12];
    c[2][1] = a[9];
    c[1][2] = a[10] + a[12];
    c[0][3] = a[11];
    c[5][0] = a[13];
    c[3][2] = 2 * a[13];
    c[1][4] = a[13];
    return c;
  }

  /* ---- Card access. ---- */

  private boolean anyOf(String[] keys) {
    for (String k : keys) {
      if (h.contains(k)) {
        return true;
      }
    }
    return false;
  }

  private String str(String key) {
    return h.optString(key).orElse(null);
  }

  /** A required finite number. */
  private double required(String key) {
    if (!h.contains(key)) {
      throw error(key, "is missing; expected a number");
    }
    return optNumber(key).orElseThrow(() -> error(key, "has no value; expected a number"));
  }

  /** An optional number: empty if absent; throws if present but not a finite number. */
  private OptionalDouble optNumber(String key) {
    Optional<Object> raw = h.value(key);
    if (!h.contains(key)) {
      return OptionalDouble.empty();
    }
    if (raw.isEmpty()) {
      throw error(key, "has no value; expected a number");
    }
    OptionalDouble v = h.optDouble(key);
    if (v.isEmpty() || raw.get() instanceof Boolean) {
      throw error(key, "is '" + s(String.valueOf(raw.get())) + "'; expected a number");
    }
    if (!Double.isFinite(v.getAsDouble())) {
      throw error(key, "is " + v.getAsDouble() + "; expected a finite number");
    }
    return v;
  }

  private static String s(String text) {
    return InvalidDataException.sanitize(text);
  }

  private WcsException error(String key, String what) {
    return new WcsException(where + ": " + key + " " + what);
  }
}
