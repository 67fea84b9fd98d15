package org.labelfree.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path dir;

  @Test
  void writesReadableFilesAndReplacesTheTarget() throws IOException {
    Path f = dir.resolve("a.txt");
    AtomicFiles.write(f, t -> Files.writeString(t, "one"));
    AtomicFiles.write(f, t -> Files.writeString(t, "two"));
    assertEquals("two", Files.readString(f));
    assumeTrue(Files.getFileStore(f).supportsFileAttributeView("posix"), "no POSIX permissions here");
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }

  @Test
  void aFailedWriteLeavesTheTargetAndNoTemporaryFile() throws IOException {
    Path f = dir.resolve("b.txt");
    AtomicFiles.write(f, t -> Files.writeString(t, "kept"));
    assertThrows(IOException.class, () -> AtomicFiles.write(f, t -> {
      Files.writeString(t, "half");
      throw new IOException("disk full");
    }));
    assertEquals("kept", Files.readString(f));
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }
}
