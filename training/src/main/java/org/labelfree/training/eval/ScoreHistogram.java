package org.labelfree.training.eval;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * Histograms of scores in equal-width bins over [0, 1] for the injected stamps (label 1), the real ones (label 0)
 * and all stamps: the paper's "injected versus all" plot, where real detections scored near 1 are the transient
 * candidates. A score of exactly 1 goes to the last bin; NaN scores are not counted. Immutable.
 */
public final class ScoreHistogram {
  private final long[] injected;
  private final long[] real;
  private final long[] all;

  private ScoreHistogram(long[] injected, long[] real, long[] all) {
    this.injected = injected;
    this.real = real;
    this.all = all;
  }

  /**
   * Counts the scores.
   *
   * @param score scores in [0, 1] (NaN skipped)
   * @param label labels, 0 or 1
   * @param bins  number of bins ({@code >= 1}; 20 is usual)
   * @throws IllegalArgumentException if the lengths differ, bins is below 1, a label is not 0/1 or a score is
   *     outside [0, 1]
   */
  public static ScoreHistogram of(float[] score, byte[] label, int bins) {
    if (score.length != label.length) {
      throw new IllegalArgumentException("score has length " + score.length + " but label has length "
          + label.length + "; expected equal lengths");
    }
    if (bins < 1) {
      throw new IllegalArgumentException("bins is " + bins + "; expected >= 1");
    }
    long[] inj = new long[bins];
    long[] rea = new long[bins];
    long[] tot = new long[bins];
    for (int i = 0; i < score.length; i++) {
      float s = score[i];
      if (Float.isNaN(s)) {
        continue;
      }
      if (s < 0 || s > 1) {
        throw new IllegalArgumentException("score[" + i + "] is " + s + "; expected a value in [0, 1]");
      }
      int b = Calibration.bin(s, bins);
      if (label[i] == 1) {
        inj[b]++;
      } else if (label[i] == 0) {
        rea[b]++;
      } else {
        throw new IllegalArgumentException("label[" + i + "] is " + label[i] + "; expected 0 or 1");
      }
      tot[b]++;
    }
    return new ScoreHistogram(inj, rea, tot);
  }

  /** The number of bins. */
  public int bins() {
    return all.length;
  }

  /** Counts of injected (label 1) stamps per bin (a copy). */
  public long[] injected() {
    return injected.clone();
  }

  /** Counts of real (label 0) stamps per bin (a copy). */
  public long[] real() {
    return real.clone();
  }

  /** Counts of all stamps per bin (a copy). */
  public long[] all() {
    return all.clone();
  }

  /** The lower edge of a bin. */
  public double lower(int bin) {
    return (double) bin / bins();
  }

  /** The upper edge of a bin. */
  public double upper(int bin) {
    return (double) (bin + 1) / bins();
  }

  /**
   * Writes the histogram as CSV, atomically: {@code bin_lo,bin_hi,injected,real,all,injected_fraction,
   * real_fraction,all_fraction}, where a fraction is the bin's share of its group (empty when the group is empty).
   */
  public void writeCsv(Path path) throws IOException {
    long ni = sum(injected);
    long nr = sum(real);
    long na = sum(all);
    StringBuilder sb = new StringBuilder(
        "bin_lo,bin_hi,injected,real,all,injected_fraction,real_fraction,all_fraction\n");
    for (int b = 0; b < bins(); b++) {
      sb.append(Reports.csv(lower(b))).append(',').append(Reports.csv(upper(b))).append(',').append(injected[b])
          .append(',').append(real[b]).append(',').append(all[b]).append(',')
          .append(Reports.csv(share(injected[b], ni))).append(',').append(Reports.csv(share(real[b], nr)))
          .append(',').append(Reports.csv(share(all[b], na))).append('\n');
    }
    Reports.writeText(path, sb.toString());
  }

  /**
   * Draws the histogram as a PNG (headless xchart), atomically: per bin the share of the injected stamps and the
   * share of all stamps (shares, not counts, so that the small injected class stays visible), bars overlapped.
   */
  public void writePng(Path path, String title) throws IOException {
    Reports.headless();
    CategoryChart chart = new CategoryChartBuilder().width(900).height(550).title(title)
        .xAxisTitle("score (bin centre)").yAxisTitle("share of the group").build();
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setAvailableSpaceFill(0.95);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideN);
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setSeriesColors(new Color[] {new Color(120, 120, 120, 160), new Color(214, 39, 40, 160)});
    List<String> centres = new ArrayList<>();
    for (int b = 0; b < bins(); b++) {
      centres.add(String.format(Locale.ROOT, "%.3f", (lower(b) + upper(b)) / 2));
    }
    chart.addSeries("all stamps (" + sum(all) + ")", centres, shares(all));
    chart.addSeries("injected (" + sum(injected) + ")", centres, shares(injected));
    Reports.writePng(path, chart);
  }

  private static List<Double> shares(long[] counts) {
    long n = sum(counts);
    List<Double> out = new ArrayList<>(counts.length);
    for (long c : counts) {
      out.add(n == 0 ? 0.0 : (double) c / n);
    }
    return out;
  }

  private static double share(long c, long n) {
    return n == 0 ? Double.NaN : (double) c / n;
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long v : a) {
      s += v;
    }
    return s;
  }
}
