package org.labelfree.pipeline.repo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * Deterministic dataset IDs: RFC 4122 name-based UUIDs, version 5 (SHA-1), in the namespace {@link #NAMESPACE}, of
 * the name {@code datasetType + "\u0000" + run + "\u0000" + dataId.toString()} (UTF-8). Re-running the same quantum
 * into the same run yields the same ID, so writes are idempotent. Static and thread-safe.
 */
public final class DatasetIds {
  /**
   * The namespace of labelfree dataset IDs: {@code uuid5(NAMESPACE_URL, "https://labelfree.org/ns/dataset")}.
   * Never change it: every stored dataset ID depends on it.
   */
  public static final UUID NAMESPACE = UUID.fromString("35af98b9-4582-5a98-a7ca-69b247bae086");

  private DatasetIds() {}

  /**
   * The ID of the dataset of {@code datasetType} with {@code dataId} in {@code run}.
   *
   * @param datasetType dataset type name (not null)
   * @param run         run collection name (not null)
   * @param dataId      the data ID (its canonical text enters the name)
   */
  public static UUID datasetId(String datasetType, String run, DataId dataId) {
    Objects.requireNonNull(datasetType, "datasetType");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(dataId, "dataId");
    return uuid5(NAMESPACE, datasetType + "\u0000" + run + "\u0000" + dataId);
  }

  /** The RFC 4122 version-5 UUID of {@code name} (UTF-8) in {@code namespace}. */
  public static UUID uuid5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available in this JVM", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    h[6] = (byte) ((h[6] & 0x0f) | 0x50);
    h[8] = (byte) ((h[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
