package org.labelfree.labeling;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A spatial index of points on the sphere for fixed-radius neighbour queries: unit vectors hashed into a cubic grid
 * whose cell is at least the query chord, cell keys sorted, so that a query reads the 3x3x3 cells around its point
 * by nine binary searches. Correct everywhere on the sphere (RA = 0, the poles), as it never uses RA differences.
 * Building is O(n log n), a query O(log n + neighbours). Immutable after construction; thread-safe.
 */
final class SkyGrid {
  /** Smallest cell side (radians of chord), so that cell indices fit 21 bits per axis. */
  private static final double MIN_CELL = 0x1p-19;
  private static final long OFFSET = 1L << 20;

  /** One candidate of a query: its row in the indexed arrays and its squared chord to the query point. */
  interface Visitor {
    void visit(int row, double chord2);
  }

  private final double[] x;
  private final double[] y;
  private final double[] z;
  private final double cell;
  private final double maxChord2;
  private final long[] keys;
  private final int[] rows;

  /**
   * Indexes the rows whose {@code include} is true and whose position is finite.
   *
   * @param ra        right ascension, degrees
   * @param dec       declination, degrees; same length
   * @param include   which rows to index, or null for all
   * @param maxChord  the largest chord (unit-sphere distance) any query will ask for, > 0
   */
  SkyGrid(double[] ra, double[] dec, boolean[] include, double maxChord) {
    int n = ra.length;
    this.x = new double[n];
    this.y = new double[n];
    this.z = new double[n];
    this.cell = Math.max(maxChord, MIN_CELL);
    this.maxChord2 = maxChord * maxChord;
    long[] k = new long[n];
    int[] idx = IntStream.range(0, n)
        .filter(i -> (include == null || include[i]) && Double.isFinite(ra[i]) && Double.isFinite(dec[i]))
        .toArray();
    for (int i : idx) {
      double[] v = unitVector(ra[i], dec[i]);
      x[i] = v[0];
      y[i] = v[1];
      z[i] = v[2];
      k[i] = key(cellOf(v[0]), cellOf(v[1]), cellOf(v[2]));
    }
    this.rows = Arrays.stream(idx).boxed()
        .sorted(Comparator.<Integer>comparingLong(i -> k[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    this.keys = new long[rows.length];
    for (int j = 0; j < rows.length; j++) {
      keys[j] = k[rows[j]];
    }
  }

  /** The unit vector of (ra, dec) in degrees: {cos d cos a, cos d sin a, sin d}. */
  static double[] unitVector(double raDeg, double decDeg) {
    double a = Math.toRadians(raDeg);
    double d = Math.toRadians(decDeg);
    double cd = Math.cos(d);
    return new double[] {cd * Math.cos(a), cd * Math.sin(a), Math.sin(d)};
  }

  /** The chord (straight-line distance on the unit sphere) of an angle in radians. */
  static double chordOf(double angleRad) {
    return 2 * Math.sin(0.5 * Math.min(angleRad, Math.PI));
  }

  /** The angle in radians of a chord. */
  static double angleOf(double chord) {
    return 2 * Math.asin(Math.min(1.0, 0.5 * chord));
  }

  /**
   * Calls {@code visitor} for every indexed row within {@code maxChord} of the unit vector (vx, vy, vz), in no
   * particular order (callers break ties themselves).
   */
  void forEachWithin(double vx, double vy, double vz, Visitor visitor) {
    long cx = cellOf(vx);
    long cy = cellOf(vy);
    long cz = cellOf(vz);
    for (long i = cx - 1; i <= cx + 1; i++) {
      for (long j = cy - 1; j <= cy + 1; j++) {
        /* The three z cells of one (x, y) column are consecutive keys. */
        int from = lowerBound(key(i, j, cz - 1));
        long last = key(i, j, cz + 1);
        for (int p = from; p < keys.length && keys[p] <= last; p++) {
          int r = rows[p];
          double dx = x[r] - vx;
          double dy = y[r] - vy;
          double dz = z[r] - vz;
          double c2 = dx * dx + dy * dy + dz * dz;
          if (c2 <= maxChord2) {
            visitor.visit(r, c2);
          }
        }
      }
    }
  }

  private long cellOf(double v) {
    return (long) Math.floor(v / cell);
  }

  private static long key(long i, long j, long k) {
    return ((i + OFFSET) << 42) | ((j + OFFSET) << 21) | (k + OFFSET);
  }

  private int lowerBound(long v) {
    int lo = 0;
    int hi = keys.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
