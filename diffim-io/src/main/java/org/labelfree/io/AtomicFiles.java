package org.labelfree.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Atomic file replacement: write a temporary file in the target's folder, then rename it over the target, so that a
 * file appears complete or not at all. Every writer of this module that produces a whole file goes through here
 * (the FITS writer streams through its own channel with the same protocol). Static and thread-safe.
 */
public final class AtomicFiles {
  private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFiles() {}

  /** Writes the content of a file at a given (temporary) path. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole content to {@code temporary}, which exists and is empty. */
    void write(Path temporary) throws IOException;
  }

  /**
   * Runs {@code writer} on a fresh temporary file beside {@code target}, then renames it to {@code target}
   * atomically (replacing an existing file). On any failure the temporary file is deleted and the target untouched.
   * The file gets the permissions a plain new file would (rw-r--r-- on POSIX file systems), not the owner-only ones
   * of a temporary file, so that reports and datasets are readable by the team.
   *
   * @throws IOException whatever {@code writer} or the rename throws
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    boolean done = false;
    try {
      writer.write(tmp);
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(tmp, READABLE);
      }
      Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
