package org.labelfree.pipeline.query;

import org.labelfree.pipeline.repo.Dimension;

/**
 * Maps a dimension to a trusted SQL column reference, e.g. {@code d -> "ds." + d.key()}. The result is inserted into
 * SQL text as is, so it must come from code, never from user input; the compiler still checks that it has the shape
 * of a (possibly qualified, possibly double-quoted) column reference and rejects anything else.
 */
@FunctionalInterface
public interface ColumnMapper {
  /**
   * The column holding {@code dimension}'s value.
   *
   * @param dimension never null
   * @return a column reference such as {@code ds.visit} or {@code "ds"."visit"}; never null
   */
  String column(Dimension dimension);
}
