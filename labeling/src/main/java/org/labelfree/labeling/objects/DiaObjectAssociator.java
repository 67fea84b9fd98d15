package org.labelfree.labeling.objects;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Groups DIA sources of many visits into DIA objects by position, as a single greedy pass (in the spirit of LSST's
 * association of DIA sources to DIA objects, without the proper-motion or forced-photometry parts).
 *
 * <p>Algorithm. Sources are taken in a fixed order: by MJD, then visit, then {@code diaSourceId} (NaN MJDs sort
 * last, so without MJDs the order is that of visit). Each source joins the nearest existing object whose position is
 * within the radius (inclusive) and that has no source of the same visit-detector yet; if there is none it starts a
 * new object. An object's position is the normalised mean of the unit vectors of its sources, updated each time it
 * grows, so it follows its light curve's mean position. Ties in distance go to the object created first. A second
 * source of one visit-detector near an object therefore never joins it: it joins the next-nearest object within the
 * radius or starts its own, so an object holds at most one source per visit-detector (a light curve has one point
 * per image).
 *
 * <p>Geometry is on the unit sphere: distances are chord lengths between unit vectors, compared with the chord of
 * the radius, so the line RA = 0/360 and the poles need no special case. Candidates are found in a 3-D grid of cubes
 * over the unit vectors with an edge at least the chord of the radius: only the 27 cubes around a source are
 * searched, so 10^5 sources take well under a second.
 *
 * <p>{@code diaObjectId} is the {@code diaSourceId} of the object's first source in the processing order (unique,
 * since source ids are, and stable when later sources are added). Same inputs give the same objects. Instances are
 * immutable and thread-safe; {@link #associate} allocates its own state.
 */
public final class DiaObjectAssociator {
  /** The default association radius, arcsec. */
  public static final double DEFAULT_RADIUS_ARCSEC = 1.0;
  /** The largest radius accepted, arcsec (1 degree). */
  public static final double MAX_RADIUS_ARCSEC = 3600.0;
  /** Smallest grid cube edge: keeps the cube indices within 21 bits each for packing into a long key. */
  private static final double MIN_CELL = 1.0 / (1 << 19);
  private static final long CELL_OFFSET = 1L << 20;

  private final double radiusArcsec;
  private final double chord2;
  private final double cell;

  /**
   * An associator with this radius.
   *
   * @param radiusArcsec association radius, arcsec (0 < r <= 3600)
   * @throws IllegalArgumentException if the radius is out of range
   */
  public DiaObjectAssociator(double radiusArcsec) {
    if (!(radiusArcsec > 0 && radiusArcsec <= MAX_RADIUS_ARCSEC)) {
      throw new IllegalArgumentException("radiusArcsec is " + radiusArcsec + "; expected (0, " + MAX_RADIUS_ARCSEC
          + "]");
    }
    this.radiusArcsec = radiusArcsec;
    double chord = 2 * Math.sin(Math.toRadians(radiusArcsec / 3600.0) / 2);
    this.chord2 = chord * chord;
    this.cell = Math.max(chord, MIN_CELL);
  }

  /** The association radius, arcsec. */
  public double radiusArcsec() {
    return radiusArcsec;
  }

  /**
   * Associates sources into objects. All arrays have one entry per source and the same length; they are not
   * modified.
   *
   * @param diaSourceId unique source ids
   * @param visit       visit of each source
   * @param detector    detector of each source
   * @param mjd         MJD of each source's image (NaN if unknown: such sources sort after the others)
   * @param raDeg       right ascension, degrees (finite)
   * @param decDeg      declination, degrees (finite, within [-90, 90])
   * @return the objects and the object of each source
   * @throws IllegalArgumentException if lengths differ, a position is not finite or out of range (naming the row),
   *                                  or a {@code diaSourceId} repeats
   */
  public Association associate(long[] diaSourceId, long[] visit, int[] detector, double[] mjd, double[] raDeg,
      double[] decDeg) {
    int n = diaSourceId.length;
    if (visit.length != n || detector.length != n || mjd.length != n || raDeg.length != n || decDeg.length != n) {
      throw new IllegalArgumentException("arrays of different lengths: diaSourceId " + n + ", visit " + visit.length
          + ", detector " + detector.length + ", mjd " + mjd.length + ", ra " + raDeg.length + ", dec "
          + decDeg.length);
    }

    /* Unit vectors; check positions and id uniqueness. */
    double[] ux = new double[n];
    double[] uy = new double[n];
    double[] uz = new double[n];
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(raDeg[i]) || !(Math.abs(decDeg[i]) <= 90)) {
        throw new IllegalArgumentException("row " + i + " (diaSourceId " + diaSourceId[i] + "): ra " + raDeg[i]
            + ", dec " + decDeg[i] + "; expected a finite ra and dec within [-90, 90] degrees");
      }
      double ra = Math.toRadians(raDeg[i]);
      double dec = Math.toRadians(decDeg[i]);
      ux[i] = Math.cos(dec) * Math.cos(ra);
      uy[i] = Math.cos(dec) * Math.sin(ra);
      uz[i] = Math.sin(dec);
    }
    long[] sortedIds = diaSourceId.clone();
    Arrays.sort(sortedIds);
    for (int i = 1; i < n; i++) {
      if (sortedIds[i] == sortedIds[i - 1]) {
        throw new IllegalArgumentException("diaSourceId " + sortedIds[i] + " appears more than once");
      }
    }

    /* The processing order: mjd, visit, diaSourceId. */
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> {
      int c = Double.compare(mjd[a], mjd[b]);
      if (c == 0) {
        c = Long.compare(visit[a], visit[b]);
      }
      return c != 0 ? c : Long.compare(diaSourceId[a], diaSourceId[b]);
    });

    /* One greedy pass: nearest eligible object within the radius, else a new object. */
    ObjectTable objs = new ObjectTable(Math.max(16, n / 2));
    Map<Long, Cell> grid = new HashMap<>();
    int[] objectOf = new int[n];
    int[] nextMember = new int[n];
    for (Integer boxedI : boxed) {
      int i = boxedI;
      double x = ux[i];
      double y = uy[i];
      double z = uz[i];
      long cx = (long) Math.floor(x / cell);
      long cy = (long) Math.floor(y / cell);
      long cz = (long) Math.floor(z / cell);
      int best = -1;
      double bestD2 = Double.POSITIVE_INFINITY;
      for (long dx = -1; dx <= 1; dx++) {
        for (long dy = -1; dy <= 1; dy++) {
          for (long dz = -1; dz <= 1; dz++) {
            Cell c = grid.get(key(cx + dx, cy + dy, cz + dz));
            if (c == null) {
              continue;
            }
            for (int m = 0; m < c.size; m++) {
              int k = c.objects[m];
              double ex = objs.px[k] - x;
              double ey = objs.py[k] - y;
              double ez = objs.pz[k] - z;
              double d2 = ex * ex + ey * ey + ez * ez;
              if (d2 <= chord2 && (d2 < bestD2 || (d2 == bestD2 && k < best))
                  && !hasVisitDetector(objs.firstMember[k], nextMember, visit, detector, visit[i], detector[i])) {
                best = k;
                bestD2 = d2;
              }
            }
          }
        }
      }
      if (best < 0) {
        int k = objs.add(i, x, y, z);
        long key = key(cx, cy, cz);
        objs.cellKey[k] = key;
        grid.computeIfAbsent(key, unused -> new Cell()).add(k);
        objectOf[i] = k;
        nextMember[i] = -1;
      } else {
        int k = best;
        objs.grow(k, x, y, z);
        long key = key((long) Math.floor(objs.px[k] / cell), (long) Math.floor(objs.py[k] / cell),
            (long) Math.floor(objs.pz[k] / cell));
        if (key != objs.cellKey[k]) {
          grid.get(objs.cellKey[k]).remove(k);
          grid.computeIfAbsent(key, unused -> new Cell()).add(k);
          objs.cellKey[k] = key;
        }
        objectOf[i] = k;
        nextMember[i] = objs.firstMember[k];
        objs.firstMember[k] = i;
      }
    }

    /* Object ids and positions. */
    int count = objs.size;
    long[] objectId = new long[count];
    double[] ra = new double[count];
    double[] dec = new double[count];
    int[] size = new int[count];
    for (int k = 0; k < count; k++) {
      objectId[k] = diaSourceId[objs.firstSource[k]];
      ra[k] = raOf(objs.px[k], objs.py[k]);
      dec[k] = Math.toDegrees(Math.atan2(objs.pz[k], Math.hypot(objs.px[k], objs.py[k])));
      size[k] = objs.count[k];
    }
    return new Association(objectOf, objectId, ra, dec, size);
  }

  private static boolean hasVisitDetector(int member, int[] nextMember, long[] visit, int[] detector, long v,
      int d) {
    for (int j = member; j >= 0; j = nextMember[j]) {
      if (visit[j] == v && detector[j] == d) {
        return true;
      }
    }
    return false;
  }

  private static long key(long cx, long cy, long cz) {
    return ((cx + CELL_OFFSET) << 42) | ((cy + CELL_OFFSET) << 21) | (cz + CELL_OFFSET);
  }

  /** Right ascension of a direction, degrees in [0, 360). */
  static double raOf(double x, double y) {
    double ra = Math.toDegrees(Math.atan2(y, x));
    if (ra < 0) {
      ra += 360;
    }
    return ra >= 360 ? 0 : ra;
  }

  /** The objects of a grid cube (indices, swap-removed). */
  private static final class Cell {
    int[] objects = new int[2];
    int size;

    void add(int k) {
      if (size == objects.length) {
        objects = Arrays.copyOf(objects, size * 2);
      }
      objects[size++] = k;
    }

    void remove(int k) {
      for (int m = 0; m < size; m++) {
        if (objects[m] == k) {
          objects[m] = objects[--size];
          return;
        }
      }
    }
  }

  /** Growing columns of the objects: summed and normalised unit vectors, counts, first source, member chain. */
  private static final class ObjectTable {
    double[] sx;
    double[] sy;
    double[] sz;
    double[] px;
    double[] py;
    double[] pz;
    int[] count;
    int[] firstSource;
    int[] firstMember;
    long[] cellKey;
    int size;

    ObjectTable(int capacity) {
      sx = new double[capacity];
      sy = new double[capacity];
      sz = new double[capacity];
      px = new double[capacity];
      py = new double[capacity];
      pz = new double[capacity];
      count = new int[capacity];
      firstSource = new int[capacity];
      firstMember = new int[capacity];
      cellKey = new long[capacity];
    }

    int add(int source, double x, double y, double z) {
      if (size == sx.length) {
        int c = size * 2;
        sx = Arrays.copyOf(sx, c);
        sy = Arrays.copyOf(sy, c);
        sz = Arrays.copyOf(sz, c);
        px = Arrays.copyOf(px, c);
        py = Arrays.copyOf(py, c);
        pz = Arrays.copyOf(pz, c);
        count = Arrays.copyOf(count, c);
        firstSource = Arrays.copyOf(firstSource, c);
        firstMember = Arrays.copyOf(firstMember, c);
        cellKey = Arrays.copyOf(cellKey, c);
      }
      int k = size++;
      sx[k] = x;
      sy[k] = y;
      sz[k] = z;
      px[k] = x;
      py[k] = y;
      pz[k] = z;
      count[k] = 1;
      firstSource[k] = source;
      firstMember[k] = source;
      return k;
    }

    void grow(int k, double x, double y, double z) {
      sx[k] += x;
      sy[k] += y;
      sz[k] += z;
      double norm = Math.sqrt(sx[k] * sx[k] + sy[k] * sy[k] + sz[k] * sz[k]);
      px[k] = sx[k] / norm;
      py[k] = sy[k] / norm;
      pz[k] = sz[k] / norm;
      count[k]++;
    }
  }

  /**
   * The result of {@link #associate}: objects in the order they were created (the processing order of their first
   * sources) and the object of each source. Immutable; accessors return copies.
   */
  public static final class Association {
    private final int[] objectOf;
    private final long[] objectId;
    private final double[] ra;
    private final double[] dec;
    private final int[] size;

    Association(int[] objectOf, long[] objectId, double[] ra, double[] dec, int[] size) {
      this.objectOf = objectOf;
      this.objectId = objectId;
      this.ra = ra;
      this.dec = dec;
      this.size = size;
    }

    /** The number of objects. */
    public int objectCount() {
      return objectId.length;
    }

    /** The number of sources associated. */
    public int sourceCount() {
      return objectOf.length;
    }

    /** For each source (input order), the index of its object (0-based, creation order). */
    public int[] objectIndexOfSource() {
      return objectOf.clone();
    }

    /** For each source (input order), its {@code diaObjectId}. */
    public long[] diaObjectIdOfSource() {
      long[] out = new long[objectOf.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = objectId[objectOf[i]];
      }
      return out;
    }

    /** The {@code diaObjectId} of each object: the {@code diaSourceId} of its first source. */
    public long[] diaObjectIds() {
      return objectId.clone();
    }

    /** Right ascension of each object (normalised mean unit vector of its sources), degrees in [0, 360). */
    public double[] ra() {
      return ra.clone();
    }

    /** Declination of each object (normalised mean unit vector of its sources), degrees. */
    public double[] dec() {
      return dec.clone();
    }

    /** The number of sources of each object. */
    public int[] sizes() {
      return size.clone();
    }

    @Override
    public String toString() {
      return "Association[" + objectOf.length + " sources, " + objectId.length + " objects]";
    }
  }
}
