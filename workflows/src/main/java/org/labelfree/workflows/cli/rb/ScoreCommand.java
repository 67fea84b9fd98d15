package org.labelfree.workflows.cli.rb;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.labelfree.catalog.Catalogs;
import org.labelfree.training.run.RealBogusRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree score --model MODEL_DIR --stamps FILE(.h5|.fits) --out SCORES(.parquet|.csv|.fits)}: scores
 * stamps with the model's ONNX graph in ONNX Runtime ({@link RealBogusRuns#score}). An HDF5 stamp shard or training
 * dataset is scored as it is (its channels, stamp size and normalisation must be the model's); a FITS cube of
 * alert cutouts (N, C, H, W) has the channel {@code --channel} (default: the last, the difference in a
 * science/template/difference triplet) centre-cut to the model's stamp size and normalised as the model's training
 * stamps were. Writes one row per stamp with {@code rb_score} (calibrated P(transient)) and the logits. Exit codes:
 * 0; 2 for a bad option; 3 for a bad model or stamp file; 4 for an I/O error.
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Score stamps (HDF5 shard or dataset, or a FITS cube of cutouts) with a trained real/bogus model.")
public final class ScoreCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "A model from labelfree train.")
  Path model;

  @Option(names = "--stamps", required = true, paramLabel = "FILE", description = "An .h5 stamp shard or dataset, or"
      + " a .fits cube (N, C, H, W) or (N, H, W).")
  Path stamps;

  @Option(names = "--channel", paramLabel = "N", description = "FITS cubes: the channel to score (0-based; default"
      + " the last).")
  Integer channel;

  @Option(names = "--batch", defaultValue = "1024", paramLabel = "N", description = "Stamps per ONNX Runtime call"
      + " (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--out", required = true, paramLabel = "SCORES", description = "The scores (.parquet, .csv or"
      + " .fits).")
  Path out;

  @Override
  public Integer call() throws Exception {
    return RbCommands.guarded(spec, "labelfree score", () -> {
      PrintWriter stdout = spec.commandLine().getOut();
      /* Reject an output name of no known format before scoring, not after. */
      Catalogs.Format.of(out);
      RealBogusRuns.Scores s = RealBogusRuns.score(model, stamps, channel, batch);
      Catalogs.write(s.toCatalog(), out);
      stdout.printf("Scored %d stamps from %s: %d with rb_score >= 0.5; wrote %s%n", s.size(), stamps,
          s.countAtLeast(0.5), out);
      return 0;
    });
  }
}
