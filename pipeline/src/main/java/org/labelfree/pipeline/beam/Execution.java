package org.labelfree.pipeline.beam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.labelfree.pipeline.graph.QuantumGraph;

/**
 * Everything a Beam worker needs to run quanta, in a serializable form: the repository root and the quantum graph
 * as gzipped JSON (which carries the resolved pipeline). Workers rebuild the graph once per JVM ({@link
 * SharedState}), so the same code runs in the DirectRunner's threads and in Flink task managers.
 */
public final class Execution implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String repositoryRoot;
  private final byte[] graphGzip;
  private final String graphDigest;
  private final TreeMap<String, String> versions;

  /**
   * An execution of a graph against a repository.
   *
   * @param repositoryRoot the repository root, as a path the workers can open
   * @param graph          the quantum graph
   * @param versions       software versions to record in metadata
   */
  public Execution(String repositoryRoot, QuantumGraph graph, Map<String, String> versions) {
    this.repositoryRoot = repositoryRoot;
    byte[] json = graph.toJson().getBytes(StandardCharsets.UTF_8);
    this.graphDigest = sha256(json);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.graphGzip = bytes.toByteArray();
    this.versions = new TreeMap<>(versions);
  }

  /** The repository root. */
  public String repositoryRoot() {
    return repositoryRoot;
  }

  /** SHA-256 of the graph's JSON: the key under which workers cache the parsed graph. */
  public String graphDigest() {
    return graphDigest;
  }

  /** The software versions. */
  public Map<String, String> versions() {
    return versions;
  }

  /** The graph's JSON text. */
  String graphJson() {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(graphGzip))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
