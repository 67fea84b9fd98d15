package org.labelfree.pipeline.repo;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A dataset type: a name (LSST snake_case, e.g. {@code calexp}, {@code difference_image}), the dimensions that
 * identify one dataset of it, and its storage class (which formatter reads and writes it, e.g. {@code Exposure},
 * {@code Catalog}, {@code StampShard}, {@code Json}).
 *
 * @param name         lower snake case: a letter, then letters, digits and underscores (at most 64)
 * @param dimensions   the identifying dimensions (may be empty)
 * @param storageClass a storage class name: a letter, then letters and digits
 */
public record DatasetType(String name, Set<Dimension> dimensions, String storageClass) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern STORAGE_CLASS = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

  public DatasetType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dimensions, "dimensions");
    Objects.requireNonNull(storageClass, "storageClass");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("dataset type name must be lower snake case ([a-z][a-z0-9_]*, at most 64),"
          + " but was '" + name + "'");
    }
    if (!STORAGE_CLASS.matcher(storageClass).matches()) {
      throw new IllegalArgumentException("storage class of " + name + " must be a word of letters and digits, but was '"
          + storageClass + "'");
    }
    dimensions = dimensions.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(EnumSet.copyOf(dimensions));
  }

  /** True if {@code dataId} has exactly this type's dimensions. */
  public boolean accepts(DataId dataId) {
    return dataId.dimensions().equals(dimensions);
  }
}
