package org.labelfree.workflows.formatters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.labelfree.pipeline.repo.Formatter;
import org.labelfree.training.ModelArchive;

/**
 * The {@code RbModel} storage class: a trained real/bogus model ({@link ModelArchive}: {@code model.json},
 * {@code model.onnx} and the DJL parameters) as one zip file, deterministic bytes (stored entries, fixed times).
 * Unzipped, it is a model directory for {@code labelfree score --model} and {@code labelfree evaluate}. Stateless
 * and thread-safe.
 */
public final class RbModelFormatter implements Formatter<ModelArchive> {
  /** The storage class name this formatter serves. */
  public static final String STORAGE_CLASS = "RbModel";

  /** A formatter (stateless). */
  public RbModelFormatter() {}

  /** {@code ModelArchive.class}. */
  @Override
  public Class<ModelArchive> objectType() {
    return ModelArchive.class;
  }

  /** {@code zip}. */
  @Override
  public String extension() {
    return "zip";
  }

  /** Writes {@link ModelArchive#toZip}. @throws IOException if the file cannot be written */
  @Override
  public void write(ModelArchive object, Path file) throws IOException {
    Files.write(file, object.toZip());
  }

  /**
   * Reads a model zip.
   *
   * @throws org.labelfree.training.ModelDirectoryException naming the file and entry if it is not a model archive
   * @throws IOException                                   if it cannot be read
   */
  @Override
  public ModelArchive read(Path file) throws IOException {
    return ModelArchive.readZip(file);
  }
}
