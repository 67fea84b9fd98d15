package org.labelfree.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

  static Catalog sample() {
    return Catalog.builder()
        .addDoubles("ra", new double[] {10.5, Double.NaN, -0.25, 359.999999999}, "deg", "right ascension (ICRS)")
        .addFloats("flux", new float[] {1.5f, -2.25f, Float.NaN, 3e-8f}, "nJy", "PSF flux")
        .addLongs("id", new long[] {(1L << 53) + 1, -7, Long.MAX_VALUE, Long.MIN_VALUE}, "", "source id")
        .addInts("visit", new int[] {1, -2, Integer.MAX_VALUE, 0}, "", "")
        .addBooleans("flag", new boolean[] {true, false, false, true}, "", "bad pixel flag")
        .addStrings("note", new String[] {"a,b", "say \"hi\"", "", " lead,\"q\""}, "", "free text, with 'quotes'")
        .build();
  }

  @Test
  void builderKeepsColumnsInOrderWithMetadata() {
    Catalog c = sample();
    assertEquals(4, c.rowCount());
    assertEquals(List.of("ra", "flux", "id", "visit", "flag", "note"), c.columnNames());
    assertEquals("deg", c.column("ra").unit());
    assertEquals("PSF flux", c.column("flux").description());
    assertEquals(ColumnType.LONG, c.column("id").type());
    assertEquals((1L << 53) + 1, c.longColumn("id")[0]);
  }

  @Test
  void typedAccessorsReturnCopies() {
    Catalog c = sample();
    double[] ra = c.doubleColumn("ra");
    ra[0] = 99;
    assertEquals(10.5, c.doubleColumn("ra")[0], 0.0);
    String[] notes = c.stringColumn("note");
    notes[0] = "changed";
    assertEquals("a,b", c.stringColumn("note")[0]);
  }

  @Test
  void typedAccessorRejectsWrongType() {
    Catalog c = sample();
    assertThrows(IllegalStateException.class, () -> c.doubleColumn("id"));
    assertThrows(IllegalStateException.class, () -> c.intColumn("flux"));
    assertThrows(IllegalArgumentException.class, () -> c.doubleColumn("nope"));
    /* Exact widenings are allowed. */
    assertArrayEquals(new long[] {1, -2, Integer.MAX_VALUE, 0}, c.longColumn("visit"));
    assertEquals(1.5, c.doubleColumn("flux")[0], 0.0);
  }

  @Test
  void equalityTreatsNanAsEqualAndSeesEveryDifference() {
    assertEquals(sample(), sample());
    assertEquals(sample().hashCode(), sample().hashCode());
    Catalog s = sample();
    Catalog otherUnit = Catalog.of(List.of(s.column("ra").withMetadata("rad", "right ascension (ICRS)")));
    assertNotEquals(s.select("ra"), otherUnit);
    Catalog otherValue = Catalog.builder()
        .addDoubles("ra", new double[] {10.5, Double.NaN, -0.25, 359.9999999991}, "deg", "right ascension (ICRS)")
        .build();
    assertNotEquals(s.select("ra"), otherValue);
  }

  @Test
  void selectAndFilter() {
    Catalog c = sample();
    Catalog sel = c.select("note", "id");
    assertEquals(List.of("note", "id"), sel.columnNames());
    Catalog f = c.filter(new boolean[] {false, true, false, true});
    assertEquals(2, f.rowCount());
    assertArrayEquals(new long[] {-7, Long.MIN_VALUE}, f.longColumn("id"));
    assertArrayEquals(new String[] {"say \"hi\"", " lead,\"q\""}, f.stringColumn("note"));
    assertEquals("deg", f.column("ra").unit());
    assertThrows(IllegalArgumentException.class, () -> c.filter(new boolean[3]));
  }

  @Test
  void rowBuilderMatchesColumnBuilder() {
    Catalog expected = sample();
    Catalog.RowBuilder rb = Catalog.rowBuilder(expected.schema());
    for (int i = 0; i < expected.rowCount(); i++) {
      rb.addRow(expected.column("ra").getDouble(i), expected.column("flux").getFloat(i),
          expected.column("id").getLong(i), expected.column("visit").getInt(i),
          expected.column("flag").getBoolean(i), expected.column("note").getString(i));
    }
    assertEquals(expected, rb.build());
  }

  @Test
  void rowBuilderGrowsAndRejectsWrongValues() {
    Catalog.RowBuilder rb = Catalog.rowBuilder(List.of(ColumnSpec.of("n", ColumnType.INT),
        ColumnSpec.of("x", ColumnType.DOUBLE)));
    for (int i = 0; i < 1000; i++) {
      rb.addRow(i, i == 7 ? null : i * 0.5);
    }
    Catalog c = rb.build();
    assertEquals(1000, c.rowCount());
    assertEquals(999, c.intColumn("n")[999]);
    assertTrue(Double.isNaN(c.doubleColumn("x")[7]));
    assertThrows(IllegalArgumentException.class, () -> rb.addRow(1L, 2.0));
    assertThrows(IllegalArgumentException.class, () -> rb.addRow(1));
    assertEquals(1000, rb.rowCount());
  }

  @Test
  void namesAreValidatedAndUniqueIgnoringCase() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Column.ofInts("bad name", new int[0], "", ""));
    assertTrue(e.getMessage().contains("bad name"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Column.ofInts("", new int[0], "", ""));
    assertThrows(IllegalArgumentException.class, () -> Column.ofInts("1x", new int[0], "", ""));
    assertThrows(IllegalArgumentException.class, () -> Column.ofInts("x;drop", new int[0], "", ""));
    assertThrows(IllegalArgumentException.class, () -> Column.ofInts("a\"b", new int[0], "", ""));
    e = assertThrows(IllegalArgumentException.class, () -> Catalog.builder()
        .addInts("RA", new int[1], "", "").addInts("ra", new int[1], "", "").build());
    assertTrue(e.getMessage().contains("not unique"), e.getMessage());
  }

  @Test
  void lengthsMustAgreeAndTextMustBeOneLineAscii() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalog.builder()
        .addInts("a", new int[2], "", "").addInts("b", new int[3], "", "").build());
    assertTrue(e.getMessage().contains("3 rows; expected 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Column.ofInts("a", new int[0], "", "two\nlines"));
    assertThrows(IllegalArgumentException.class, () -> Column.ofInts("a", new int[0], "\u00b5m", ""));
    assertThrows(NullPointerException.class, () -> Column.ofStrings("s", new String[] {null}, "", ""));
  }
}
