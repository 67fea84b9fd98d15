package org.labelfree.workflows.cli.rb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.labelfree.labeling.dataset.SnrRange;
import org.labelfree.labeling.dataset.TrainingDataset;
import org.labelfree.training.eval.EvaluationOptions;
import org.labelfree.training.eval.EvaluationResult;
import org.labelfree.training.run.RealBogusRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree evaluate --model MODEL_DIR --dataset DATASET.h5 [--exclude-snr 0:8] --out DIR}: evaluates a
 * trained model on the dataset's test split (temperature fitted on its validation split) and writes the report
 * ({@link EvaluationResult#writeReport}) into {@code DIR}; prints the summary (or JSON). Exit codes: 0; 2 for a bad
 * option; 3 for a bad model or dataset; 4 for an I/O error.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Evaluate a trained real/bogus model on a training dataset's test split.")
public final class EvaluateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "A model from labelfree train.")
  Path model;

  @Option(names = "--dataset", required = true, paramLabel = "DATASET.h5", description = "The training dataset.")
  Path dataset;

  @Option(names = "--exclude-snr", defaultValue = "0:8", paramLabel = "LO:HI",
      description = "The S/N range left out of the second set of metrics (default ${DEFAULT-VALUE}).")
  String excludeSnr;

  @Option(names = "--no-embedding", description = "Skip the UMAP embedding of the penultimate layer.")
  boolean noEmbedding;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the report goes.")
  Path out;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return RbCommands.guarded(spec, "labelfree evaluate", () -> {
      PrintWriter stdout = spec.commandLine().getOut();
      EvaluationOptions eo = EvaluationOptions.defaults().withExcludeSnr(SnrRange.parse(excludeSnr));
      if (noEmbedding) {
        eo = eo.withUmap(null);
      }
      EvaluationResult r = RealBogusRuns.evaluate(model, TrainingDataset.read(dataset), eo);
      r.writeReport(out, "test");
      if (json) {
        stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r.toMap()));
      } else {
        stdout.print(r.summary());
        stdout.printf("Report: %s%n", out);
      }
      return 0;
    });
  }
}
