package org.labelfree.catalog;

import org.labelfree.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.util.FitsOutputStream;
import org.labelfree.image.InvalidDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes catalogues as FITS binary tables (nom-tam-fits).
 *
 * <p>Writing produces an empty primary HDU and one {@code BINTABLE} extension with {@code EXTNAME = 'CATALOG'}:
 * per column {@code TTYPEn} (name), {@code TFORMn} ({@code 1D}, {@code 1E}, {@code 1K}, {@code 1J}, {@code 1L} or
 * {@code wA} with {@code w} the longest string, at least 1), {@code TUNITn} (unit, when not empty) and
 * {@code TCOMMn} (description, when not empty; the column-comment convention that STIL/TOPCAT read, not part of
 * FITS 4.0 itself). Long descriptions use the {@code CONTINUE} long-string convention. The write is atomic.
 *
 * <p>FITS strings are ASCII, and trailing spaces are not significant in FITS: a string column must be printable
 * ASCII, and trailing spaces are lost in a round trip.
 *
 * <p>Reading takes the first {@code BINTABLE} (or the HDU at a given 0-based index, the primary being 0). Accepted
 * columns are scalars of {@code D}, {@code E}, {@code K}, {@code J}, {@code I} and {@code B} (as INT; {@code B} is
 * unsigned), {@code L} and {@code nA}; array, variable-length, complex and bit columns, scaled columns
 * ({@code TSCALn}/{@code TZEROn} other than 1/0) and logical nulls are rejected. {@code TNULLn} is ignored (integer
 * values are read raw). Stateless and thread-safe.
 */
public final class FitsCatalogFormat {
  private static final Logger LOG = LoggerFactory.getLogger(FitsCatalogFormat.class);
  /** The {@code EXTNAME} of the table extension this class writes. */
  public static final String EXTNAME = "CATALOG";

  private FitsCatalogFormat() {}

  /**
   * Writes {@code catalog} as a FITS file with one binary-table extension named {@code CATALOG}, atomically.
   *
   * @throws IllegalArgumentException if the catalogue has no columns, or a string value is not printable ASCII
   * @throws IOException              if the file cannot be written
   */
  public static void write(Catalog catalog, Path path) throws IOException {
    if (catalog.columnCount() == 0) {
      throw new IllegalArgumentException("cannot write a catalogue without columns to " + path);
    }
    BinaryTableHDU hdu;
    try {
      BinaryTable table = new BinaryTable();
      for (Column c : catalog.columns()) {
        if (catalog.rowCount() == 0) {
          table.addColumn(emptyColumn(c.type()));
        } else {
          table.addColumn(fitsArray(c));
        }
      }
      hdu = table.toHDU();
      Header h = hdu.getHeader();
      List<Column> cols = catalog.columns();
      for (int j = 0; j < cols.size(); j++) {
        Column c = cols.get(j);
        int n = j + 1;
        h.addValue("TTYPE" + n, c.name(), "column name");
        if (!c.unit().isEmpty()) {
          h.addValue("TUNIT" + n, c.unit(), "column unit");
        }
        if (!c.description().isEmpty()) {
          h.addValue("TCOMM" + n, c.description(), null);
        }
      }
      h.addValue("EXTNAME", EXTNAME, "labelfree catalogue");
    } catch (FitsException e) {
      throw new IOException(path + ": cannot build the FITS table: " + e.getMessage(), e);
    }
    AtomicFiles.write(path, tmp -> {
      try (Fits fits = new Fits();
          FitsOutputStream out = new FitsOutputStream(Files.newOutputStream(tmp))) {
        fits.addHDU(hdu);
        fits.write(out);
      } catch (FitsException e) {
        throw new IOException(path + ": cannot write FITS: " + e.getMessage(), e);
      }
    });
    LOG.debug("Wrote {} rows x {} columns to {}", catalog.rowCount(), catalog.columnCount(), path);
  }

  /**
   * Reads the first binary table of a FITS file.
   *
   * @throws CatalogFormatException if the file is not FITS, has no binary table, or the table has a column that
   *                                cannot be a catalogue column
   * @throws IOException            if the file does not exist or cannot be read
   */
  public static Catalog read(Path path) throws IOException {
    return read(path, -1);
  }

  /**
   * Reads the binary table in HDU {@code hduIndex} (0-based, the primary HDU is 0), or the first binary table when
   * {@code hduIndex} is negative.
   *
   * @throws CatalogFormatException if the file is not FITS, that HDU is missing or not a binary table, or the table
   *                                has a column that cannot be a catalogue column
   * @throws IOException            if the file does not exist or cannot be read
   */
  public static Catalog read(Path path, int hduIndex) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString());
    }
    try (Fits fits = new Fits(path.toFile())) {
      int index = 0;
      for (BasicHDU<?> hdu = readHdu(fits, path, index); hdu != null; hdu = readHdu(fits, path, ++index)) {
        if (hduIndex < 0 && hdu instanceof BinaryTableHDU table) {
          return toCatalog(path, index, table);
        }
        if (index == hduIndex) {
          if (hdu instanceof BinaryTableHDU table) {
            return toCatalog(path, index, table);
          }
          throw new CatalogFormatException(path + " HDU[" + index + "]: is " + describe(hdu)
              + "; expected a binary table (XTENSION = 'BINTABLE')");
        }
      }
      if (hduIndex < 0) {
        throw new CatalogFormatException(path + ": no binary table among its " + index
            + " HDU(s); expected an extension with XTENSION = 'BINTABLE'");
      }
      throw new CatalogFormatException(path + ": has " + index + " HDU(s); HDU[" + hduIndex
          + "] was asked for (0-based, primary = 0)");
    } catch (FitsException e) {
      throw new CatalogFormatException(path + ": cannot read as FITS: "
          + InvalidDataException.sanitize(e.getMessage()), e);
    }
  }

  private static BasicHDU<?> readHdu(Fits fits, Path path, int index) throws IOException {
    try {
      return fits.readHDU();
    } catch (FitsException e) {
      throw new CatalogFormatException(path + " HDU[" + index + "]: not readable as FITS: "
          + InvalidDataException.sanitize(e.getMessage()), e);
    }
  }

  private static String describe(BasicHDU<?> hdu) {
    String xt = hdu.getHeader().getStringValue("XTENSION");
    return xt == null ? "the primary array" : "XTENSION = '" + InvalidDataException.sanitize(xt.trim()) + "'";
  }

  private static Catalog toCatalog(Path path, int index, BinaryTableHDU hdu) throws FitsException {
    BinaryTable table = hdu.getData();
    Header h = hdu.getHeader();
    String where = path + " HDU[" + index + "]";
    String extname = h.getStringValue("EXTNAME");
    if (extname != null) {
      where += " (" + InvalidDataException.sanitize(extname.trim()) + ")";
    }
    int nrows = table.getNRows();
    List<Column> columns = new ArrayList<>();
    for (int j = 0; j < table.getNCols(); j++) {
      int n = j + 1;
      String name = h.getStringValue("TTYPE" + n);
      if (name == null) {
        throw new CatalogFormatException(where + ": TTYPE" + n + " is missing; expected a column name");
      }
      name = name.trim();
      if (!ColumnSpec.isValidName(name)) {
        throw new CatalogFormatException(where + ": TTYPE" + n + " is '" + InvalidDataException.sanitize(name)
            + "'; expected a column name matching [A-Za-z_][A-Za-z0-9_]{0,63}");
      }
      checkUnscaled(where, h, n);
      String unit = headerText(where, h, "TUNIT" + n);
      String description = headerText(where, h, "TCOMM" + n);
      BinaryTable.ColumnDesc d = table.getDescriptor(j);
      String tform = InvalidDataException.sanitize(h.getStringValue("TFORM" + n));
      if (d.isVariableSize() || d.isComplex() || d.isBits() || (!d.isString() && !d.isSingleton())
          || (d.isString() && d.getEntryShape().length > 0)) {
        throw new CatalogFormatException(where + ": TFORM" + n + " (" + name + ") is '" + tform
            + "'; expected a scalar column of D, E, K, J, I, B, L or nA");
      }
      Class<?> element = d.getElementClass();
      /* nom-tam cannot hand out the columns of a table without rows. */
      Object raw = nrows > 0 ? table.getColumn(j)
          : d.isString() ? new String[0] : java.lang.reflect.Array.newInstance(element, 0);
      ColumnType type;
      Object data;
      if (d.isLogical()) {
        type = ColumnType.BOOLEAN;
        boolean[] v = new boolean[nrows];
        for (int r = 0; r < nrows; r++) {
          Boolean b = table.getLogical(r, j);
          if (b == null) {
            throw new CatalogFormatException(where + ": column " + name + " row " + r
                + " is a logical null; expected T or F (BOOLEAN columns have no missing values)");
          }
          v[r] = b;
        }
        data = v;
      } else if (d.isString()) {
        type = ColumnType.STRING;
        data = raw;
      } else if (element == double.class) {
        type = ColumnType.DOUBLE;
        data = raw;
      } else if (element == float.class) {
        type = ColumnType.FLOAT;
        data = raw;
      } else if (element == long.class) {
        type = ColumnType.LONG;
        data = raw;
      } else if (element == int.class) {
        type = ColumnType.INT;
        data = raw;
      } else if (element == short.class) {
        type = ColumnType.INT;
        short[] s = (short[]) raw;
        int[] v = new int[s.length];
        for (int r = 0; r < s.length; r++) {
          v[r] = s[r];
        }
        data = v;
      } else if (element == byte.class) {
        type = ColumnType.INT;
        byte[] s = (byte[]) raw;
        int[] v = new int[s.length];
        for (int r = 0; r < s.length; r++) {
          v[r] = s[r] & 0xff;
        }
        data = v;
      } else {
        throw new CatalogFormatException(where + ": TFORM" + n + " (" + name + ") is '" + tform
            + "'; expected a scalar column of D, E, K, J, I, B, L or nA");
      }
      if (data instanceof String[] strings) {
        for (int r = 0; r < strings.length; r++) {
          if (strings[r] == null) {
            strings[r] = "";
          }
        }
      }
      columns.add(Column.wrap(new ColumnSpec(name, type, unit, description), data));
    }
    try {
      return Catalog.of(columns);
    } catch (IllegalArgumentException e) {
      throw new CatalogFormatException(where + ": " + e.getMessage(), e);
    }
  }

  private static void checkUnscaled(String where, Header h, int n) {
    for (String key : new String[] {"TSCAL" + n, "TZERO" + n}) {
      HeaderCard card = h.findCard(key);
      if (card != null) {
        double expected = key.startsWith("TSCAL") ? 1.0 : 0.0;
        double v = h.getDoubleValue(key, Double.NaN);
        if (v != expected) {
          throw new CatalogFormatException(where + ": " + key + " is " + InvalidDataException.sanitize(
              card.getValue()) + "; expected " + (long) expected + " (scaled columns are not supported)");
        }
      }
    }
  }

  private static String headerText(String where, Header h, String key) {
    String v = h.getStringValue(key);
    if (v == null) {
      return "";
    }
    v = v.strip();
    if (!ColumnSpec.isPrintableAscii(v)) {
      throw new CatalogFormatException(where + ": " + key + " is '" + InvalidDataException.sanitize(v)
          + "'; expected printable ASCII");
    }
    return v;
  }

  private static BinaryTable.ColumnDesc emptyColumn(ColumnType type) throws FitsException {
    return switch (type) {
      case DOUBLE -> BinaryTable.ColumnDesc.createForScalars(double.class);
      case FLOAT -> BinaryTable.ColumnDesc.createForScalars(float.class);
      case LONG -> BinaryTable.ColumnDesc.createForScalars(long.class);
      case INT -> BinaryTable.ColumnDesc.createForScalars(int.class);
      case BOOLEAN -> BinaryTable.ColumnDesc.createForScalars(boolean.class);
      case STRING -> BinaryTable.ColumnDesc.createForStrings(1);
    };
  }

  private static Object fitsArray(Column c) {
    Object a = c.array();
    if (c.type() != ColumnType.STRING) {
      return a;
    }
    String[] s = (String[]) a;
    int width = 0;
    for (int i = 0; i < s.length; i++) {
      if (!ColumnSpec.isPrintableAscii(s[i])) {
        throw new IllegalArgumentException("column " + c.name() + " row " + i + ": '"
            + InvalidDataException.sanitize(s[i]) + "' is not printable ASCII; FITS tables hold ASCII only");
      }
      width = Math.max(width, s[i].length());
    }
    if (width == 0 && s.length > 0) {
      /* A zero-width column (0A) upsets readers: store one blank, which FITS reads back as "". */
      s = s.clone();
      s[0] = " ";
    }
    return s;
  }
}
