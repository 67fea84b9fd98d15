package org.labelfree.pipeline.query;

import java.util.List;
import java.util.Objects;

/**
 * A compiled WHERE predicate: SQL text with {@code ?} placeholders and the values to bind to them, in order. The text
 * contains only SQL keywords, operators, placeholders and column references that the compiler generated from known
 * dimension names; user text never appears in it.
 *
 * @param sql        SQL boolean expression, e.g. {@code (d.visit IN (?, ?) AND d.band = ?)}; {@code 1=1} for "all"
 * @param parameters values for the placeholders, in order ({@code Long} or {@code String})
 */
public record SqlPredicate(String sql, List<Object> parameters) {
  public SqlPredicate {
    Objects.requireNonNull(sql, "sql");
    parameters = List.copyOf(parameters);
  }

  /** The predicate that selects everything. */
  public static SqlPredicate all() {
    return new SqlPredicate("1=1", List.of());
  }
}
