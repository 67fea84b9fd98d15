package org.labelfree.pipeline.repo;

import java.util.Map;

/**
 * A service that contributes formatters to every {@link FormatterRegistry#withDefaults()} registry, found with
 * {@link java.util.ServiceLoader} (list implementations in {@code META-INF/services/}
 * {@code org.labelfree.pipeline.repo.FormatterProvider}). This is how the {@code workflows} module registers the
 * astronomy storage classes (Exposure, Catalog, StampShard) without {@code pipeline} knowing them, and how a Beam
 * worker in another JVM finds them. Implementations need a public no-argument constructor.
 */
public interface FormatterProvider {
  /** Storage class names to their formatters. */
  Map<String, Formatter<?>> formatters();
}
