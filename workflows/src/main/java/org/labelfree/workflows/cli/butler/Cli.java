package org.labelfree.workflows.cli.butler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labelfree.pipeline.Messages;
import org.labelfree.pipeline.query.QueryExpressions;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Registry;

/** Small helpers shared by the butler commands: argument lists, WHERE compilation, JSON and aligned tables. */
final class Cli {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Cli() {}

  /** The items of comma-separated option values, stripped, without empty items, in order. */
  static List<String> commaList(List<String> values) {
    List<String> out = new ArrayList<>();
    if (values == null) {
      return out;
    }
    for (String v : values) {
      for (String s : v.split(",", -1)) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  /**
   * Compiles a {@code --where} expression over the dataset table's dimension columns.
   *
   * @throws org.labelfree.pipeline.query.QueryException with the column and a caret line if it does not parse
   */
  static SqlPredicate where(String expression) {
    if (expression == null || expression.isBlank()) {
      return SqlPredicate.all();
    }
    return QueryExpressions.compile(expression, d -> Registry.DATASET_ALIAS + "." + d.key());
  }

  /** A data ID as a JSON object in canonical order (numbers as numbers). */
  static Map<String, Object> json(DataId dataId) {
    Map<String, Object> m = new LinkedHashMap<>();
    dataId.values().forEach((d, v) -> m.put(d.key(), v));
    return m;
  }

  /** The values of {@code expanded} that {@code dataId} lacks (the implied ones), as a JSON object. */
  static Map<String, Object> implied(DataId dataId, DataId expanded) {
    Map<String, Object> m = new LinkedHashMap<>();
    expanded.values().forEach((d, v) -> {
      if (!dataId.dimensions().contains(d)) {
        m.put(d.key(), v);
      }
    });
    return m;
  }

  /** One dataset as a JSON object: type, run, data_id, implied, id, path, size, sha256. */
  static Map<String, Object> json(DatasetRef ref, DataId expanded) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset_type", ref.datasetType().name());
    m.put("run", ref.run());
    m.put("data_id", json(ref.dataId()));
    m.put("implied", implied(ref.dataId(), expanded));
    m.put("id", ref.id().toString());
    if (ref.file() != null) {
      m.put("path", ref.file().path());
      m.put("size_bytes", ref.file().sizeBytes());
      m.put("sha256", ref.file().sha256());
    }
    return m;
  }

  /** Prints {@code value} as indented JSON. */
  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
    out.flush();
  }

  /**
   * Prints rows as a table: a header line, a dashed rule, then the rows, each column left-aligned to its widest
   * cell and separated by two spaces (trailing blanks trimmed). Cells are sanitised (printable ASCII only).
   */
  static void printTable(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> r : all) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], cell(r, i).length());
      }
    }
    List<String> rule = new ArrayList<>();
    for (int w : width) {
      rule.add("-".repeat(w));
    }
    printRow(out, header, width);
    printRow(out, rule, width);
    for (List<String> r : rows) {
      printRow(out, r, width);
    }
    out.flush();
  }

  private static String cell(List<String> row, int i) {
    return i < row.size() ? Messages.sanitize(row.get(i)) : "";
  }

  private static void printRow(PrintWriter out, List<String> row, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      String c = cell(row, i);
      b.append(c);
      if (i < width.length - 1) {
        b.append(" ".repeat(width[i] - c.length() + 2));
      }
    }
    out.println(b.toString().stripTrailing());
  }

  /** The dimension of a name, or an {@link org.labelfree.pipeline.repo.InvalidDataIdException} naming the option. */
  static Dimension dimension(String name, String option) {
    return Dimension.byKey(name).orElseThrow(() -> new org.labelfree.pipeline.repo.InvalidDataIdException(option
        + ": unknown dimension '" + Messages.sanitize(name) + "'; expected one of "
        + java.util.Arrays.toString(Dimension.values())));
  }
}
