package org.labelfree.workflows.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.labelfree.training.CnnConfig;
import org.labelfree.training.ModelInfo;
import org.labelfree.training.RealBogusModel;
import org.labelfree.training.RealBogusTrainer;
import org.labelfree.training.StampData;
import org.labelfree.training.TrainConfig;
import org.labelfree.training.TrainResult;
import org.labelfree.training.TrainingMethod;
import org.labelfree.training.onnx.OnnxScorer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree bench train}: the real/bogus CNN's speed on 1x30x30 stamps, batch 128, on the CPU. A training
 * step is timed as one epoch of {@code --steps} batches (augmentation off, no validation) divided by the steps, after
 * a warm-up epoch of 5 batches: for {@code standard} (forward, loss, backward, Adam) and for {@code coteaching} (two
 * networks, per-sample losses, small-loss exchange, two updates). Then ONNX Runtime scoring throughput of the saved
 * model over 8192 stamps in batches of 1024 (best of 3). With {@code /usr/bin/python3} and PyTorch present, the same
 * network's steps and eval throughput in PyTorch ({@code scripts/peer_torch_rb.py}) run right after, side by side.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Time a CNN training step (standard, co-teaching), ONNX scoring, and PyTorch's side by side.")
final class TrainBench implements Callable<Integer> {
  private static final int BATCH = 128;
  private static final int WARM = 5;
  private static final int SIZE = 30;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--steps", defaultValue = "30", description = "Timed training steps (default 30).")
  int steps;

  @Option(names = "--peer-script", defaultValue = "scripts/peer_torch_rb.py",
      description = "The PyTorch peer script (default ${DEFAULT-VALUE}); skipped when it or PyTorch is missing.")
  Path peerScript;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batch", BATCH);
    m.put("steps", steps);
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    CnnConfig net = CnnConfig.defaults(1, SIZE);
    Path dir = Files.createTempDirectory("labelfree-bench-train");
    try {
      for (TrainingMethod method : List.of(TrainingMethod.STANDARD, TrainingMethod.COTEACHING)) {
        TrainConfig cfg = TrainConfig.defaults(method).withEpochs(1).withPatience(0).withAugment(false, false);
        train(net, cfg, WARM).model().close();
        long t = System.nanoTime();
        TrainResult r = train(net, cfg, steps);
        double ms = (System.nanoTime() - t) / 1e6 / steps;
        m.put(method.cliName() + "_step_ms", round(ms));
        if (method == TrainingMethod.STANDARD) {
          try (RealBogusModel model = r.model()) {
            model.save(dir.resolve("model"), ModelInfo.of(net, List.of("diff"), "minmax", "", cfg, r));
          }
        } else {
          r.model().close();
        }
      }
      m.put("onnx_stamps_per_s", Math.round(onnxRate(dir.resolve("model"))));
      m.put("peer", peer());
    } finally {
      try (var s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
    } else {
      out.printf(Locale.ROOT, "DJL (PyTorch engine), batch %d, 1x30x30, %d CPUs:%n", BATCH, m.get("cpus"));
      out.printf(Locale.ROOT, "  standard step    %8.1f ms%n  co-teaching step %8.1f ms%n  ONNX Runtime scoring %d "
          + "stamps/s%n", m.get("standard_step_ms"), m.get("coteaching_step_ms"), m.get("onnx_stamps_per_s"));
      out.println("peer: " + m.get("peer"));
    }
    return 0;
  }

  private static TrainResult train(CnnConfig net, TrainConfig cfg, int batches) {
    int n = BATCH * batches;
    SplittableRandom rng = new SplittableRandom(1);
    float[] px = new float[n * SIZE * SIZE];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) rng.nextDouble();
    }
    byte[] y = new byte[n];
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = (byte) (i % 4 == 0 ? 1 : 0);
      rows[i] = i;
    }
    return RealBogusTrainer.train(new StampData(px, n, 1, SIZE, y, rows), null, net, cfg, e -> { });
  }

  private static double onnxRate(Path model) throws IOException {
    int n = 8192;
    SplittableRandom rng = new SplittableRandom(2);
    float[] px = new float[n * SIZE * SIZE];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) rng.nextDouble();
    }
    double best = 0;
    try (OnnxScorer s = OnnxScorer.open(model, 1024)) {
      s.score(java.util.Arrays.copyOf(px, 2048 * SIZE * SIZE), 2048);
      for (int k = 0; k < 3; k++) {
        long t = System.nanoTime();
        s.score(px, n);
        best = Math.max(best, n / ((System.nanoTime() - t) / 1e9));
      }
    }
    return best;
  }

  private Object peer() throws IOException, InterruptedException {
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python) || !Files.isRegularFile(peerScript)) {
      return "skipped: " + (Files.isExecutable(python) ? peerScript + " not found" : "no /usr/bin/python3");
    }
    Process p = new ProcessBuilder(python.toString(), peerScript.toString(), "2", Integer.toString(steps))
        .redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      return "skipped: the peer script failed: " + lastLine(text);
    }
    return new ObjectMapper().readValue(lastLine(text), Map.class);
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
