package org.labelfree.workflows.cli.stamps;

import static org.labelfree.workflows.cli.CliRunner.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.catalog.Catalog;
import org.labelfree.pipeline.repo.CollectionType;
import org.labelfree.pipeline.repo.DataId;
import org.labelfree.pipeline.repo.DatasetRef;
import org.labelfree.pipeline.repo.DatasetType;
import org.labelfree.pipeline.repo.Dimension;
import org.labelfree.pipeline.repo.Repository;
import org.labelfree.pipeline.query.SqlPredicate;
import org.labelfree.sim.SurveyConfig;
import org.labelfree.sim.SyntheticSurvey;
import org.labelfree.sim.VisitConditions;
import org.labelfree.stamps.ShardAttributes;
import org.labelfree.stamps.StampRow;
import org.labelfree.stamps.StampShard;
import org.labelfree.stamps.StampShards;
import org.labelfree.workflows.cli.CliRunner.Result;
import org.labelfree.workflows.sim.SurveyWriter;
import org.labelfree.workflows.tasks.AssociateTask;

/**
 * {@code labelfree stamps collect} on a small repository (the synthetic survey's dimension records: 3 g and 3 r
 * visits of 2 detectors; hand-made matched_dia_source and stamp_shard datasets of 15 recurring objects and one-off
 * sources): on-the-fly association without dia_object_source, the associate task through {@code pipetask run} and
 * a collect that uses its dia_object_source, byte determinism per seed, and the exit codes of bad options, bad data
 * and I/O errors.
 */
class CollectCommandTest {
  @TempDir
  static Path dir;
  static Path repo;
  static int stamps;
  static final String RUN = "stamps";
  static final DatasetType STAMP_SHARD = new DatasetType("stamp_shard",
      Set.of(Dimension.INSTRUMENT, Dimension.VISIT, Dimension.DETECTOR), "StampShard");
  static final ShardAttributes ATTRS = new ShardAttributes(List.of("difference"), "minmax", 4, "test", "ab");

  @BeforeAll
  static void makeRepository() {
    repo = dir.resolve("repo");
    SyntheticSurvey survey = new SyntheticSurvey(SurveyConfig.of(3, 2, List.of("g", "r"), 256, 3));
    SplittableRandom rng = new SplittableRandom(4);
    try (Repository r = Repository.create(repo)) {
      new SurveyWriter(r, survey, "sim/raw").register();
      r.registry().registerDatasetType(STAMP_SHARD);
      r.registry().registerDatasetType(AssociateTask.MATCHED_DIA_SOURCE.datasetType());
      r.registry().registerCollection(RUN, CollectionType.RUN, "stamps and matched DIA sources");
      for (VisitConditions v : survey.geometry().visits()) {
        for (int det = 0; det < 2; det++) {
          /* Objects 0..14 on detector 0 and 15..29 on detector 1, each seen with probability 0.7; one one-off. */
          List<long[]> rows = new ArrayList<>();
          for (int k = det * 15; k < det * 15 + 16; k++) {
            boolean oneOff = k == det * 15 + 15;
            if (oneOff || rng.nextDouble() < 0.7) {
              rows.add(new long[] {k, oneOff ? 1 : 0});
            }
          }
          int n = rows.size();
          long[] ids = new long[n];
          long[] visit = new long[n];
          int[] detector = new int[n];
          double[] ra = new double[n];
          double[] dec = new double[n];
          int[] label = new int[n];
          int[] truth = new int[n];
          StampShard.Builder b = StampShard.builder(ATTRS);
          for (int i = 0; i < n; i++) {
            long k = rows.get(i)[0];
            boolean oneOff = rows.get(i)[1] == 1;
            ids[i] = v.visit() * 100_000 + det * 1000 + k;
            visit[i] = v.visit();
            detector[i] = det;
            /* Recurring objects 7.2" apart at dec 2 (0.1" scatter); one-offs 36" apart at dec 3. */
            ra[i] = 150 + k * 2e-3 + rng.nextGaussian() * 0.1 / 3600;
            dec[i] = (oneOff ? 3 + (v.visit() % 1000) * 1e-2 : 2) + rng.nextGaussian() * 0.1 / 3600;
            label[i] = k % 4 == 0 ? 1 : 0;
            truth[i] = k % 5 == 0 ? 1 : 0;
            float[] px = new float[16];
            px[(int) (k % 16)] = 1;
            b.add(new StampRow(ids[i], v.visit(), det, v.band(), ra[i], dec[i], 2f, 2f, (float) (3 + k), (byte) label[i],
                label[i] == 1 ? k : -1, (byte) truth[i]), px);
          }
          stamps += n;
          DataId id = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit", v.visit(), "detector",
              (long) det));
          r.butler().put(b.build(), STAMP_SHARD, id, RUN);
          r.butler().put(matched(v.visit(), det, 60000 + v.visit(), v.band(), ids, ra, dec, label, truth),
              AssociateTask.MATCHED_DIA_SOURCE.datasetType(), id, RUN);
        }
      }
    }
  }

  static Catalog matched(long visit, int detector, double mjd, String band, long[] ids, double[] ra, double[] dec,
      int[] label, int[] truth) {
    int n = ids.length;
    long[] v = new long[n];
    int[] d = new int[n];
    double[] m = new double[n];
    String[] b = new String[n];
    double[] flux = new double[n];
    long[] inj = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = visit;
      d[i] = detector;
      m[i] = mjd;
      b[i] = band;
      flux[i] = 100 + i;
      inj[i] = label[i] == 1 ? ids[i] : -1;
    }
    return Catalog.builder().addLongs("diaSourceId", ids, "", "").addLongs("visit", v, "", "")
        .addInts("detector", d, "", "").addDoubles("ra", ra, "deg", "").addDoubles("dec", dec, "deg", "")
        .addDoubles("psfFlux", flux, "nJy", "").addDoubles("psfFluxErr", new double[n], "nJy", "")
        .addDoubles("snr", flux, "", "").addInts("label", label, "", "").addLongs("injection_id", inj, "", "")
        .addInts("match_flags", new int[n], "", "").addInts("is_true_transient", truth, "", "")
        .addDoubles("mjd", m, "d", "").addStrings("band", b, "", "").build();
  }

  /** split and dia_object_id of a written dataset; asserts no object is in two splits. */
  private static Map<Long, Byte> objectSplits(Path file) {
    try (HdfFile f = new HdfFile(file)) {
      byte[] split = (byte[]) f.getDatasetByPath("split").getData();
      long[] obj = (long[]) f.getDatasetByPath("dia_object_id").getData();
      Map<Long, Byte> m = new HashMap<>();
      for (int i = 0; i < split.length; i++) {
        Byte before = m.put(obj[i], split[i]);
        assertTrue(before == null || before == split[i], "object " + obj[i] + " in splits " + before + " and "
            + split[i]);
      }
      return m;
    }
  }

  @Test
  void withoutDiaObjectSourceAssociatesOnTheFly() throws Exception {
    Path out = dir.resolve("fly.h5");
    Result r = run("stamps", "collect", "-b", repo, "-i", RUN, "-o", out);
    assertEquals(0, r.exitCode(), r.toString());
    System.out.print(r.out());
    assertTrue(r.out().contains("associated on the fly within 1.0 arcsec (no dia_object_source in stamps)"),
        r.out());
    assertTrue(r.out().contains("Wrote " + stamps + " stamps to " + out), r.out());
    assertEquals(stamps, StampShards.read(out).size());
    /* 30 recurring objects and 12 one-offs (6 visits x 2 detectors, each at its own position). */
    assertEquals(42, objectSplits(out).size());
  }

  @Test
  void associateTaskThenCollectUsesDiaObjectSource() throws Exception {
    Path yaml = dir.resolve("associate.yaml");
    Files.writeString(yaml, "description: associate alone\ntasks:\n  associate:\n    class: "
        + AssociateTask.class.getName() + "\n");
    Result p = run("pipetask", "run", "-b", repo, "-i", RUN, "-o", "objects", "-p", yaml);
    assertEquals(0, p.exitCode(), p.toString());
    Map<Long, Long> expected = new HashMap<>();
    try (Repository r = Repository.open(repo)) {
      List<DatasetRef> refs = r.registry().queryDatasets(List.of("dia_object_source"), List.of("objects"),
          SqlPredicate.all());
      assertEquals(1, refs.size());
      Catalog c = r.butler().get(refs.get(0), Catalog.class);
      assertEquals(stamps, c.rowCount());
      long[] src = c.longColumn("diaSourceId");
      long[] obj = c.longColumn("diaObjectId");
      for (int i = 0; i < src.length; i++) {
        expected.put(src[i], obj[i]);
      }
      Catalog o = r.butler().get(r.registry().queryDatasets(List.of("dia_object"), List.of("objects"),
          SqlPredicate.all()).get(0), Catalog.class);
      assertEquals(42, o.rowCount());
    }
    Path out = dir.resolve("objects.h5");
    Result r = run("stamps", "collect", "-b", repo, "-i", "objects", "-o", out, "--split", "object:0.5,0.25,0.25");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("DIA objects: dia_object_source"), r.out());
    try (HdfFile f = new HdfFile(out)) {
      long[] src = (long[]) f.getDatasetByPath("dia_source_id").getData();
      long[] obj = (long[]) f.getDatasetByPath("dia_object_id").getData();
      for (int i = 0; i < src.length; i++) {
        assertEquals((long) expected.get(src[i]), obj[i], "source " + src[i]);
      }
    }
    /* Object split: 42 objects cut at round(0.5 * 42) = 21 and round(0.75 * 42) = 32. */
    int[] per = new int[3];
    objectSplits(out).values().forEach(s -> per[s]++);
    assertArrayEquals(new int[] {21, 11, 10}, per);
  }

  @Test
  void sameSeedSameBytesAndOptions() throws Exception {
    Path a = dir.resolve("a.h5");
    Path b = dir.resolve("b.h5");
    Path c = dir.resolve("c.h5");
    assertEquals(0, run("stamps", "collect", "-b", repo, "-i", RUN, "-o", a, "--seed", 7).exitCode());
    assertEquals(0, run("stamps", "collect", "-b", repo, "-i", RUN, "-o", b, "--seed", 7).exitCode());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    Result r = run("stamps", "collect", "-b", repo, "-i", RUN, "-o", c, "--seed", 8, "--exclude-snr", "0:5",
        "-d", "detector = 1", "--json");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("\"exclude_snr\" : \"0:5\""), r.out());
    assertTrue(r.out().contains("\"shards\" : 6"), r.out());
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    try (HdfFile f = new HdfFile(c)) {
      for (int d : (int[]) f.getDatasetByPath("detector").getData()) {
        assertEquals(1, d);
      }
      for (float s : (float[]) f.getDatasetByPath("snr").getData()) {
        assertTrue(s >= 5, "snr " + s);
      }
    }
  }

  @Test
  void exitCodes() throws Exception {
    Path out = dir.resolve("x.h5");
    Result split = run("stamps", "collect", "-b", repo, "-i", RUN, "-o", out, "--split", "visit:0.7,0.2,0.2");
    assertEquals(2, split.exitCode(), split.toString());
    assertTrue(split.err().contains("sum to"), split.err());
    Result snr = run("stamps", "collect", "-b", repo, "-i", RUN, "-o", out, "--exclude-snr", "8:0");
    assertEquals(2, snr.exitCode(), snr.toString());
    Result query = run("stamps", "collect", "-b", repo, "-i", RUN, "-o", out, "-d", "visit = = 1");
    assertEquals(2, query.exitCode(), query.toString());
    Result none = run("stamps", "collect", "-b", repo, "-i", RUN, "-o", out, "-d", "visit = 987654");
    assertEquals(3, none.exitCode(), none.toString());
    assertTrue(none.err().contains("no stamp_shard datasets in stamps matching -d"), none.err());
    Result coll = run("stamps", "collect", "-b", repo, "-i", "nope", "-o", out);
    assertEquals(3, coll.exitCode(), coll.toString());
    Result io = run("stamps", "collect", "-b", repo, "-i", RUN, "-o", dir.resolve("no/such/dir/x.h5"));
    assertEquals(4, io.exitCode(), io.toString());
    Result sub = run("stamps");
    assertEquals(2, sub.exitCode(), sub.toString());
    assertFalse(Files.exists(out));

    /* A shard of another normalisation in a second run: bad data, both shards named. */
    try (Repository r = Repository.open(repo)) {
      r.registry().registerCollection("other", CollectionType.RUN, "a zscale shard");
      DataId id = DataId.of(Map.of("instrument", SyntheticSurvey.INSTRUMENT, "visit", firstVisit(r), "detector",
          1L));
      StampShard s = StampShard.builder(new ShardAttributes(List.of("difference"), "zscale", 4, "test", "ab"))
          .add(new StampRow(1, firstVisit(r), 1, "g", 150, 2, 1f, 1f, 9f, (byte) 0, -1, (byte) 0), new float[16])
          .build();
      r.butler().put(s, STAMP_SHARD, id, "other");
    }
    Result mixed = run("stamps", "collect", "-b", repo, "-i", "other," + RUN, "-o", out);
    assertEquals(3, mixed.exitCode(), mixed.toString());
    assertTrue(mixed.err().contains("normalisation zscale") && mixed.err().contains("in other")
        && mixed.err().contains("in stamps"), mixed.err());
    assertFalse(Files.exists(out));
  }

  private static long firstVisit(Repository r) {
    Set<Long> visits = new HashSet<>();
    for (DatasetRef ref : r.registry().queryDatasets(List.of("stamp_shard"), List.of(RUN), SqlPredicate.all())) {
      visits.add(ref.dataId().getLong(Dimension.VISIT));
    }
    return visits.stream().mapToLong(Long::longValue).min().orElseThrow();
  }
}
