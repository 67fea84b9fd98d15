package org.labelfree.pipeline.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code Bytes} storage class: a {@code byte[]} stored verbatim ({@code .bin}). Stateless and thread-safe. */
final class BytesFormatter implements Formatter<byte[]> {
  static final String STORAGE_CLASS = "Bytes";

  @Override
  public Class<byte[]> objectType() {
    return byte[].class;
  }

  @Override
  public String extension() {
    return "bin";
  }

  @Override
  public void write(byte[] object, Path file) throws IOException {
    Files.write(file, object);
  }

  @Override
  public byte[] read(Path file) throws IOException {
    return Files.readAllBytes(file);
  }
}
