package org.labelfree.pipeline.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny formatters for tests: {@code Text} (a String in a .txt file) and {@code Broken} (writes half, then fails). */
public final class TestFormatters {
  private TestFormatters() {}

  /** A String in a UTF-8 .txt file. */
  public static final class Text implements Formatter<String> {
    @Override
    public Class<String> objectType() {
      return String.class;
    }

    @Override
    public String extension() {
      return "txt";
    }

    @Override
    public void write(String object, Path file) throws IOException {
      Files.writeString(file, object, StandardCharsets.UTF_8);
    }

    @Override
    public String read(Path file) throws IOException {
      return Files.readString(file, StandardCharsets.UTF_8);
    }
  }

  static final class Broken implements Formatter<String> {
    @Override
    public Class<String> objectType() {
      return String.class;
    }

    @Override
    public String extension() {
      return "txt";
    }

    @Override
    public void write(String object, Path file) throws IOException {
      Files.writeString(file, object.substring(0, object.length() / 2));
      throw new IOException("disk on fire");
    }

    @Override
    public String read(Path file) throws IOException {
      throw new IOException("never written");
    }
  }

  /** A repository with the Text and Broken formatters registered. */
  static Repository repository(Path dir) {
    Repository repo = Repository.create(dir);
    repo.formatters().register("Text", new Text()).register("Broken", new Broken());
    return repo;
  }
}
