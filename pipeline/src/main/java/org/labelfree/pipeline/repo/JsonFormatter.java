package org.labelfree.pipeline.repo;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code Json} storage class (task configs, task metadata): any object Jackson can serialise (records, maps,
 * lists, {@link JsonNode}s) is written as pretty-printed UTF-8 JSON with keys sorted at every level, two-space
 * indent, {@code \n} line ends and a final newline, so equal content gives equal bytes; read back as a
 * {@link JsonNode}. Stateless and thread-safe.
 */
final class JsonFormatter implements Formatter<Object> {
  static final String STORAGE_CLASS = "Json";

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();
  private static final ObjectWriter WRITER;

  static {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
    WRITER = MAPPER.writer(printer);
  }

  @Override
  public Class<Object> objectType() {
    return Object.class;
  }

  @Override
  public String extension() {
    return "json";
  }

  @Override
  public void write(Object object, Path file) throws IOException {
    /* Through plain maps and lists, so that JsonNode trees get their keys sorted too. */
    Object plain = MAPPER.convertValue(object, Object.class);
    String text = WRITER.writeValueAsString(plain) + "\n";
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public JsonNode read(Path file) throws IOException {
    return MAPPER.readTree(file.toFile());
  }
}
