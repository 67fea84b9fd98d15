package org.labelfree.pipeline.repo;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A data ID: values for a set of {@link Dimension}s, e.g. {@code {instrument: 'HSC', visit: 12, detector: 3}}.
 *
 * <p>Immutable, with value equality; iteration and {@link #toString()} follow the canonical dimension order, so the
 * same data ID always prints, hashes and serialises the same way (this text enters dataset UUIDs). Integer
 * dimensions hold {@code Long}, string dimensions non-blank {@code String}s of printable characters.
 */
public final class DataId {
  private static final DataId EMPTY = new DataId(new EnumMap<>(Dimension.class));

  private final Map<Dimension, Object> values;

  private DataId(EnumMap<Dimension, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** The empty data ID (a dataset with no dimensions, e.g. a trained model of the whole run). */
  public static DataId empty() {
    return EMPTY;
  }

  /**
   * A data ID from dimension names to values. Integer dimensions accept any integral {@link Number} or a decimal
   * string; string dimensions accept a {@link String}.
   *
   * @throws IllegalArgumentException naming the key for an unknown dimension or a value of the wrong type
   */
  public static DataId of(Map<String, ?> values) {
    EnumMap<Dimension, Object> m = new EnumMap<>(Dimension.class);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      Dimension d = Dimension.byKey(e.getKey()).orElseThrow(() -> new IllegalArgumentException(
          "unknown dimension '" + sanitize(e.getKey()) + "'; expected one of " + java.util.Arrays.toString(Dimension.values())));
      m.put(d, coerce(d, e.getValue()));
    }
    return new DataId(m);
  }

  /** This data ID with one more (or a replaced) value. */
  public DataId with(Dimension dimension, Object value) {
    EnumMap<Dimension, Object> m = values.isEmpty() ? new EnumMap<>(Dimension.class) : new EnumMap<>(values);
    m.put(dimension, coerce(dimension, value));
    return new DataId(m);
  }

  /** The values restricted to {@code dimensions} (those this data ID has). */
  public DataId subset(Set<Dimension> dimensions) {
    EnumMap<Dimension, Object> m = new EnumMap<>(Dimension.class);
    values.forEach((d, v) -> {
      if (dimensions.contains(d)) {
        m.put(d, v);
      }
    });
    return new DataId(m);
  }

  /** The dimensions this data ID has values for, in canonical order. */
  public Set<Dimension> dimensions() {
    return values.keySet();
  }

  /** The values in canonical order (Long or String). */
  public Map<Dimension, Object> values() {
    return values;
  }

  /** The value of a dimension, if present. */
  public Optional<Object> get(Dimension dimension) {
    return Optional.ofNullable(values.get(dimension));
  }

  /** The value of an integer dimension; throws {@link IllegalStateException} if absent. */
  public long getLong(Dimension dimension) {
    Object v = values.get(dimension);
    if (!(v instanceof Long l)) {
      throw new IllegalStateException("data ID " + this + " has no integer " + dimension);
    }
    return l;
  }

  /** The value of a string dimension; throws {@link IllegalStateException} if absent. */
  public String getString(Dimension dimension) {
    Object v = values.get(dimension);
    if (!(v instanceof String s)) {
      throw new IllegalStateException("data ID " + this + " has no string " + dimension);
    }
    return s;
  }

  /** The canonical text, e.g. {@code {instrument: 'HSC', visit: 12}}, as UTF-8 bytes (used in dataset UUIDs). */
  public byte[] canonicalBytes() {
    return toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Object coerce(Dimension d, Object value) {
    Objects.requireNonNull(value, () -> "value of " + d);
    switch (d.kind()) {
      case INTEGER:
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
          return ((Number) value).longValue();
        }
        if (value instanceof String s) {
          try {
            return Long.parseLong(s.strip());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(d + " must be an integer, but was '" + sanitize(s) + "'");
          }
        }
        throw new IllegalArgumentException(d + " must be an integer, but was " + value.getClass().getSimpleName());
      case STRING:
      default:
        if (!(value instanceof String s)) {
          throw new IllegalArgumentException(d + " must be a string, but was " + value.getClass().getSimpleName());
        }
        if (s.isBlank() || !s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
          throw new IllegalArgumentException(d + " must be non-blank printable ASCII, but was '" + sanitize(s) + "'");
        }
        return s;
    }
  }

  private static String sanitize(String text) {
    return org.labelfree.pipeline.Messages.sanitize(text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataId other && other.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    values.forEach((d, v) -> {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(d.key()).append(": ");
      if (v instanceof String s) {
        b.append('\'').append(s.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
      } else {
        b.append(v);
      }
    });
    return b.append('}').toString();
  }
}
