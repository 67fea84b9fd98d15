package org.labelfree.stamps;

import java.util.Arrays;
import java.util.Objects;
import org.labelfree.catalog.Catalog;

/**
 * An in-memory stamp shard: {@code N} stamps of shape {@code (C, H, W)} float32 (one flat array in C order,
 * {@code N x C x H x W}), per-stamp columns (see {@link StampRow}) and shard-wide {@link ShardAttributes}.
 * Stamps are square: {@code H == W == attributes().stampSize()}, and {@code C == attributes().channels()}.
 *
 * <p>Immutable: the builder copies incoming pixels, accessors return copies. Equality compares attributes, columns
 * and pixel bits (NaN equals NaN). Thread-safe. Files: {@link StampShards}.
 */
public final class StampShard {
  private final ShardAttributes attributes;
  private final int n;
  private final float[] stamps;
  private final long[] diaSourceId;
  private final long[] visit;
  private final int[] detector;
  private final String[] band;
  private final double[] ra;
  private final double[] dec;
  private final float[] x;
  private final float[] y;
  private final float[] snr;
  private final byte[] label;
  private final long[] injectionId;
  private final byte[] isTrueTransient;
  private final int[] flags;

  /** Takes ownership of the arrays (all of length {@code n}; stamps of {@code n * C * H * W}). */
  StampShard(ShardAttributes attributes, int n, float[] stamps, long[] diaSourceId, long[] visit, int[] detector,
      String[] band, double[] ra, double[] dec, float[] x, float[] y, float[] snr, byte[] label, long[] injectionId,
      byte[] isTrueTransient, int[] flags) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.n = n;
    long expected = (long) n * stampLength(attributes);
    if (stamps.length != expected) {
      throw new IllegalArgumentException("stamps has " + stamps.length + " values; expected " + expected);
    }
    this.stamps = stamps;
    this.diaSourceId = diaSourceId;
    this.visit = visit;
    this.detector = detector;
    this.band = band;
    this.ra = ra;
    this.dec = dec;
    this.x = x;
    this.y = y;
    this.snr = snr;
    this.label = label;
    this.injectionId = injectionId;
    this.isTrueTransient = isTrueTransient;
    this.flags = flags;
  }

  /** A builder that appends stamps row by row. */
  public static Builder builder(ShardAttributes attributes) {
    return new Builder(attributes);
  }

  private static int stampLength(ShardAttributes a) {
    long len = (long) a.channels() * a.stampSize() * a.stampSize();
    if (len > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("stamp of " + a.channels() + " x " + a.stampSize() + " x " + a.stampSize()
          + " is too large");
    }
    return (int) len;
  }

  /** The shard-wide attributes. */
  public ShardAttributes attributes() {
    return attributes;
  }

  /** The number of stamps {@code N}. */
  public int size() {
    return n;
  }

  /** The number of channels {@code C}. */
  public int channels() {
    return attributes.channels();
  }

  /** The stamp height and width {@code H = W} (pixels). */
  public int stampSize() {
    return attributes.stampSize();
  }

  /** The number of floats per stamp, {@code C * H * W}. */
  public int stampLength() {
    return stampLength(attributes);
  }

  /** The per-stamp values of row {@code i}. */
  public StampRow row(int i) {
    Objects.checkIndex(i, n);
    return new StampRow(diaSourceId[i], visit[i], detector[i], band[i], ra[i], dec[i], x[i], y[i], snr[i], label[i],
        injectionId[i], isTrueTransient[i], flags[i]);
  }

  /** A copy of stamp {@code i}: {@code C * H * W} floats in C order (channel, row, column). */
  public float[] stamp(int i) {
    Objects.checkIndex(i, n);
    int len = stampLength();
    return Arrays.copyOfRange(stamps, i * len, (i + 1) * len);
  }

  /** One pixel: stamp {@code i}, channel {@code c}, row {@code py}, column {@code px} (all 0-based). */
  public float pixel(int i, int c, int py, int px) {
    Objects.checkIndex(i, n);
    Objects.checkIndex(c, channels());
    Objects.checkIndex(py, stampSize());
    Objects.checkIndex(px, stampSize());
    int s = stampSize();
    return stamps[((i * channels() + c) * s + py) * s + px];
  }

  /** A copy of all stamps, {@code N x C x H x W} floats in C order. */
  public float[] copyStamps() {
    return stamps.clone();
  }

  /** The backing pixel array, not copied: package-private, read-only by contract. */
  float[] stampArray() {
    return stamps;
  }

  /** A copy of the labels (int8). */
  public byte[] labels() {
    return label.clone();
  }

  /** A copy of the ground-truth flags (int8: 1, 0, -1 unknown). */
  public byte[] isTrueTransient() {
    return isTrueTransient.clone();
  }

  /** A copy of the {@link StampFlags} bits (int32). */
  public int[] flags() {
    return flags.clone();
  }

  /** A copy of the DIA source identifiers. */
  public long[] diaSourceIds() {
    return diaSourceId.clone();
  }

  /**
   * The per-stamp columns as a catalogue, with the HDF5 dataset names ({@code dia_source_id}, {@code visit},
   * {@code detector}, {@code band}, {@code ra}, {@code dec}, {@code x}, {@code y}, {@code snr}, {@code label},
   * {@code injection_id}, {@code is_true_transient}, {@code flags}); the int8 columns become INT.
   */
  public Catalog toCatalog() {
    int[] lab = new int[n];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      lab[i] = label[i];
      truth[i] = isTrueTransient[i];
    }
    return Catalog.builder()
        .addLongs("dia_source_id", diaSourceId, "", "DIA source identifier")
        .addLongs("visit", visit, "", "visit identifier")
        .addInts("detector", detector, "", "detector number")
        .addStrings("band", band, "", "band")
        .addDoubles("ra", ra, "deg", "right ascension of the stamp centre")
        .addDoubles("dec", dec, "deg", "declination of the stamp centre")
        .addFloats("x", x, "pix", "column in the difference image (0-based)")
        .addFloats("y", y, "pix", "row in the difference image (0-based)")
        .addFloats("snr", snr, "", "signal-to-noise ratio")
        .addInts("label", lab, "", "training label")
        .addLongs("injection_id", injectionId, "", "matched injection id, -1 for none")
        .addInts("is_true_transient", truth, "", "ground truth: 1, 0, -1 unknown")
        .addInts("flags", flags.clone(), "", "StampFlags bits: 1 EDGE, 2 MASKED_PIXELS, 4 AMBIGUOUS_MASK,"
            + " 8 MULTIPLE_FAKES")
        .build();
  }

  long[] visitArray() {
    return visit;
  }

  int[] detectorArray() {
    return detector;
  }

  String[] bandArray() {
    return band;
  }

  double[] raArray() {
    return ra;
  }

  double[] decArray() {
    return dec;
  }

  float[] xArray() {
    return x;
  }

  float[] yArray() {
    return y;
  }

  float[] snrArray() {
    return snr;
  }

  byte[] labelArray() {
    return label;
  }

  long[] injectionIdArray() {
    return injectionId;
  }

  byte[] isTrueTransientArray() {
    return isTrueTransient;
  }

  int[] flagsArray() {
    return flags;
  }

  long[] diaSourceIdArray() {
    return diaSourceId;
  }

  /** Equal when attributes, every column and every pixel bit pattern are equal (NaN equals NaN). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StampShard s)) {
      return false;
    }
    return n == s.n && attributes.equals(s.attributes) && Arrays.equals(stamps, s.stamps)
        && Arrays.equals(diaSourceId, s.diaSourceId) && Arrays.equals(visit, s.visit)
        && Arrays.equals(detector, s.detector) && Arrays.equals(band, s.band) && Arrays.equals(ra, s.ra)
        && Arrays.equals(dec, s.dec) && Arrays.equals(x, s.x) && Arrays.equals(y, s.y) && Arrays.equals(snr, s.snr)
        && Arrays.equals(label, s.label) && Arrays.equals(injectionId, s.injectionId)
        && Arrays.equals(isTrueTransient, s.isTrueTransient) && Arrays.equals(flags, s.flags);
  }

  @Override
  public int hashCode() {
    int h = attributes.hashCode();
    h = 31 * h + Arrays.hashCode(stamps);
    h = 31 * h + Arrays.hashCode(diaSourceId);
    h = 31 * h + Arrays.hashCode(label);
    return h;
  }

  /** A short description: size and attributes (not the pixels). */
  @Override
  public String toString() {
    return "StampShard[" + n + " stamps of " + channels() + "x" + stampSize() + "x" + stampSize() + ", "
        + attributes + "]";
  }

  /** Appends stamps row by row; not thread-safe. {@link #build()} may be called more than once. */
  public static final class Builder {
    private final ShardAttributes attributes;
    private final int stampLength;
    private int n;
    private int capacity = 64;
    private float[] stamps;
    private long[] diaSourceId = new long[capacity];
    private long[] visit = new long[capacity];
    private int[] detector = new int[capacity];
    private String[] band = new String[capacity];
    private double[] ra = new double[capacity];
    private double[] dec = new double[capacity];
    private float[] x = new float[capacity];
    private float[] y = new float[capacity];
    private float[] snr = new float[capacity];
    private byte[] label = new byte[capacity];
    private long[] injectionId = new long[capacity];
    private byte[] isTrueTransient = new byte[capacity];
    private int[] flags = new int[capacity];

    private Builder(ShardAttributes attributes) {
      this.attributes = Objects.requireNonNull(attributes, "attributes");
      this.stampLength = stampLength(attributes);
      this.stamps = new float[capacity * stampLength];
    }

    /**
     * Appends one stamp.
     *
     * @param row    the per-stamp values
     * @param pixels {@code C * H * W} floats in C order (channel, row, column); copied
     * @throws IllegalArgumentException if {@code pixels} has the wrong length
     */
    public Builder add(StampRow row, float[] pixels) {
      if (pixels.length != stampLength) {
        throw new IllegalArgumentException("pixels has " + pixels.length + " values; expected C*H*W = "
            + stampLength);
      }
      return add(row, pixels, 0);
    }

    /**
     * Appends one stamp whose pixels start at {@code offset} in a larger array (e.g. many stamps cut into one).
     *
     * @param row    the per-stamp values
     * @param pixels holds {@code C * H * W} floats in C order from {@code offset}; copied
     * @param offset where the stamp starts in {@code pixels}
     * @throws IndexOutOfBoundsException if the stamp does not fit in {@code pixels} at {@code offset}
     */
    public Builder add(StampRow row, float[] pixels, int offset) {
      Objects.requireNonNull(row, "row");
      Objects.checkFromIndexSize(offset, stampLength, pixels.length);
      if (n == capacity) {
        grow();
      }
      System.arraycopy(pixels, offset, stamps, n * stampLength, stampLength);
      diaSourceId[n] = row.diaSourceId();
      visit[n] = row.visit();
      detector[n] = row.detector();
      band[n] = row.band();
      ra[n] = row.ra();
      dec[n] = row.dec();
      x[n] = row.x();
      y[n] = row.y();
      snr[n] = row.snr();
      label[n] = row.label();
      injectionId[n] = row.injectionId();
      isTrueTransient[n] = row.isTrueTransient();
      flags[n] = row.flags();
      n++;
      return this;
    }

    /** The number of stamps appended so far. */
    public int size() {
      return n;
    }

    private void grow() {
      long next = (long) capacity * 2;
      if (next * stampLength > Integer.MAX_VALUE - 8) {
        next = (Integer.MAX_VALUE - 8) / stampLength;
        if (next <= capacity) {
          throw new IllegalStateException("shard is full at " + n + " stamps; write it and start another");
        }
      }
      capacity = (int) next;
      stamps = Arrays.copyOf(stamps, capacity * stampLength);
      diaSourceId = Arrays.copyOf(diaSourceId, capacity);
      visit = Arrays.copyOf(visit, capacity);
      detector = Arrays.copyOf(detector, capacity);
      band = Arrays.copyOf(band, capacity);
      ra = Arrays.copyOf(ra, capacity);
      dec = Arrays.copyOf(dec, capacity);
      x = Arrays.copyOf(x, capacity);
      y = Arrays.copyOf(y, capacity);
      snr = Arrays.copyOf(snr, capacity);
      label = Arrays.copyOf(label, capacity);
      injectionId = Arrays.copyOf(injectionId, capacity);
      isTrueTransient = Arrays.copyOf(isTrueTransient, capacity);
      flags = Arrays.copyOf(flags, capacity);
    }

    /** The shard of the stamps appended so far (copied; the builder may go on appending). */
    public StampShard build() {
      return new StampShard(attributes, n, Arrays.copyOf(stamps, n * stampLength), Arrays.copyOf(diaSourceId, n),
          Arrays.copyOf(visit, n), Arrays.copyOf(detector, n), Arrays.copyOf(band, n), Arrays.copyOf(ra, n),
          Arrays.copyOf(dec, n), Arrays.copyOf(x, n), Arrays.copyOf(y, n), Arrays.copyOf(snr, n),
          Arrays.copyOf(label, n), Arrays.copyOf(injectionId, n), Arrays.copyOf(isTrueTransient, n),
          Arrays.copyOf(flags, n));
    }
  }
}
