package org.labelfree.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreHistogramTest {

  @Test
  void countsPerBinAndFiles(@TempDir Path dir) throws Exception {
    float[] score = {0f, 0.049f, 0.05f, 0.5f, 0.97f, 1f, Float.NaN};
    byte[] label = {0, 0, 1, 0, 1, 0, 1};
    ScoreHistogram h = ScoreHistogram.of(score, label, 20);
    long[] all = new long[20];
    all[0] = 2;
    all[1] = 1;
    all[10] = 1;
    all[19] = 2;
    assertArrayEquals(all, h.all());
    long[] injected = new long[20];
    injected[1] = 1;
    injected[19] = 1;
    assertArrayEquals(injected, h.injected());
    assertEquals(4, java.util.Arrays.stream(h.real()).sum());

    Path csv = dir.resolve("h.csv");
    h.writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(21, lines.size());
    assertEquals("bin_lo,bin_hi,injected,real,all,injected_fraction,real_fraction,all_fraction", lines.get(0));
    assertEquals("0.0,0.05,0,2,2,0.0,0.5,0.3333333333333333", lines.get(1));
    Path png = dir.resolve("h.png");
    h.writePng(png, "test");
    assertTrue(Files.size(png) > 1000, "PNG of " + Files.size(png) + " bytes");
  }
}
