package org.labelfree.labeling.stamps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.image.ImageF;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampFlags;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;
import org.labelfree.stamps.StampShards;

class StampShardMakerTest {
  @TempDir Path dir;

  /** Four DIA sources: interior, corner (EDGE), on a NaN (MASKED_PIXELS), and match_flags 3. */
  static Catalog matched(double[] x, double[] y) {
    return Catalog.builder()
        .addLongs("diaSourceId", new long[] {101, 102, 103, 104}, "", "id")
        .addLongs("visit", new long[] {7, 7, 7, 7}, "", "visit")
        .addInts("detector", new int[] {3, 3, 3, 3}, "", "detector")
        .addDoubles("x", x, "pix", "x")
        .addDoubles("y", y, "pix", "y")
        .addDoubles("ra", new double[] {10.1, 10.2, 10.3, 10.4}, "deg", "ra")
        .addDoubles("dec", new double[] {-5.1, -5.2, -5.3, -5.4}, "deg", "dec")
        .addDoubles("psfFlux", new double[] {1, 2, 3, 4}, "nJy", "extra column, ignored")
        .addDoubles("snr", new double[] {6.5, 12, Double.NaN, 40}, "", "snr")
        .addInts("label", new int[] {0, 1, 0, 1}, "", "label")
        .addLongs("injection_id", new long[] {-1, 55, -1, 56}, "", "injection")
        .addDoubles("dist_arcsec", new double[] {-1, 0.1, -1, 0.2}, "arcsec", "distance")
        .addInts("match_flags", new int[] {0, 0, 1, 3}, "", "match flags")
        .addInts("is_true_transient", new int[] {-1, 0, 1, 0}, "", "truth")
        .addStrings("band", new String[] {"r", "r", "r", "r"}, "", "band")
        .build();
  }

  /** The catalogue with one column replaced (same position). */
  static Catalog replace(Catalog c, org.labelfree.catalog.Column column) {
    List<org.labelfree.catalog.Column> cols = new java.util.ArrayList<>(c.columns());
    cols.replaceAll(old -> old.name().equals(column.name()) ? column : old);
    return Catalog.of(cols);
  }

  static Catalog matched() {
    return matched(new double[] {50.2, 1.0, 80.4, 120.6}, new double[] {60.7, 2.0, 90.1, 40.5});
  }

  static StampCutter cutter(boolean maskChannel) {
    float[] px = StampCutterTest.ramp().copyPixels();
    px[90 * StampCutterTest.ramp().width() + 80] = Float.NaN;
    ImageF img = ImageF.wrap(StampCutterTest.ramp().width(), StampCutterTest.ramp().height(), px);
    return new StampCutter(new StampCutterConfig(30, StampNormalisation.MINMAX, maskChannel),
        List.of(StampPlane.of("difference", img)));
  }

  @Test
  void everyColumnIsFilledAndFlagsCombineCutterAndMatch() throws IOException {
    StampShardMaker maker = new StampShardMaker(cutter(true), "0.1.0-test", "{\"size\":30}");
    StampShard s = maker.make(matched(), "matched_dia_source visit=7 detector=3");
    assertEquals(4, s.size());
    assertEquals(new ShardAttributes(List.of("difference", "mask"), "minmax", 30, "0.1.0-test",
        StampShardMaker.sha256Hex("{\"size\":30}")), s.attributes());
    assertEquals(new StampRow(102, 7, 3, "r", 10.2, -5.2, 1f, 2f, 12f, (byte) 1, 55, (byte) 0, StampFlags.EDGE),
        s.row(1));
    assertEquals(new StampRow(103, 7, 3, "r", 10.3, -5.3, 80.4f, 90.1f, Float.NaN, (byte) 0, -1, (byte) 1,
        StampFlags.MASKED_PIXELS | StampFlags.AMBIGUOUS_MASK), s.row(2));
    assertArrayEquals(new int[] {0, StampFlags.EDGE, StampFlags.MASKED_PIXELS | StampFlags.AMBIGUOUS_MASK,
        StampFlags.AMBIGUOUS_MASK | StampFlags.MULTIPLE_FAKES}, s.flags());
    /* The stamps are the cutter's. */
    assertArrayEquals(cutter(true).cut(120.6, 40.5), s.stamp(3));
    /* Round trip through HDF5 keeps the flags. */
    Path p = dir.resolve("shard.h5");
    StampShards.write(s, p);
    assertEquals(s, StampShards.read(p));
  }

  /** match_injected writes an empty band when it is unknown; the shard needs one, so it stores "unknown". */
  @Test
  void emptyBandIsStoredAsUnknown() {
    Catalog c = replace(matched(), org.labelfree.catalog.Column.ofStrings("band", new String[] {"", "g", "", "g"},
        "", "band"));
    StampShard s = new StampShardMaker(cutter(false), "v", "").make(c, "m");
    assertEquals(List.of("unknown", "g", "unknown", "g"), List.of(s.row(0).band(), s.row(1).band(), s.row(2).band(),
        s.row(3).band()));
    assertEquals("", c.stringColumn("band")[0], "the input is not modified");
  }

  @Test
  void digestIsSha256OfTheConfigText() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", StampShardMaker.sha256Hex("abc"));
  }

  @Test
  void emptyCatalogueGivesAnEmptyShard() {
    Catalog empty = matched().filter(new boolean[4]);
    assertEquals(0, new StampShardMaker(cutter(false), "v", "").make(empty, "m").size());
  }

  @Test
  void missingColumnIsNamed() {
    Catalog c = matched();
    List<String> keep = new java.util.ArrayList<>(c.columnNames());
    keep.remove("is_true_transient");
    StampInputException e = assertThrows(StampInputException.class, () -> new StampShardMaker(cutter(false), "v",
        "").make(c.select(keep.toArray(new String[0])), "matched_dia_source visit=7 detector=3"));
    assertTrue(e.getMessage().startsWith("matched_dia_source visit=7 detector=3: column is_true_transient is missing"),
        e.getMessage());
  }

  @Test
  void nonFiniteCentreNamesTheRow() {
    Catalog c = matched(new double[] {50.2, 1.0, Double.NaN, 120.6}, new double[] {60.7, 2.0, 90.1, 40.5});
    StampInputException e = assertThrows(StampInputException.class,
        () -> new StampShardMaker(cutter(false), "v", "").make(c, "m"));
    assertTrue(e.getMessage().contains("m row 2 (diaSourceId 103): x, y = NaN, 90.1"), e.getMessage());
  }

  @Test
  void wrongColumnTypeIsNamed() {
    Catalog c = replace(matched(), org.labelfree.catalog.Column.ofStrings("label",
        new String[] {"a", "b", "c", "d"}, "", "label"));
    StampInputException e = assertThrows(StampInputException.class,
        () -> new StampShardMaker(cutter(false), "v", "").make(c, "m"));
    assertTrue(e.getMessage().contains("m: column label is STRING; expected LONG or INT"), e.getMessage());
  }

  @Test
  void truthOutOfRangeIsNamed() {
    Catalog c = replace(matched(), org.labelfree.catalog.Column.ofInts("is_true_transient",
        new int[] {0, 0, 2, 0}, "", "truth"));
    StampInputException e = assertThrows(StampInputException.class,
        () -> new StampShardMaker(cutter(false), "v", "").make(c, "m"));
    assertTrue(e.getMessage().contains("row 2 (diaSourceId 103): is_true_transient is 2; expected -1 to 1"),
        e.getMessage());
  }
}
