package org.labelfree.labeling.objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labelfree.catalog.Catalog;

/**
 * {@link DiaObjectCatalogs}: the documented columns and sort orders of {@code dia_object} and
 * {@code dia_object_source}, the per-object counts, bands, MJD range and the is_true_transient rule, independence
 * from the order of the input catalogues, and bad input named by catalogue and column.
 */
class DiaObjectCatalogsTest {
  private static final double ARCSEC = 1.0 / 3600;

  /** A matched_dia_source catalogue of one visit-detector. */
  static Catalog matched(long visit, int detector, double mjd, String band, long[] ids, double[] ra, double[] dec,
      int[] label, int[] truth) {
    int n = ids.length;
    long[] v = new long[n];
    int[] d = new int[n];
    double[] m = new double[n];
    String[] b = new String[n];
    double[] flux = new double[n];
    double[] err = new double[n];
    double[] snr = new double[n];
    long[] inj = new long[n];
    int[] flags = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = visit;
      d[i] = detector;
      m[i] = mjd;
      b[i] = band;
      flux[i] = 1000 + ids[i];
      err[i] = 100;
      snr[i] = flux[i] / err[i];
      inj[i] = label[i] == 1 ? 900 + ids[i] : -1;
      flags[i] = (int) (ids[i] % 2);
    }
    return Catalog.builder().addLongs("diaSourceId", ids, "", "").addLongs("visit", v, "", "")
        .addInts("detector", d, "", "").addDoubles("ra", ra, "deg", "").addDoubles("dec", dec, "deg", "")
        .addDoubles("psfFlux", flux, "nJy", "").addDoubles("psfFluxErr", err, "nJy", "")
        .addDoubles("snr", snr, "", "").addInts("label", label, "", "").addLongs("injection_id", inj, "", "")
        .addDoubles("dist_arcsec", new double[n], "", "").addInts("match_flags", flags, "", "")
        .addInts("is_true_transient", truth, "", "").addDoubles("mjd", m, "d", "").addStrings("band", b, "", "")
        .build();
  }

  /** Three visits (g, r, g) of two positions 10" apart, plus a lone source. */
  static List<Catalog> threeVisits() {
    Catalog v1 = matched(1, 0, 60001.0, "g", new long[] {101, 102}, new double[] {10, 10},
        new double[] {0, 10 * ARCSEC}, new int[] {1, 0}, new int[] {-1, 0});
    Catalog v2 = matched(2, 0, 60002.0, "r", new long[] {201, 202, 203}, new double[] {10, 10, 10.1},
        new double[] {0.2 * ARCSEC, 10.1 * ARCSEC, 0}, new int[] {0, 0, 0}, new int[] {-1, -1, 0});
    Catalog v3 = matched(3, 0, 60000.5, "g", new long[] {301}, new double[] {10}, new double[] {0.1 * ARCSEC},
        new int[] {1}, new int[] {1});
    return List.of(v1, v2, v3);
  }

  @Test
  void columnsCountsAndOrder() {
    DiaObjectCatalogs.Result r = DiaObjectCatalogs.build(threeVisits(), new DiaObjectAssociator(1.0));
    Catalog o = r.diaObject();
    assertEquals(DiaObjectCatalogs.OBJECT_COLUMNS, o.columnNames());
    assertEquals(DiaObjectCatalogs.SOURCE_COLUMNS, r.diaObjectSource().columnNames());
    /* Visit 3 has the earliest MJD: its source 301 starts an object; 101 (visit 1) joins it, 102 starts the
       second; 201 and 202 (visit 2) join them; 203, 0.1 deg away, is alone. Sorted by id: 102, 203, 301. */
    assertArrayEquals(new long[] {102, 203, 301}, o.longColumn("diaObjectId"));
    assertArrayEquals(new int[] {2, 1, 3}, o.intColumn("nDiaSources"));
    assertArrayEquals(new int[] {0, 0, 2}, o.intColumn("nInjected"));
    /* is_true_transient: {0, -1} -> 0; {0} -> 0; {1, -1, -1} -> 1. */
    assertArrayEquals(new int[] {0, 0, 1}, o.intColumn("is_true_transient"));
    assertArrayEquals(new String[] {"g,r", "r", "g,r"}, o.stringColumn("bands"));
    assertArrayEquals(new double[] {60001.0, 60002.0, 60000.5}, o.doubleColumn("firstMjd"));
    assertArrayEquals(new double[] {60002.0, 60002.0, 60002.0}, o.doubleColumn("lastMjd"));
    /* Object 301: the mean of dec 0.1", 0, 0.2" = 0.1" (1e-6 arcsec). */
    assertEquals(0.1, o.doubleColumn("dec")[2] / ARCSEC, 1e-6);

    Catalog s = r.diaObjectSource();
    assertArrayEquals(new long[] {102, 102, 203, 301, 301, 301}, s.longColumn("diaObjectId"));
    /* Within an object, by MJD: 301 (60000.5), 101 (60001), 201 (60002). */
    assertArrayEquals(new long[] {102, 202, 203, 301, 101, 201}, s.longColumn("diaSourceId"));
    assertArrayEquals(new long[] {1, 2, 2, 3, 1, 2}, s.longColumn("visit"));
    assertArrayEquals(new String[] {"g", "r", "r", "g", "g", "r"}, s.stringColumn("band"));
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 0}, s.intColumn("label"));
    assertArrayEquals(new long[] {-1, -1, -1, 1201, 1001, -1}, s.longColumn("injection_id"));
    assertArrayEquals(new int[] {0, 0, 1, 1, 1, 1}, s.intColumn("match_flags"));
    assertArrayEquals(new int[] {0, -1, 0, 1, -1, -1}, s.intColumn("is_true_transient"));
    assertArrayEquals(new double[] {1102, 1202, 1203, 1301, 1101, 1201}, s.doubleColumn("psfFlux"));
  }

  @Test
  void inputOrderDoesNotMatter() {
    List<Catalog> in = threeVisits();
    DiaObjectCatalogs.Result a = DiaObjectCatalogs.build(in, new DiaObjectAssociator(1.0));
    DiaObjectCatalogs.Result b = DiaObjectCatalogs.build(List.of(in.get(2), in.get(0), in.get(1)),
        new DiaObjectAssociator(1.0));
    assertEquals(a, b);
  }

  @Test
  void noSourcesGiveEmptyCatalogues() {
    DiaObjectCatalogs.Result r = DiaObjectCatalogs.build(List.of(), new DiaObjectAssociator(1.0));
    assertEquals(0, r.diaObject().rowCount());
    assertEquals(DiaObjectCatalogs.OBJECT_COLUMNS, r.diaObject().columnNames());
    assertEquals(DiaObjectCatalogs.SOURCE_COLUMNS, r.diaObjectSource().columnNames());
  }

  @Test
  void missingColumnNamesCatalogueAndColumn() {
    List<Catalog> in = threeVisits();
    Catalog broken = in.get(1).select("diaSourceId", "visit", "detector", "ra", "dec", "psfFlux", "psfFluxErr",
        "snr", "label", "injection_id", "match_flags", "is_true_transient", "band");
    DiaObjectException e = assertThrows(DiaObjectException.class,
        () -> DiaObjectCatalogs.build(List.of(in.get(0), broken), new DiaObjectAssociator(1.0)));
    assertTrue(e.getMessage().contains("matched_dia_source[1] (visit=2 detector=0)")
        && e.getMessage().contains("column mjd is missing"), e.getMessage());
  }

  @Test
  void repeatedSourceIdIsBadData() {
    List<Catalog> in = threeVisits();
    DiaObjectException e = assertThrows(DiaObjectException.class,
        () -> DiaObjectCatalogs.build(List.of(in.get(0), in.get(0)), new DiaObjectAssociator(1.0)));
    assertTrue(e.getMessage().contains("diaSourceId 101 appears more than once"), e.getMessage());
  }
}
