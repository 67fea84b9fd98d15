package org.labelfree.labeling.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.labelfree.labeling.objects.DiaObjectAssociator;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampFlags;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;

/**
 * Merges stamp shards into one {@link TrainingDataset} with a train/validation/test split in which no DIA object is
 * on two sides. Start here for training datasets.
 *
 * <p>The split ({@link SplitSpec}). The units (the distinct visits, or DIA objects, of the stamps kept) are sorted
 * by id, shuffled by Fisher-Yates with {@code new SplittableRandom(seed)}, and cut by cumulative fraction: with
 * {@code m} units, the first {@code round(train * m)} go to train, up to {@code round((train + validation) * m)} to
 * validation, the rest to test. In a visit split each DIA object then takes the split that holds most of its
 * stamps by their own visits (a tie goes to the split of its earliest visit, the smallest visit id among its kept
 * stamps) and all its stamps follow it: a single-visit object (most fakes) keeps its visit's split, an object seen
 * on every visit (a static residual) goes where most visits went, so the splits stay near the asked fractions. The
 * report counts the stamps so moved from their own visit's split. In an object split the objects are the units.
 *
 * <p>Same shards (in the same order), object ids and options give the same dataset and the same file bytes.
 * Stateless and thread-safe.
 */
public final class TrainingDatasets {
  private TrainingDatasets() {}

  /**
   * Merges, filters and splits.
   *
   * @param shards              the shards, in output order (at least one stamp must remain)
   * @param diaObjectIdOfSource the DIA object of each DIA source (e.g. from {@code dia_object_source}, or
   *                            {@link #associate})
   * @param options             split, seed and S/N exclusion
   * @return the dataset, with its report
   * @throws DatasetException naming both shards if two differ in channel names, stamp size or normalisation; naming
   *                          the shard and row if a stamp's DIA source has no DIA object or appears twice; if no
   *                          stamp remains
   */
  public static TrainingDataset collect(List<ShardInput> shards, Map<Long, Long> diaObjectIdOfSource,
      DatasetOptions options) {
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(diaObjectIdOfSource, "diaObjectIdOfSource");
    Objects.requireNonNull(options, "options");
    if (shards.isEmpty()) {
      throw new DatasetException("no stamp shards to merge");
    }

    /* Check the shards agree on what a stamp is. */
    ShardInput first = shards.get(0);
    ShardAttributes a = first.shard().attributes();
    for (ShardInput s : shards) {
      ShardAttributes b = s.shard().attributes();
      if (!a.channelNames().equals(b.channelNames()) || a.stampSize() != b.stampSize()
          || !a.normalisation().equals(b.normalisation())) {
        throw new DatasetException(s.name() + ": channels " + b.channelNames() + ", stamp size " + b.stampSize()
            + ", normalisation " + b.normalisation() + "; expected those of " + first.name() + ": channels "
            + a.channelNames() + ", stamp size " + a.stampSize() + ", normalisation " + a.normalisation());
      }
    }

    /* Keep the stamps outside the excluded S/N range and, unless asked, not from ambiguous matches; look up their
       objects. */
    SnrRange exclude = options.excludeSnr();
    int ambiguousBits = StampFlags.AMBIGUOUS_MASK | StampFlags.MULTIPLE_FAKES;
    int stampsIn = 0;
    int excluded = 0;
    int ambiguous = 0;
    List<int[]> kept = new ArrayList<>();
    Map<Long, String> seen = new HashMap<>();
    for (int k = 0; k < shards.size(); k++) {
      ShardInput s = shards.get(k);
      StampShard shard = s.shard();
      stampsIn += shard.size();
      for (int i = 0; i < shard.size(); i++) {
        StampRow row = shard.row(i);
        String before = seen.put(row.diaSourceId(), s.name());
        if (before != null) {
          throw new DatasetException(s.name() + " row " + i + ": diaSourceId " + row.diaSourceId()
              + " is also in " + before + "; expected each DIA source once");
        }
        if (exclude != null && exclude.contains(row.snr())) {
          excluded++;
          continue;
        }
        if (!options.keepAmbiguous() && (s.flag(i) & ambiguousBits) != 0) {
          ambiguous++;
          continue;
        }
        if (!diaObjectIdOfSource.containsKey(row.diaSourceId())) {
          throw new DatasetException(s.name() + " row " + i + ": diaSourceId " + row.diaSourceId()
              + " has no DIA object; expected every stamp's source in dia_object_source");
        }
        kept.add(new int[] {k, i});
      }
    }
    int n = kept.size();
    if (n == 0) {
      throw new DatasetException("no stamps left to write: " + stampsIn + " in " + shards.size() + " shards, "
          + excluded + " left out by --exclude-snr " + exclude + ", " + ambiguous + " as ambiguous matches");
    }

    /* Gather the stamps, their columns and flags, and their objects, in shard then row order. */
    StampShard.Builder gathered = StampShard.builder(a);
    long[] visit = new long[n];
    byte[] label = new byte[n];
    byte[] truth = new byte[n];
    long[] objectId = new long[n];
    for (int j = 0; j < n; j++) {
      ShardInput s = shards.get(kept.get(j)[0]);
      int i = kept.get(j)[1];
      StampRow r = s.shard().row(i);
      gathered.add(new StampRow(r.diaSourceId(), r.visit(), r.detector(), r.band(), r.ra(), r.dec(), r.x(), r.y(),
          r.snr(), r.label(), r.injectionId(), r.isTrueTransient(), s.flag(i)), s.shard().stamp(i));
      visit[j] = r.visit();
      label[j] = r.label();
      truth[j] = r.isTrueTransient();
      objectId[j] = diaObjectIdOfSource.get(r.diaSourceId());
    }

    /* Split. */
    SplitSpec spec = options.split();
    byte[] split = new byte[n];
    int moved = 0;
    if (spec.unit() == SplitSpec.Unit.VISIT) {
      Map<Long, Byte> visitSplit = cut(visit, spec, options.seed());
      /* Per object: its stamps in each split of their own visit, and its earliest visit (for ties). */
      Map<Long, int[]> votes = new HashMap<>();
      Map<Long, Long> earliest = new HashMap<>();
      for (int j = 0; j < n; j++) {
        votes.computeIfAbsent(objectId[j], k -> new int[3])[visitSplit.get(visit[j])]++;
        earliest.merge(objectId[j], visit[j], Math::min);
      }
      Map<Long, Byte> objectSplit = new HashMap<>();
      for (Map.Entry<Long, int[]> e : votes.entrySet()) {
        int[] v = e.getValue();
        byte best = visitSplit.get(earliest.get(e.getKey()));
        for (byte s = 0; s < 3; s++) {
          if (v[s] > v[best]) {
            best = s;
          }
        }
        objectSplit.put(e.getKey(), best);
      }
      for (int j = 0; j < n; j++) {
        split[j] = objectSplit.get(objectId[j]);
        moved += split[j] != visitSplit.get(visit[j]) ? 1 : 0;
      }
    } else {
      Map<Long, Byte> objectSplit = cut(objectId, spec, options.seed());
      for (int j = 0; j < n; j++) {
        split[j] = objectSplit.get(objectId[j]);
      }
    }

    CollectReport report = report(spec, options, shards.size(), stampsIn, excluded, ambiguous, split, label, truth,
        objectId, visit, moved);
    return new TrainingDataset(gathered.build(), spec, options.seed(), report, split, objectId);
  }

  /** The split of each distinct unit: sorted, shuffled with the seed, cut by cumulative fraction. */
  static Map<Long, Byte> cut(long[] unitOfStamp, SplitSpec spec, long seed) {
    long[] units = Arrays.stream(unitOfStamp).sorted().distinct().toArray();
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = units.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      long t = units[i];
      units[i] = units[j];
      units[j] = t;
    }
    int m = units.length;
    long b1 = Math.round(spec.train() * m);
    long b2 = Math.round((spec.train() + spec.validation()) * m);
    Map<Long, Byte> out = new HashMap<>();
    for (int k = 0; k < m; k++) {
      out.put(units[k], (byte) (k < b1 ? 0 : k < b2 ? 1 : 2));
    }
    return out;
  }

  static CollectReport report(SplitSpec spec, DatasetOptions options, int shards, int stampsIn,
      int excluded, int ambiguous, byte[] split, byte[] label, byte[] truth, long[] objectId, long[] visit,
      int moved) {
    List<CollectReport.SplitCounts> counts = new ArrayList<>();
    for (int code = 0; code < 3; code++) {
      int stamps = 0;
      int l1 = 0;
      int l0 = 0;
      int other = 0;
      int tt = 0;
      int unknown = 0;
      Set<Long> objects = new HashSet<>();
      Set<Long> visits = new HashSet<>();
      for (int j = 0; j < split.length; j++) {
        if (split[j] != code) {
          continue;
        }
        stamps++;
        if (label[j] == 1) {
          l1++;
        } else if (label[j] == 0) {
          l0++;
          tt += truth[j] == 1 ? 1 : 0;
          unknown += truth[j] == -1 ? 1 : 0;
        } else {
          other++;
        }
        objects.add(objectId[j]);
        visits.add(visit[j]);
      }
      counts.add(new CollectReport.SplitCounts(SplitSpec.NAMES.get(code), stamps, l1, l0, other, tt, unknown,
          objects.size(), visits.size()));
    }
    int distinctObjects = (int) Arrays.stream(objectId).distinct().count();
    return new CollectReport(spec, options.seed(), shards, stampsIn, options.excludeSnr(), excluded, ambiguous,
        split.length, distinctObjects, moved, counts);
  }

  /**
   * The DIA object of every stamp's DIA source by associating the shards' own positions, for when no
   * {@code dia_object_source} exists: each shard row is a source (its diaSourceId, visit, detector, ra, dec; no
   * MJD, so sources are taken in visit order).
   *
   * @param shards     the shards
   * @param associator the association
   * @return diaSourceId to diaObjectId
   * @throws DatasetException if a position is not finite or a diaSourceId repeats
   */
  public static Map<Long, Long> associate(List<ShardInput> shards, DiaObjectAssociator associator) {
    int n = 0;
    for (ShardInput s : shards) {
      n += s.shard().size();
    }
    long[] id = new long[n];
    long[] visit = new long[n];
    int[] detector = new int[n];
    double[] mjd = new double[n];
    double[] ra = new double[n];
    double[] dec = new double[n];
    Arrays.fill(mjd, Double.NaN);
    int at = 0;
    for (ShardInput s : shards) {
      for (int i = 0; i < s.shard().size(); i++, at++) {
        StampRow row = s.shard().row(i);
        id[at] = row.diaSourceId();
        visit[at] = row.visit();
        detector[at] = row.detector();
        ra[at] = row.ra();
        dec[at] = row.dec();
      }
    }
    long[] objects;
    try {
      objects = associator.associate(id, visit, detector, mjd, ra, dec).diaObjectIdOfSource();
    } catch (IllegalArgumentException e) {
      throw new DatasetException("stamp shards: cannot associate their DIA sources: " + e.getMessage(), e);
    }
    Map<Long, Long> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      out.put(id[i], objects[i]);
    }
    return out;
  }
}
