package org.labelfree.labeling.stamps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Column;
import org.labelfree.catalog.ColumnType;
import org.labelfree.image.InvalidDataException;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampFlags;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;

/**
 * Builds the stamp shard of one visit-detector from its {@code matched_dia_source} rows: one stamp per row, in row
 * order, cut by a {@link StampCutter}, with every shard column filled from the row.
 *
 * <p>Columns read ({@link #REQUIRED_COLUMNS}), by type: {@code diaSourceId} (LONG or INT), {@code visit} (LONG or
 * INT), {@code detector} (INT or LONG, 0 to 2^31-1), {@code band} (STRING; an empty band, which
 * {@code match_injected} writes when the band is unknown, is stored as {@value #UNKNOWN_BAND}), {@code x}, {@code y} (finite),
 * {@code ra}, {@code dec}, {@code snr} (DOUBLE, FLOAT or INT), {@code label} (INT or LONG, -128 to 127),
 * {@code injection_id} (LONG or INT), {@code is_true_transient} (INT or LONG: -1, 0 or 1) and {@code match_flags}
 * (INT or LONG; its bits 1 and 2 become {@link StampFlags#AMBIGUOUS_MASK} and {@link StampFlags#MULTIPLE_FAKES}).
 * The stamp flags are the cutter's (EDGE, MASKED_PIXELS) OR the match bits.
 *
 * <p>Shard attributes: the cutter's channel names, its normalisation's {@link StampNormalisation#shardName()}, the
 * stamp size, the given software version and {@code config_digest} = lower-case hex SHA-256 of the UTF-8 bytes of the
 * given canonical configuration text.
 *
 * <p>Stamps are cut in image-row order for cache locality; the shard keeps the catalogue's row order. Not
 * thread-safe (it owns its cutter's scratch buffers): one per thread.
 */
public final class StampShardMaker {
  /** The {@code matched_dia_source} columns this class reads. */
  public static final List<String> REQUIRED_COLUMNS = List.of("diaSourceId", "visit", "detector", "band", "x", "y",
      "ra", "dec", "snr", "label", "injection_id", "is_true_transient", "match_flags");

  /** The band stored for rows whose band is empty (a shard needs a non-empty band). */
  public static final String UNKNOWN_BAND = "unknown";

  private final StampCutter cutter;
  private final ShardAttributes attributes;

  /**
   * A maker that cuts with {@code cutter} and records this provenance.
   *
   * @param cutter          the cutter (its planes are the visit-detector's images), not null
   * @param softwareVersion the labelfree version (printable ASCII)
   * @param configText      the canonical text of the configuration that made the stamps (its SHA-256 is recorded)
   * @throws IllegalArgumentException if a channel name or the version is not printable ASCII
   */
  public StampShardMaker(StampCutter cutter, String softwareVersion, String configText) {
    this.cutter = Objects.requireNonNull(cutter, "cutter");
    Objects.requireNonNull(configText, "configText");
    this.attributes = new ShardAttributes(cutter.channelNames(), cutter.config().normalisation().shardName(),
        cutter.config().size(), softwareVersion, sha256Hex(configText));
  }

  /** The attributes every shard of this maker carries. */
  public ShardAttributes attributes() {
    return attributes;
  }

  /**
   * Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}.
   *
   * @param text any text, not null
   * @return 64 hex digits
   */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * Cuts one stamp per row of {@code matchedDiaSource}, in row order.
   *
   * @param matchedDiaSource the DIA sources with their labels (see the class comment); may have 0 rows (the shard is
   *                         then empty: write none, {@code StampShards} cannot store it)
   * @param where            what to call the catalogue in messages, e.g. {@code "matched_dia_source visit=12
   *                         detector=3"}
   * @return the shard
   * @throws StampInputException if a column is missing or of the wrong type, or a row holds a value the shard
   *                             cannot store (non-finite x or y, a label outside int8, is_true_transient not -1/0/1,
   *                             a band longer than 32 or not printable ASCII); the message names the row and column
   */
  public StampShard make(Catalog matchedDiaSource, String where) {
    /* Check and read every column first: a bad catalogue fails before any cutting. */
    for (String name : REQUIRED_COLUMNS) {
      if (!matchedDiaSource.hasColumn(name)) {
        throw new StampInputException(where + ": column " + name + " is missing; expected the matched_dia_source"
            + " columns " + REQUIRED_COLUMNS);
      }
    }
    int n = matchedDiaSource.rowCount();
    long[] ids = longs(matchedDiaSource, "diaSourceId", where);
    long[] visits = longs(matchedDiaSource, "visit", where);
    long[] detectors = longs(matchedDiaSource, "detector", where);
    String[] bands = strings(matchedDiaSource, "band", where);
    double[] xs = doubles(matchedDiaSource, "x", where);
    double[] ys = doubles(matchedDiaSource, "y", where);
    double[] ras = doubles(matchedDiaSource, "ra", where);
    double[] decs = doubles(matchedDiaSource, "dec", where);
    double[] snrs = doubles(matchedDiaSource, "snr", where);
    long[] labels = longs(matchedDiaSource, "label", where);
    long[] injectionIds = longs(matchedDiaSource, "injection_id", where);
    long[] truth = longs(matchedDiaSource, "is_true_transient", where);
    long[] matchFlags = longs(matchedDiaSource, "match_flags", where);

    /* Check every row before cutting. */
    for (int i = 0; i < n; i++) {
      String at = where + " row " + i + " (diaSourceId " + ids[i] + ")";
      if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
        throw new StampInputException(at + ": x, y = " + xs[i] + ", " + ys[i] + "; expected finite pixel"
            + " coordinates");
      }
      check(at, "detector", detectors[i], 0, Integer.MAX_VALUE);
      check(at, "label", labels[i], Byte.MIN_VALUE, Byte.MAX_VALUE);
      check(at, "is_true_transient", truth[i], -1, 1);
      if (bands[i] == null || bands[i].isEmpty()) {
        bands[i] = UNKNOWN_BAND;
      }
      String band = bands[i];
      if (band.length() > 32 || !band.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        throw new StampInputException(at + ": band '" + InvalidDataException.sanitize(band) + "'; expected 1-32"
            + " printable ASCII characters");
      }
    }
    int len = cutter.stampLength();
    if ((long) n * len > Integer.MAX_VALUE - 8) {
      throw new StampInputException(where + ": " + n + " DIA sources of " + len + " floats each do not fit in one"
          + " shard; expected at most " + ((Integer.MAX_VALUE - 8) / len));
    }

    /* Cut in image-row order (neighbouring stamps share cached image rows); the shard keeps catalogue order. */
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      long row = Math.max(-(1L << 30), Math.min(1L << 30, StampCutter.nearestPixel(ys[i]))) + (1L << 30);
      order[i] = (row << 32) | i;
    }
    Arrays.sort(order);
    float[] pixels = new float[n * len];
    int[] cutFlags = new int[n];
    for (long key : order) {
      int i = (int) key;
      cutFlags[i] = cutter.cut(xs[i], ys[i], pixels, i * len);
    }

    /* Append in catalogue order. */
    StampShard.Builder b = StampShard.builder(attributes);
    for (int i = 0; i < n; i++) {
      int flags = cutFlags[i] | StampFlags.fromMatchFlags((int) matchFlags[i]);
      b.add(new StampRow(ids[i], visits[i], (int) detectors[i], bands[i], ras[i], decs[i], (float) xs[i],
          (float) ys[i], (float) snrs[i], (byte) labels[i], injectionIds[i], (byte) truth[i], flags), pixels, i * len);
    }
    return b.build();
  }

  private static void check(String at, String column, long v, long lo, long hi) {
    if (v < lo || v > hi) {
      throw new StampInputException(at + ": " + column + " is " + v + "; expected " + lo + " to " + hi);
    }
  }

  private static Column typed(Catalog c, String name, String where, String expected, ColumnType... types) {
    Column col = c.column(name);
    for (ColumnType t : types) {
      if (col.type() == t) {
        return col;
      }
    }
    throw new StampInputException(where + ": column " + name + " is " + col.type() + "; expected " + expected);
  }

  private static long[] longs(Catalog c, String name, String where) {
    return typed(c, name, where, "LONG or INT", ColumnType.LONG, ColumnType.INT).toLongArray();
  }

  private static double[] doubles(Catalog c, String name, String where) {
    return typed(c, name, where, "DOUBLE, FLOAT or INT", ColumnType.DOUBLE, ColumnType.FLOAT, ColumnType.INT)
        .toDoubleArray();
  }

  private static String[] strings(Catalog c, String name, String where) {
    return typed(c, name, where, "STRING", ColumnType.STRING).toStringArray();
  }
}
