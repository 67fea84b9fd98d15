package org.labelfree.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * An immutable, ordered list of header cards (FITS keyword, typed value, comment), as LSST's {@code PropertyList}.
 *
 * <p>Keys are upper-case; a key may be longer than 8 characters (written as {@code HIERARCH} in FITS). Values are
 * {@link String}, {@link Long}, {@link Double}, {@link Boolean} or {@code null} (a card with no value, such as
 * {@code COMMENT} or {@code HISTORY}). Commentary keys ({@code COMMENT}, {@code HISTORY}, blank) may repeat; any other
 * key appears once, and setting it again replaces it in place.
 *
 * <p>Accessors come in optional ({@code optDouble}) forms; a required form lives with each reader, which knows the
 * file and HDU to name in its exception. Numeric accessors accept an integer card as a double, and a string card
 * that holds a number written with a FORTRAN {@code D} exponent. Instances are immutable and thread-safe.
 */
public final class Metadata {

  /**
   * One header card.
   *
   * @param key     upper-case keyword, not blank unless commentary
   * @param value   a {@link String}, {@link Long}, {@link Double}, {@link Boolean}, or {@code null} for no value
   * @param comment the comment, never {@code null} (empty when none)
   */
  public record Card(String key, Object value, String comment) {
    public Card {
      Objects.requireNonNull(key, "key");
      key = key.strip().toUpperCase(Locale.ROOT);
      if (value != null && !(value instanceof String || value instanceof Long || value instanceof Double
          || value instanceof Boolean)) {
        throw new IllegalArgumentException("card " + key + ": value must be String, Long, Double or Boolean, but was "
            + value.getClass().getSimpleName());
      }
      comment = comment == null ? "" : comment;
    }

    /** True for keys that may repeat and carry no value: COMMENT, HISTORY and the blank key. */
    public boolean isCommentary() {
      return isCommentaryKey(key);
    }
  }

  private static final Metadata EMPTY = new Metadata(List.of());

  private final List<Card> cards;
  private final Map<String, Card> byKey;

  private Metadata(List<Card> cards) {
    this.cards = List.copyOf(cards);
    Map<String, Card> map = new LinkedHashMap<>();
    for (Card card : this.cards) {
      if (!card.isCommentary()) {
        map.put(card.key(), card);
      }
    }
    this.byKey = Collections.unmodifiableMap(map);
  }

  /** The empty list. */
  public static Metadata empty() {
    return EMPTY;
  }

  /** A builder for a new list. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts with these cards. */
  public Builder toBuilder() {
    Builder b = new Builder();
    cards.forEach(b::add);
    return b;
  }

  /** All cards in order, commentary included. */
  public List<Card> cards() {
    return cards;
  }

  /** Number of cards. */
  public int size() {
    return cards.size();
  }

  /** True if a non-commentary card with this key exists. */
  public boolean contains(String key) {
    return byKey.containsKey(normalize(key));
  }

  /** The card with this key, if any. */
  public Optional<Card> card(String key) {
    return Optional.ofNullable(byKey.get(normalize(key)));
  }

  /** The raw value of this key, if the card exists and has a value. */
  public Optional<Object> value(String key) {
    Card c = byKey.get(normalize(key));
    return c == null ? Optional.empty() : Optional.ofNullable(c.value());
  }

  /** The value as a string; numbers and booleans are rendered as text. */
  public Optional<String> optString(String key) {
    return value(key).map(v -> v instanceof String s ? s.strip() : String.valueOf(v));
  }

  /**
   * The value as a double: a real or integer card, or a string holding a number (a {@code D} exponent is accepted).
   * Empty if absent or not a number.
   */
  public OptionalDouble optDouble(String key) {
    Optional<Object> v = value(key);
    if (v.isEmpty()) {
      return OptionalDouble.empty();
    }
    Object o = v.get();
    if (o instanceof Double d) {
      return OptionalDouble.of(d);
    }
    if (o instanceof Long l) {
      return OptionalDouble.of(l);
    }
    if (o instanceof String s) {
      Double parsed = parseFitsNumber(s);
      return parsed == null ? OptionalDouble.empty() : OptionalDouble.of(parsed);
    }
    return OptionalDouble.empty();
  }

  /** The value as a long: an integer card, a real card with an integral value, or a string holding one. */
  public OptionalLong optLong(String key) {
    Optional<Object> v = value(key);
    if (v.isEmpty()) {
      return OptionalLong.empty();
    }
    Object o = v.get();
    if (o instanceof Long l) {
      return OptionalLong.of(l);
    }
    OptionalDouble d = optDouble(key);
    if (d.isPresent() && d.getAsDouble() == Math.rint(d.getAsDouble()) && Math.abs(d.getAsDouble()) < 0x1p53) {
      return OptionalLong.of((long) d.getAsDouble());
    }
    return OptionalLong.empty();
  }

  /** The value as a boolean, if the card is logical. */
  public Optional<Boolean> optBoolean(String key) {
    return value(key).filter(Boolean.class::isInstance).map(Boolean.class::cast);
  }

  /** A copy without the cards whose key matches. */
  public Metadata without(Predicate<String> keyMatches) {
    List<Card> kept = new ArrayList<>(cards.size());
    for (Card c : cards) {
      if (!keyMatches.test(c.key())) {
        kept.add(c);
      }
    }
    return new Metadata(kept);
  }

  /** A copy with the cards of {@code other} set over these (replacing same keys in place, appending new ones). */
  public Metadata merge(Metadata other) {
    Builder b = toBuilder();
    other.cards.forEach(b::add);
    return b.build();
  }

  /**
   * Parses a FITS number written as text: an optional sign, digits, a decimal point, and an exponent with
   * {@code E} or {@code D}. Returns {@code null} when the text is not a number.
   */
  public static Double parseFitsNumber(String text) {
    String s = text.strip().replace('D', 'E').replace('d', 'e');
    if (s.isEmpty()) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isDigit(c) || c == '.' || c == '+' || c == '-' || c == 'E' || c == 'e')) {
        return null;
      }
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean isCommentaryKey(String key) {
    return key.isEmpty() || key.equals("COMMENT") || key.equals("HISTORY");
  }

  private static String normalize(String key) {
    return key.strip().toUpperCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata m && m.cards.equals(cards);
  }

  @Override
  public int hashCode() {
    return cards.hashCode();
  }

  @Override
  public String toString() {
    return "Metadata" + cards;
  }

  /** Builds a {@link Metadata}; setting a non-commentary key again replaces its card in place. Not thread-safe. */
  public static final class Builder {
    private final List<Card> cards = new ArrayList<>();
    private final Map<String, Integer> index = new LinkedHashMap<>();

    private Builder() {}

    /** Adds or replaces a card. */
    public Builder add(Card card) {
      if (card.isCommentary()) {
        cards.add(card);
        return this;
      }
      Integer at = index.get(card.key());
      if (at == null) {
        index.put(card.key(), cards.size());
        cards.add(card);
      } else {
        cards.set(at, card);
      }
      return this;
    }

    /** Sets a card with a value (String, Long, Double, Boolean; Integer and Float are widened) and a comment. */
    public Builder set(String key, Object value, String comment) {
      Object v = value instanceof Integer i ? Long.valueOf(i) : value instanceof Float f ? Double.valueOf(f) : value;
      return add(new Card(key, v, comment));
    }

    /** Sets a card with a value and no comment. */
    public Builder set(String key, Object value) {
      return set(key, value, "");
    }

    /** Removes the card with this key, if any (commentary keys: all of them). */
    public Builder remove(String key) {
      String k = normalize(key);
      cards.removeIf(c -> c.key().equals(k));
      index.clear();
      for (int i = 0; i < cards.size(); i++) {
        if (!cards.get(i).isCommentary()) {
          index.put(cards.get(i).key(), i);
        }
      }
      return this;
    }

    /** The immutable list. */
    public Metadata build() {
      return new Metadata(cards);
    }
  }
}
