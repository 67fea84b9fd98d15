package org.labelfree.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable typed columnar table: an ordered list of named {@link Column}s of equal length.
 *
 * <p>Column names follow {@link ColumnSpec} (safe SQL/FITS identifiers) and are unique ignoring case (FITS and
 * DuckDB match names case-insensitively). Missing values are NaN in DOUBLE/FLOAT columns; integer, boolean and string
 * columns have none. Typed accessors such as {@link #doubleColumn(String)} return copies. Equality compares the
 * columns in order (names, types, units, descriptions, values; NaN equals NaN). Immutable and thread-safe.
 *
 * <p>Build one from whole columns with {@link #builder()}, or row by row with {@link #rowBuilder(List)}. Read and
 * write files with {@link Catalogs}.
 */
public final class Catalog {
  private final List<Column> columns;
  private final Map<String, Column> byName;
  private final int rowCount;

  private Catalog(List<Column> columns) {
    this.columns = List.copyOf(columns);
    Map<String, Column> map = new HashMap<>();
    Map<String, String> lower = new HashMap<>();
    int rows = columns.isEmpty() ? 0 : columns.get(0).size();
    for (Column c : this.columns) {
      String previous = lower.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c.name());
      if (previous != null) {
        throw new IllegalArgumentException(
            "column name " + c.name() + " is not unique (clashes with " + previous + ", ignoring case)");
      }
      if (c.size() != rows) {
        throw new IllegalArgumentException("column " + c.name() + " has " + c.size() + " rows; expected " + rows
            + " as column " + columns.get(0).name());
      }
      map.put(c.name(), c);
    }
    this.byName = map;
    this.rowCount = rows;
  }

  /**
   * A catalogue of the given columns, in order.
   *
   * @throws IllegalArgumentException if names clash (ignoring case) or lengths differ
   */
  public static Catalog of(List<Column> columns) {
    Objects.requireNonNull(columns, "columns");
    return new Catalog(columns);
  }

  /** A builder that adds whole columns. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that appends rows to columns declared by {@code schema}. */
  public static RowBuilder rowBuilder(List<ColumnSpec> schema) {
    return new RowBuilder(schema);
  }

  /** The number of rows. */
  public int rowCount() {
    return rowCount;
  }

  /** The number of columns. */
  public int columnCount() {
    return columns.size();
  }

  /** The columns in order (an unmodifiable list of immutable columns). */
  public List<Column> columns() {
    return columns;
  }

  /** The column declarations in order. */
  public List<ColumnSpec> schema() {
    List<ColumnSpec> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      out.add(c.spec());
    }
    return Collections.unmodifiableList(out);
  }

  /** The column names in order. */
  public List<String> columnNames() {
    List<String> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      out.add(c.name());
    }
    return Collections.unmodifiableList(out);
  }

  /** True when a column has exactly this name. */
  public boolean hasColumn(String name) {
    return byName.containsKey(name);
  }

  /**
   * The column with exactly this name.
   *
   * @throws IllegalArgumentException if there is none
   */
  public Column column(String name) {
    Column c = byName.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no column '" + org.labelfree.image.InvalidDataException.sanitize(name)
          + "'; columns are " + columnNames());
    }
    return c;
  }

  /** A copy of a DOUBLE, FLOAT or INT column as doubles. @throws IllegalArgumentException if there is no such column */
  public double[] doubleColumn(String name) {
    return column(name).toDoubleArray();
  }

  /** A copy of a FLOAT column. @throws IllegalArgumentException if there is no such column */
  public float[] floatColumn(String name) {
    return column(name).toFloatArray();
  }

  /** A copy of a LONG or INT column as longs. @throws IllegalArgumentException if there is no such column */
  public long[] longColumn(String name) {
    return column(name).toLongArray();
  }

  /** A copy of an INT column. @throws IllegalArgumentException if there is no such column */
  public int[] intColumn(String name) {
    return column(name).toIntArray();
  }

  /** A copy of a BOOLEAN column. @throws IllegalArgumentException if there is no such column */
  public boolean[] booleanColumn(String name) {
    return column(name).toBooleanArray();
  }

  /** A copy of a STRING column. @throws IllegalArgumentException if there is no such column */
  public String[] stringColumn(String name) {
    return column(name).toStringArray();
  }

  /**
   * A catalogue of the named columns, in the order given (values shared; both are immutable).
   *
   * @throws IllegalArgumentException if a name is missing or repeated
   */
  public Catalog select(String... names) {
    List<Column> out = new ArrayList<>(names.length);
    for (String n : names) {
      out.add(column(n));
    }
    return new Catalog(out);
  }

  /**
   * The rows where {@code keep} is true, in order.
   *
   * @throws IllegalArgumentException if {@code keep.length != rowCount()}
   */
  public Catalog filter(boolean[] keep) {
    if (keep.length != rowCount) {
      throw new IllegalArgumentException("keep has " + keep.length + " entries; expected rowCount " + rowCount);
    }
    int n = 0;
    for (boolean k : keep) {
      n += k ? 1 : 0;
    }
    int[] idx = new int[n];
    for (int i = 0, j = 0; i < keep.length; i++) {
      if (keep[i]) {
        idx[j++] = i;
      }
    }
    return take(idx);
  }

  /**
   * The rows at {@code indices}, in that order (repeats allowed).
   *
   * @throws IndexOutOfBoundsException if an index is outside {@code [0, rowCount())}
   */
  public Catalog take(int[] indices) {
    for (int i : indices) {
      Objects.checkIndex(i, rowCount);
    }
    List<Column> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      out.add(c.take(indices));
    }
    return new Catalog(out);
  }

  /** This catalogue with one more column at the end. @throws IllegalArgumentException on a clash or length mismatch */
  public Catalog withColumn(Column column) {
    List<Column> out = new ArrayList<>(columns);
    out.add(column);
    return new Catalog(out);
  }

  /** Equal when the columns are equal in order (see {@link Column#equals(Object)}). */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Catalog other && columns.equals(other.columns));
  }

  @Override
  public int hashCode() {
    return columns.hashCode();
  }

  /** A short description: row count and column names with types. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Catalog[").append(rowCount).append(" rows;");
    for (Column c : columns) {
      sb.append(' ').append(c.name()).append(':').append(c.type());
    }
    return sb.append(']').toString();
  }

  /** Adds whole columns; {@link #build()} checks names and lengths. Not thread-safe; single use. */
  public static final class Builder {
    private final List<Column> columns = new ArrayList<>();

    private Builder() {}

    /** Adds a column. */
    public Builder add(Column column) {
      columns.add(Objects.requireNonNull(column, "column"));
      return this;
    }

    /** Adds a DOUBLE column (values copied). */
    public Builder addDoubles(String name, double[] values, String unit, String description) {
      return add(Column.ofDoubles(name, values, unit, description));
    }

    /** Adds a FLOAT column (values copied). */
    public Builder addFloats(String name, float[] values, String unit, String description) {
      return add(Column.ofFloats(name, values, unit, description));
    }

    /** Adds a LONG column (values copied). */
    public Builder addLongs(String name, long[] values, String unit, String description) {
      return add(Column.ofLongs(name, values, unit, description));
    }

    /** Adds an INT column (values copied). */
    public Builder addInts(String name, int[] values, String unit, String description) {
      return add(Column.ofInts(name, values, unit, description));
    }

    /** Adds a BOOLEAN column (values copied). */
    public Builder addBooleans(String name, boolean[] values, String unit, String description) {
      return add(Column.ofBooleans(name, values, unit, description));
    }

    /** Adds a STRING column (values copied; none may be null). */
    public Builder addStrings(String name, String[] values, String unit, String description) {
      return add(Column.ofStrings(name, values, unit, description));
    }

    /** The catalogue. @throws IllegalArgumentException if names clash (ignoring case) or lengths differ */
    public Catalog build() {
      return new Catalog(columns);
    }
  }

  /**
   * Appends rows to columns declared up front. Values per type: DOUBLE and FLOAT take any {@link Number} (or null
   * for NaN); LONG takes Long, Integer, Short or Byte; INT takes Integer, Short or Byte; BOOLEAN takes Boolean;
   * STRING takes a non-null String. Not thread-safe.
   */
  public static final class RowBuilder {
    private final List<ColumnSpec> schema;
    private final Object[] buffers;
    private int rows;
    private int capacity = 16;

    private RowBuilder(List<ColumnSpec> schema) {
      this.schema = List.copyOf(schema);
      Map<String, String> seen = new LinkedHashMap<>();
      for (ColumnSpec s : this.schema) {
        String previous = seen.putIfAbsent(s.name().toLowerCase(Locale.ROOT), s.name());
        if (previous != null) {
          throw new IllegalArgumentException("column name " + s.name() + " is not unique (ignoring case)");
        }
      }
      buffers = new Object[this.schema.size()];
      for (int i = 0; i < buffers.length; i++) {
        buffers[i] = newArray(this.schema.get(i).type(), 16);
      }
    }

    /**
     * Appends one row, one value per declared column, in order.
     *
     * @throws IllegalArgumentException if the count or a value's type is wrong; the row is then not added
     */
    public RowBuilder addRow(Object... values) {
      if (values.length != schema.size()) {
        throw new IllegalArgumentException("row has " + values.length + " values; expected " + schema.size());
      }
      for (int i = 0; i < values.length; i++) {
        checkValue(schema.get(i), values[i]);
      }
      if (rows == capacity) {
        capacity *= 2;
        for (int i = 0; i < buffers.length; i++) {
          buffers[i] = grow(buffers[i], capacity);
        }
      }
      for (int i = 0; i < values.length; i++) {
        Object v = values[i];
        switch (schema.get(i).type()) {
          case DOUBLE -> ((double[]) buffers[i])[rows] = v == null ? Double.NaN : ((Number) v).doubleValue();
          case FLOAT -> ((float[]) buffers[i])[rows] = v == null ? Float.NaN : ((Number) v).floatValue();
          case LONG -> ((long[]) buffers[i])[rows] = ((Number) v).longValue();
          case INT -> ((int[]) buffers[i])[rows] = ((Number) v).intValue();
          case BOOLEAN -> ((boolean[]) buffers[i])[rows] = (Boolean) v;
          case STRING -> ((String[]) buffers[i])[rows] = (String) v;
        }
      }
      rows++;
      return this;
    }

    /** The number of rows appended so far. */
    public int rowCount() {
      return rows;
    }

    /** The catalogue of the rows appended so far (the builder may go on appending). */
    public Catalog build() {
      List<Column> out = new ArrayList<>(schema.size());
      for (int i = 0; i < schema.size(); i++) {
        out.add(Column.wrap(schema.get(i), grow(buffers[i], rows)));
      }
      return new Catalog(out);
    }

    private static void checkValue(ColumnSpec spec, Object v) {
      boolean ok = switch (spec.type()) {
        case DOUBLE, FLOAT -> v == null || v instanceof Number;
        case LONG -> v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
        case INT -> v instanceof Integer || v instanceof Short || v instanceof Byte;
        case BOOLEAN -> v instanceof Boolean;
        case STRING -> v instanceof String;
      };
      if (!ok) {
        throw new IllegalArgumentException("value " + v + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")")
            + " does not fit column " + spec.name() + " of type " + spec.type());
      }
    }

    private static Object newArray(ColumnType type, int n) {
      return switch (type) {
        case DOUBLE -> new double[n];
        case FLOAT -> new float[n];
        case LONG -> new long[n];
        case INT -> new int[n];
        case BOOLEAN -> new boolean[n];
        case STRING -> new String[n];
      };
    }

    private static Object grow(Object array, int n) {
      if (array instanceof double[] a) {
        return Arrays.copyOf(a, n);
      } else if (array instanceof float[] a) {
        return Arrays.copyOf(a, n);
      } else if (array instanceof long[] a) {
        return Arrays.copyOf(a, n);
      } else if (array instanceof int[] a) {
        return Arrays.copyOf(a, n);
      } else if (array instanceof boolean[] a) {
        return Arrays.copyOf(a, n);
      } else {
        return Arrays.copyOf((String[]) array, n);
      }
    }
  }
}
