package org.labelfree.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model directory held in memory: the bytes of {@code model.json}, {@code model.onnx} and the DJL parameters
 * {@code rb-0000.params}, with the parsed {@link ModelInfo}. It is what pipelines pass between the
 * {@code train_real_bogus} and {@code score} tasks (the {@code RbModel} storage class), stored as one zip file.
 *
 * <p><b>The zip.</b> {@link #toZip} writes the three files in that order, uncompressed ({@code STORED}: no
 * dependence on the JVM's zlib), each with the fixed time 2000-01-01T00:00 (DOS local time, no extra fields), so
 * the same model gives the same bytes on every machine and time zone. Unzipped, it is a model directory that
 * {@code labelfree score --model} and {@link RealBogusModel#load} accept. {@link #fromZip} accepts exactly these
 * three entries, at most {@value #MAX_ENTRY_BYTES} bytes each.
 *
 * <p>Immutable and thread-safe; accessors return copies.
 */
public final class ModelArchive {
  /** The DJL parameter file of a model directory. */
  public static final String PARAMS_FILE = RealBogusModel.PREFIX + "-0000.params";
  /** The files of a model directory, in the order the zip holds them. */
  public static final List<String> FILES = List.of(ModelInfo.FILE, RealBogusModel.ONNX_FILE, PARAMS_FILE);
  /** The largest entry {@link #fromZip} reads (a guard against zip bombs; the default network is ~2.4 MB). */
  public static final int MAX_ENTRY_BYTES = 1 << 30;
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private final Map<String, byte[]> files;
  private final ModelInfo info;
  private volatile String digest;

  private ModelArchive(Map<String, byte[]> files, ModelInfo info) {
    this.files = files;
    this.info = info;
  }

  /**
   * Reads a model directory written by {@link RealBogusModel#save}.
   *
   * @throws ModelDirectoryException naming the directory if a file is missing or {@code model.json} is invalid
   * @throws IOException             if a file cannot be read
   */
  public static ModelArchive read(Path dir) throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (String name : FILES) {
      try {
        m.put(name, Files.readAllBytes(dir.resolve(name)));
      } catch (NoSuchFileException e) {
        throw new ModelDirectoryException(dir + ": " + name + " is missing; a model directory holds " + FILES, e);
      }
    }
    return of(m, dir.toString());
  }

  /**
   * The archive of a trained model: saves it with {@code info} into a scratch directory (under
   * {@code java.io.tmpdir}), reads the files back and deletes the directory.
   *
   * @throws IOException if the scratch directory cannot be written or read
   */
  public static ModelArchive of(RealBogusModel model, ModelInfo info) throws IOException {
    Path scratch = Files.createTempDirectory("labelfree-model-");
    try {
      Path dir = scratch.resolve("model");
      model.save(dir, info);
      return read(dir);
    } finally {
      deleteTree(scratch);
    }
  }

  /**
   * Reads the bytes of {@link #toZip}.
   *
   * @param where what to name in messages (e.g. the file or the dataset)
   * @throws ModelDirectoryException if it is not a zip, holds an entry other than {@link #FILES} or one twice, lacks
   *                                 one, has one over {@value #MAX_ENTRY_BYTES} bytes, or {@code model.json} is
   *                                 invalid (naming {@code where} and the entry)
   */
  public static ModelArchive fromZip(byte[] zip, String where) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        String name = e.getName();
        if (!FILES.contains(name)) {
          throw new ModelDirectoryException(where + ": unexpected zip entry '" + name + "'; a model archive holds "
              + FILES);
        }
        if (m.containsKey(name)) {
          throw new ModelDirectoryException(where + ": zip entry " + name + " appears twice");
        }
        m.put(name, readEntry(in, where, name));
      }
    } catch (ZipException e) {
      throw new ModelDirectoryException(where + ": not a valid zip: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelDirectoryException(where + ": cannot read the zip: " + e.getMessage(), e);
    }
    if (m.isEmpty()) {
      throw new ModelDirectoryException(where + ": not a zip or an empty one; expected the entries " + FILES);
    }
    for (String name : FILES) {
      if (!m.containsKey(name)) {
        throw new ModelDirectoryException(where + ": zip entry " + name + " is missing; a model archive holds "
            + FILES);
      }
    }
    Map<String, byte[]> ordered = new LinkedHashMap<>();
    FILES.forEach(n -> ordered.put(n, m.get(n)));
    return of(ordered, where);
  }

  /** As {@link #fromZip(byte[], String)} on a file's bytes, naming the file. @throws IOException if unreadable */
  public static ModelArchive readZip(Path file) throws IOException {
    return fromZip(Files.readAllBytes(file), file.toString());
  }

  private static byte[] readEntry(InputStream in, String where, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      total += r;
      if (total > MAX_ENTRY_BYTES) {
        throw new ModelDirectoryException(where + ": zip entry " + name + " is over " + MAX_ENTRY_BYTES + " bytes");
      }
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }

  private static ModelArchive of(Map<String, byte[]> m, String where) {
    ModelInfo info = ModelInfo.parse(new String(m.get(ModelInfo.FILE), StandardCharsets.UTF_8),
        where + "/" + ModelInfo.FILE);
    return new ModelArchive(m, info);
  }

  /** What {@code model.json} says. */
  public ModelInfo info() {
    return info;
  }

  /** A copy of the ONNX graph's bytes. */
  public byte[] onnx() {
    return file(RealBogusModel.ONNX_FILE);
  }

  /**
   * A copy of one file's bytes.
   *
   * @param name one of {@link #FILES}
   * @throws IllegalArgumentException for another name
   */
  public byte[] file(String name) {
    byte[] b = files.get(name);
    if (b == null) {
      throw new IllegalArgumentException("no file '" + name + "' in a model archive; expected one of " + FILES);
    }
    return b.clone();
  }

  /** The deterministic zip (see the class comment). */
  public byte[] toZip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        byte[] data = f.getValue();
        CRC32 crc = new CRC32();
        crc.update(data);
        ZipEntry e = new ZipEntry(f.getKey());
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        e.setCrc(crc.getValue());
        e.setTimeLocal(ENTRY_TIME);
        out.putNextEntry(e);
        out.write(data);
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot zip in memory: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }

  /** The SHA-256 hex of {@link #toZip}: equal digests, equal models. */
  public String sha256() {
    String d = digest;
    if (d == null) {
      d = ModelInfo.sha256(toZip());
      digest = d;
    }
    return d;
  }

  /**
   * Writes the model directory {@code dir}: first into {@code .NAME.tmp} beside it, then renamed into place (an
   * existing {@code dir} is replaced), so a reader never sees it half-written.
   *
   * @throws IOException if it cannot be written
   */
  public void extractTo(Path dir) throws IOException {
    writeDirectory(dir, tmp -> {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Files.write(tmp.resolve(f.getKey()), f.getValue());
      }
    });
  }

  /** Fills a fresh directory. */
  interface DirectoryWriter {
    void fill(Path tmp) throws IOException;
  }

  /**
   * Writes the directory {@code dir} whole: {@code writer} fills {@code .NAME.tmp} beside it, which is then renamed
   * to {@code dir}; an existing {@code dir} is moved to {@code .NAME.old} first and deleted after the rename.
   */
  static void writeDirectory(Path dir, DirectoryWriter writer) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    String name = abs.getFileName().toString();
    Path tmp = parent.resolve("." + name + ".tmp");
    deleteTree(tmp);
    Files.createDirectories(tmp);
    writer.fill(tmp);
    if (Files.exists(abs)) {
      Path old = parent.resolve("." + name + ".old");
      deleteTree(old);
      Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } else {
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  @Override
  public String toString() {
    return "ModelArchive[" + info.method().cliName() + ", " + info.architecture() + "]";
  }
}
