package org.labelfree.pipeline.repo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The datastore of a repository: the dataset files under one folder ({@code <repository>/datastore/} by default), at
 * paths from the repository's path template (see {@link RepositoryConfig#pathTemplate()}). Obtain it from
 * {@link Repository#datastore()}; {@link Butler} drives it together with the registry.
 *
 * <p><b>Writes</b> go to a temporary file {@code .<name>.tmp} in the target folder, which the formatter fills; the
 * datastore then measures it (size, SHA-256), optionally forces it to disk, and renames it into place atomically,
 * so a file appears complete or not at all. A leftover temporary file (a crash) is overwritten by the next write of
 * the same dataset. <b>Paths</b> never leave the datastore folder: every relative path is checked (no absolute
 * path, no empty, {@code .} or {@code ..} segment, no backslash or control character) and, once resolved, must
 * still lie inside the folder.
 *
 * <p>Thread-safe for distinct paths; the {@link Butler} serialises writers of one path within a process.
 */
public final class Datastore {
  private final Path root;
  private final PathTemplate template;
  private final boolean fsync;

  /** A file written to its temporary name, measured, not yet renamed into place. */
  record Staged(Path temporary, Path target, StoredFile file) {}

  Datastore(Path root, PathTemplate template, boolean fsync) {
    this.root = root.toAbsolutePath().normalize();
    this.template = template;
    this.fsync = fsync;
  }

  /** The datastore folder (absolute). */
  public Path root() {
    return root;
  }

  /** The path template in force. */
  public String pathTemplate() {
    return template.text();
  }

  /**
   * The path relative to the datastore folder (with {@code /}) where a dataset is stored.
   *
   * @param expanded the data ID, expanded with implied values ({@link Registry#expandDataId})
   * @param ext      the formatter's extension
   * @throws InvalidNameException if the run is not a valid name or the path would leave the datastore
   */
  public String relativePath(DatasetType type, String run, DataId expanded, String ext) {
    Names.checkCollection(run, "run");
    String rel = template.format(run, type, expanded, ext);
    resolve(rel);
    return rel;
  }

  /**
   * The absolute path of a datastore-relative path.
   *
   * @throws InvalidNameException if {@code relative} is absolute, has an empty, {@code .} or {@code ..} segment, a
   *                              backslash or a control character, or resolves outside the datastore folder
   */
  public Path resolve(String relative) {
    Objects.requireNonNull(relative, "relative");
    String shown = Names.sanitize(relative);
    for (int i = 0; i < relative.length(); i++) {
      char c = relative.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw new InvalidNameException("datastore path '" + shown + "' has a control character or backslash at"
            + " index " + i);
      }
    }
    if (relative.isEmpty() || relative.startsWith("/")) {
      throw new InvalidNameException("datastore path '" + shown + "' must be a non-empty relative path");
    }
    for (String s : relative.split("/", -1)) {
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        throw new InvalidNameException("datastore path '" + shown + "' has an empty, '.' or '..' segment");
      }
    }
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new InvalidNameException("datastore path '" + shown + "' resolves outside the datastore " + root);
    }
    return p;
  }

  /**
   * Writes {@code object} with {@code formatter} to the temporary file of {@code relative} and measures it. On any
   * failure the temporary file is deleted.
   *
   * @throws DatastoreException naming the file and the formatter if writing fails
   */
  <T> Staged stage(String relative, Formatter<T> formatter, T object) {
    return stageWith(relative, tmp -> {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp);
      formatter.write(object, tmp);
    }, "cannot write " + resolve(relative) + " with " + formatter.getClass().getName());
  }

  /**
   * Copies {@code source} byte for byte to the temporary file of {@code relative} and measures it (ingest, transfer
   * mode "copy"). On any failure the temporary file is deleted.
   *
   * @throws DatastoreException naming the source and the target if copying fails
   */
  Staged stageCopy(String relative, Path source) {
    return stageWith(relative, tmp -> Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING),
        "cannot copy " + source + " to " + resolve(relative));
  }

  /** Fills a temporary file. */
  @FunctionalInterface
  private interface Filler {
    void fill(Path tmp) throws IOException;
  }

  /** Fills the temporary file of {@code relative}, syncs it if configured and measures it; deletes it on failure. */
  private Staged stageWith(String relative, Filler filler, String failure) {
    Path target = resolve(relative);
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    boolean ok = false;
    try {
      Files.createDirectories(target.getParent());
      filler.fill(tmp);
      if (fsync) {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
      StoredFile file = new StoredFile(relative, Files.size(tmp), sha256(tmp));
      ok = true;
      return new Staged(tmp, target, file);
    } catch (IOException | RuntimeException e) {
      throw new DatastoreException(failure + ": " + e, e);
    } finally {
      if (!ok) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          /* The write already failed; that exception is the one to report. */
        }
      }
    }
  }

  /** Renames a staged file into place (replacing what is there). */
  void commit(Staged staged) {
    try {
      try {
        Files.move(staged.temporary(), staged.target(), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staged.temporary(), staged.target(), StandardCopyOption.REPLACE_EXISTING);
      }
      if (fsync) {
        try (FileChannel dir = FileChannel.open(staged.target().getParent(), StandardOpenOption.READ)) {
          dir.force(true);
        } catch (IOException ignored) {
          /* Not every file system can sync a directory; the file itself is on disk. */
        }
      }
    } catch (IOException e) {
      discard(staged);
      throw new DatastoreException("cannot rename " + staged.temporary() + " to " + staged.target() + ": " + e, e);
    }
  }

  /** Deletes a staged temporary file. */
  void discard(Staged staged) {
    try {
      Files.deleteIfExists(staged.temporary());
    } catch (IOException e) {
      throw new DatastoreException("cannot delete temporary file " + staged.temporary() + ": " + e, e);
    }
  }

  /**
   * Reads a stored file after checking its size (and, if asked, its SHA-256) against the registry's.
   *
   * @throws DatastoreException if the file is missing, has another size or checksum, or the formatter fails
   */
  <T> T read(StoredFile file, Formatter<T> formatter, boolean verifyChecksum) {
    Path p = resolve(file.path());
    try {
      long size = Files.size(p);
      if (size != file.sizeBytes()) {
        throw new DatastoreException("file " + p + " has " + size + " bytes; the registry expects "
            + file.sizeBytes());
      }
      if (verifyChecksum) {
        String sum = sha256(p);
        if (!sum.equals(file.sha256())) {
          throw new DatastoreException("file " + p + " has SHA-256 " + sum + "; the registry expects " + file.sha256());
        }
      }
      return formatter.read(p);
    } catch (NoSuchFileException e) {
      throw new DatastoreException("file " + p + " is missing from the datastore", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof DatastoreException d) {
        throw d;
      }
      throw new DatastoreException("cannot read " + p + " with " + formatter.getClass().getName() + ": " + e, e);
    }
  }

  /** True if the file exists with the registry's size. */
  boolean intact(StoredFile file) {
    Path p = resolve(file.path());
    try {
      return Files.isRegularFile(p) && Files.size(p) == file.sizeBytes();
    } catch (IOException e) {
      return false;
    }
  }

  /** True if something exists at a relative path. */
  boolean fileExists(String relative) {
    return Files.exists(resolve(relative));
  }

  /** Deletes a stored file (if present) and the folders it leaves empty, up to the datastore folder. */
  void delete(String relative) {
    Path p = resolve(relative);
    try {
      Files.deleteIfExists(p);
      Path dir = p.getParent();
      while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
        try {
          Files.delete(dir);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
          break;
        }
        dir = dir.getParent();
      }
    } catch (IOException e) {
      throw new DatastoreException("cannot delete " + p + ": " + e, e);
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
