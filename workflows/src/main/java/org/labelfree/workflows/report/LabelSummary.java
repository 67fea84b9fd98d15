package org.labelfree.workflows.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.labelfree.catalog.Catalog;
import org.labelfree.labeling.MatchAgreement;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.task.UnprocessableDataException;

/**
 * The training labels of a run, summed over its {@code matched_dia_source} catalogues: DIA sources by label, those
 * left out of training by a match flag, the label noise (label-0 sources that are true transients, where the
 * simulation knows the truth) and the agreement between the match labels and the INJECTED_CORE mask bit.
 */
public final class LabelSummary {
  private LabelSummary() {}

  /**
   * The label counts of a run.
   *
   * @param catalogues        matched_dia_source catalogues read
   * @param sources           DIA sources
   * @param injected          label 1
   * @param real              label 0
   * @param flagged           sources with a match flag (left out of training by default)
   * @param realWithTruth     label-0 sources whose truth is known (is_true_transient 0 or 1)
   * @param realTrueTransient label-0 sources that are true transients
   * @param agreement         label against the INJECTED_CORE bit
   */
  public record Report(int catalogues, long sources, long injected, long real, long flagged, long realWithTruth,
      long realTrueTransient, MatchAgreement agreement) {
    /** Checks the agreement is present. */
    public Report {
      Objects.requireNonNull(agreement, "agreement");
    }

    /** The fraction of label-0 sources with known truth that are true transients (NaN when none is known). */
    public double labelNoise() {
      return realWithTruth == 0 ? Double.NaN : (double) realTrueTransient / realWithTruth;
    }

    /** The report as JSON-ready values. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("catalogues", catalogues);
      m.put("dia_sources", sources);
      m.put("label_1_injected", injected);
      m.put("label_0_real", real);
      m.put("match_flagged", flagged);
      m.put("label_0_with_truth", realWithTruth);
      m.put("label_0_true_transients", realTrueTransient);
      m.put("label_0_true_transient_fraction", Double.isNaN(labelNoise()) ? null : labelNoise());
      m.put("mask_agreement", agreement.asMap());
      m.put("mask_agreement_fraction", agreement.total() == 0 ? null : agreement.agreementFraction());
      return m;
    }
  }

  /**
   * Sums the {@code matched_dia_source} catalogues of {@code run} in (visit, detector) order.
   *
   * @throws UnprocessableDataException if a catalogue lacks the label columns
   */
  public static Report fromRepository(Repository repo, String run) {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(run, "run");
    List<DatasetRef> refs = new ArrayList<>(repo.registry().queryDatasets(List.of("matched_dia_source"),
        List.of(run), SqlPredicate.all()));
    refs.sort(Comparator.<DatasetRef>comparingLong(r -> r.dataId().getLong(Dimension.VISIT))
        .thenComparingLong(r -> r.dataId().getLong(Dimension.DETECTOR)));
    List<Catalog> cats = new ArrayList<>();
    for (DatasetRef ref : refs) {
      cats.add(repo.butler().get(ref, Catalog.class));
    }
    return of(cats);
  }

  /**
   * Sums catalogues with the {@code matched_dia_source} columns {@code label}, {@code match_flags},
   * {@code is_true_transient} and {@code pixelFlags_injected_core}.
   *
   * @throws UnprocessableDataException if a catalogue lacks one of them
   */
  public static Report of(List<Catalog> catalogues) {
    long sources = 0;
    long injected = 0;
    long flagged = 0;
    long withTruth = 0;
    long trueTransient = 0;
    MatchAgreement agreement = MatchAgreement.empty();
    for (Catalog c : catalogues) {
      for (String col : List.of("label", "match_flags", "is_true_transient", "pixelFlags_injected_core")) {
        if (!c.hasColumn(col)) {
          throw new UnprocessableDataException("matched_dia_source has no column '" + col + "'; expected the "
              + "columns match_injected writes");
        }
      }
      long[] label = c.longColumn("label");
      long[] flags = c.longColumn("match_flags");
      long[] truth = c.longColumn("is_true_transient");
      boolean[] core = c.booleanColumn("pixelFlags_injected_core");
      int[] labels = new int[label.length];
      for (int i = 0; i < label.length; i++) {
        labels[i] = (int) label[i];
        sources++;
        injected += label[i] == 1 ? 1 : 0;
        flagged += flags[i] != 0 ? 1 : 0;
        if (label[i] == 0 && truth[i] >= 0) {
          withTruth++;
          trueTransient += truth[i] == 1 ? 1 : 0;
        }
      }
      agreement = agreement.plus(MatchAgreement.of(labels, core));
    }
    return new Report(catalogues.size(), sources, injected, sources - injected, flagged, withTruth, trueTransient,
        agreement);
  }
}
