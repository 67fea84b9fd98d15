package org.labelfree.workflows.cli.stamps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.labelfree.catalog.Catalog;
import org.labelfree.labeling.dataset.DatasetOptions;
import org.labelfree.labeling.dataset.ShardInput;
import org.labelfree.labeling.dataset.SnrRange;
import org.labelfree.labeling.dataset.SplitSpec;
import org.labelfree.labeling.dataset.TrainingDataset;
import org.labelfree.labeling.dataset.TrainingDatasets;
import org.labelfree.labeling.objects.DiaObjectAssociator;
import org.labelfree.labeling.objects.DiaObjectCatalogs;
import org.labelfree.pipeline.query.QueryExpressions;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.NotFoundException;
import org.labelfree.pipeline.repo.Registry;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.stamps.StampShard;
import org.labelfree.workflows.cli.ProgressLine;
import org.labelfree.workflows.cli.pipetask.PipetaskCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code labelfree stamps collect -b REPO -i COLLECTIONS -o DATASET.h5 [--split visit:0.7,0.15,0.15] [--seed 1]
 * [--exclude-snr LO:HI] [--keep-ambiguous] [-d EXPR] [--json]}: merges every {@code stamp_shard} of the
 * collections (first match per data ID along the search path; {@code -d} selects visit-detectors) into one training
 * dataset, split so that no DIA object is in two splits ({@link TrainingDatasets}; file layout in
 * {@link TrainingDataset}), written atomically. Stamps of ambiguous matches (AMBIGUOUS_MASK, MULTIPLE_FAKES) are
 * left out unless {@code --keep-ambiguous}.
 *
 * <p>DIA objects come from the {@code dia_object_source} datasets of the collections (all of them, whatever
 * {@code -d} says); without any, the stamps' own positions are associated on the fly within 1 arcsec (said on
 * stdout). Prints the report table (or JSON). Exit codes: 0; 2 for a bad option or query; 3 for bad data (no
 * shards, shards that differ in channels, size or normalisation, a stamp without DIA object, a missing collection
 * or dataset type); 4 for an I/O error (see {@link PipetaskCommand#guarded}).
 */
@Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Collect the stamp shards of collections into one HDF5 training dataset with a train/validation/"
        + "test split by visit (no DIA object in two splits) or by object.",
        "DIA objects come from dia_object_source (run the associate task), else from associating the stamps on the"
            + " fly."})
public final class CollectCommand implements Callable<Integer> {
  /** The dataset type of the shards. */
  static final String STAMP_SHARD = "stamp_shard";
  /** The dataset type of the light curves. */
  static final String DIA_OBJECT_SOURCE = "dia_object_source";

  @Spec
  CommandSpec spec;

  @Option(names = {"-b", "--butler-config"}, required = true, paramLabel = "REPO",
      description = "The data repository (a folder with butler.yaml).")
  Path repo;

  @Option(names = {"-i", "--input"}, required = true, split = ",", paramLabel = "COLLECTION",
      description = "Collections with stamp_shard (and dia_object_source), in search order (comma-separated or"
          + " repeated).")
  List<String> inputs;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DATASET.h5",
      description = "The HDF5 file to write (replaced atomically).")
  Path output;

  @Option(names = "--split", paramLabel = "UNIT:F1,F2,F3", defaultValue = "visit:0.7,0.15,0.15",
      description = "visit:F1,F2,F3 (visits shuffled and cut; each DIA object follows most of its stamps) or"
          + " object:F1,F2,F3 (objects shuffled and cut); fractions of train, validation, test summing to 1"
          + " (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Shuffle seed (default 1).")
  long seed;

  @Option(names = "--exclude-snr", paramLabel = "LO:HI",
      description = "Leave out stamps with LO <= snr < HI, e.g. 0:8.")
  String excludeSnr;

  @Option(names = "--keep-ambiguous",
      description = "Keep the stamps of ambiguous matches (flags AMBIGUOUS_MASK, MULTIPLE_FAKES); by default they"
          + " are left out of the training set.")
  boolean keepAmbiguous;

  @Option(names = {"-d", "--data-query"}, paramLabel = "EXPR", defaultValue = "",
      description = "Data-ID expression selecting shards, e.g. \"visit IN (1..8) AND detector != 3\".")
  String where;

  @Option(names = "--json", description = "Print the report as JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return PipetaskCommand.guarded(spec, "labelfree stamps collect", () -> {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      DatasetOptions options = new DatasetOptions(SplitSpec.parse(split), seed,
          excludeSnr == null ? null : SnrRange.parse(excludeSnr), keepAmbiguous);
      SqlPredicate predicate = where.isBlank() ? SqlPredicate.all()
          : QueryExpressions.compile(where, d -> Registry.DATASET_ALIAS + "." + d.key());
      try (Repository r = Repository.open(repo)) {
        Collected c = collect(r, inputs, predicate, options, output, err);
        if (c == null) {
          err.println("labelfree stamps collect: no " + STAMP_SHARD + " datasets in " + String.join(",", inputs)
              + (where.isBlank() ? "" : " matching -d"));
          return org.labelfree.workflows.cli.Main.EXIT_BAD_DATA;
        }
        TrainingDataset dataset = c.dataset();
        String objectsFrom = c.objectsFrom();
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("output", output.toString());
          m.put("dia_objects_from", objectsFrom);
          m.putAll(dataset.report().toMap());
          out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } else {
          out.printf("DIA objects: %s%n", objectsFrom);
          out.print(dataset.report().table());
          out.printf("Wrote %d stamps to %s%n", dataset.size(), output);
        }
        return 0;
      }
    });
  }

  /**
   * A collected dataset.
   *
   * @param dataset     the dataset written
   * @param objectsFrom where its DIA objects came from ({@code dia_object_source}, or a note that they were
   *                    associated on the fly)
   * @param shards      the number of shards merged
   */
  public record Collected(TrainingDataset dataset, String objectsFrom, int shards) {}

  /**
   * Merges the {@code stamp_shard}s of {@code inputs} (first per data ID along the search path, in data-ID order)
   * into a training dataset and writes it atomically to {@code output}: the work of {@code labelfree stamps collect},
   * also used by the demo.
   *
   * @param err where a progress line goes (not null)
   * @return the dataset, or null when the inputs hold no shard matching {@code predicate}
   * @throws org.labelfree.labeling.dataset.DatasetException if the shards cannot be merged
   * @throws java.io.IOException                          if the file cannot be written
   */
  public static Collected collect(Repository r, List<String> inputs, SqlPredicate predicate, DatasetOptions options,
      Path output, PrintWriter err) throws java.io.IOException {
    List<DatasetRef> refs = firstPerDataId(r, inputs, STAMP_SHARD, predicate);
    if (refs.isEmpty()) {
      return null;
    }
    ProgressLine line = ProgressLine.on(err);
    List<ShardInput> shards = new ArrayList<>();
    for (DatasetRef ref : refs) {
      StampShard shard = r.butler().get(ref, StampShard.class);
      String name = STAMP_SHARD + " " + ref.dataId() + " in " + ref.run();
      shards.add(new ShardInput(name, shard, shard.flags()));
      line.update(String.format("read %d/%d shards", shards.size(), refs.size()));
    }
    line.finish();

    /* The DIA objects: dia_object_source, else on the fly. */
    Map<Long, Long> objects = objectsFromLightCurves(r, inputs);
    String objectsFrom;
    if (objects == null) {
      DiaObjectAssociator associator = new DiaObjectAssociator(DiaObjectAssociator.DEFAULT_RADIUS_ARCSEC);
      objects = TrainingDatasets.associate(shards, associator);
      objectsFrom = "associated on the fly within " + associator.radiusArcsec() + " arcsec (no "
          + DIA_OBJECT_SOURCE + " in " + String.join(",", inputs) + ")";
    } else {
      objectsFrom = DIA_OBJECT_SOURCE;
    }
    TrainingDataset dataset = TrainingDatasets.collect(shards, objects, options);
    dataset.write(output);
    return new Collected(dataset, objectsFrom, shards.size());
  }

  /** The refs of {@code type} in the inputs that satisfy the predicate, first per data ID, in data-ID order. */
  private static List<DatasetRef> firstPerDataId(Repository r, List<String> inputs, String type,
      SqlPredicate predicate) {
    Set<DataId> ids = new LinkedHashSet<>();
    for (DatasetRef ref : r.registry().queryDatasets(List.of(type), inputs, predicate)) {
      ids.add(ref.dataId());
    }
    List<DatasetRef> out = new ArrayList<>();
    for (DataId id : ids) {
      Optional<DatasetRef> ref = r.registry().findDataset(type, id, inputs);
      ref.ifPresent(out::add);
    }
    out.sort(Comparator.<DatasetRef, String>comparing(x -> x.dataId().get(Dimension.INSTRUMENT).map(Object::toString)
        .orElse("")).thenComparingLong(x -> number(x.dataId(), Dimension.VISIT))
        .thenComparingLong(x -> number(x.dataId(), Dimension.DETECTOR)));
    return out;
  }

  private static long number(DataId id, Dimension d) {
    return id.get(d).map(v -> ((Number) v).longValue()).orElse(-1L);
  }

  /**
   * diaSourceId to diaObjectId from every {@code dia_object_source} of the inputs, or null if there is none (or the
   * dataset type is not registered).
   */
  private static Map<Long, Long> objectsFromLightCurves(Repository r, List<String> inputs) {
    List<DatasetRef> refs;
    try {
      r.registry().getDatasetType(DIA_OBJECT_SOURCE);
      refs = firstPerDataId(r, inputs, DIA_OBJECT_SOURCE, SqlPredicate.all());
    } catch (NotFoundException e) {
      return null;
    }
    if (refs.isEmpty()) {
      return null;
    }
    Map<Long, Long> m = new HashMap<>();
    for (DatasetRef ref : refs) {
      DiaObjectCatalogs.addObjectIds(r.butler().get(ref, Catalog.class), DIA_OBJECT_SOURCE + " " + ref.dataId()
          + " in " + ref.run(), m);
    }
    return m;
  }
}
