package org.labelfree.training.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.IChart;
import org.labelfree.io.AtomicFiles;

/** Shared helpers of the report writers: atomic text, JSON and PNG files, and number formats. Static, stateless. */
final class Reports {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Reports() {}

  /** A double for a JSON map: the value, or null for NaN and infinities (JSON has neither). */
  static Double json(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Writes UTF-8 text atomically (temporary file + rename). */
  static void writeText(Path target, String text) throws IOException {
    AtomicFiles.write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
  }

  /** Writes a map (insertion order kept) as indented JSON, atomically. */
  static void writeJson(Path target, Map<String, Object> map) throws IOException {
    String text = JSON.writeValueAsString(map) + "\n";
    writeText(target, text);
  }

  /** Renders a chart to PNG, atomically; switches AWT to headless mode first unless it was set explicitly. */
  static void writePng(Path target, IChart chart) throws IOException {
    AtomicFiles.write(target, tmp -> {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    });
  }

  /** Sets {@code java.awt.headless=true} unless the property is already set; call before building a chart. */
  static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** A threshold for a file name or key: the shortest plain decimal, e.g. 0.5, 0.85, 1. */
  static String threshold(double t) {
    return BigDecimal.valueOf(t).stripTrailingZeros().toPlainString();
  }

  /** A CSV number: Java's shortest round-trip form, empty for NaN. */
  static String csv(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  /** A CSV number: Java's shortest round-trip form, empty for NaN. */
  static String csv(float v) {
    return Float.isNaN(v) ? "" : Float.toString(v);
  }
}
