package org.labelfree.labeling.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link TrainingDatasets#collect} made: the split, the counts per split and label, and what was left out or
 * moved.
 *
 * @param split          the split specification
 * @param seed           the shuffle seed
 * @param shards         shards merged
 * @param stampsIn       stamps in the shards
 * @param excludeSnr     the S/N range left out, or null for none
 * @param excludedSnr    stamps left out by {@code excludeSnr}
 * @param ambiguous      stamps of ambiguous matches left out (AMBIGUOUS_MASK or MULTIPLE_FAKES; 0 when kept)
 * @param stamps         stamps written
 * @param objects        distinct DIA objects among them
 * @param movedStamps    stamps whose split differs from their own visit's split (visit splits; 0 for object splits)
 * @param splits         counts for train, validation and test, in that order
 */
public record CollectReport(SplitSpec split, long seed, int shards, int stampsIn, SnrRange excludeSnr,
    int excludedSnr, int ambiguous, int stamps, int objects, int movedStamps, List<SplitCounts> splits) {
  /** Copies the list. */
  public CollectReport {
    splits = List.copyOf(splits);
  }

  /**
   * The counts of one split.
   *
   * @param name             {@code train}, {@code validation} or {@code test}
   * @param stamps           stamps in the split
   * @param label1           of which label 1 (injected)
   * @param label0           of which label 0 (real, assumed bogus)
   * @param labelOther       of which any other label (e.g. -1, unlabelled)
   * @param trueTransients0  label-0 stamps with {@code is_true_transient == 1} (the label noise)
   * @param unknownTruth0    label-0 stamps with {@code is_true_transient == -1} (no truth)
   * @param objects          distinct DIA objects
   * @param visits           distinct visits
   */
  public record SplitCounts(String name, int stamps, int label1, int label0, int labelOther, int trueTransients0,
      int unknownTruth0, int objects, int visits) {}

  /** The report as nested maps for JSON, in a fixed key order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("split", split.toString());
    m.put("seed", seed);
    m.put("shards", shards);
    m.put("stamps_in", stampsIn);
    m.put("exclude_snr", excludeSnr == null ? null : excludeSnr.toString());
    m.put("excluded_snr", excludedSnr);
    m.put("excluded_ambiguous", ambiguous);
    m.put("stamps", stamps);
    m.put("objects", objects);
    m.put("moved_stamps", movedStamps);
    Map<String, Object> per = new LinkedHashMap<>();
    for (SplitCounts c : splits) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("stamps", c.stamps());
      r.put("label_1", c.label1());
      r.put("label_0", c.label0());
      r.put("label_other", c.labelOther());
      r.put("true_transients_in_label_0", c.trueTransients0());
      r.put("unknown_truth_in_label_0", c.unknownTruth0());
      r.put("objects", c.objects());
      r.put("visits", c.visits());
      per.put(c.name(), r);
    }
    m.put("splits", per);
    return m;
  }

  /**
   * A text table: one line per split and a total, then what was excluded and moved. Lines end with {@code \n}.
   */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-10s %8s %8s %8s %6s %9s %8s %7s%n", "split", "stamps", "label 1",
        "label 0", "other", "true tr.", "objects", "visits"));
    int s = 0;
    int l1 = 0;
    int l0 = 0;
    int lo = 0;
    int tt = 0;
    int ob = 0;
    for (SplitCounts c : splits) {
      b.append(String.format(Locale.ROOT, "%-10s %8d %8d %8d %6d %9d %8d %7d%n", c.name(), c.stamps(), c.label1(),
          c.label0(), c.labelOther(), c.trueTransients0(), c.objects(), c.visits()));
      s += c.stamps();
      l1 += c.label1();
      l0 += c.label0();
      lo += c.labelOther();
      tt += c.trueTransients0();
      ob += c.objects();
    }
    b.append(String.format(Locale.ROOT, "%-10s %8d %8d %8d %6d %9d %8d%n", "total", s, l1, l0, lo, tt, ob));
    b.append(String.format(Locale.ROOT, "(true tr. = label-0 stamps of true transients: %s of label 0)%n",
        l0 == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * tt / l0)));
    b.append(String.format(Locale.ROOT, "split %s, seed %d: %d stamps of %d from %d shards%s%n", split, seed, stamps,
        stampsIn, shards, (excludeSnr == null ? "" : "; " + excludedSnr + " left out with " + excludeSnr.lo()
        + " <= snr < " + excludeSnr.hi()) + (ambiguous == 0 ? "" : "; " + ambiguous + " ambiguous matches left out")));
    if (split.unit() == SplitSpec.Unit.VISIT) {
      b.append(String.format(Locale.ROOT, "%d stamps moved from their visit's split to their DIA object's (the split"
          + " of most of its stamps)%n", movedStamps));
    }
    return b.toString();
  }
}
