package org.labelfree.workflows.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import nom.tam.fits.Fits;
import org.labelfree.detect.DetectAndMeasure;
import org.labelfree.detect.DetectAndMeasureConfig;
import org.labelfree.detect.SourceTable;
import org.labelfree.diffim.AlardLupton;
import org.labelfree.diffim.AlardLuptonConfig;
import org.labelfree.diffim.KernelCandidates;
import org.labelfree.diffim.Subtraction;
import org.labelfree.diffim.TemplateStitcher;
import org.labelfree.diffim.WarpConfig;
import org.labelfree.diffim.WarpedTemplate;
import org.labelfree.image.Exposure;
import org.labelfree.image.ImageF;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.sim.SimulatedVisit;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.workflows.tasks.CharacterizeConfig;
import org.labelfree.workflows.tasks.CharacterizeTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree bench diffim}: the speed of difference imaging on one synthetic visit-detector of {@code --size}
 * pixels (targets for 4096 x 4096 on 2 cores: warp <= 1.0 s, subtraction (fit + convolution + decorrelation)
 * <= 2.0 s, detection and measurement <= 0.5 s), and, side by side on the same difference image, our detection
 * against {@code source-extractor} (Debian package; skipped with a note when it is not on the PATH) at 5 sigma.
 *
 * <p>Each stage first runs untimed until the JIT has compiled its code: at least {@code --warmup} times, and on until
 * a run during which the JIT compiled for less than 2% of the run's time (at most {@code --max-warmup} runs). On 2
 * cores the optimising compiler's thread takes one core from the stage while it works, which doubled the science
 * detection's time for its first ten or so runs in a fresh JVM; a pipeline JVM processes many quanta and runs
 * compiled code, as JMH's warm-up iterations allow for. Then the stage runs {@code --repeat} times; the median wall
 * time is reported, with the fastest run, the median CPU time of the process and the hypervisor's steal during the
 * timed runs (a shared virtual machine's wall times drift with it), and the first (cold) run and the number of
 * warm-up runs.
 * Characterisation (PSF fit) runs once and is reported too.
 */
@Command(name = "diffim", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Time warp, subtraction and detection on one synthetic detector; compare with source-extractor.")
final class DiffimBench implements Callable<Integer> {
  /** Warm-up ends after a run during which the JIT compiled for less than this share of the run's time. */
  private static final double JIT_SETTLED = 0.02;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--size", defaultValue = "4096", description = "Detector size (default 4096).")
  int size;

  @Option(names = "--repeat", defaultValue = "3", description = "Timed repetitions per stage (default 3).")
  int repeat;

  @Option(names = "--warmup", defaultValue = "3",
      description = "Untimed warm-up runs per stage at least (default 3); more until the JIT is done.")
  int warmup;

  @Option(names = "--max-warmup", defaultValue = "30",
      description = "Untimed warm-up runs per stage at most (default 30).")
  int maxWarmup;

  @Option(names = "--seed", defaultValue = "1", description = "Survey seed (default 1).")
  long seed;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("size", size);
    m.put("processors", Runtime.getRuntime().availableProcessors());
    m.put("warmup", Math.max(1, warmup));
    m.put("repeat", Math.max(1, repeat));

    /* Inputs: one r-band visit-detector and the template patches under it. */
    err.println("labelfree bench diffim: rendering a " + size + "x" + size + " visit-detector and its templates");
    SyntheticSurvey survey = new SyntheticSurvey(SurveyConfig.of(2, 1, List.of("r"), size, seed));
    SimulatedVisit visit = survey.renderCalexp(2, 0);
    Exposure calexp = visit.calexp();
    List<Exposure> patches = new ArrayList<>();
    for (int p = 0; p < survey.geometry().patchCount(); p++) {
      patches.add(survey.renderTemplate("r", p));
    }
    int x0 = calexp.image().x0();
    int y0 = calexp.image().y0();

    /* Warp. */
    WarpedTemplate[] warped = new WarpedTemplate[1];
    timed(m, "warp", () -> warped[0] = TemplateStitcher.stitch(patches, calexp.wcs().orElseThrow(), x0, y0,
        calexp.width(), calexp.height(), WarpConfig.defaults()));
    m.put("template_coverage", warped[0].coveredFraction());
    /* A subtraction quantum does not hold the patches: free them, and collect between stages as JMH does, so that
       one stage's garbage does not slow the next. */
    patches.clear();
    System.gc();

    /* Characterise once (PSF), then subtract. */
    long t = System.nanoTime();
    CharacterizeTask.Outputs ch = new CharacterizeTask(CharacterizeConfig.defaults())
        .run(new CharacterizeTask.Inputs(calexp, DataId.empty()));
    m.put("characterize_s", (System.nanoTime() - t) / 1e9);
    Exposure science = calexp.withPsf(ch.psfModel());
    double[][] xy = KernelCandidates.fromCatalog(ch.src(), 20);
    Subtraction[] sub = new Subtraction[1];
    timed(m, "subtract", () -> sub[0] = AlardLupton.subtract(science, warped[0].exposure(), xy[0], xy[1],
        AlardLuptonConfig.defaults()));
    m.put("kernel_sum", sub[0].fit().kernelSum());
    m.put("stamps_used", sub[0].fit().stampsUsed());
    m.put("residual_sigma", sub[0].residualSigma());

    /* Detection and measurement: on the science image and on the difference. */
    SourceTable[] direct = new SourceTable[1];
    timed(m, "detect_science", () -> direct[0] = DetectAndMeasure.run(science, ch.psfModel(),
        DetectAndMeasureConfig.defaults()));
    m.put("science_sources", direct[0].catalog().rowCount());
    Exposure diff = sub[0].difference();
    SourceTable[] dia = new SourceTable[1];
    timed(m, "detect_difference", () -> dia[0] = DetectAndMeasure.run(diff, diff.psf().orElseThrow(),
        DetectAndMeasureConfig.forDifference()));
    m.put("dia_sources", dia[0].catalog().rowCount());
    m.put("dia_positive", dia[0].positive());
    m.put("dia_negative", dia[0].negative());

    /* Truth: the transients of this visit a 5-sigma detection should find, and which each detector found. */
    double[] tx = visit.truthTransients().doubleColumn("x");
    double[] ty = visit.truthTransients().doubleColumn("y");
    double[] tsnr = visit.truthTransients().doubleColumn("psf_snr");
    double[] tflux = visit.truthTransients().doubleColumn("diff_flux");
    int edge = 20;
    List<double[]> detectable = new ArrayList<>();
    for (int i = 0; i < tx.length; i++) {
      if (Math.abs(tsnr[i]) >= 5 && tx[i] >= edge && ty[i] >= edge && tx[i] < size - edge && ty[i] < size - edge) {
        detectable.add(new double[] {tx[i] + x0, ty[i] + y0, tflux[i]});
      }
    }
    m.put("truth_transients_5sigma", detectable.size());
    m.put("truth_transients_5sigma_positive", detectable.stream().filter(d -> d[2] > 0).count());
    m.put("dia_found_truth", found(detectable, dia[0].catalog().doubleColumn("x"),
        dia[0].catalog().doubleColumn("y"), false));
    m.put("dia_found_truth_positive", found(detectable, dia[0].catalog().doubleColumn("x"),
        dia[0].catalog().doubleColumn("y"), true));

    /* source-extractor on the same difference image: positive detections at 5 sigma, per pixel without a filter,
       and of the filtered image with a Gaussian filter of the PSF's width (our detection's matched filter). */
    double sigma = diff.psf().orElseThrow().sigmaPix(x0 + 0.5 * (size - 1), y0 + 0.5 * (size - 1));
    m.put("source_extractor_no_filter", sourceExtractor(diff, Double.NaN, detectable, x0, y0));
    m.put("source_extractor_gauss_filter", sourceExtractor(diff, sigma, detectable, x0, y0));

    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
    } else {
      for (Map.Entry<String, Object> e : m.entrySet()) {
        out.printf("%-22s %s%n", e.getKey(), e.getValue());
      }
    }
    return 0;
  }

  /**
   * Whether warm-up ends after {@code runs} runs, the last of which took {@code runS} seconds and {@code jitS} seconds
   * of JIT compilation: after at least {@code min} runs (and at least one), once the JIT compiled for less than
   * {@link #JIT_SETTLED} of the run's time, or after {@code max} runs (never fewer than {@code min}) regardless.
   */
  static boolean warmedUp(int runs, int min, int max, double runS, double jitS) {
    return runs >= Math.max(1, min) && (jitS < JIT_SETTLED * runS || runs >= Math.max(min, max));
  }

  /**
   * Times a stage: untimed runs until the JIT is done (see the class comment), then {@code repeat} timed ones with a
   * garbage collection before each; puts {@code <stage>_first_s} (the first run) and {@code <stage>_warmup_runs}.
   * Puts {@code <stage>_s} (median wall seconds), {@code <stage>_min_s}, {@code <stage>_cpu_s} (median CPU seconds of
   * the process, all threads) and, on Linux, {@code <stage>_steal_pct}: the share of the machine's CPU time the
   * hypervisor gave to other guests during the timed runs (from {@code /proc/stat}). On a shared virtual machine a
   * wall time with steal is slower than the code; the CPU time is not counted while stolen.
   */
  private void timed(Map<String, Object> m, String stage, Runnable r) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
    int runs = 0;
    while (true) {
      long c = jitTimed ? jit.getTotalCompilationTime() : 0;
      long t = System.nanoTime();
      r.run();
      double s = (System.nanoTime() - t) / 1e9;
      double jitS = jitTimed ? (jit.getTotalCompilationTime() - c) / 1e3 : 0;
      if (runs++ == 0) {
        m.put(stage + "_first_s", s);
      }
      if (warmedUp(runs, warmup, maxWarmup, s, jitS)) {
        break;
      }
    }
    m.put(stage + "_warmup_runs", runs);
    System.gc();
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    long[] before = CpuTimes.read();
    for (int i = 0; i < Math.max(1, repeat); i++) {
      long c = CpuTimes.processCpuNanos();
      long t = System.nanoTime();
      r.run();
      wall.add((System.nanoTime() - t) / 1e9);
      cpu.add((CpuTimes.processCpuNanos() - c) / 1e9);
      System.gc();
    }
    long[] after = CpuTimes.read();
    wall.sort(Double::compare);
    cpu.sort(Double::compare);
    m.put(stage + "_s", wall.get(wall.size() / 2));
    m.put(stage + "_min_s", wall.get(0));
    m.put(stage + "_cpu_s", cpu.get(cpu.size() / 2));
    double steal = CpuTimes.stealPercent(before, after);
    if (Double.isFinite(steal)) {
      m.put(stage + "_steal_pct", Math.round(steal * 10) / 10.0);
    }
  }

  /**
   * How many of the {@code truth} positions ({x, y, flux}) have a detection within 2 pixels; with
   * {@code positiveOnly}, only the truths of positive flux are counted.
   */
  private static long found(List<double[]> truth, double[] x, double[] y, boolean positiveOnly) {
    long n = 0;
    for (double[] t : truth) {
      if (positiveOnly && !(t[2] > 0)) {
        continue;
      }
      for (int k = 0; k < x.length; k++) {
        double dx = x[k] - t[0];
        double dy = y[k] - t[1];
        if (dx * dx + dy * dy <= 4) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  /**
   * Runs source-extractor on the difference image (NaN as 0 and a weight map of the variance), with a Gaussian filter
   * of {@code filterSigma} pixels or none (NaN); time, count and the truths it finds.
   */
  private Map<String, Object> sourceExtractor(Exposure diff, double filterSigma, List<double[]> truth, int x0,
      int y0) throws IOException, InterruptedException {
    Map<String, Object> r = new LinkedHashMap<>();
    Path exe = findOnPath("source-extractor");
    if (exe == null) {
      r.put("skipped", "source-extractor is not on the PATH (Debian package source-extractor)");
      return r;
    }
    Path dir = Files.createTempDirectory("labelfree-bench-sex");
    try {
      Path image = dir.resolve("diff.fits");
      Path weight = dir.resolve("weight.fits");
      writePlain(diff.image(), image, false);
      writePlain(diff.variance(), weight, true);
      Files.writeString(dir.resolve("sex.param"), "NUMBER\nX_IMAGE\nY_IMAGE\nFLUX_AUTO\nFLUXERR_AUTO\nFLAGS\n",
          StandardCharsets.US_ASCII);
      List<String> filter = new ArrayList<>(List.of("-FILTER", "N"));
      String filterText = "-FILTER N";
      /* SExtractor thresholds the filtered image against the unfiltered pixel noise; the filtered noise of white
         noise is sqrt(sum k^2) / sum k of it, so 5 sigma of the filtered image is that fraction of 5 pixel sigmas. */
      double thresh = 5;
      if (Double.isFinite(filterSigma)) {
        Path conv = dir.resolve("gauss.conv");
        Files.writeString(conv, gaussConv(filterSigma), StandardCharsets.US_ASCII);
        thresh = 5 * filterNoiseRatio(filterSigma);
        filter = List.of("-FILTER", "Y", "-FILTER_NAME", conv.toString());
        filterText = String.format(java.util.Locale.ROOT, "-FILTER Y -FILTER_NAME gauss_%.2f.conv", filterSigma);
      }
      String th = String.format(java.util.Locale.ROOT, "%.4f", thresh);
      List<String> cmd = new ArrayList<>(List.of(exe.toString(), image.toString(), "-c", "/dev/null",
          "-CATALOG_NAME", dir.resolve("sex.cat").toString(), "-CATALOG_TYPE", "ASCII_HEAD", "-PARAMETERS_NAME",
          dir.resolve("sex.param").toString(), "-DETECT_THRESH", th, "-ANALYSIS_THRESH", th, "-DETECT_MINAREA",
          "5"));
      cmd.addAll(filter);
      cmd.addAll(List.of("-WEIGHT_TYPE", "MAP_VAR", "-WEIGHT_IMAGE", weight.toString(), "-BACK_TYPE", "MANUAL",
          "-BACK_VALUE", "0", "-CHECKIMAGE_TYPE", "NONE", "-VERBOSE_TYPE", "QUIET", "-NTHREADS", "2"));
      List<Double> times = new ArrayList<>();
      for (int i = 0; i <= Math.max(1, repeat); i++) {
        long t = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        double s = (System.nanoTime() - t) / 1e9;
        if (rc != 0) {
          r.put("error", "exit " + rc + ": " + text.strip());
          return r;
        }
        if (i > 0) {
          times.add(s);
        }
      }
      times.sort(Double::compare);
      List<double[]> rows = new ArrayList<>();
      try (Stream<String> lines = Files.lines(dir.resolve("sex.cat"))) {
        lines.filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
          String[] f = l.trim().split("\\s+");
          /* FITS pixel centres are 1-based. */
          rows.add(new double[] {Double.parseDouble(f[1]) - 1 + x0, Double.parseDouble(f[2]) - 1 + y0});
        });
      }
      double[] sx = rows.stream().mapToDouble(q -> q[0]).toArray();
      double[] sy = rows.stream().mapToDouble(q -> q[1]).toArray();
      r.put("command", "source-extractor diff.fits -DETECT_THRESH " + th + " -DETECT_MINAREA 5 " + filterText
          + " -WEIGHT_TYPE MAP_VAR -BACK_TYPE MANUAL -BACK_VALUE 0 -NTHREADS 2");
      r.put("seconds_median", times.get(times.size() / 2));
      r.put("sources_positive", rows.size());
      r.put("found_truth_positive", found(truth, sx, sy, true));
      return r;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** {@code sqrt(sum k^2) / sum k} of the filter of {@link #gaussConv}: its output noise per unit pixel noise. */
  static double filterNoiseRatio(double sigma) {
    int r = Math.max(1, (int) Math.ceil(3 * sigma));
    double s1 = 0;
    double s2 = 0;
    for (int j = -r; j <= r; j++) {
      for (int i = -r; i <= r; i++) {
        double k = Math.exp(-(i * i + j * j) / (2 * sigma * sigma));
        s1 += k;
        s2 += k * k;
      }
    }
    return Math.sqrt(s2) / s1;
  }

  /** A SExtractor filter file: a normalised Gaussian of {@code sigma} pixels over +-3 sigma. */
  static String gaussConv(double sigma) {
    int r = Math.max(1, (int) Math.ceil(3 * sigma));
    StringBuilder b = new StringBuilder("CONV NORM\n# Gaussian, sigma ")
        .append(String.format(java.util.Locale.ROOT, "%.3f", sigma)).append(" pixels\n");
    for (int j = -r; j <= r; j++) {
      for (int i = -r; i <= r; i++) {
        b.append(String.format(java.util.Locale.ROOT, "%.6f", Math.exp(-(i * i + j * j) / (2 * sigma * sigma))));
        b.append(i < r ? " " : "\n");
      }
    }
    return b.toString();
  }

  private static void writePlain(ImageF image, Path file, boolean variance) throws IOException {
    int w = image.width();
    int h = image.height();
    float[] a = image.array();
    float[][] rows = new float[h][w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float v = a[y * w + x];
        rows[y][x] = Float.isFinite(v) ? v : (variance ? 1e30f : 0f);
      }
    }
    try (Fits f = new Fits()) {
      f.addHDU(Fits.makeHDU(rows));
      f.write(file.toFile());
    } catch (nom.tam.fits.FitsException e) {
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Path findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
