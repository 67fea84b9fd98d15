package org.labelfree.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The registry of mask plane names to bit numbers (0-31) of a {@link Mask}, as LSST's {@code Mask} keeps it.
 *
 * <p>{@link #defaults()} gives LSST's standard planes in LSST's bit order (BAD=0, SAT=1, INTRP=2, CR=3, EDGE=4,
 * DETECTED=5, DETECTED_NEGATIVE=6, SUSPECT=7, NO_DATA=8), then the planes this project uses (INJECTED=9,
 * INJECTED_CORE=10, CROSSTALK=11, NOT_DEBLENDED=12, UNMASKEDNAN=13, SENSOR_EDGE=14, STREAK=15). A file may carry
 * another mapping (FITS {@code MP_<NAME>} cards); readers keep the file's mapping. Immutable and thread-safe.
 */
public final class MaskPlanes {
  /** LSST's standard planes, then labelfree's, in bit order. */
  private static final String[] DEFAULT_NAMES = {
    "BAD", "SAT", "INTRP", "CR", "EDGE", "DETECTED", "DETECTED_NEGATIVE", "SUSPECT", "NO_DATA",
    "INJECTED", "INJECTED_CORE", "CROSSTALK", "NOT_DEBLENDED", "UNMASKEDNAN", "SENSOR_EDGE", "STREAK"
  };
  private static final MaskPlanes DEFAULTS;

  static {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < DEFAULT_NAMES.length; i++) {
      m.put(DEFAULT_NAMES[i], i);
    }
    DEFAULTS = new MaskPlanes(m);
  }

  private final Map<String, Integer> bits;

  private MaskPlanes(Map<String, Integer> bits) {
    this.bits = Collections.unmodifiableMap(new LinkedHashMap<>(bits));
  }

  /** The default registry (LSST's planes, then INJECTED, INJECTED_CORE and the rest). */
  public static MaskPlanes defaults() {
    return DEFAULTS;
  }

  /**
   * A registry from an explicit mapping.
   *
   * @throws IllegalArgumentException if a bit is outside 0-31, a bit is used twice, or a name is blank
   */
  public static MaskPlanes of(Map<String, Integer> nameToBit) {
    Map<String, Integer> m = new LinkedHashMap<>();
    boolean[] used = new boolean[32];
    nameToBit.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> {
      String name = normalize(e.getKey());
      int bit = Objects.requireNonNull(e.getValue(), "bit of " + name);
      if (bit < 0 || bit > 31) {
        throw new IllegalArgumentException("mask plane " + name + ": bit must be in 0-31, but was " + bit);
      }
      if (used[bit]) {
        throw new IllegalArgumentException("mask plane " + name + ": bit " + bit + " is already used");
      }
      used[bit] = true;
      m.put(name, bit);
    });
    return new MaskPlanes(m);
  }

  /** Name to bit, in bit order. */
  public Map<String, Integer> asMap() {
    return bits;
  }

  /** The bit of a plane, if registered. */
  public OptionalInt bit(String name) {
    Integer b = bits.get(normalize(name));
    return b == null ? OptionalInt.empty() : OptionalInt.of(b);
  }

  /**
   * The bit mask ({@code 1 << bit}) of a plane.
   *
   * @throws IllegalArgumentException if the plane is not registered
   */
  public int bitmask(String name) {
    OptionalInt b = bit(name);
    if (b.isEmpty()) {
      throw new IllegalArgumentException("no mask plane named " + name + "; known: " + bits.keySet());
    }
    return 1 << b.getAsInt();
  }

  /** The OR of the bit masks of several planes. */
  public int bitmask(String... names) {
    int m = 0;
    for (String n : names) {
      m |= bitmask(n);
    }
    return m;
  }

  /**
   * This registry with one more plane at the lowest free bit; returns this registry if the plane exists.
   *
   * @throws IllegalStateException if all 32 bits are used
   */
  public MaskPlanes with(String name) {
    String n = normalize(name);
    if (bits.containsKey(n)) {
      return this;
    }
    boolean[] used = new boolean[32];
    bits.values().forEach(b -> used[b] = true);
    for (int b = 0; b < 32; b++) {
      if (!used[b]) {
        Map<String, Integer> m = new LinkedHashMap<>(bits);
        m.put(n, b);
        return of(m);
      }
    }
    throw new IllegalStateException("cannot add mask plane " + n + ": all 32 bits are used");
  }

  private static String normalize(String name) {
    String n = Objects.requireNonNull(name, "name").strip().toUpperCase(Locale.ROOT);
    if (n.isEmpty()) {
      throw new IllegalArgumentException("mask plane name must not be blank");
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskPlanes p && p.bits.equals(bits);
  }

  @Override
  public int hashCode() {
    return bits.hashCode();
  }

  @Override
  public String toString() {
    return "MaskPlanes" + bits;
  }
}
