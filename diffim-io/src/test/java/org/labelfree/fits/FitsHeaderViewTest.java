package org.labelfree.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import nom.tam.fits.Header;
import org.junit.jupiter.api.Test;
import org.labelfree.image.Metadata;

class FitsHeaderViewTest {
  private static FitsHeaderView parse(Defects d, String... cards) {
    StringBuilder sb = new StringBuilder();
    for (String c : cards) {
      sb.append(CardCodec.pad(c));
    }
    sb.append(CardCodec.pad("END"));
    byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
    return new FitsHeaderView(CardCodec.parse(b, CardCodec.findEnd(b, b.length), "x.fits HDU[1]", d), "x.fits", 1);
  }

  @Test
  void typesValuesAndJoinsLongStrings() {
    Defects d = new Defects("x.fits");
    FitsHeaderView h = parse(d,
        "XTENSION= 'IMAGE   '",
        "EXTNAME = 'MASK    '",
        "EXPTIME =                 30.5 / [s] exposure",
        "NCOMB   =                    7",
        "FLAG    =                    T",
        "OLDREAL =             1.25D+02 / FORTRAN",
        "QUOTE   = 'it''s  '",
        "LONG    = 'abc&'",
        "CONTINUE  'def&'",
        "CONTINUE  'ghi' / tail",
        "HIERARCH ESO DET CHIP NAME = 'ccd 1' / hier",
        "UNDEF   =",
        "ESO-LOG 03:04:08>-START EXPO",
        "HISTORY made by hand");
    assertEquals(30.5, h.requireDouble("EXPTIME"));
    assertEquals(7L, h.requireLong("NCOMB"));
    assertTrue(h.requireBoolean("FLAG"));
    assertEquals(125.0, h.requireDouble("OLDREAL"));
    assertEquals("it's", h.requireString("QUOTE"));
    assertEquals("abcdefghi", h.requireString("LONG"));
    assertEquals("ccd 1", h.requireString("ESO DET CHIP NAME"));
    assertNull(h.allCards().value("UNDEF").orElse(null));
    assertEquals("MASK", h.extname());
    assertFalse(h.metadata().contains("XTENSION"));
    assertFalse(h.metadata().contains("EXTNAME"));
    assertTrue(h.metadata().contains("EXPTIME"));
    assertEquals(1, d.all().size(), "only the D exponent is a defect: " + d.all());
    assertTrue(d.all().iterator().next().contains("D exponent in keyword OLDREAL"));
  }

  @Test
  void requiredAccessorsNameFileHduExtnameAndKeyword() {
    FitsHeaderView h = parse(new Defects("x.fits"), "EXTNAME = 'MASK'", "GAIN    = 'high'");
    FitsFormatException missing = assertThrows(FitsFormatException.class, () -> h.requireDouble("EXPTIME"));
    assertEquals("x.fits HDU[1] (MASK): keyword EXPTIME is missing; expected a number", missing.getMessage());
    FitsFormatException wrong = assertThrows(FitsFormatException.class, () -> h.requireLong("GAIN"));
    assertEquals("x.fits HDU[1] (MASK): keyword GAIN is 'high'; expected an integer", wrong.getMessage());
  }

  @Test
  void formattedCardsParseBackEqual() {
    Metadata m = Metadata.builder()
        .set("A", "x".repeat(200) + "'" + "y".repeat(67) + "''", "long one")
        .set("B", -0.0, "")
        .set("C", Double.MIN_VALUE, "")
        .set("D", Long.MIN_VALUE, "")
        .set("VERY_LONG_KEY_NAME", 3L, "hierarch")
        .build();
    byte[] b = CardCodec.formatHeader(m.cards());
    assertEquals(0, b.length % 2880);
    Metadata back = CardCodec.parse(b, CardCodec.findEnd(b, b.length), "t", new Defects("t"));
    assertEquals(m, back);
  }

  @Test
  void convertsNomTamHeaders() throws Exception {
    Header header = new Header();
    header.addValue("EXPTIME", 12.5, "s");
    header.addValue("OBJECT", "M31", "");
    FitsHeaderView v = FitsHeaderView.of(header, "n.fits", 0);
    assertEquals(12.5, v.requireDouble("EXPTIME"));
    assertEquals(List.of("EXPTIME", "OBJECT"), v.metadata().cards().stream().map(Metadata.Card::key).toList());
  }
}
