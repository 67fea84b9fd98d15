package org.labelfree.pipeline.graph;

import java.util.Comparator;
import java.util.Optional;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.Dimension;

/** The canonical order of data IDs: dimension by dimension in {@link Dimension} order, absent first, numbers numerically. */
final class DataIdOrder {
  static final Comparator<DataId> COMPARATOR = DataIdOrder::compare;

  private DataIdOrder() {}

  private static int compare(DataId a, DataId b) {
    for (Dimension d : Dimension.values()) {
      Optional<Object> x = a.get(d);
      Optional<Object> y = b.get(d);
      if (x.isEmpty() || y.isEmpty()) {
        if (x.isPresent() != y.isPresent()) {
          return x.isPresent() ? 1 : -1;
        }
        continue;
      }
      int c = d.kind() == Dimension.Kind.INTEGER
          ? Long.compare(((Number) x.get()).longValue(), ((Number) y.get()).longValue())
          : x.get().toString().compareTo(y.get().toString());
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
