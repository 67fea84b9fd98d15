package org.labelfree.labeling.objects;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Column;
import org.labelfree.catalog.ColumnType;

/**
 * Builds the {@code dia_object} and {@code dia_object_source} catalogues from the {@code matched_dia_source}
 * catalogues of many visit-detectors with a {@link DiaObjectAssociator}.
 *
 * <p>Input columns used (others are ignored): {@code diaSourceId} (LONG or INT), {@code visit} (LONG or INT),
 * {@code detector} (INT or LONG), {@code ra}, {@code dec}, {@code mjd}, {@code psfFlux}, {@code psfFluxErr},
 * {@code snr} (DOUBLE, FLOAT or INT), {@code band} (STRING), {@code label}, {@code injection_id},
 * {@code is_true_transient}, {@code match_flags} (INT or LONG).
 *
 * <p>{@code dia_object} ({@link #OBJECT_COLUMNS}), one row per object sorted by {@code diaObjectId}: position (the
 * normalised mean unit vector of its sources, degrees), {@code nDiaSources}, {@code nInjected} (sources with
 * label 1), {@code is_true_transient} (the maximum over its sources: 1 if any is 1, 0 if all are 0 or some 0 and
 * some -1, -1 if all are -1), {@code firstMjd}, {@code lastMjd} (NaN-ignoring; NaN if all are NaN) and {@code bands}
 * (its sources' distinct bands, sorted, comma-separated, e.g. {@code "g,r"}).
 *
 * <p>{@code dia_object_source} ({@link #SOURCE_COLUMNS}), the light curves: one row per source sorted by
 * ({@code diaObjectId}, {@code mjd}, {@code diaSourceId}). Stateless and thread-safe.
 */
public final class DiaObjectCatalogs {
  /** The columns of {@code dia_object}, in order. */
  public static final List<String> OBJECT_COLUMNS = List.of("diaObjectId", "ra", "dec", "nDiaSources", "nInjected",
      "is_true_transient", "firstMjd", "lastMjd", "bands");
  /** The columns of {@code dia_object_source}, in order. */
  public static final List<String> SOURCE_COLUMNS = List.of("diaObjectId", "diaSourceId", "visit", "detector", "mjd",
      "band", "psfFlux", "psfFluxErr", "snr", "label", "injection_id", "is_true_transient", "match_flags");

  private DiaObjectCatalogs() {}

  /**
   * The two catalogues.
   *
   * @param diaObject       one row per object
   * @param diaObjectSource one row per source (the light curves)
   */
  public record Result(Catalog diaObject, Catalog diaObjectSource) {
    /** Checks both are present. */
    public Result {
      Objects.requireNonNull(diaObject, "diaObject");
      Objects.requireNonNull(diaObjectSource, "diaObjectSource");
    }
  }

  /**
   * Adds the {@code diaSourceId -> diaObjectId} pairs of a {@code dia_object_source} catalogue to {@code into}.
   *
   * @param where what to name in messages (the dataset and its data ID)
   * @throws DiaObjectException naming {@code where} if {@code diaSourceId} or {@code diaObjectId} is missing or not an
   *                            integer column
   */
  public static void addObjectIds(Catalog diaObjectSource, String where, java.util.Map<Long, Long> into) {
    for (String name : List.of("diaSourceId", "diaObjectId")) {
      if (!diaObjectSource.hasColumn(name)) {
        throw new DiaObjectException(where + ": expected columns diaSourceId and diaObjectId; columns are "
            + diaObjectSource.columnNames());
      }
      ColumnType t = diaObjectSource.column(name).type();
      if (t != ColumnType.LONG && t != ColumnType.INT) {
        throw new DiaObjectException(where + " column " + name + ": " + t + "; expected LONG or INT");
      }
    }
    long[] src = diaObjectSource.column("diaSourceId").toLongArray();
    long[] obj = diaObjectSource.column("diaObjectId").toLongArray();
    for (int i = 0; i < src.length; i++) {
      into.put(src[i], obj[i]);
    }
  }

  /**
   * Associates the sources of all catalogues and builds both outputs.
   *
   * @param matched    the {@code matched_dia_source} catalogues (any order; the result does not depend on it)
   * @param associator the association
   * @return the catalogues (empty, with their columns, when there are no sources)
   * @throws DiaObjectException naming the catalogue (its index and first visit/detector) and column if a column is
   *                            missing or of the wrong type, a position is not finite, or a {@code diaSourceId} appears
   *                            twice
   */
  public static Result build(List<Catalog> matched, DiaObjectAssociator associator) {
    Objects.requireNonNull(associator, "associator");
    Sources s = Sources.concat(matched);
    DiaObjectAssociator.Association a;
    try {
      a = associator.associate(s.diaSourceId, s.visit, s.detector, s.mjd, s.ra, s.dec);
    } catch (IllegalArgumentException e) {
      throw new DiaObjectException("matched_dia_source: " + e.getMessage(), e);
    }
    return new Result(objects(s, a), lightCurves(s, a));
  }

  private static Catalog objects(Sources s, DiaObjectAssociator.Association a) {
    int m = a.objectCount();
    long[] ids = a.diaObjectIds();
    int[] of = a.objectIndexOfSource();
    int[] nInjected = new int[m];
    int[] truth = new int[m];
    Arrays.fill(truth, Integer.MIN_VALUE);
    double[] first = new double[m];
    double[] last = new double[m];
    Arrays.fill(first, Double.NaN);
    Arrays.fill(last, Double.NaN);
    List<TreeSet<String>> bands = new ArrayList<>(m);
    for (int k = 0; k < m; k++) {
      bands.add(new TreeSet<>());
    }
    for (int i = 0; i < of.length; i++) {
      int k = of[i];
      nInjected[k] += s.label[i] == 1 ? 1 : 0;
      truth[k] = Math.max(truth[k], s.isTrueTransient[i]);
      if (!Double.isNaN(s.mjd[i])) {
        first[k] = Double.isNaN(first[k]) ? s.mjd[i] : Math.min(first[k], s.mjd[i]);
        last[k] = Double.isNaN(last[k]) ? s.mjd[i] : Math.max(last[k], s.mjd[i]);
      }
      bands.get(k).add(s.band[i]);
    }
    String[] bandText = new String[m];
    for (int k = 0; k < m; k++) {
      bandText[k] = String.join(",", bands.get(k));
    }
    Catalog c = Catalog.builder()
        .addLongs("diaObjectId", ids, "", "DIA object id: the diaSourceId of its first source")
        .addDoubles("ra", a.ra(), "deg", "right ascension: normalised mean unit vector of the sources")
        .addDoubles("dec", a.dec(), "deg", "declination: normalised mean unit vector of the sources")
        .addInts("nDiaSources", a.sizes(), "", "number of DIA sources")
        .addInts("nInjected", nInjected, "", "number of DIA sources matched to an injection (label 1)")
        .addInts("is_true_transient", truth, "", "maximum over the sources: 1, 0, -1 unknown")
        .addDoubles("firstMjd", first, "d", "MJD of the first source")
        .addDoubles("lastMjd", last, "d", "MJD of the last source")
        .addStrings("bands", bandText, "", "distinct bands of the sources, sorted, comma-separated")
        .build();
    return c.take(sortedBy(ids));
  }

  private static int[] sortedBy(long[] ids) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(ids[x], ids[y]));
    int[] out = new int[order.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = order[i];
    }
    return out;
  }

  private static Catalog lightCurves(Sources s, DiaObjectAssociator.Association a) {
    long[] objectId = a.diaObjectIdOfSource();
    int n = objectId.length;
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      truth[i] = s.isTrueTransient[i];
    }
    Catalog c = Catalog.builder()
        .addLongs("diaObjectId", objectId, "", "DIA object id")
        .addLongs("diaSourceId", s.diaSourceId, "", "DIA source id")
        .addLongs("visit", s.visit, "", "visit")
        .addInts("detector", s.detector, "", "detector")
        .addDoubles("mjd", s.mjd, "d", "MJD of the difference image")
        .addStrings("band", s.band, "", "band")
        .addDoubles("psfFlux", s.psfFlux, "nJy", "PSF flux on the difference image")
        .addDoubles("psfFluxErr", s.psfFluxErr, "nJy", "PSF flux uncertainty")
        .addDoubles("snr", s.snr, "", "signal-to-noise ratio")
        .addInts("label", s.label, "", "1 injected, 0 real")
        .addLongs("injection_id", s.injectionId, "", "matched injection id, -1 none")
        .addInts("is_true_transient", truth, "", "1, 0, -1 unknown")
        .addInts("match_flags", s.matchFlags, "", "MatchFlags bits")
        .build();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> {
      int r = Long.compare(objectId[x], objectId[y]);
      if (r == 0) {
        r = Double.compare(s.mjd[x], s.mjd[y]);
      }
      return r != 0 ? r : Long.compare(s.diaSourceId[x], s.diaSourceId[y]);
    });
    int[] take = new int[n];
    for (int i = 0; i < n; i++) {
      take[i] = order[i];
    }
    return c.take(take);
  }

  /** The used columns of all catalogues, concatenated. */
  private static final class Sources {
    long[] diaSourceId;
    long[] visit;
    int[] detector;
    double[] mjd;
    double[] ra;
    double[] dec;
    String[] band;
    double[] psfFlux;
    double[] psfFluxErr;
    double[] snr;
    int[] label;
    long[] injectionId;
    int[] isTrueTransient;
    int[] matchFlags;

    static Sources concat(List<Catalog> catalogs) {
      Objects.requireNonNull(catalogs, "matched");
      int n = 0;
      for (Catalog c : catalogs) {
        n += Objects.requireNonNull(c, "matched catalogue").rowCount();
      }
      Sources s = new Sources();
      s.diaSourceId = new long[n];
      s.visit = new long[n];
      s.detector = new int[n];
      s.mjd = new double[n];
      s.ra = new double[n];
      s.dec = new double[n];
      s.band = new String[n];
      s.psfFlux = new double[n];
      s.psfFluxErr = new double[n];
      s.snr = new double[n];
      s.label = new int[n];
      s.injectionId = new long[n];
      s.isTrueTransient = new int[n];
      s.matchFlags = new int[n];
      int at = 0;
      for (int k = 0; k < catalogs.size(); k++) {
        Catalog c = catalogs.get(k);
        int rows = c.rowCount();
        if (rows == 0) {
          continue;
        }
        String where = describe(k, c);
        System.arraycopy(longs(where, c, "diaSourceId"), 0, s.diaSourceId, at, rows);
        System.arraycopy(longs(where, c, "visit"), 0, s.visit, at, rows);
        long[] det = longs(where, c, "detector");
        long[] lab = longs(where, c, "label");
        long[] truth = longs(where, c, "is_true_transient");
        long[] flags = longs(where, c, "match_flags");
        for (int i = 0; i < rows; i++) {
          s.detector[at + i] = (int) det[i];
          s.label[at + i] = (int) lab[i];
          s.matchFlags[at + i] = (int) flags[i];
          if (truth[i] < -1 || truth[i] > 1) {
            throw new DiaObjectException(where + " column is_true_transient row " + i + ": " + truth[i]
                + "; expected -1, 0 or 1");
          }
          s.isTrueTransient[at + i] = (int) truth[i];
        }
        System.arraycopy(longs(where, c, "injection_id"), 0, s.injectionId, at, rows);
        System.arraycopy(doubles(where, c, "mjd"), 0, s.mjd, at, rows);
        System.arraycopy(doubles(where, c, "ra"), 0, s.ra, at, rows);
        System.arraycopy(doubles(where, c, "dec"), 0, s.dec, at, rows);
        System.arraycopy(doubles(where, c, "psfFlux"), 0, s.psfFlux, at, rows);
        System.arraycopy(doubles(where, c, "psfFluxErr"), 0, s.psfFluxErr, at, rows);
        System.arraycopy(doubles(where, c, "snr"), 0, s.snr, at, rows);
        Column b = column(where, c, "band");
        if (b.type() != ColumnType.STRING) {
          throw new DiaObjectException(where + " column band: " + b.type() + "; expected STRING");
        }
        System.arraycopy(b.toStringArray(), 0, s.band, at, rows);
        at += rows;
      }
      return s;
    }

    private static String describe(int k, Catalog c) {
      String first = "";
      try {
        first = " (visit=" + c.column("visit").getLong(0) + " detector=" + c.column("detector").getLong(0) + ")";
      } catch (RuntimeException e) {
        /* No usable visit/detector: the index alone names it; the column check reports the problem. */
      }
      return "matched_dia_source[" + k + "]" + first;
    }

    private static Column column(String where, Catalog c, String name) {
      if (!c.hasColumn(name)) {
        throw new DiaObjectException(where + ": column " + name + " is missing; expected the matched_dia_source"
            + " columns " + List.of("diaSourceId", "visit", "detector", "ra", "dec", "mjd", "band", "psfFlux",
            "psfFluxErr", "snr", "label", "injection_id", "is_true_transient", "match_flags"));
      }
      return c.column(name);
    }

    private static long[] longs(String where, Catalog c, String name) {
      Column col = column(where, c, name);
      if (col.type() != ColumnType.LONG && col.type() != ColumnType.INT) {
        throw new DiaObjectException(where + " column " + name + ": " + col.type() + "; expected LONG or INT");
      }
      return col.toLongArray();
    }

    private static double[] doubles(String where, Catalog c, String name) {
      Column col = column(where, c, name);
      if (col.type() != ColumnType.DOUBLE && col.type() != ColumnType.FLOAT && col.type() != ColumnType.INT) {
        throw new DiaObjectException(where + " column " + name + ": " + col.type()
            + "; expected DOUBLE, FLOAT or INT");
      }
      return col.toDoubleArray();
    }
  }
}
