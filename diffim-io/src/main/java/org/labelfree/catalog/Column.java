package org.labelfree.catalog;

import java.util.Arrays;
import java.util.Objects;

/**
 * One immutable catalogue column: a {@link ColumnSpec} (name, type, unit, description) and its values.
 *
 * <p>Factories copy the incoming array; {@code to*Array()} methods return copies. Missing values are NaN in DOUBLE and
 * FLOAT columns; integer, boolean and string columns have no missing values (string values are never null, the
 * empty string is allowed). Equality compares the spec and the values, with NaN equal to NaN (bit patterns, as
 * {@link Arrays#equals(double[], double[])}). Immutable and thread-safe.
 */
public final class Column {
  private final ColumnSpec spec;
  private final Object data;
  private final int size;

  private Column(ColumnSpec spec, Object data) {
    this.spec = spec;
    this.data = data;
    this.size = java.lang.reflect.Array.getLength(data);
  }

  /** A DOUBLE column holding a copy of {@code values}; NaN marks missing values. */
  public static Column ofDoubles(String name, double[] values, String unit, String description) {
    return new Column(new ColumnSpec(name, ColumnType.DOUBLE, unit, description), values.clone());
  }

  /** A FLOAT column holding a copy of {@code values}; NaN marks missing values. */
  public static Column ofFloats(String name, float[] values, String unit, String description) {
    return new Column(new ColumnSpec(name, ColumnType.FLOAT, unit, description), values.clone());
  }

  /** A LONG column holding a copy of {@code values}. */
  public static Column ofLongs(String name, long[] values, String unit, String description) {
    return new Column(new ColumnSpec(name, ColumnType.LONG, unit, description), values.clone());
  }

  /** An INT column holding a copy of {@code values}. */
  public static Column ofInts(String name, int[] values, String unit, String description) {
    return new Column(new ColumnSpec(name, ColumnType.INT, unit, description), values.clone());
  }

  /** A BOOLEAN column holding a copy of {@code values}. */
  public static Column ofBooleans(String name, boolean[] values, String unit, String description) {
    return new Column(new ColumnSpec(name, ColumnType.BOOLEAN, unit, description), values.clone());
  }

  /**
   * A STRING column holding a copy of {@code values}.
   *
   * @throws NullPointerException if any value is null (use {@code ""})
   */
  public static Column ofStrings(String name, String[] values, String unit, String description) {
    String[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      Objects.requireNonNull(copy[i], () -> "value of column " + name + " is null; use \"\"");
    }
    return new Column(new ColumnSpec(name, ColumnType.STRING, unit, description), copy);
  }

  /**
   * A column of {@code spec.type()} that takes ownership of {@code data} (a primitive array of the type, or a
   * {@code String[]} without nulls). Package-private zero-copy path for readers.
   */
  static Column wrap(ColumnSpec spec, Object data) {
    Class<?> expected = switch (spec.type()) {
      case DOUBLE -> double[].class;
      case FLOAT -> float[].class;
      case LONG -> long[].class;
      case INT -> int[].class;
      case BOOLEAN -> boolean[].class;
      case STRING -> String[].class;
    };
    if (data.getClass() != expected) {
      throw new IllegalArgumentException(
          "column " + spec.name() + " of type " + spec.type() + " cannot hold " + data.getClass().getSimpleName());
    }
    return new Column(spec, data);
  }

  /** The declaration: name, type, unit, description. */
  public ColumnSpec spec() {
    return spec;
  }

  /** The column name. */
  public String name() {
    return spec.name();
  }

  /** The value type. */
  public ColumnType type() {
    return spec.type();
  }

  /** The unit; {@code ""} for none. */
  public String unit() {
    return spec.unit();
  }

  /** The one-line description; {@code ""} for none. */
  public String description() {
    return spec.description();
  }

  /** The number of values (rows). */
  public int size() {
    return size;
  }

  /** This column with another unit and description (values shared; both are immutable). */
  public Column withMetadata(String unit, String description) {
    return new Column(new ColumnSpec(spec.name(), spec.type(), unit, description), data);
  }

  /** This column under another name (values shared; both are immutable). */
  public Column withName(String name) {
    return new Column(new ColumnSpec(name, spec.type(), spec.unit(), spec.description()), data);
  }

  /**
   * The value at {@code row} as a double; for DOUBLE, FLOAT and INT columns (exact widening).
   *
   * @throws IllegalStateException for other types
   */
  public double getDouble(int row) {
    return switch (spec.type()) {
      case DOUBLE -> ((double[]) data)[row];
      case FLOAT -> ((float[]) data)[row];
      case INT -> ((int[]) data)[row];
      default -> throw wrongType("double", "DOUBLE, FLOAT or INT");
    };
  }

  /** The value at {@code row} of a FLOAT column. @throws IllegalStateException for other types */
  public float getFloat(int row) {
    return ((float[]) typed(ColumnType.FLOAT))[row];
  }

  /**
   * The value at {@code row} as a long; for LONG and INT columns.
   *
   * @throws IllegalStateException for other types
   */
  public long getLong(int row) {
    return switch (spec.type()) {
      case LONG -> ((long[]) data)[row];
      case INT -> ((int[]) data)[row];
      default -> throw wrongType("long", "LONG or INT");
    };
  }

  /** The value at {@code row} of an INT column. @throws IllegalStateException for other types */
  public int getInt(int row) {
    return ((int[]) typed(ColumnType.INT))[row];
  }

  /** The value at {@code row} of a BOOLEAN column. @throws IllegalStateException for other types */
  public boolean getBoolean(int row) {
    return ((boolean[]) typed(ColumnType.BOOLEAN))[row];
  }

  /** The value at {@code row} of a STRING column (never null). @throws IllegalStateException for other types */
  public String getString(int row) {
    return ((String[]) typed(ColumnType.STRING))[row];
  }

  /** A copy of the values as doubles; for DOUBLE, FLOAT and INT columns (exact widening). */
  public double[] toDoubleArray() {
    switch (spec.type()) {
      case DOUBLE:
        return ((double[]) data).clone();
      case FLOAT: {
        float[] f = (float[]) data;
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
          out[i] = f[i];
        }
        return out;
      }
      case INT:
        return Arrays.stream((int[]) data).asDoubleStream().toArray();
      default:
        throw wrongType("double", "DOUBLE, FLOAT or INT");
    }
  }

  /** A copy of the values of a FLOAT column. */
  public float[] toFloatArray() {
    return ((float[]) typed(ColumnType.FLOAT)).clone();
  }

  /** A copy of the values as longs; for LONG and INT columns. */
  public long[] toLongArray() {
    return switch (spec.type()) {
      case LONG -> ((long[]) data).clone();
      case INT -> Arrays.stream((int[]) data).asLongStream().toArray();
      default -> throw wrongType("long", "LONG or INT");
    };
  }

  /** A copy of the values of an INT column. */
  public int[] toIntArray() {
    return ((int[]) typed(ColumnType.INT)).clone();
  }

  /** A copy of the values of a BOOLEAN column. */
  public boolean[] toBooleanArray() {
    return ((boolean[]) typed(ColumnType.BOOLEAN)).clone();
  }

  /** A copy of the values of a STRING column. */
  public String[] toStringArray() {
    return ((String[]) typed(ColumnType.STRING)).clone();
  }

  /** The backing array, not copied: package-private, read-only by contract. */
  Object array() {
    return data;
  }

  /** The rows at {@code indices}, in that order. */
  Column take(int[] indices) {
    Object out = java.lang.reflect.Array.newInstance(data.getClass().getComponentType(), indices.length);
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(data, indices[i], out, i, 1);
    }
    return new Column(spec, out);
  }

  /** The value at {@code row} formatted for text output (doubles and floats exactly, as {@code toString}). */
  String format(int row) {
    return switch (spec.type()) {
      case DOUBLE -> Double.toString(((double[]) data)[row]);
      case FLOAT -> Float.toString(((float[]) data)[row]);
      case LONG -> Long.toString(((long[]) data)[row]);
      case INT -> Integer.toString(((int[]) data)[row]);
      case BOOLEAN -> Boolean.toString(((boolean[]) data)[row]);
      case STRING -> ((String[]) data)[row];
    };
  }

  private Object typed(ColumnType type) {
    if (spec.type() != type) {
      throw wrongType(type.name().toLowerCase(java.util.Locale.ROOT), type.name());
    }
    return data;
  }

  private IllegalStateException wrongType(String what, String expected) {
    return new IllegalStateException(
        "column " + spec.name() + " is " + spec.type() + "; " + what + " access needs " + expected);
  }

  /** Equal when the specs are equal and the values are equal (NaN equals NaN). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Column other) || !spec.equals(other.spec)) {
      return false;
    }
    return switch (spec.type()) {
      case DOUBLE -> Arrays.equals((double[]) data, (double[]) other.data);
      case FLOAT -> Arrays.equals((float[]) data, (float[]) other.data);
      case LONG -> Arrays.equals((long[]) data, (long[]) other.data);
      case INT -> Arrays.equals((int[]) data, (int[]) other.data);
      case BOOLEAN -> Arrays.equals((boolean[]) data, (boolean[]) other.data);
      case STRING -> Arrays.equals((String[]) data, (String[]) other.data);
    };
  }

  @Override
  public int hashCode() {
    int h = switch (spec.type()) {
      case DOUBLE -> Arrays.hashCode((double[]) data);
      case FLOAT -> Arrays.hashCode((float[]) data);
      case LONG -> Arrays.hashCode((long[]) data);
      case INT -> Arrays.hashCode((int[]) data);
      case BOOLEAN -> Arrays.hashCode((boolean[]) data);
      case STRING -> Arrays.hashCode((String[]) data);
    };
    return 31 * spec.hashCode() + h;
  }

  /** A short description: name, type, unit and size (not the values). */
  @Override
  public String toString() {
    return "Column[" + spec.name() + " " + spec.type() + (spec.unit().isEmpty() ? "" : " [" + spec.unit() + "]")
        + ", " + size + " rows]";
  }
}
