package org.labelfree.training.eval;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Files of a 2-D embedding of the stamps: a CSV of the coordinates and two scatter plots (headless xchart), one
 * coloured by label, one by score. Static; files are written atomically.
 */
public final class EmbeddingPlot {
  /** Score bins of the by-score plot: [0, 0.2), [0.2, 0.4), ..., [0.8, 1.0]. */
  public static final int SCORE_BINS = 5;
  private static final Color[] SCORE_COLOURS = {new Color(68, 1, 84), new Color(59, 82, 139),
      new Color(33, 145, 140), new Color(94, 201, 98), new Color(253, 231, 37)};

  private EmbeddingPlot() {}

  /**
   * Writes {@code row,diaSourceId,x,y,label,score}, one line per embedded stamp in row order.
   *
   * @param e     the embedding (rows of {@code s})
   * @param s     the stamps
   * @param score one score per stamp of {@code s}
   * @throws IllegalArgumentException if the sizes do not match
   */
  public static void writeCsv(Path path, UmapEmbedding e, ScoredStamps s, float[] score) throws IOException {
    check(e, s, score);
    StringBuilder sb = new StringBuilder("row,diaSourceId,x,y,label,score\n");
    for (int k = 0; k < e.size(); k++) {
      int i = e.row(k);
      sb.append(i).append(',').append(s.diaSourceId()[i]).append(',').append(Reports.csv(e.x(k))).append(',')
          .append(Reports.csv(e.y(k))).append(',').append(s.label()[i]).append(',').append(Reports.csv(score[i]))
          .append('\n');
    }
    Reports.writeText(path, sb.toString());
  }

  /**
   * Draws the embedding coloured by label: real (label 0) grey, injected (label 1) red, and, where the truth is
   * known, the true transients among the label-0 stamps in blue on top.
   *
   * @throws IllegalArgumentException if the embedding does not fit the stamps
   */
  public static void writeByLabel(Path path, UmapEmbedding e, ScoredStamps s, String title) throws IOException {
    check(e, s, null);
    XYChart chart = chart(title);
    int[] counts = new int[3];
    for (int k = 0; k < e.size(); k++) {
      counts[group(s, e.row(k))]++;
    }
    String[] names = {"real (label 0)", "injected (label 1)", "true transient among label 0"};
    Color[] colours = {new Color(130, 130, 130, 140), new Color(214, 39, 40, 170), new Color(31, 119, 180, 230)};
    for (int gi = 0; gi < 3; gi++) {
      if (counts[gi] == 0) {
        continue;
      }
      double[] x = new double[counts[gi]];
      double[] y = new double[counts[gi]];
      int m = 0;
      for (int k = 0; k < e.size(); k++) {
        if (group(s, e.row(k)) == gi) {
          x[m] = e.x(k);
          y[m++] = e.y(k);
        }
      }
      add(chart, names[gi] + " (" + counts[gi] + ")", x, y, colours[gi]);
    }
    Reports.writePng(path, chart);
  }

  /**
   * Draws the embedding coloured by score in {@value #SCORE_BINS} equal bins over [0, 1] (NaN scores left out).
   *
   * @param score one score per row of the embedded data (indexed by {@link UmapEmbedding#row})
   */
  public static void writeByScore(Path path, UmapEmbedding e, float[] score, String title) throws IOException {
    Objects.requireNonNull(score, "score");
    if (e.totalPoints() != score.length) {
      throw new IllegalArgumentException("score has length " + score.length + "; expected the embedding's "
          + e.totalPoints() + " input rows");
    }
    XYChart chart = chart(title);
    for (int b = 0; b < SCORE_BINS; b++) {
      int count = 0;
      for (int k = 0; k < e.size(); k++) {
        float v = score[e.row(k)];
        count += !Float.isNaN(v) && Calibration.bin(v, SCORE_BINS) == b ? 1 : 0;
      }
      if (count == 0) {
        continue;
      }
      double[] x = new double[count];
      double[] y = new double[count];
      int m = 0;
      for (int k = 0; k < e.size(); k++) {
        float v = score[e.row(k)];
        if (!Float.isNaN(v) && Calibration.bin(v, SCORE_BINS) == b) {
          x[m] = e.x(k);
          y[m++] = e.y(k);
        }
      }
      String name = String.format(Locale.ROOT, "score %.1f-%.1f (%d)", (double) b / SCORE_BINS,
          (double) (b + 1) / SCORE_BINS, count);
      add(chart, name, x, y, SCORE_COLOURS[b]);
    }
    Reports.writePng(path, chart);
  }

  private static int group(ScoredStamps s, int i) {
    if (s.label()[i] == 1) {
      return 1;
    }
    return s.isTrueTransient()[i] == 1 ? 2 : 0;
  }

  private static XYChart chart(String title) {
    Reports.headless();
    XYChart chart = new XYChartBuilder().width(800).height(700).title(title).xAxisTitle("UMAP 1")
        .yAxisTitle("UMAP 2").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    return chart;
  }

  private static void add(XYChart chart, String name, double[] x, double[] y, Color colour) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setMarkerColor(colour);
  }

  private static void check(UmapEmbedding e, ScoredStamps s, float[] score) {
    Objects.requireNonNull(e, "e");
    Objects.requireNonNull(s, "s");
    if (e.totalPoints() != s.size()) {
      throw new IllegalArgumentException("the embedding is of " + e.totalPoints() + " rows; expected the "
          + s.size() + " stamps");
    }
    if (score != null && score.length != s.size()) {
      throw new IllegalArgumentException("score has length " + score.length + "; expected one per stamp, "
          + s.size());
    }
  }
}
