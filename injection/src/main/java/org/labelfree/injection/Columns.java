package org.labelfree.injection;

import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Column;

/** Numeric column access shared by the readers of this package. Stateless. */
final class Columns {
  private Columns() {
  }

  /** True for the numeric types DOUBLE, FLOAT, INT and LONG. */
  static boolean isNumeric(Column c) {
    return switch (c.type()) {
      case DOUBLE, FLOAT, INT, LONG -> true;
      case BOOLEAN, STRING -> false;
    };
  }

  /** A copy of a numeric column as doubles (LONG values widened, exactly below 2^53). */
  static double[] doubles(Column c) {
    if (c.type() == org.labelfree.catalog.ColumnType.LONG) {
      long[] v = c.toLongArray();
      double[] out = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i];
      }
      return out;
    }
    return c.toDoubleArray();
  }

  /** The named numeric column of {@code cat} as doubles; InvalidDataException naming it if missing or not numeric. */
  static double[] required(Catalog cat, String name, String where) {
    if (!cat.hasColumn(name)) {
      throw new org.labelfree.image.InvalidDataException(where + ": missing column '" + name + "'; columns are "
          + cat.columnNames());
    }
    Column c = cat.column(name);
    if (!isNumeric(c)) {
      throw new org.labelfree.image.InvalidDataException(where + ": column '" + name + "' is " + c.type()
          + "; expected a number");
    }
    return doubles(c);
  }
}
