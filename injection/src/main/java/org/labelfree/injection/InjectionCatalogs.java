package org.labelfree.injection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.CatalogFormatException;
import org.labelfree.catalog.Catalogs;
import org.labelfree.catalog.Column;
import org.labelfree.catalog.ColumnSpec;
import org.labelfree.catalog.ColumnType;
import org.labelfree.catalog.CsvCatalogFormat;
import org.labelfree.image.InvalidDataException;

/**
 * The injection catalogue's schema (column names compatible with LSST source_injection), and the validation of
 * catalogues that users ingest. Stateless and thread-safe.
 */
public final class InjectionCatalogs {
  /** Unique id of the fake (LONG); stable across visits in LIGHTCURVE mode. */
  public static final String INJECTION_ID = "injection_id";
  /** Right ascension, degrees in [0, 360) (DOUBLE). */
  public static final String RA = "ra";
  /** Declination, degrees in [-90, 90] (DOUBLE). */
  public static final String DEC = "dec";
  /** The source_injection source type, {@code "Star"} for a point source (STRING). */
  public static final String SOURCE_TYPE = "source_type";
  /** AB magnitude in the catalogue's band at the visit (DOUBLE). */
  public static final String MAG = "mag";
  /** The band (STRING). */
  public static final String BAND = "band";
  /** The visit (LONG). */
  public static final String VISIT = "visit";
  /** The host's src id, -1 for host-less fakes (LONG). */
  public static final String HOST_ID = "host_id";
  /** The host's detector, -1 for host-less fakes (INT). */
  public static final String HOST_DETECTOR = "host_detector";
  /** The host's AB magnitude, NaN for host-less fakes (DOUBLE). */
  public static final String HOST_MAG = "host_mag";
  /** The host's semi-major axis, arcsec, NaN for host-less fakes (DOUBLE). */
  public static final String HOST_A_ARCSEC = "host_a_arcsec";
  /** The host's semi-minor axis, arcsec, NaN for host-less fakes (DOUBLE). */
  public static final String HOST_B_ARCSEC = "host_b_arcsec";
  /** The host's position angle, degrees east of north, NaN for host-less fakes (DOUBLE). */
  public static final String HOST_THETA_DEG = "host_theta_deg";
  /** Angular distance from the host, arcsec, NaN for host-less fakes (DOUBLE). */
  public static final String OFFSET_ARCSEC = "offset_arcsec";
  /** LIGHTCURVE: explosion time t0 of the Bazin curve, MJD (DOUBLE). */
  public static final String T_EXPLOSION = "t_explosion";
  /** LIGHTCURVE: peak AB magnitude (DOUBLE). */
  public static final String PEAK_MAG = "peak_mag";
  /** LIGHTCURVE: the magnitude at the visit is fainter than the configured depth (BOOLEAN). */
  public static final String FAINT = "faint";
  /** The columns a user catalogue must have. */
  public static final List<String> REQUIRED = List.of(RA, DEC, MAG);
  /** The source type written for point-source fakes. */
  public static final String STAR = "Star";
  /** The known band names, in wavelength order. */
  public static final List<String> BANDS = List.of("u", "g", "r", "i", "z", "y");

  private static final List<ColumnSpec> INDEPENDENT_SCHEMA = List.of(
      new ColumnSpec(INJECTION_ID, ColumnType.LONG, "", "unique id of the fake"),
      new ColumnSpec(RA, ColumnType.DOUBLE, "deg", "right ascension (ICRS)"),
      new ColumnSpec(DEC, ColumnType.DOUBLE, "deg", "declination (ICRS)"),
      new ColumnSpec(SOURCE_TYPE, ColumnType.STRING, "", "source_injection source type"),
      new ColumnSpec(MAG, ColumnType.DOUBLE, "mag", "AB magnitude at the visit"),
      new ColumnSpec(BAND, ColumnType.STRING, "", "band"),
      new ColumnSpec(VISIT, ColumnType.LONG, "", "visit"),
      new ColumnSpec(HOST_ID, ColumnType.LONG, "", "src id of the host; -1 for none"),
      new ColumnSpec(HOST_DETECTOR, ColumnType.INT, "", "detector of the host; -1 for none"),
      new ColumnSpec(HOST_MAG, ColumnType.DOUBLE, "mag", "AB magnitude of the host; NaN for none"),
      new ColumnSpec(HOST_A_ARCSEC, ColumnType.DOUBLE, "arcsec", "host semi-major axis; NaN for none"),
      new ColumnSpec(HOST_B_ARCSEC, ColumnType.DOUBLE, "arcsec", "host semi-minor axis; NaN for none"),
      new ColumnSpec(HOST_THETA_DEG, ColumnType.DOUBLE, "deg", "host position angle, east of north; NaN for none"),
      new ColumnSpec(OFFSET_ARCSEC, ColumnType.DOUBLE, "arcsec", "angular distance to the host; NaN for none"));
  private static final List<ColumnSpec> LIGHTCURVE_EXTRA = List.of(
      new ColumnSpec(T_EXPLOSION, ColumnType.DOUBLE, "d", "explosion time t0 of the Bazin curve, MJD"),
      new ColumnSpec(PEAK_MAG, ColumnType.DOUBLE, "mag", "peak AB magnitude of the light curve"),
      new ColumnSpec(FAINT, ColumnType.BOOLEAN, "", "mag at the visit is fainter than the configured depth"));

  private InjectionCatalogs() {
  }

  /** The columns {@link InjectionCatalogMaker#make} writes in {@code mode}, in order (an unmodifiable list). */
  public static List<ColumnSpec> schema(InjectionMode mode) {
    Objects.requireNonNull(mode, "mode");
    if (mode == InjectionMode.INDEPENDENT) {
      return INDEPENDENT_SCHEMA;
    }
    List<ColumnSpec> out = new ArrayList<>(INDEPENDENT_SCHEMA);
    out.addAll(LIGHTCURVE_EXTRA);
    return List.copyOf(out);
  }

  /**
   * Validates a catalogue read from a user file and normalises it to the schema.
   *
   * <p>Checks: the required columns {@link #REQUIRED} are present and numeric; every ra is in [0, 360), every dec
   * in [-90, 90], every mag finite; injection_id, when present, is an integer column without repeats; source_type,
   * when present, is a string column; band, when present, holds known bands only. The result has
   * {@code injection_id} (LONG; the row index when absent), {@code ra}, {@code dec} (DOUBLE),
   * {@code source_type} ({@code "Star"} when absent) and {@code mag} (DOUBLE) first, then the other columns
   * unchanged, in their order.
   *
   * @param catalog the catalogue (not null)
   * @param where   the file, for messages (not null)
   * @return the normalised catalogue
   * @throws InvalidInjectionCatalogException naming {@code where}, the column and the first bad row (0-based, with
   *                                          its injection_id when the catalogue has one)
   */
  public static Catalog validate(Catalog catalog, String where) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(where, "where");
    int n = catalog.rowCount();

    /* Required columns: present and numeric. */
    Map<String, double[]> values = new HashMap<>();
    for (String name : REQUIRED) {
      if (!catalog.hasColumn(name)) {
        throw new InvalidInjectionCatalogException(where + ": missing required column '" + name + "'; columns are "
            + catalog.columnNames() + ", required " + REQUIRED);
      }
      Column c = catalog.column(name);
      if (!Columns.isNumeric(c)) {
        throw new InvalidInjectionCatalogException(where + ": column '" + name + "' is " + c.type()
            + "; expected a number");
      }
      values.put(name, Columns.doubles(c));
    }

    /* Optional columns: types, ids without repeats. */
    long[] ids;
    if (catalog.hasColumn(INJECTION_ID)) {
      Column c = catalog.column(INJECTION_ID);
      if (c.type() != ColumnType.LONG && c.type() != ColumnType.INT) {
        throw new InvalidInjectionCatalogException(where + ": column '" + INJECTION_ID + "' is " + c.type()
            + "; expected an integer");
      }
      ids = c.toLongArray();
      Map<Long, Integer> seen = new HashMap<>();
      for (int i = 0; i < n; i++) {
        Integer previous = seen.putIfAbsent(ids[i], i);
        if (previous != null) {
          throw new InvalidInjectionCatalogException(where + ": row " + i + ": injection_id " + ids[i]
              + " repeats row " + previous + "; expected unique ids");
        }
      }
    } else {
      ids = null;
    }
    String[] types;
    if (catalog.hasColumn(SOURCE_TYPE)) {
      Column c = catalog.column(SOURCE_TYPE);
      if (c.type() != ColumnType.STRING) {
        throw new InvalidInjectionCatalogException(where + ": column '" + SOURCE_TYPE + "' is " + c.type()
            + "; expected a string such as \"Star\"");
      }
      types = c.toStringArray();
    } else {
      types = new String[n];
      java.util.Arrays.fill(types, STAR);
    }
    if (catalog.hasColumn(BAND)) {
      Column c = catalog.column(BAND);
      if (c.type() != ColumnType.STRING) {
        throw new InvalidInjectionCatalogException(where + ": column '" + BAND + "' is " + c.type()
            + "; expected band names");
      }
      for (int i = 0; i < n; i++) {
        checkBand(c.getString(i), where + ": " + rowName(i, ids));
      }
    }

    /* Values of the required columns, row by row. */
    double[] ra = values.get(RA);
    double[] dec = values.get(DEC);
    double[] mag = values.get(MAG);
    for (int i = 0; i < n; i++) {
      if (!(ra[i] >= 0 && ra[i] < 360)) {
        throw bad(where, i, ids, RA, ra[i], "expected degrees in [0, 360)");
      }
      if (!(dec[i] >= -90 && dec[i] <= 90)) {
        throw bad(where, i, ids, DEC, dec[i], "expected degrees in [-90, 90]");
      }
      if (!Double.isFinite(mag[i])) {
        throw bad(where, i, ids, MAG, mag[i], "expected a finite AB magnitude");
      }
    }

    /* Normalise: the schema's leading columns first, then the rest as they were. */
    if (ids == null) {
      ids = new long[n];
      for (int i = 0; i < n; i++) {
        ids[i] = i;
      }
    }
    Map<String, Column> lead = new LinkedHashMap<>();
    lead.put(INJECTION_ID, Column.ofLongs(INJECTION_ID, ids, "", "unique id of the fake"));
    lead.put(RA, Column.ofDoubles(RA, ra, "deg", "right ascension (ICRS)"));
    lead.put(DEC, Column.ofDoubles(DEC, dec, "deg", "declination (ICRS)"));
    lead.put(SOURCE_TYPE, Column.ofStrings(SOURCE_TYPE, types, "", "source_injection source type"));
    lead.put(MAG, Column.ofDoubles(MAG, mag, "mag", "AB magnitude at the visit"));
    List<Column> out = new ArrayList<>(lead.values());
    for (Column c : catalog.columns()) {
      if (!lead.containsKey(c.name())) {
        out.add(c);
      }
    }
    return Catalog.of(out);
  }

  /**
   * Reads an injection catalogue from CSV or Parquet (or FITS) by extension and validates it with
   * {@link #validate}; the known columns of the schema get their exact types when read from CSV.
   *
   * @param file the file (not null)
   * @return the normalised catalogue
   * @throws InvalidInjectionCatalogException if the content is not a valid injection catalogue
   * @throws CatalogFormatException           if the file is not a valid catalogue of its format (passes through)
   * @throws IllegalArgumentException         if the extension is not known
   * @throws IOException                      if the file cannot be read
   */
  public static Catalog read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Catalog cat;
    if (Catalogs.Format.of(file) == Catalogs.Format.CSV) {
      Map<String, ColumnType> types = new HashMap<>();
      for (ColumnSpec s : schema(InjectionMode.LIGHTCURVE)) {
        types.put(s.name(), s.type());
      }
      cat = CsvCatalogFormat.read(file, types, List.of());
    } else {
      cat = Catalogs.read(file);
    }
    return validate(cat, file.toString());
  }

  /**
   * Checks a band name against {@link #BANDS}.
   *
   * @param band  the band (may be null: then invalid)
   * @param where what the band belongs to, for the message (not null)
   * @return {@code band}
   * @throws InvalidInjectionCatalogException "unknown band 'q'; expected one of u, g, r, i, z, y", after
   *                                          {@code where}
   */
  public static String checkBand(String band, String where) {
    if (band == null || !BANDS.contains(band)) {
      throw new InvalidInjectionCatalogException(where + ": unknown band '" + InvalidDataException.sanitize(band)
          + "'; expected one of " + String.join(", ", BANDS));
    }
    return band;
  }

  private static String rowName(int row, long[] ids) {
    return "row " + row + (ids == null ? "" : " (injection_id " + ids[row] + ")");
  }

  private static InvalidInjectionCatalogException bad(String where, int row, long[] ids, String column, double value,
      String expected) {
    return new InvalidInjectionCatalogException(where + ": " + rowName(row, ids) + ": " + column + " is " + value
        + "; " + expected);
  }
}
