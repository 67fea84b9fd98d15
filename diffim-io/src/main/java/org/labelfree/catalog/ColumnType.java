package org.labelfree.catalog;

/**
 * The value type of a {@link Column}, with its storage in each format.
 *
 * <table>
 *   <caption>Storage per format</caption>
 *   <tr><th>type</th><th>Java</th><th>Parquet (DuckDB)</th><th>FITS TFORM</th><th>missing value</th></tr>
 *   <tr><td>DOUBLE</td><td>double</td><td>DOUBLE</td><td>D</td><td>NaN</td></tr>
 *   <tr><td>FLOAT</td><td>float</td><td>FLOAT</td><td>E</td><td>NaN</td></tr>
 *   <tr><td>LONG</td><td>long</td><td>BIGINT</td><td>K</td><td>none</td></tr>
 *   <tr><td>INT</td><td>int</td><td>INTEGER</td><td>J</td><td>none</td></tr>
 *   <tr><td>BOOLEAN</td><td>boolean</td><td>BOOLEAN</td><td>L</td><td>none</td></tr>
 *   <tr><td>STRING</td><td>String</td><td>VARCHAR</td><td>nA</td><td>none (empty string allowed)</td></tr>
 * </table>
 */
public enum ColumnType {
  /** 64-bit IEEE float; NaN marks a missing value. */
  DOUBLE("DOUBLE", 'D'),
  /** 32-bit IEEE float; NaN marks a missing value. */
  FLOAT("FLOAT", 'E'),
  /** 64-bit signed integer; no missing values. */
  LONG("BIGINT", 'K'),
  /** 32-bit signed integer; no missing values. */
  INT("INTEGER", 'J'),
  /** Boolean; no missing values. */
  BOOLEAN("BOOLEAN", 'L'),
  /** Text; no nulls, the empty string is allowed. */
  STRING("VARCHAR", 'A');

  private final String sqlType;
  private final char fitsCode;

  ColumnType(String sqlType, char fitsCode) {
    this.sqlType = sqlType;
    this.fitsCode = fitsCode;
  }

  /** The DuckDB/Parquet SQL type name, e.g. {@code "BIGINT"}. */
  public String sqlType() {
    return sqlType;
  }

  /** The FITS binary-table TFORM type code, e.g. {@code 'K'}. */
  public char fitsCode() {
    return fitsCode;
  }

  /** True for DOUBLE and FLOAT, the types whose missing value is NaN. */
  public boolean isFloatingPoint() {
    return this == DOUBLE || this == FLOAT;
  }
}
