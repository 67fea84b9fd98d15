package org.labelfree.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Atomic file replacement: write a temporary file in the target's folder, then rename it over the target. */
final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the content of a file at a given (temporary) path. */
  @FunctionalInterface
  interface Writer {
    void write(Path temporary) throws IOException;
  }

  /**
   * Runs {@code writer} on a fresh temporary file beside {@code target}, then renames it to {@code target}
   * atomically (replacing an existing file). On any failure the temporary file is deleted and the target untouched.
   */
  static void write(Path target, Writer writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    boolean done = false;
    try {
      writer.write(tmp);
      Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
