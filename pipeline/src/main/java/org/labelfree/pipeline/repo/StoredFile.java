package org.labelfree.pipeline.repo;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and what a dataset's file is in the datastore.
 *
 * @param path      path relative to the datastore root, with {@code /} separators
 * @param sizeBytes file size in bytes (>= 0)
 * @param sha256    SHA-256 of the file's bytes, 64 lower-case hex digits
 */
public record StoredFile(String path, long sizeBytes, String sha256) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public StoredFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must be >= 0, but was " + sizeBytes);
    }
    if (!HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, but was '"
          + Names.sanitize(sha256) + "'");
    }
  }
}
