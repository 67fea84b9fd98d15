package org.labelfree.pipeline.task;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A repeatable algorithmic failure (e.g. a singular kernel fit), with metadata describing the state at failure
 * (e.g. {@code {"conditionNumber": 3.2e17, "nStars": 4}}). The executor fails the quantum and puts the message and
 * metadata in the failure report.
 */
public final class AlgorithmException extends TaskRunException {
  private static final long serialVersionUID = 1L;

  private final Map<String, Object> metadata;

  /**
   * @param message  what failed, for which data
   * @param metadata values describing the failure: keys in insertion order; values numbers, booleans or strings
   *                 (copied; not null)
   */
  public AlgorithmException(String message, Map<String, ?> metadata) {
    this(message, metadata, null);
  }

  /**
   * @param message  what failed, for which data
   * @param metadata values describing the failure (copied; not null)
   * @param cause    the underlying exception, may be null
   */
  public AlgorithmException(String message, Map<String, ?> metadata, Throwable cause) {
    super(message, cause);
    Objects.requireNonNull(metadata, "metadata");
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The metadata given at construction, unmodifiable, in insertion order. */
  public Map<String, Object> metadata() {
    return metadata;
  }
}
