package org.labelfree.pipeline.repo;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Storage class name to {@link Formatter}: one format per storage class. Built-ins: {@code Json} (any
 * Jackson-serialisable object, read back as a {@code JsonNode}; sorted keys, deterministic bytes) and {@code Bytes}
 * ({@code byte[]}). The astronomy formatters (Exposure, Catalog, StampShard) are registered by the
 * {@code workflows} module through a {@link FormatterProvider} service. Thread-safe.
 */
public final class FormatterRegistry {
  private final Map<String, Formatter<?>> formatters = new ConcurrentHashMap<>();

  private FormatterRegistry() {}

  /** A registry with no formatters. */
  public static FormatterRegistry empty() {
    return new FormatterRegistry();
  }

  /**
   * A registry with the built-in {@code Json} and {@code Bytes} formatters and those of every {@link
   * FormatterProvider} on the class path (in the order of the class path's service files).
   *
   * @throws ConflictException if two providers claim one storage class with different formatter classes
   */
  public static FormatterRegistry withDefaults() {
    FormatterRegistry r = new FormatterRegistry();
    r.register(JsonFormatter.STORAGE_CLASS, new JsonFormatter());
    r.register(BytesFormatter.STORAGE_CLASS, new BytesFormatter());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = FormatterRegistry.class.getClassLoader();
    }
    for (FormatterProvider provider : ServiceLoader.load(FormatterProvider.class, loader)) {
      new TreeMap<>(provider.formatters()).forEach(r::register);
    }
    return r;
  }

  /** The registered storage classes, sorted. */
  public Set<String> storageClasses() {
    return Collections.unmodifiableSet(new TreeSet<>(formatters.keySet()));
  }

  /**
   * Registers the formatter of a storage class. Registering an instance of the same class again is a no-op.
   *
   * @return this registry
   * @throws ConflictException if another formatter class is registered for {@code storageClass}
   */
  public FormatterRegistry register(String storageClass, Formatter<?> formatter) {
    Objects.requireNonNull(storageClass, "storageClass");
    Objects.requireNonNull(formatter, "formatter");
    Formatter<?> previous = formatters.putIfAbsent(storageClass, formatter);
    if (previous != null && previous.getClass() != formatter.getClass()) {
      throw new ConflictException("storage class " + storageClass + " already has formatter "
          + previous.getClass().getName() + "; cannot register " + formatter.getClass().getName());
    }
    return this;
  }

  /**
   * The formatter of a storage class.
   *
   * @throws DatastoreException naming the storage class and the known ones if none is registered
   */
  public Formatter<?> get(String storageClass) {
    Formatter<?> f = formatters.get(storageClass);
    if (f == null) {
      throw new DatastoreException("no formatter for storage class '" + Names.sanitize(storageClass)
          + "'; registered: " + new TreeSet<>(formatters.keySet()));
    }
    return f;
  }

  /** True if a formatter is registered for {@code storageClass}. */
  public boolean has(String storageClass) {
    return formatters.containsKey(storageClass);
  }
}
