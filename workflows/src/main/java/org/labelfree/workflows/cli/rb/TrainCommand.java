package org.labelfree.workflows.cli.rb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labelfree.labeling.dataset.SnrRange;
import org.labelfree.labeling.dataset.TrainingDataset;
import org.labelfree.training.ComputeDevice;
import org.labelfree.training.TrainConfig;
import org.labelfree.training.TrainingMethod;
import org.labelfree.training.eval.EvaluationOptions;
import org.labelfree.training.run.RealBogusRuns;
import org.labelfree.workflows.cli.ProgressLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree train --dataset DATASET.h5 --method standard|coteaching|asymmetric --out MODEL_DIR [...]}: trains
 * the real/bogus CNN on the dataset's train split, stops early on its validation split, evaluates on its test split
 * and writes the model directory ({@code model.onnx}, the DJL parameters, {@code model.json} with the metrics) and the
 * evaluation report ({@code --report}, default {@code MODEL_DIR/report}) through {@link RealBogusRuns}. Exit codes: 0;
 * 2 for a bad option; 3 for a bad dataset; 4 for an I/O error.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train the real/bogus CNN on a training dataset (labelfree stamps collect) and evaluate it.",
        "Methods: standard (cross-entropy), coteaching (Han et al. 2018), asymmetric (one forget rate per class)."})
public final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--dataset", required = true, paramLabel = "DATASET.h5", description = "The training dataset.")
  Path dataset;

  @Option(names = "--method", defaultValue = "asymmetric", paramLabel = "METHOD",
      description = "standard, coteaching or asymmetric (default ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "The model directory to write.")
  Path out;

  @Option(names = "--report", paramLabel = "DIR", description = "Where the evaluation report goes (default "
      + "MODEL_DIR/report).")
  Path report;

  @Option(names = "--epochs", defaultValue = "30", paramLabel = "N", description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch", defaultValue = "128", paramLabel = "N", description = "Batch size (default "
      + "${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE", description = "Adam learning rate (default "
      + "${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--forget-rate", defaultValue = "0.1", paramLabel = "TAU",
      description = "coteaching: the forget rate tau (default ${DEFAULT-VALUE}).")
  double forgetRate;

  @Option(names = "--tau-injected", defaultValue = "0", paramLabel = "TAU",
      description = "asymmetric: forget rate of label 1, injected (default ${DEFAULT-VALUE}: keep every injection).")
  double tauInjected;

  @Option(names = "--tau-real", defaultValue = "0.1", paramLabel = "TAU",
      description = "asymmetric: forget rate of label 0, real detections (default ${DEFAULT-VALUE}).")
  double tauReal;

  @Option(names = "--tk", defaultValue = "10", paramLabel = "EPOCHS",
      description = "Epochs over which the forget rate ramps up (default ${DEFAULT-VALUE}).")
  int tk;

  @Option(names = "--schedule-power", defaultValue = "1", paramLabel = "C",
      description = "Exponent c of the ramp (T / T_k)^c (default ${DEFAULT-VALUE}).")
  double c;

  @Option(names = "--class-weights", split = ",", paramLabel = "W0,W1",
      description = "standard: cross-entropy weights of label 0 and label 1.")
  double[] classWeights;

  @Option(names = "--focal-gamma", defaultValue = "0", paramLabel = "GAMMA",
      description = "standard: focal loss exponent (default 0: plain cross-entropy).")
  double focalGamma;

  @Option(names = "--patience", defaultValue = "5", paramLabel = "EPOCHS",
      description = "Early stopping: epochs without a better validation loss (0: off; default ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--no-augment", description = "No random 90-degree rotations and flips.")
  boolean noAugment;

  @Option(names = "--rotate-any-angle", description = "Also rotate by arbitrary angles (bilinear).")
  boolean anyAngle;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--device", defaultValue = "cpu", paramLabel = "DEVICE",
      description = "cpu, gpu or auto (default ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--exclude-snr", defaultValue = "0:8", paramLabel = "LO:HI",
      description = "The S/N range left out of the second set of test metrics (default ${DEFAULT-VALUE}).")
  String excludeSnr;

  @Option(names = "--no-embedding", description = "Skip the UMAP embedding of the penultimate layer.")
  boolean noEmbedding;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return RbCommands.guarded(spec, "labelfree train", () -> {
      PrintWriter stdout = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      TrainConfig cfg = TrainConfig.defaults(TrainingMethod.parse(method)).withEpochs(epochs).withBatchSize(batch)
          .withLearningRate(lr).withForgetRate(forgetRate).withTaus(tauInjected, tauReal).withSchedule(tk, c)
          .withSeed(seed).withClassWeights(classWeights).withFocalGamma(focalGamma).withPatience(patience)
          .withAugment(!noAugment, anyAngle).withDevice(ComputeDevice.parse(device));
      EvaluationOptions eo = EvaluationOptions.defaults().withExcludeSnr(SnrRange.parse(excludeSnr));
      if (noEmbedding) {
        eo = eo.withUmap(null);
      }
      TrainingDataset d = TrainingDataset.read(dataset);
      ProgressLine line = ProgressLine.on(err);
      RealBogusRuns.Outcome o = RealBogusRuns.trainAndEvaluate(dataset, d, cfg, eo, out,
          report != null ? report : out.resolve("report"), "test", s -> line.update(s.toString()));
      line.finish();
      print(stdout, o, json);
      return 0;
    });
  }

  static void print(PrintWriter out, RealBogusRuns.Outcome o, boolean json) throws Exception {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", o.modelDir().toString());
      m.put("training", o.trainingSummary());
      m.put("evaluation", o.evaluation().toMap());
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
    } else {
      out.println(o.trainingLine());
      out.print(o.evaluation().summary());
      out.printf("Model: %s%nReport: %s%n", o.modelDir(), o.reportDir());
    }
  }
}
