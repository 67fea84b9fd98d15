package org.labelfree.catalog;

import org.labelfree.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.labelfree.image.InvalidDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes catalogues as CSV (RFC 4180 quoting, UTF-8).
 *
 * <p>Writing: a header row of column names, then one row per catalogue row, lines ended by {@code \n}. Doubles are
 * written with {@link Double#toString(double)} and floats with {@link Float#toString(float)}, which read back exactly
 * ({@code NaN}, {@code Infinity}, {@code -Infinity} included). Strings are quoted when they hold a comma, a quote, a
 * line break or are empty ({@code ""}), with quotes doubled. Units and descriptions are not stored: they do not
 * survive CSV.
 *
 * <p>Reading: the first row names the columns (valid, unique identifiers, see {@link ColumnSpec}). Column types come
 * from an optional schema (name to type); columns not in it are inferred over all their values: integers give LONG,
 * numbers (including {@code nan}, {@code inf}, {@code infinity}, any case, and empty cells) give DOUBLE,
 * {@code true}/{@code false} (any case) give BOOLEAN, anything else STRING. Inference is lossy where it guesses
 * (a string column of digits becomes LONG); pass a schema for exact round trips. Numbers may have surrounding
 * spaces; strings are kept as written. An empty cell is NaN in DOUBLE/FLOAT columns and an error in LONG, INT and
 * BOOLEAN columns. Empty lines are skipped; a UTF-8 byte-order mark is ignored. Errors name the file, the line (of
 * the record's start, 1-based), the column (1-based) and its name. Stateless and thread-safe.
 */
public final class CsvCatalogFormat {
  private static final Logger LOG = LoggerFactory.getLogger(CsvCatalogFormat.class);
  private static final Pattern NUMBER = Pattern.compile(
      "[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|(?i:nan|inf|infinity))");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private CsvCatalogFormat() {}

  /**
   * Writes {@code catalog} as CSV, atomically. Units and descriptions are dropped.
   *
   * @throws IllegalArgumentException if the catalogue has no columns
   * @throws IOException              if the file cannot be written
   */
  public static void write(Catalog catalog, Path path) throws IOException {
    if (catalog.columnCount() == 0) {
      throw new IllegalArgumentException("cannot write a catalogue without columns to " + path);
    }
    List<Column> cols = catalog.columns();
    AtomicFiles.write(path, tmp -> {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(String.join(",", catalog.columnNames()));
        w.write('\n');
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < catalog.rowCount(); i++) {
          line.setLength(0);
          for (int j = 0; j < cols.size(); j++) {
            if (j > 0) {
              line.append(',');
            }
            Column c = cols.get(j);
            if (c.type() == ColumnType.STRING) {
              appendQuoted(line, c.getString(i));
            } else {
              line.append(c.format(i));
            }
          }
          line.append('\n');
          w.append(line);
        }
      }
    });
    LOG.debug("Wrote {} rows x {} columns to {}", catalog.rowCount(), catalog.columnCount(), path);
  }

  /**
   * Reads a CSV file, inferring every column's type.
   *
   * @throws CatalogFormatException on bad CSV (see the class comment)
   * @throws IOException            if the file cannot be read
   */
  public static Catalog read(Path path) throws IOException {
    return read(path, Map.of(), List.of());
  }

  /**
   * Reads a CSV file with the given column types; columns not in {@code schema} are inferred.
   *
   * @param schema   column name to type; names absent from the file are ignored (use {@code required})
   * @param required names that must be columns of the file, e.g. {@code List.of("x", "y")}
   * @throws CatalogFormatException on bad CSV: a missing required column, a value that does not parse as its
   *                                column's type, a row with the wrong number of fields, an unterminated quote
   * @throws IOException            if the file cannot be read
   */
  public static Catalog read(Path path, Map<String, ColumnType> schema, Collection<String> required)
      throws IOException {
    String text = Files.readString(path, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<Record> records = new Parser(path, text).parseAll();
    if (records.isEmpty()) {
      throw new CatalogFormatException(path + ": the file is empty; expected a header row of column names");
    }
    Record header = records.get(0);
    String[] names = header.fields;
    Map<String, Integer> seen = new HashMap<>();
    for (int j = 0; j < names.length; j++) {
      String name = names[j];
      if (!ColumnSpec.isValidName(name)) {
        throw new CatalogFormatException(path + " line " + header.line + ", column " + (j + 1) + ": header '"
            + InvalidDataException.sanitize(name)
            + "' is not a valid column name; expected [A-Za-z_][A-Za-z0-9_]{0,63}");
      }
      Integer previous = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), j + 1);
      if (previous != null) {
        throw new CatalogFormatException(path + " line " + header.line + ", column " + (j + 1) + ": header '"
            + name + "' repeats column " + previous + " (names are unique ignoring case)");
      }
    }
    List<String> nameList = List.of(names);
    for (String r : required) {
      if (!nameList.contains(r)) {
        throw new CatalogFormatException(path + " line " + header.line + ": required column '"
            + InvalidDataException.sanitize(r) + "' is missing; the header has " + nameList);
      }
    }
    int nrows = records.size() - 1;
    for (int i = 1; i < records.size(); i++) {
      Record rec = records.get(i);
      if (rec.fields.length != names.length) {
        throw new CatalogFormatException(path + " line " + rec.line + ": " + rec.fields.length
            + " field(s); expected " + names.length + " as in the header (line " + header.line + ")");
      }
    }
    List<Column> columns = new ArrayList<>(names.length);
    for (int j = 0; j < names.length; j++) {
      ColumnType type = schema.get(names[j]);
      if (type == null) {
        type = infer(records, j);
      }
      columns.add(Column.wrap(ColumnSpec.of(names[j], type), convert(path, records, j, names[j], type, nrows)));
    }
    return Catalog.of(columns);
  }

  private static ColumnType infer(List<Record> records, int j) {
    boolean allLong = true;
    boolean allNumber = true;
    boolean allBoolean = true;
    boolean anyValue = false;
    for (int i = 1; i < records.size(); i++) {
      String raw = records.get(i).fields[j];
      String v = raw.strip();
      if (v.isEmpty()) {
        allLong = false;
        allBoolean = false;
        continue;
      }
      anyValue = true;
      if (allLong && !(INTEGER.matcher(v).matches() && parsesAsLong(v))) {
        allLong = false;
      }
      if (allNumber && !NUMBER.matcher(v).matches()) {
        allNumber = false;
      }
      if (allBoolean && !(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
        allBoolean = false;
      }
      if (!allLong && !allNumber && !allBoolean) {
        return ColumnType.STRING;
      }
    }
    if (!anyValue) {
      return ColumnType.STRING;
    }
    if (allLong) {
      return ColumnType.LONG;
    }
    if (allNumber) {
      return ColumnType.DOUBLE;
    }
    return allBoolean ? ColumnType.BOOLEAN : ColumnType.STRING;
  }

  private static boolean parsesAsLong(String v) {
    try {
      Long.parseLong(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Object convert(Path path, List<Record> records, int j, String name, ColumnType type, int n) {
    switch (type) {
      case STRING: {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
          out[i] = records.get(i + 1).fields[j];
        }
        return out;
      }
      case DOUBLE: {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          out[i] = parseDouble(path, records.get(i + 1), j, name, type);
        }
        return out;
      }
      case FLOAT: {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
          double d = parseDouble(path, records.get(i + 1), j, name, type);
          /* Parse as float directly: rounding via double can differ from Float.parseFloat in rare cases. */
          String v = records.get(i + 1).fields[j].strip();
          out[i] = Double.isNaN(d) || Double.isInfinite(d) ? (float) d : Float.parseFloat(v);
        }
        return out;
      }
      case LONG: {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = parseLong(path, records.get(i + 1), j, name, type, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        return out;
      }
      case INT: {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
          out[i] = (int) parseLong(path, records.get(i + 1), j, name, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        return out;
      }
      case BOOLEAN: {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
          Record rec = records.get(i + 1);
          String v = rec.fields[j].strip();
          if (v.equalsIgnoreCase("true")) {
            out[i] = true;
          } else if (!v.equalsIgnoreCase("false")) {
            throw badValue(path, rec, j, name, "is not a boolean; expected true or false (" + type + ")");
          }
        }
        return out;
      }
      default:
        throw new AssertionError(type);
    }
  }

  private static double parseDouble(Path path, Record rec, int j, String name, ColumnType type) {
    String v = rec.fields[j].strip();
    if (v.isEmpty()) {
      return Double.NaN;
    }
    if (!NUMBER.matcher(v).matches()) {
      throw badValue(path, rec, j, name, "is not a number; expected " + type);
    }
    String lower = v.toLowerCase(Locale.ROOT);
    boolean negative = lower.startsWith("-");
    String body = lower.startsWith("+") || negative ? lower.substring(1) : lower;
    if (body.equals("nan")) {
      return Double.NaN;
    }
    if (body.equals("inf") || body.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(v);
  }

  private static long parseLong(Path path, Record rec, int j, String name, ColumnType type, long min, long max) {
    String v = rec.fields[j].strip();
    if (!INTEGER.matcher(v).matches()) {
      throw badValue(path, rec, j, name, (v.isEmpty() ? "is empty" : "is not an integer") + "; expected " + type
          + (v.isEmpty() ? " (integer columns have no missing values)" : ""));
    }
    try {
      long x = Long.parseLong(v);
      if (x < min || x > max) {
        throw badValue(path, rec, j, name, "is out of range; expected " + type + " in [" + min + ", " + max + "]");
      }
      return x;
    } catch (NumberFormatException e) {
      throw badValue(path, rec, j, name, "is out of range; expected " + type + " in [" + min + ", " + max + "]");
    }
  }

  private static CatalogFormatException badValue(Path path, Record rec, int j, String name, String what) {
    return new CatalogFormatException(path + " line " + rec.line + ", column " + (j + 1) + " (" + name + "): '"
        + InvalidDataException.sanitize(rec.fields[j]) + "' " + what);
  }

  private static void appendQuoted(StringBuilder sb, String s) {
    boolean quote = s.isEmpty();
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      sb.append(s);
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  /** One CSV record and the 1-based line where it starts. */
  private record Record(int line, String[] fields) {}

  /** An RFC 4180 parser over the whole text; tracks lines for messages. */
  private static final class Parser {
    private final Path path;
    private final String text;
    private int pos;
    private int line = 1;

    Parser(Path path, String text) {
      this.path = path;
      this.text = text;
    }

    List<Record> parseAll() {
      List<Record> out = new ArrayList<>();
      while (pos < text.length()) {
        if (atLineEnd()) {
          /* An empty line: skip. */
          skipLineEnd();
          continue;
        }
        int start = line;
        List<String> fields = new ArrayList<>();
        while (true) {
          fields.add(field(fields.size() + 1));
          if (pos >= text.length()) {
            break;
          }
          char c = text.charAt(pos);
          if (c == ',') {
            pos++;
            if (pos >= text.length()) {
              fields.add("");
              break;
            }
            continue;
          }
          skipLineEnd();
          break;
        }
        out.add(new Record(start, fields.toArray(new String[0])));
      }
      return out;
    }

    private boolean atLineEnd() {
      char c = text.charAt(pos);
      return c == '\n' || c == '\r';
    }

    private void skipLineEnd() {
      char c = text.charAt(pos++);
      if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
        pos++;
      }
      line++;
    }

    /** Reads one field and leaves {@code pos} at the following ',', line end or end of text. */
    private String field(int column) {
      if (pos < text.length() && text.charAt(pos) == '"') {
        int openLine = line;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
          if (pos >= text.length()) {
            throw new CatalogFormatException(path + " line " + openLine + ", column " + column
                + ": quoted field is not terminated before the end of the file; expected a closing '\"'");
          }
          char c = text.charAt(pos++);
          if (c == '"') {
            if (pos < text.length() && text.charAt(pos) == '"') {
              sb.append('"');
              pos++;
              continue;
            }
            break;
          }
          if (c == '\n' || (c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n'))) {
            line++;
          }
          sb.append(c);
        }
        if (pos < text.length()) {
          char c = text.charAt(pos);
          if (c != ',' && c != '\n' && c != '\r') {
            throw new CatalogFormatException(path + " line " + line + ", column " + column + ": '"
                + InvalidDataException.sanitize(String.valueOf(c))
                + "' after a closing quote; expected ',' or the end of the line");
          }
        }
        return sb.toString();
      }
      int begin = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == ',' || c == '\n' || c == '\r') {
          break;
        }
        if (c == '"') {
          throw new CatalogFormatException(path + " line " + line + ", column " + column
              + ": a quote inside an unquoted field; expected the whole field in quotes with quotes doubled");
        }
        pos++;
      }
      return text.substring(begin, pos);
    }
  }
}
