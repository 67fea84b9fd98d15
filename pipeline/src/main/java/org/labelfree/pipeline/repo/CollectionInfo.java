package org.labelfree.pipeline.repo;

import java.util.List;
import java.util.Objects;

/**
 * A collection as the registry holds it.
 *
 * @param name     the collection name
 * @param type     its type
 * @param doc      its documentation ("" when none)
 * @param children the direct members of a CHAINED collection, in search order; empty for other types
 */
public record CollectionInfo(String name, CollectionType type, String doc, List<String> children) {
  public CollectionInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(doc, "doc");
    children = List.copyOf(children);
  }
}
