package org.labelfree.workflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labelfree.catalog.Catalog;
import org.labelfree.catalog.Catalogs;
import org.labelfree.catalog.Column;
import org.labelfree.catalog.ColumnType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree table FILE... [--limit N] [--json]}: prints catalogues (Parquet, FITS binary table or CSV, by
 * extension), e.g. the {@code exposure_summary} datasets of a repository. A catalogue of at most five rows is shown
 * one column per line (name, unit, values); a longer one as a table of its first {@code --limit} rows.
 */
@Command(name = "table", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Print catalogues (.parquet, .fits, .csv): columns with units, or rows as JSON.")
final class TableCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Catalogue files (.parquet, .fits, .csv).")
  List<Path> files;

  @Option(names = "--limit", defaultValue = "50", description = "Rows shown per file in text (default 50).")
  int limit;

  @Option(names = "--json", description = "Print every row as JSON objects, per file.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Map<String, Object>> all = new ArrayList<>();
    for (Path file : files) {
      Catalog c = Catalogs.read(file);
      if (json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < c.rowCount(); r++) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (Column col : c.columns()) {
            row.put(col.name(), value(col, r));
          }
          rows.add(row);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("file", file.toString());
        f.put("rows", rows);
        all.add(f);
        continue;
      }
      out.println(file + ": " + c.rowCount() + " rows, " + c.columns().size() + " columns");
      if (c.rowCount() <= 5) {
        int width = 4;
        for (Column col : c.columns()) {
          width = Math.max(width, col.name().length());
        }
        for (Column col : c.columns()) {
          StringBuilder b = new StringBuilder(String.format("  %-" + width + "s  %-7s", col.name(),
              col.unit().isEmpty() ? "" : "[" + col.unit() + "]"));
          for (int r = 0; r < c.rowCount(); r++) {
            b.append("  ").append(value(col, r));
          }
          out.println(b.toString().stripTrailing());
        }
      } else {
        out.println("  " + String.join("\t", c.columnNames()));
        for (int r = 0; r < Math.min(limit, c.rowCount()); r++) {
          List<String> cells = new ArrayList<>();
          for (Column col : c.columns()) {
            cells.add(String.valueOf(value(col, r)));
          }
          out.println("  " + String.join("\t", cells));
        }
        if (c.rowCount() > limit) {
          out.println("  ... " + (c.rowCount() - limit) + " more rows (--limit)");
        }
      }
    }
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all));
    }
    return 0;
  }

  private static Object value(Column col, int row) {
    ColumnType t = col.type();
    if (t == ColumnType.DOUBLE || t == ColumnType.FLOAT) {
      double v = col.getDouble(row);
      return Double.isFinite(v) ? (Object) v : String.valueOf(v);
    }
    if (t == ColumnType.LONG || t == ColumnType.INT) {
      return col.getLong(row);
    }
    if (t == ColumnType.BOOLEAN) {
      return col.getBoolean(row);
    }
    return col.getString(row);
  }
}
