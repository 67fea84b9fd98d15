package org.labelfree.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A repeatable algorithmic failure on valid input: too few stars for a kernel or PSF fit, a singular normal matrix,
 * a fit that did not converge. Carries values that describe the state at failure (e.g.
 * {@code {"stampsUsed": 3, "stampsNeeded": 12}}); the pipeline turns it into a failed quantum with these values in
 * the failure report.
 *
 * <p>Bad input (a template that does not cover the image, an all-NaN image) is an {@link InvalidDataException}
 * instead.
 */
public class AlgorithmFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Map<String, Object> metadata;

  /**
   * @param message  what failed and why
   * @param metadata values describing the failure: numbers, booleans or strings, in insertion order (copied; not
   *                 null)
   */
  public AlgorithmFailureException(String message, Map<String, ?> metadata) {
    this(message, metadata, null);
  }

  /**
   * @param message  what failed and why
   * @param metadata values describing the failure (copied; not null)
   * @param cause    the underlying exception, may be null
   */
  public AlgorithmFailureException(String message, Map<String, ?> metadata, Throwable cause) {
    super(message, cause);
    Objects.requireNonNull(metadata, "metadata");
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The values given at construction, unmodifiable, in insertion order. */
  public Map<String, Object> metadata() {
    return metadata;
  }
}
