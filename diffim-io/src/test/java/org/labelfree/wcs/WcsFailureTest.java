package org.labelfree.wcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.labelfree.image.InvalidDataException;
import org.labelfree.image.Metadata;

/** Bad WCS headers: each test builds a valid header in code, breaks one thing, and checks the exception. */
class WcsFailureTest {
  static final String WHERE = "test.fits HDU[1]";

  /** A valid TAN-SIP header (order 2, with AP/BP). */
  static Metadata.Builder validSip() {
    return Metadata.builder()
        .set("CTYPE1", "RA---TAN-SIP").set("CTYPE2", "DEC--TAN-SIP")
        .set("CRVAL1", 150.0).set("CRVAL2", 2.0).set("CRPIX1", 1024.5).set("CRPIX2", 2048.5)
        .set("CD1_1", -5.5e-5).set("CD1_2", 1e-7).set("CD2_1", -1e-7).set("CD2_2", 5.5e-5)
        .set("RADESYS", "ICRS")
        .set("A_ORDER", 2L).set("A_2_0", 1e-6).set("A_1_1", -2e-6).set("A_0_2", 3e-7)
        .set("B_ORDER", 2L).set("B_2_0", -4e-7).set("B_1_1", 5e-7).set("B_0_2", 2e-6)
        .set("AP_ORDER", 2L).set("AP_2_0", -1e-6).set("BP_ORDER", 2L).set("BP_0_2", -2e-6);
  }

  static WcsException rejects(Metadata.Builder header, String... words) {
    WcsException e = assertThrows(WcsException.class, () -> Wcs.fromHeader(header.build(), WHERE));
    assertInstanceOf(InvalidDataException.class, e);
    String msg = e.getMessage();
    assertTrue(msg.startsWith(WHERE + ": "), "message names where: " + msg);
    for (String w : words) {
      assertTrue(msg.contains(w), "message should contain '" + w + "': " + msg);
    }
    return e;
  }

  @Test
  void validHeaderParses() {
    Wcs w = Wcs.fromHeader(validSip().build(), WHERE).orElseThrow();
    assertEquals("TAN-SIP", w.type());
  }

  @Test
  void blankCtypesMeanNoWcsButOneBlankAxisIsAnError() {
    Metadata blank = Metadata.builder().set("CTYPE1", "").set("CTYPE2", " ").set("CRVAL1", 1.0).build();
    assertTrue(Wcs.fromHeader(blank, WHERE).isEmpty(), "blank CTYPEs (IRAF, ESO) mean no celestial WCS");
    rejects(validSip().set("CTYPE2", ""), "CTYPE2", "is missing");
  }

  @Test
  void unknownProjection() {
    rejects(validSip().set("CTYPE1", "RA---ZPN").set("CTYPE2", "DEC--ZPN"), "CTYPE1", "RA---ZPN",
        "expected projection TAN, TAN-SIP or TPV");
  }

  @Test
  void malformedCtype() {
    rejects(validSip().set("CTYPE1", "RA-TAN"), "CTYPE1", "'RA-TAN'", "expected the form 'RA---TAN'");
  }

  @Test
  void ctypeMismatchBetweenAxes() {
    rejects(validSip().set("CTYPE1", "RA---TAN").set("CTYPE2", "DEC--TPV").remove("A_ORDER").remove("B_ORDER")
        .remove("AP_ORDER").remove("BP_ORDER"), "CTYPE2", "DEC--TPV", "RA---TAN", "same projection");
  }

  @Test
  void onlyOneCtype() {
    rejects(validSip().remove("CTYPE2"), "CTYPE2 is missing", "CTYPE1 is present");
  }

  @Test
  void galacticAxesRejected() {
    rejects(validSip().set("CTYPE1", "GLON-TAN-SIP").set("CTYPE2", "GLAT-TAN-SIP"), "CTYPE1", "GLON",
        "expected equatorial RA");
  }

  @Test
  void missingCrval() {
    rejects(validSip().remove("CRVAL1"), "CRVAL1 is missing", "expected a number");
  }

  @Test
  void missingCrpix() {
    rejects(validSip().remove("CRPIX2"), "CRPIX2 is missing", "expected a number");
  }

  @Test
  void singularCdMatrix() {
    rejects(validSip().set("CD1_1", 0.0).set("CD1_2", 0.0), "CD1_1", "singular", "determinant 0");
  }

  @Test
  void sipKeywordsWithoutSipCtype() {
    rejects(validSip().set("CTYPE1", "RA---TAN").set("CTYPE2", "DEC--TAN"), "A_ORDER", "'RA---TAN'", "-SIP");
  }

  @Test
  void nanValue() {
    rejects(validSip().set("CD2_2", Double.NaN), "CD2_2", "NaN", "expected a finite number");
  }

  @Test
  void nonNumericValue() {
    rejects(validSip().set("CRVAL2", "two degrees"), "CRVAL2", "'two degrees'", "expected a number");
  }

  @Test
  void negativeSipOrder() {
    rejects(validSip().set("A_ORDER", -1L), "A_ORDER", "-1", "expected an integer in 0..9");
  }

  @Test
  void absurdSipOrder() {
    rejects(validSip().set("B_ORDER", 12L), "B_ORDER", "12", "expected an integer in 0..9");
  }

  @Test
  void inverseWithoutPartner() {
    rejects(validSip().remove("BP_ORDER"), "BP_ORDER is missing", "AP_ORDER is present");
  }

  @Test
  void fk4FrameRejected() {
    rejects(validSip().set("RADESYS", "FK4"), "RADESYS", "'FK4'", "expected ICRS or FK5");
  }

  @Test
  void nonDegreeUnitRejected() {
    rejects(validSip().set("CUNIT1", "rad"), "CUNIT1", "'rad'", "expected 'deg'");
  }

  @Test
  void declinationOutOfRange() {
    rejects(validSip().set("CRVAL2", 95.0), "CRVAL2", "95.0", "[-90, 90]");
  }

  @Test
  void tpvWithoutLinearTerms() {
    Metadata.Builder h = validSip().set("CTYPE1", "RA---TPV").set("CTYPE2", "DEC--TPV").remove("A_ORDER")
        .remove("B_ORDER").remove("AP_ORDER").remove("BP_ORDER").set("PV1_4", 1e-3);
    rejects(h, "PV1_1", "singular TPV linear terms");
  }

  @Test
  void incompleteDssPlateSolution() {
    Metadata.Builder h = Metadata.builder().set("PLTRAH", 14L).set("PLTRAM", 37L).set("PLTRAS", 46.9)
        .set("PLTDECSN", "-").set("PLTDECD", 60L).set("PLTDECM", 12L).set("PLTDECS", 59.3).set("AMDX1", 67.2);
    rejects(h, "CNPIX1 is missing", "DSS plate solution");
  }

  @Test
  void untrustedTextIsSanitised() {
    WcsException e = rejects(validSip().set("CTYPE1", "RA---\u0007AN"), "CTYPE1", "RA---?AN");
    assertTrue(e.getMessage().indexOf('\u0007') < 0, "control character echoed: " + e.getMessage());
  }
}
