package org.labelfree.catalog;

import org.labelfree.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.labelfree.image.InvalidDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes catalogues as Parquet through an in-memory DuckDB (no Hadoop).
 *
 * <p>Writing creates a table with one column per catalogue column (DOUBLE, FLOAT, BIGINT, INTEGER, BOOLEAN, VARCHAR;
 * integer, boolean and string columns {@code NOT NULL}), fills it with DuckDB's Appender and copies it with
 * {@code COPY ... TO (FORMAT parquet, COMPRESSION zstd, KV_METADATA {...})}. Units and descriptions are stored in
 * the Parquet file's key-value metadata under the keys {@code labelfree.unit.<column>} and
 * {@code labelfree.description.<column>} (empty ones are omitted). The same catalogue gives the same bytes with the
 * same DuckDB version. The write is atomic: a temporary file in the target folder is renamed over the target.
 *
 * <p>Reading uses {@code read_parquet} and {@code parquet_kv_metadata}. Accepted Parquet/DuckDB types: DOUBLE,
 * FLOAT, BIGINT and UINTEGER (as LONG), INTEGER, SMALLINT, TINYINT, USMALLINT and UTINYINT (as INT), BOOLEAN,
 * VARCHAR. Nulls become NaN in floating-point columns and are rejected elsewhere.
 *
 * <p>SQL never holds unescaped user text: column names are validated identifiers and double-quoted, paths and
 * metadata are single-quoted with quotes doubled. Paths containing the glob characters {@code * ? [} are refused,
 * since {@code read_parquet} would expand them. Each call opens its own in-memory database: thread-safe.
 */
public final class ParquetCatalogFormat {
  private static final Logger LOG = LoggerFactory.getLogger(ParquetCatalogFormat.class);
  static final String UNIT_KEY = "labelfree.unit.";
  static final String DESCRIPTION_KEY = "labelfree.description.";

  private ParquetCatalogFormat() {}

  /**
   * Writes {@code catalog} to {@code path} as Parquet (zstd), atomically.
   *
   * @throws IllegalArgumentException if the catalogue has no columns or the path holds glob characters
   * @throws IOException              if the file cannot be written
   */
  public static void write(Catalog catalog, Path path) throws IOException {
    if (catalog.columnCount() == 0) {
      throw new IllegalArgumentException("cannot write a catalogue without columns to " + path);
    }
    AtomicFiles.write(path, tmp -> {
      String target = sqlPath(tmp);
      try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = conn.createStatement()) {
        st.execute(createTableSql(catalog));
        try (DuckDBAppender app = conn.unwrap(DuckDBConnection.class)
            .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "catalog")) {
          appendRows(app, catalog);
        }
        st.execute("COPY catalog TO " + target + " (FORMAT parquet, COMPRESSION zstd" + kvMetadataSql(catalog) + ")");
      } catch (SQLException e) {
        throw new IOException(path + ": DuckDB could not write Parquet: " + e.getMessage(), e);
      }
    });
    LOG.debug("Wrote {} rows x {} columns to {}", catalog.rowCount(), catalog.columnCount(), path);
  }

  /**
   * Reads a Parquet file into a catalogue, with units and descriptions where the file has them.
   *
   * @throws CatalogFormatException if the file is not Parquet, or has a column of an unsupported type, an invalid
   *                                name or a null in a non-floating-point column
   * @throws IOException            if the file does not exist or cannot be read
   */
  public static Catalog read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString());
    }
    String src = sqlPath(path);
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = conn.createStatement()) {
      List<String> names = new ArrayList<>();
      List<ColumnType> types = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + src + ")")) {
        while (rs.next()) {
          String name = rs.getString("column_name");
          String sqlType = rs.getString("column_type");
          if (!ColumnSpec.isValidName(name)) {
            throw new CatalogFormatException(path + " column '" + InvalidDataException.sanitize(name)
                + "': not a valid column name; expected [A-Za-z_][A-Za-z0-9_]{0,63}");
          }
          names.add(name);
          types.add(mapType(path, name, sqlType));
        }
      }
      Map<String, String> kv = readKvMetadata(st, src);
      long count;
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + src + ")")) {
        rs.next();
        count = rs.getLong(1);
      }
      if (count > Integer.MAX_VALUE - 8) {
        throw new CatalogFormatException(path + ": " + count + " rows; at most " + (Integer.MAX_VALUE - 8)
            + " fit in one catalogue");
      }
      int n = (int) count;
      Object[] data = new Object[names.size()];
      for (int j = 0; j < data.length; j++) {
        data[j] = switch (types.get(j)) {
          case DOUBLE -> new double[n];
          case FLOAT -> new float[n];
          case LONG -> new long[n];
          case INT -> new int[n];
          case BOOLEAN -> new boolean[n];
          case STRING -> new String[n];
        };
      }
      StringBuilder select = new StringBuilder("SELECT ");
      for (int j = 0; j < names.size(); j++) {
        select.append(j == 0 ? "" : ", ").append('"').append(names.get(j)).append('"');
      }
      select.append(" FROM read_parquet(").append(src).append(')');
      try (ResultSet rs = st.executeQuery(select.toString())) {
        int row = 0;
        while (rs.next()) {
          if (row >= n) {
            throw new CatalogFormatException(path + ": more rows than the " + n + " counted");
          }
          for (int j = 0; j < data.length; j++) {
            readCell(rs, j + 1, types.get(j), data[j], row, path, names.get(j));
          }
          row++;
        }
        if (row != n) {
          throw new CatalogFormatException(path + ": " + row + " rows read; expected " + n);
        }
      }
      List<Column> columns = new ArrayList<>(names.size());
      for (int j = 0; j < names.size(); j++) {
        String name = names.get(j);
        String unit = metadataText(path, kv, UNIT_KEY + name);
        String description = metadataText(path, kv, DESCRIPTION_KEY + name);
        columns.add(Column.wrap(new ColumnSpec(name, types.get(j), unit, description), data[j]));
      }
      try {
        return Catalog.of(columns);
      } catch (IllegalArgumentException e) {
        throw new CatalogFormatException(path + ": " + e.getMessage(), e);
      }
    } catch (SQLException e) {
      throw new CatalogFormatException(path + ": cannot read as Parquet: " + InvalidDataException.sanitize(
          firstLine(e.getMessage())), e);
    }
  }

  private static void readCell(ResultSet rs, int col, ColumnType type, Object array, int row, Path path, String name)
      throws SQLException {
    switch (type) {
      case DOUBLE -> {
        double v = rs.getDouble(col);
        ((double[]) array)[row] = rs.wasNull() ? Double.NaN : v;
      }
      case FLOAT -> {
        float v = rs.getFloat(col);
        ((float[]) array)[row] = rs.wasNull() ? Float.NaN : v;
      }
      case LONG -> {
        ((long[]) array)[row] = rs.getLong(col);
        checkNotNull(rs, path, name, row, type);
      }
      case INT -> {
        ((int[]) array)[row] = rs.getInt(col);
        checkNotNull(rs, path, name, row, type);
      }
      case BOOLEAN -> {
        ((boolean[]) array)[row] = rs.getBoolean(col);
        checkNotNull(rs, path, name, row, type);
      }
      case STRING -> {
        String s = rs.getString(col);
        ((String[]) array)[row] = s;
        checkNotNull(rs, path, name, row, type);
      }
    }
  }

  private static void checkNotNull(ResultSet rs, Path path, String name, int row, ColumnType type)
      throws SQLException {
    if (rs.wasNull()) {
      throw new CatalogFormatException(path + " column " + name + " row " + row + ": null; expected a " + type
          + " value (only DOUBLE and FLOAT columns may have missing values, as NaN)");
    }
  }

  private static ColumnType mapType(Path path, String name, String sqlType) {
    return switch (sqlType) {
      case "DOUBLE" -> ColumnType.DOUBLE;
      case "FLOAT" -> ColumnType.FLOAT;
      case "BIGINT", "UINTEGER" -> ColumnType.LONG;
      case "INTEGER", "SMALLINT", "TINYINT", "USMALLINT", "UTINYINT" -> ColumnType.INT;
      case "BOOLEAN" -> ColumnType.BOOLEAN;
      case "VARCHAR" -> ColumnType.STRING;
      default -> throw new CatalogFormatException(path + " column " + name + ": type "
          + InvalidDataException.sanitize(sqlType)
          + " is not supported; expected DOUBLE, FLOAT, BIGINT, INTEGER (or a narrower integer), BOOLEAN or VARCHAR");
    };
  }

  private static Map<String, String> readKvMetadata(Statement st, String src) throws SQLException {
    Map<String, String> kv = new HashMap<>();
    try (ResultSet rs = st.executeQuery("SELECT key, value FROM parquet_kv_metadata(" + src + ")")) {
      while (rs.next()) {
        byte[] key = rs.getBytes(1);
        byte[] value = rs.getBytes(2);
        if (key != null && value != null) {
          kv.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
        }
      }
    }
    return kv;
  }

  private static String metadataText(Path path, Map<String, String> kv, String key) {
    String v = kv.getOrDefault(key, "");
    if (!ColumnSpec.isPrintableAscii(v)) {
      throw new CatalogFormatException(path + " key-value metadata " + key + ": '" + InvalidDataException.sanitize(v)
          + "' is not printable ASCII on one line");
    }
    return v;
  }

  private static String createTableSql(Catalog catalog) {
    StringBuilder sb = new StringBuilder("CREATE TABLE catalog (");
    List<Column> cols = catalog.columns();
    for (int j = 0; j < cols.size(); j++) {
      Column c = cols.get(j);
      sb.append(j == 0 ? "" : ", ").append('"').append(c.name()).append("\" ").append(c.type().sqlType());
      if (!c.type().isFloatingPoint()) {
        sb.append(" NOT NULL");
      }
    }
    return sb.append(')').toString();
  }

  private static String kvMetadataSql(Catalog catalog) {
    StringBuilder sb = new StringBuilder();
    for (Column c : catalog.columns()) {
      if (!c.unit().isEmpty()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(quote(UNIT_KEY + c.name())).append(": ").append(quote(c.unit()));
      }
      if (!c.description().isEmpty()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(quote(DESCRIPTION_KEY + c.name())).append(": ")
            .append(quote(c.description()));
      }
    }
    return sb.length() == 0 ? "" : ", KV_METADATA {" + sb + "}";
  }

  private static void appendRows(DuckDBAppender app, Catalog catalog) throws SQLException {
    List<Column> cols = catalog.columns();
    int n = catalog.rowCount();
    for (int i = 0; i < n; i++) {
      app.beginRow();
      for (Column c : cols) {
        Object a = c.array();
        switch (c.type()) {
          case DOUBLE -> app.append(((double[]) a)[i]);
          case FLOAT -> app.append(((float[]) a)[i]);
          case LONG -> app.append(((long[]) a)[i]);
          case INT -> app.append(((int[]) a)[i]);
          case BOOLEAN -> app.append(((boolean[]) a)[i]);
          case STRING -> app.append(((String[]) a)[i]);
        }
      }
      app.endRow();
    }
  }

  /** The path as a single-quoted SQL literal; refuses glob characters, which DuckDB would expand. */
  static String sqlPath(Path path) {
    String s = path.toAbsolutePath().toString();
    for (char c : new char[] {'*', '?', '['}) {
      if (s.indexOf(c) >= 0) {
        throw new IllegalArgumentException("path " + InvalidDataException.sanitize(s) + " contains '" + c
            + "', which DuckDB would expand as a glob; rename the file");
      }
    }
    return quote(s);
  }

  /** A single-quoted SQL string literal with quotes doubled. */
  static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
