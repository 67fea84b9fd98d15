package org.labelfree.pipeline.query;

import java.util.Objects;
import org.labelfree.pipeline.repo.Dimension;

/**
 * One side of a comparison: a dimension ({@link Identifier}) or a {@link Literal}. Immutable values; {@code
 * toString()} gives the canonical query text.
 */
public sealed interface Operand permits Operand.Identifier, Operand.Literal {

  /**
   * A dimension named in the query, e.g. {@code visit} (also written {@code visit.id}, or {@code band.name} for a
   * string dimension).
   *
   * @param dimension never null
   */
  record Identifier(Dimension dimension) implements Operand {
    /** Validates the components. */
    public Identifier {
      Objects.requireNonNull(dimension, "dimension");
    }

    @Override
    public String toString() {
      return dimension.key();
    }
  }

  /** A literal value: an integer or a string. It is also an item of an {@code IN} list. */
  sealed interface Literal extends Operand, InItem permits IntegerLiteral, StringLiteral {
    /** The value as bound to SQL and compared in memory: a {@code Long} or a {@code String}. */
    Object value();
  }

  /**
   * An integer literal, e.g. {@code 12} or {@code -3}.
   *
   * @param longValue any {@code long}
   */
  record IntegerLiteral(long longValue) implements Literal {
    @Override
    public Object value() {
      return longValue;
    }

    @Override
    public String toString() {
      return Long.toString(longValue);
    }
  }

  /**
   * A string literal, e.g. {@code 'g'}; in query text a quote inside it is doubled ({@code 'it''s'}).
   *
   * @param text the value, without quotes; never null; no control characters
   */
  record StringLiteral(String text) implements Literal {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code text} has a control character
     */
    public StringLiteral {
      Objects.requireNonNull(text, "text");
      for (int i = 0; i < text.length(); i++) {
        if (Character.isISOControl(text.charAt(i))) {
          throw new IllegalArgumentException(String.format(
              "string literal has a control character U+%04X at index %d", (int) text.charAt(i), i));
        }
      }
    }

    @Override
    public Object value() {
      return text;
    }

    @Override
    public String toString() {
      return "'" + text.replace("'", "''") + "'";
    }
  }
}
